/**
 * The SQLite store reads the dashboards' counts from the indexes of migrations 9 and 12, never by
 * reading every record: SQLite's own query plan for each typical dashboard count names the index
 * meant for it (those grouping by stamp fields and measured answers read that index alone), and
 * children by team are merged from ordered index ranges without sorting.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteDirectory } from '../../engine/store/sqlite/directory.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { migrations } from '../../engine/store/sqlite/migrations.js';
import { tallySql } from '../../engine/store/sqlite/tally.js';
import { measureField } from '../../engine/timeliness/measure-keys.js';
import type { TallyCondition, TallyQuery } from '../../engine/timeliness/model.js';
import { newLocation } from '../support/stores.js';
import { at, submission } from '../support/records.js';

const plan = (db: Database.Database, sql: string, params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('; ');

/** A whole-table read: SCAN of a table not through an index. */
const FULL_SCAN = /SCAN (submissions|actions|directory_children)(?! USING)(;|$)/;

const form = { field: 'formId', op: 'eq', value: 'case-supervision' } as const;
const submitted = { field: 'status', op: 'eq', value: 'submitted' } as const;
const audit = { field: 'formId', op: 'eq', value: 'case-file-audit' } as const;
const inRange: TallyCondition[] = [{ field: 'timeliness.doneOn', op: 'gte', value: '2025-12-06' }, { field: 'timeliness.doneOn', op: 'lt', value: '2026-12-06' }];
/** Three measured answers, as the audits dashboard counts them together. */
const grades = ['/overall/grade', '/moderation/moderatedGrade', '/domains/risk/grade'].map((p) => measureField(p)!);
/** A form's completed records in a range, read from submissions_done alone (no record read, whatever else is grouped). */
const DONE_RANGE = /USING COVERING INDEX submissions_done \(form_id=\? AND <expr>>\? AND <expr><\?\)/;

