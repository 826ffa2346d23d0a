/**
 * The SQL a page of the submission list is read with: filters, then `id` in the page's order.
 * Every filter the API combines with a reader's scope has an index ending in `id` (migration 4),
 * so either order is read straight from an index, never sorted afterwards (tests/store pin it).
 */
import type { Page, SubmissionQuery } from '../contract.js';
import { isoTime, pageStart } from '../messages.js';

/** The filters other than the reach, as SQL clauses (ANDed) and their parameters. */
function filterClauses(query: SubmissionQuery): { clauses: string[]; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    clauses.push(sql);
    params.push(v);
  };
  if (query.formId !== undefined) add('form_id = ?', query.formId);
  if (query.version !== undefined) add('version = ?', query.version);
  if (query.status !== undefined) add('status = ?', query.status);
  if (query.childId !== undefined) add('child_id = ?', query.childId);
  // No column (a new one needs a migration): read from the record itself, on the rows the other filters leave.
  if (query.workerId !== undefined) add("json_extract(doc, '$.subject.workerId') = ?", query.workerId);
  if (query.reference !== undefined) add('reference = ?', query.reference);
  if (query.createdBy !== undefined) add('created_by = ?', query.createdBy);
  if (query.submittedBy !== undefined) add('submitted_by = ?', query.submittedBy);
  if (query.team !== undefined) add('team = ?', query.team);
  // `+created_at`: a list never reads the dashboards' created_at index (migration 9), which would
  // find the range and then sort the page by id; it walks an id-ordered index and filters instead.
  if (query.from !== undefined) add('+created_at >= ?', isoTime(query.from));
  if (query.to !== undefined) add('+created_at < ?', isoTime(query.to));
  return { clauses, params };
}

/** Where a page starts and how far it can reach: `id` after the cursor, and not beyond the bound. */
type Window = { newest: boolean; after: string | null; bound?: string | undefined };

function windowClauses(w: Window): { clauses: string[]; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (w.after !== null) {
    clauses.push(`id ${w.newest ? '<' : '>'} ?`);
    params.push(w.after);
  }
  if (w.bound !== undefined) {
    clauses.push(`id ${w.newest ? '>=' : '<='} ?`);
    params.push(w.bound);
  }
  return { clauses, params };
}

export function submissionWhere(query: SubmissionQuery, window?: Window): { sql: string; params: unknown[] } {
  const filters = filterClauses(query);
  const win = window ? windowClauses(window) : { clauses: [], params: [] };
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (query.anyOf !== undefined) {
    // The filters and the page's window go inside each arm, so each reads only its own index's part.
    const reach = reachSql(query, query.anyOf, [...filters.clauses, ...win.clauses], [...filters.params, ...win.params]);
    clauses.push(reach.sql);
    params.push(...reach.params);
  } else {
    clauses.push(...filters.clauses, ...win.clauses);
    params.push(...filters.params, ...win.params);
  }
  const hidden = notChildSql(query);
  clauses.push(...hidden.clauses);
  params.push(...hidden.params);
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
}

/** A record with no child is never about one of them (NOT IN alone would drop it: NULL). */
function notChildSql(query: SubmissionQuery): { clauses: string[]; params: unknown[] } {
  if (!query.notChildIds?.length) return { clauses: [], params: [] };
  return { clauses: ['(child_id IS NULL OR child_id NOT IN (SELECT value FROM json_each(?)))'], params: [JSON.stringify(query.notChildIds)] };
}

/**
 * A reader's reach as `id IN (one index search per element, UNION ALL)`: each element is read from
 * its own index (created_by, team, child_id — the ids of many children as one JSON parameter, so
 * the statement's text stays the same whatever their number), with the query's filters and the
 * page's window (cursor, bound) inside it, and the ids found, kept in order in a temporary index,
 * drive the page: no full scan and no sort, in either order. An empty list matches nothing; an
 * element without members, everything.
 */
function reachSql(query: SubmissionQuery, anyOf: NonNullable<SubmissionQuery['anyOf']>, rest: string[], restParams: unknown[]): { sql: string; params: unknown[] } {
  if (!anyOf.length) return { sql: '0', params: [] };
  const arms: string[] = [];
  const params: unknown[] = [];
  for (const element of anyOf) {
    const arm = reachElement(element);
    const members = [...arm.members, ...rest];
    params.push(...arm.params, ...restParams);
    arms.push(`SELECT id FROM submissions${indexedBy(element, query)} WHERE ${members.length ? members.join(' AND ') : '1'}`);
  }
  return { sql: `id IN (${arms.join(' UNION ALL ')})`, params };
}

