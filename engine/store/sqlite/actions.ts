/**
 * The SQL tracked actions are stored and read with (migration 8). A list is soonest due first,
 * then id, read in that order from the indexes ending in (status, due_on, id): a query is split
 * into one SELECT per status it allows and per owner column it names ("owned by my account or
 * my worker id"), each an ordered index range, merged by SQLite (a compound SELECT with ORDER BY,
 * which also drops an action found twice). No list is sorted afterwards (tests/store pin it).
 */
import { ACTION_STATUSES, type ActionQuery, type TrackedAction } from '../../actions/model.js';
import { dueCursor } from '../due-cursor.js';

interface Built {
  sql: string;
  params: unknown[];
}

/** What a change to an action can move: the columns both statements below begin with. */
const changing = (a: TrackedAction): unknown[] => [a.status, a.ownerAccountId ?? null, a.ownerWorkerId ?? null, a.team ?? null, a.dueOn, a.revision, JSON.stringify(a)];

/** An id already there is left as it is (the same step repeated). */
export const insertAction = {
  sql: `INSERT INTO actions (status, owner_account_id, owner_worker_id, team, due_on, revision, doc, id, submission_id, child_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  params: (a: TrackedAction): unknown[] => [...changing(a), a.id, a.submissionId, a.childId ?? null],
};

export const updateAction = {
  sql: 'UPDATE actions SET status = ?, owner_account_id = ?, owner_worker_id = ?, team = ?, due_on = ?, revision = ?, doc = ? WHERE id = ?',
  params: (a: TrackedAction): unknown[] => [...changing(a), a.id],
};

/** One SELECT of (due_on, id) per status and owner column; empty when nothing can match (`owners: {}`). */
function arms(query: ActionQuery, after: { dueOn: string; id: string } | null): Built[] {
  const owners: Array<[string, string]> = [];
  if (query.owners) {
    if (query.owners.accountId !== undefined) owners.push(['owner_account_id = ?', query.owners.accountId]);
    if (query.owners.workerId !== undefined) owners.push(['owner_worker_id = ?', query.owners.workerId]);
    if (!owners.length) return [];
  }
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (query.team !== undefined) (clauses.push('team = ?'), params.push(query.team));
  if (query.submissionId !== undefined) (clauses.push('submission_id = ?'), params.push(query.submissionId));
  if (query.childId !== undefined) (clauses.push('child_id = ?'), params.push(query.childId));
  if (query.dueBefore !== undefined) (clauses.push('due_on < ?'), params.push(query.dueBefore));
  if (after) (clauses.push('(due_on, id) > (?, ?)'), params.push(after.dueOn, after.id));
  const out: Built[] = [];
  for (const status of query.status !== undefined ? [query.status] : ACTION_STATUSES) {
    for (const owner of owners.length ? owners : [null]) {
      out.push({
        sql: `SELECT due_on, id FROM actions WHERE status = ?${owner ? ` AND ${owner[0]}` : ''}${clauses.map((c) => ` AND ${c}`).join('')}`,
        params: [status, ...(owner ? [owner[1]] : []), ...params],
      });
    }
  }
  return out;
}

/** One page (one row more than the limit, to know whether another follows) as (due_on, id, doc) rows; null when nothing can match. */
export function actionPageSql(query: ActionQuery, page: { limit: number; after?: string }): Built | null {
  const c = page.after ? dueCursor.decode(page.after) : null;
  const selects = arms(query, c ? { dueOn: c.dueOn ?? '', id: c.id } : null);
  if (!selects.length) return null;
  return {
    sql: `SELECT a.due_on AS due_on, a.id AS id, a.doc AS doc
            FROM (${selects.map((s) => s.sql).join(' UNION ')} ORDER BY due_on, id LIMIT ?) AS page
            JOIN actions AS a ON a.id = page.id
           ORDER BY page.due_on, page.id`,
    params: [...selects.flatMap((s) => s.params), page.limit + 1],
  };
}

/** How many actions the query matches; null when nothing can. */
export function actionCountSql(query: ActionQuery): Built | null {
  const selects = arms(query, null);
  if (!selects.length) return null;
  return { sql: `SELECT count(*) AS n FROM (${selects.map((s) => s.sql).join(' UNION ')})`, params: selects.flatMap((s) => s.params) };
}

/** A team's open actions per owner, and how many are due before the first parameter (today). */
export const actionCountsByOwnerSql = `SELECT owner_worker_id AS worker, owner_account_id AS account, count(*) AS open, sum(due_on < ?) AS overdue
  FROM actions WHERE team = ? AND status = 'open'
  GROUP BY owner_worker_id, owner_account_id
  ORDER BY owner_worker_id, owner_account_id`;
