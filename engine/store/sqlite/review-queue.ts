/**
 * The SQL the review queue is read with (migration 8): soonest due first, none last, then id,
 * always read in that order from an index, never sorted afterwards (tests/store pin the plans).
 * Without keys: one `submissions_review*` index. With keys: one ordered range of
 * `review_keys_key` per key, merged by SQLite (a compound SELECT with ORDER BY), the records'
 * other filters checked on the way, so a page reads only about a page of rows.
 */
import type { ReviewQueueQuery } from '../contract.js';
import { dueCursor } from '../due-cursor.js';

/** review_due / review_keys.due of a record with no due date: after every YYYY-MM-DD. */
const NO_DUE = '~';

export const dueKey = (dueOn: string | undefined | null): string => dueOn ?? NO_DUE;
export const dueOf = (key: string): string | null => (key === NO_DUE ? null : key);

/** What a record's review puts in its columns and in review_keys. */
export function reviewColumns(review: { state: string; dueOn?: string; keys: string[] } | undefined): { state: string | null; due: string | null; keys: string[] } {
  if (!review) return { state: null, due: null, keys: [] };
  const queued = review.state === 'waiting' || review.state === 'returned';
  return { state: review.state, due: queued ? dueKey(review.dueOn) : null, keys: review.state === 'waiting' ? [...new Set(review.keys)] : [] };
}

interface Built {
  sql: string;
  params: unknown[];
}

/** The record filters other than keys, on `s`. */
function recordFilters(query: ReviewQueueQuery): Built {
  const clauses = ['s.review_state = ?'];
  const params: unknown[] = [query.state];
  if (query.team !== undefined) (clauses.push('s.team = ?'), params.push(query.team));
  if (query.createdBy !== undefined) (clauses.push('s.created_by = ?'), params.push(query.createdBy));
  if (query.formId !== undefined) (clauses.push('s.form_id = ?'), params.push(query.formId));
  return { sql: clauses.join(' AND '), params };
}

/** One SELECT of (due, id) per key, in due order; null when the query asks for no key at all. */
function keyArms(query: ReviewQueueQuery, after: { due: string; id: string } | null): Built[] | null {
  const filters = recordFilters(query);
  const keys = [...new Set(query.keys ?? [])];
  if (!keys.length) return null;
  return keys.map((key) => ({
    sql: `SELECT k.due AS due, k.submission_id AS id FROM review_keys AS k JOIN submissions AS s ON s.id = k.submission_id
          WHERE k.key = ? AND ${filters.sql}${after ? ' AND (k.due, k.submission_id) > (?, ?)' : ''}`,
    params: [key, ...filters.params, ...(after ? [after.due, after.id] : [])],
  }));
}

/**
 * One page (one row more than the limit, to know whether another follows), as (due, doc) rows;
 * null when nothing can match (an empty list of keys).
 */
export function reviewQueuePageSql(query: ReviewQueueQuery, page: { limit: number; after?: string }): Built | null {
  const c = page.after ? dueCursor.decode(page.after) : null;
  const after = c ? { due: dueKey(c.dueOn), id: c.id } : null;
  if (query.keys === undefined) {
    const f = recordFilters(query);
    return {
      sql: `SELECT s.review_due AS due, s.doc AS doc FROM submissions AS s WHERE ${f.sql}${after ? ' AND (s.review_due, s.id) > (?, ?)' : ''}
            ORDER BY s.review_due, s.id LIMIT ?`,
      params: [...f.params, ...(after ? [after.due, after.id] : []), page.limit + 1],
    };
  }
  const arms = keyArms(query, after);
  if (!arms) return null;
  return {
    sql: `SELECT page.due AS due, s.doc AS doc
            FROM (${arms.map((a) => a.sql).join(' UNION ')} ORDER BY due, id LIMIT ?) AS page
            JOIN submissions AS s ON s.id = page.id
           ORDER BY page.due, page.id`,
    params: [...arms.flatMap((a) => a.params), page.limit + 1],
  };
}

/** How many records the query matches; null when nothing can. */
export function reviewQueueCountSql(query: ReviewQueueQuery): Built | null {
  if (query.keys === undefined) {
    const f = recordFilters(query);
    return { sql: `SELECT count(*) AS n FROM submissions AS s WHERE ${f.sql}`, params: f.params };
  }
  const arms = keyArms(query, null);
  if (!arms) return null;
  return { sql: `SELECT count(*) AS n FROM (${arms.map((a) => a.sql).join(' UNION ')})`, params: arms.flatMap((a) => a.params) };
}
