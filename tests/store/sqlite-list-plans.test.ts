/**
 * The SQLite store reads each page of the submission list straight from an index in id order,
 * newest first as well as oldest first: SQLite's own query plan for the SQL the adapter runs
 * shows no sort step, for every filter a reader's scope and the API put together.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Page, SubmissionQuery } from '../../engine/store/contract.js';
import { cursor } from '../../engine/store/messages.js';
import { submissionPageSql } from '../../engine/store/sqlite/submission-list.js';
import { newLocation } from '../support/stores.js';

describe('sqlite store: the submission list is index-served in either order', () => {
  it('never sorts a page, for each scope and filter, newest or oldest first, first page or later', async () => {
    const loc = newLocation('sqlite');
    // Opening the store applies the migrations; the plan is then read from the same file.
    await (await loc.open()).close();
    const db = new Database(loc.env.SQLITE_FILE!, { readonly: true });
    try {
      const scopes: SubmissionQuery[] = [{}, { createdBy: 'u-ann' }, { team: 'team-north' }];
      const filters: SubmissionQuery[] = [
        {},
        { status: 'submitted' },
        { status: 'draft' },
        { formId: 'case-supervision' },
        { formId: 'case-supervision', version: 2, status: 'submitted' },
        { childId: 'C-1' },
        { submittedBy: 'u-bob' },
        { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
      ];
      const sorted: string[] = [];
      for (const scope of scopes) {
        // Integrators ("all" scope) filter freely; practitioners and managers add their scope.
        for (const filter of filters) {
          if ((scope.createdBy || scope.team) && (filter.formId || filter.childId || filter.submittedBy || filter.from)) continue;
          for (const order of ['oldest', 'newest'] as const) {
            for (const page of [{ limit: 50, order }, { limit: 50, order, cursor: cursor.encode('0190a1b2-0000-7000-8000-000000000000', order) }] as Page[]) {
              const { sql, params } = submissionPageSql({ ...scope, ...filter }, page);
              const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('; ');
              if (/TEMP B-TREE/.test(plan)) sorted.push(`${JSON.stringify({ ...scope, ...filter })} ${order}${page.cursor ? ' (later page)' : ''}: ${plan}`);
            }
          }
        }
      }
      expect(sorted).toEqual([]);
    } finally {
      db.close();
    }
  });
});
