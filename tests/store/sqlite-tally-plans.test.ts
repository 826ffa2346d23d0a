/**
 * The SQLite store reads the dashboards' counts from the indexes of migration 9, never by reading
 * every record: SQLite's own query plan for each typical dashboard count names the index meant for
 * it, and children by team are merged from ordered index ranges without sorting.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteDirectory } from '../../engine/store/sqlite/directory.js';
import { tallySql } from '../../engine/store/sqlite/tally.js';
import type { TallyQuery } from '../../engine/timeliness/model.js';
import { newLocation } from '../support/stores.js';

const plan = (db: Database.Database, sql: string, params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('; ');

/** A whole-table read: SCAN of a table not through an index. */
const FULL_SCAN = /SCAN (submissions|actions|directory_children)(?! USING)(;|$)/;

const form = { field: 'formId', op: 'eq', value: 'case-supervision' } as const;
const submitted = { field: 'status', op: 'eq', value: 'submitted' } as const;

describe('sqlite store: dashboard counts are index-served', () => {
  it('reads each typical dashboard count from the index meant for it', async () => {
    const loc = newLocation('sqlite');
    await (await loc.open()).close();
    const db = new Database(loc.env.SQLITE_FILE!, { readonly: true });
    try {
      const cases: Array<[string, TallyQuery, RegExp]> = [
        ['supervision since a cutoff, per child', { source: 'submissions', by: ['subject.childId'], where: [form, { field: 'timeliness.doneOn', op: 'gte', value: '2026-01-01' }] }, /USING COVERING INDEX submissions_done \(form_id=\? AND <expr>>\?\)/],
        ['trend by month', { source: 'submissions', by: ['timeliness.month'], where: [form, submitted] }, /USING INDEX submissions_month \(form_id=\? AND status=\?\)$/],
        ['grades by month', { source: 'submissions', by: ['timeliness.month', 'data.overall.grade'], where: [form, submitted] }, /USING INDEX submissions_month/],
        ['drafts started vs submitted', { source: 'submissions', by: ['status'], where: [form, { field: 'createdAt', op: 'gte', value: '2026-01-01' }, { field: 'createdAt', op: 'lt', value: '2026-02-01' }] }, /USING COVERING INDEX submissions_form_created/],
        ['open actions per team', { source: 'actions', by: ['team'], where: [{ field: 'status', op: 'eq', value: 'open' }] }, /USING COVERING INDEX actions_(status_team|days_to_close) \(status=\?\)$/],
        ['overdue actions per team', { source: 'actions', by: ['team'], where: [{ field: 'status', op: 'eq', value: 'open' }, { field: 'dueOn', op: 'lt', value: '2026-01-01' }] }, /USING (COVERING )?INDEX actions_status/],
        ['days to close per team', { source: 'actions', by: ['team', 'daysToClose'], where: [{ field: 'status', op: 'eq', value: 'done' }] }, /USING (COVERING )?INDEX actions_days_to_close \(status=\?\)$/],
      ];
      const wrong: string[] = [];
      for (const [name, query, want] of cases) {
        const { sql, params } = tallySql(query);
        const p = plan(db, sql, params);
        if (FULL_SCAN.test(p) || !want.test(p)) wrong.push(`${name}: ${p}`);
      }
      for (const teams of [undefined, ['cin-north'], ['cin-north', 'cla-south', 'qa']]) {
        const built = SqliteDirectory.childPageSql(teams ? { teams } : {}, { limit: 10, after: 'C1' })!;
        const p = plan(db, built.sql, built.params);
        if (FULL_SCAN.test(p) || /TEMP B-TREE/.test(p) || (teams && !/directory_children_team_id/.test(p))) wrong.push(`children of ${JSON.stringify(teams)}: ${p}`);
      }
      expect(wrong).toEqual([]);
    } finally {
      db.close();
    }
  });
});
