/**
 * The SQL a page of the submission list is read with: filters, then `id` in the page's order.
 * Every filter the API combines with a reader's scope has an index ending in `id` (migration 4),
 * so either order is read straight from an index, never sorted afterwards (tests/store pin it).
 */
import type { Page, SubmissionQuery } from '../contract.js';
import { isoTime, pageStart } from '../messages.js';

export function submissionWhere(query: SubmissionQuery): { sql: string; params: unknown[] } {
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
  if (query.anyOf !== undefined) {
    const reach = reachSql(query.anyOf);
    clauses.push(reach.sql);
    params.push(...reach.params);
  }
  // A record with no child is never about one of them (NOT IN alone would drop it: NULL).
  if (query.notChildIds?.length) add('(child_id IS NULL OR child_id NOT IN (SELECT value FROM json_each(?)))', JSON.stringify(query.notChildIds));
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
}

/**
 * A reader's reach as `id IN (one index search per element, UNION ALL)`: each element is read from
 * its own index (created_by, team, child_id — the ids of many children as one JSON parameter, so
 * the statement's text stays the same whatever their number), and the ids found, kept in order in
 * a temporary index, drive the page: no full scan and no sort, in either order, whatever else the
 * query filters on. An empty list matches nothing; an element without members, everything.
 */
function reachSql(anyOf: NonNullable<SubmissionQuery['anyOf']>): { sql: string; params: unknown[] } {
  if (!anyOf.length) return { sql: '0', params: [] };
  const arms: string[] = [];
  const params: unknown[] = [];
  for (const element of anyOf) {
    const members: string[] = [];
    if (element.createdBy !== undefined) {
      members.push('created_by = ?');
      params.push(element.createdBy);
    }
    if (element.team !== undefined) {
      members.push('team = ?');
      params.push(element.team);
    }
    if (element.childIds !== undefined) {
      members.push('child_id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(element.childIds));
    }
    arms.push(`SELECT id FROM submissions WHERE ${members.length ? members.join(' AND ') : '1'}`);
  }
  return { sql: `id IN (${arms.join(' UNION ALL ')})`, params };
}

/** One page (one row more than the limit, to know whether another follows). */
export function submissionPageSql(query: SubmissionQuery, page: Page): { sql: string; params: unknown[] } {
  const { sql, params } = submissionWhere(query);
  const { order, after } = pageStart(page);
  const newest = order === 'newest';
  return {
    sql: `SELECT id, doc FROM submissions WHERE ${sql}${after !== null ? ` AND id ${newest ? '<' : '>'} ?` : ''} ORDER BY id ${newest ? 'DESC' : 'ASC'} LIMIT ?`,
    params: [...params, ...(after !== null ? [after] : []), page.limit + 1],
  };
}