/**
 * The index an arm of a reach walks, named: SQLite cannot tell how many children a JSON list
 * holds, and left to itself reads a status's or a form's whole index instead. Each arm walks an
 * index ending in `id`, so the page's window (cursor, bound) is a range of it: one child's when
 * the query names a child, else the element's own (with the status, when filtered by one). A
 * reference is unique: its own index serves it best.
 */
function indexedBy(element: NonNullable<SubmissionQuery['anyOf']>[number], query: SubmissionQuery): string {
  if (query.reference !== undefined) return '';
  if (query.childId !== undefined) return ' INDEXED BY submissions_child';
  const status = query.status !== undefined;
  if (element.createdBy !== undefined) return status ? ' INDEXED BY submissions_created_by_status' : ' INDEXED BY submissions_created_by';
  if (element.team !== undefined) return status ? ' INDEXED BY submissions_team_status' : ' INDEXED BY submissions_team';
  if (element.childTeams !== undefined && element.childIds !== undefined) return ' INDEXED BY submissions_child_team';
  if (element.childIds !== undefined) return ' INDEXED BY submissions_child';
  return '';
}

function reachElement(element: NonNullable<SubmissionQuery['anyOf']>[number]): { members: string[]; params: unknown[] } {
  const members: string[] = [];
  const params: unknown[] = [];
  if (element.createdBy !== undefined) {
    members.push('created_by = ?');
    params.push(element.createdBy);
  }
  if (element.team !== undefined) {
    members.push('team = ?');
    params.push(element.team);
  }
  if (element.childIds !== undefined) {
    // The team first, so the team's range of submissions_child_team is what is read; the child
    // is still checked (from that index), so only records about these children are kept.
    if (element.childTeams !== undefined) {
      if (element.childTeams.length === 1) (members.push('child_team = ?'), params.push(element.childTeams[0]));
      else (members.push('child_team IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(element.childTeams)));
    }
    members.push('child_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(element.childIds));
  }
  return { members, params };
}

/**
 * One team's children with no other filter: read from submissions_child_team in id order, every
 * entry it reads but a few (a child no longer in reach) a row of the page, so it can bound the
 * page too (a manager whose team wrote little). With a filter it might read the team's whole range to find a page.
 */
function boundsByTeam(e: NonNullable<SubmissionQuery['anyOf']>[number], query: SubmissionQuery): boolean {
  return e.childIds !== undefined && e.childTeams?.length === 1 && filterClauses(query).clauses.length === 0;
}

/**
 * How far back (newest first; forward, oldest first) a page of a reach can reach, so the arm for
 * many children reads only recent rows, however many records those children have: for each
 * element of the reach read straight from one id-ordered index (an author, a team, one team's
 * children when nothing else filters), the id of its (limit+1)-th row in the page's window. The page is the first limit+1 ids of the union of the
 * arms, so it never goes beyond the nearest of these ids; an element with fewer rows bounds
 * nothing. One statement per such element, each reading at most limit+1 index entries.
 */
export function reachBoundSql(query: SubmissionQuery, page: Page): Array<{ sql: string; params: unknown[] }> {
  if (!query.anyOf?.length) return [];
  const { order, after } = pageStart(page);
  const newest = order === 'newest';
  const filters = filterClauses(query);
  const win = windowClauses({ newest, after });
  return query.anyOf
    .filter((e) => (e.childIds === undefined && (e.createdBy !== undefined || e.team !== undefined)) || boundsByTeam(e, query))
    .map((e) => {
      const arm = reachElement(e);
      // The rows the page would leave out (restricted children) must not count towards the bound.
      const hidden = notChildSql(query);
      const clauses = [...arm.members, ...filters.clauses, ...win.clauses, ...hidden.clauses];
      return {
        sql: `SELECT id FROM submissions${indexedBy(e, query)} WHERE ${clauses.join(' AND ')} ORDER BY id ${newest ? 'DESC' : 'ASC'} LIMIT 1 OFFSET ?`,
        params: [...arm.params, ...filters.params, ...win.params, ...hidden.params, page.limit],
      };
    });
}

/** The nearer of two bounds for a page in this order. */
export function nearerBound(order: 'newest' | 'oldest', a: string | undefined, b: string): string {
  if (a === undefined) return b;
  return order === 'newest' ? (a > b ? a : b) : a < b ? a : b;
}

/** One page (one row more than the limit, to know whether another follows); `bound` from reachBoundSql. */
export function submissionPageSql(query: SubmissionQuery, page: Page, bound?: string): { sql: string; params: unknown[] } {
  const { order, after } = pageStart(page);
  const newest = order === 'newest';
  const { sql, params } = submissionWhere(query, { newest, after, bound });
  return {
    sql: `SELECT id, doc FROM submissions WHERE ${sql} ORDER BY id ${newest ? 'DESC' : 'ASC'} LIMIT ?`,
    params: [...params, page.limit + 1],
  };
}