describe('sqlite store: dashboard counts are index-served', () => {
  it('reads each typical dashboard count from the index meant for it', async () => {
    const loc = newLocation('sqlite');
    await (await loc.open()).close();
    const db = new Database(loc.env.SQLITE_FILE!, { readonly: true });
    try {
      const cases: Array<[string, TallyQuery, RegExp]> = [
        ['supervision since a cutoff, per child', { source: 'submissions', by: ['subject.childId'], where: [form, { field: 'timeliness.doneOn', op: 'gte', value: '2026-01-01' }] }, /USING COVERING INDEX submissions_done \(form_id=\? AND <expr>>\?\)/],
        ['trend by month', { source: 'submissions', by: ['timeliness.month'], where: [form, submitted] }, /USING INDEX submissions_month \(form_id=\? AND status=\?\)$/],
        ["a team's trend by month", { source: 'submissions', by: ['timeliness.month'], where: [form, { field: 'team', op: 'eq', value: 'T03' }, { field: 'timeliness.month', op: 'gte', value: '2026-01' }] }, /USING (COVERING )?INDEX submissions_team_month \(form_id=\? AND team=\? AND <expr>>\?\)$/],
        ['grades by month', { source: 'submissions', by: ['timeliness.month', 'data.overall.grade'], where: [form, submitted] }, /USING INDEX submissions_month/],
        ['drafts started vs submitted in a month', { source: 'submissions', by: ['formId', 'status'], where: [{ field: 'createdAt', op: 'gte', value: '2026-01-01' }, { field: 'createdAt', op: 'lt', value: '2026-02-01' }] }, /USING COVERING INDEX submissions_created/],
        ['open actions per team', { source: 'actions', by: ['team'], where: [{ field: 'status', op: 'eq', value: 'open' }] }, /USING COVERING INDEX actions_(status_team|days_to_close) \(status=\?\)$/],
        ['overdue actions per team', { source: 'actions', by: ['team'], where: [{ field: 'status', op: 'eq', value: 'open' }, { field: 'dueOn', op: 'lt', value: '2026-01-01' }] }, /USING (COVERING )?INDEX actions_status/],
        ['days to close per team', { source: 'actions', by: ['team', 'daysToClose'], where: [{ field: 'status', op: 'eq', value: 'done' }] }, /USING (COVERING )?INDEX actions_days_to_close \(status=\?\)$/],
        // As the dashboards send them (migration 12): from the stamp's column, the index alone.
        ['three graded answers by month, every team', { source: 'submissions', by: ['timeliness.month', ...grades], where: [audit, ...inRange] }, DONE_RANGE],
        ["three graded answers by month, a head of service's children", { source: 'submissions', by: ['timeliness.month', ...grades], where: [audit, ...inRange, { field: 'subject.childId', op: 'in', values: ['C1', 'C2', 'C3'] }] }, DONE_RANGE],
        ['moderation agreement', { source: 'submissions', by: grades.slice(0, 2), where: [audit, ...inRange, ...grades.slice(0, 2).map((field) => ({ field, op: 'exists', value: true }) as const)] }, DONE_RANGE],
        ['supervision trend of some children', { source: 'submissions', by: ['timeliness.month'], where: [form, ...inRange, { field: 'subject.childId', op: 'in', values: ['C1', 'C2'] }] }, DONE_RANGE],
        ['held on time by month and team, some teams', { source: 'submissions', by: ['timeliness.month', 'team', 'timeliness.onTime'], where: [form, ...inRange, { field: 'team', op: 'in', values: ['T01', 'T03'] }] }, DONE_RANGE],
        ['reflective supervision since a cutoff, per worker', { source: 'submissions', by: ['subject.workerId'], where: [form, { field: 'timeliness.doneOn', op: 'gte', value: '2026-01-01' }] }, /USING COVERING INDEX submissions_done \(form_id=\? AND <expr>>\?\)/],
        ['days to complete per form, every team', { source: 'submissions', by: ['formId', 'timeliness.daysToComplete'], where: inRange }, /USING COVERING INDEX submissions_done_forms \(<expr>>\? AND <expr><\?\)/],
        ['days to complete per form, some teams', { source: 'submissions', by: ['formId', 'timeliness.daysToComplete'], where: [{ field: 'team', op: 'in', values: ['T01', 'T03'] }, ...inRange] }, /USING COVERING INDEX submissions_team_done \(team=\? AND <expr>>\? AND <expr><\?\)/],
        ['drafts started vs submitted, some teams', { source: 'submissions', by: ['formId', 'status'], where: [{ field: 'team', op: 'in', values: ['T01', 'T03'] }, { field: 'createdAt', op: 'gte', value: '2026-01-01' }, { field: 'createdAt', op: 'lt', value: '2026-02-01' }] }, /USING COVERING INDEX submissions_team_created \(team=\? AND created_at>\? AND created_at<\?\)/],
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

  it('copies the stamps and workers of a file from before migration 12 into their columns, where the counts read them', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'caseforms-stamp-')), 'caseforms.sqlite');
    const stamped = submission({ status: 'submitted', formId: 'reflective', subject: { workerId: 'W7' }, data: { q: { met: true } }, timeliness: { doneOn: '2026-02-03', month: '2026-02', completedAt: at(0), daysToComplete: 2 } });
    const draft = submission({ formId: 'reflective', subject: { workerId: 'W8' } });
    const old = new Database(file);
    for (const m of migrations.filter((x) => x.id <= 11)) old.exec(m.sql);
    old.pragma('user_version = 11');
    const insert = old.prepare('INSERT INTO submissions (id, form_id, version, status, child_id, created_by, team, created_at, revision, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const s of [stamped, draft]) insert.run(s.id, s.formId, s.version, s.status, null, s.createdBy, s.team ?? null, s.createdAt, s.revision, JSON.stringify(s));
    old.close();
    const store = await openSqliteStore({ file });
    try {
      expect(await store.tally({ source: 'submissions', by: ['subject.workerId', 'timeliness.month'], where: [{ field: 'formId', op: 'eq', value: 'reflective' }] })).toEqual([
        { key: ['W7', '2026-02'], count: 1 },
        { key: ['W8', null], count: 1 },
      ]);
      expect(await store.fillMeasures('reflective', ['/q/met'])).toBe(1);
      expect(await store.tally({ source: 'submissions', by: [measureField('/q/met')!], where: [{ field: 'timeliness.doneOn', op: 'gte', value: '2026-02-01' }] })).toEqual([{ key: [true], count: 1 }]);
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT worker_id, json(stamp) AS stamp FROM submissions WHERE id = ?").get(stamped.id)).toEqual({ worker_id: 'W7', stamp: JSON.stringify({ ...stamped.timeliness, measures: { q__met: true } }) });
    expect(db.prepare('SELECT worker_id, stamp FROM submissions WHERE id = ?').get(draft.id)).toEqual({ worker_id: 'W8', stamp: null });
    db.close();
  });
});

