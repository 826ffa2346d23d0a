/**
 * The SQLite store reads each page of the submission list straight from an index in id order,
 * newest first as well as oldest first: SQLite's own query plan for the SQL the adapter runs
 * shows no sort step, for every filter a reader's scope and the API put together.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Page, SubmissionQuery } from '../../engine/store/contract.js';
import type { Submission } from '../../engine/submissions/model.js';
import { cursor } from '../../engine/store/messages.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { migrations } from '../../engine/store/sqlite/migrations.js';
import { submissionPageSql } from '../../engine/store/sqlite/submission-list.js';
import { newLocation } from '../support/stores.js';
import { at, submission } from '../support/records.js';

/** A data file as an older Caseforms left it: migrations up to `schema` applied, `rows` stored as they were then. */
function writeOlderFile(file: string, schema: number, rows: Submission[]): void {
  const db = new Database(file);
  for (const m of migrations.filter((x) => x.id <= schema)) db.exec(m.sql);
  db.pragma(`user_version = ${schema}`);
  const insert = db.prepare('INSERT INTO submissions (id, form_id, version, status, child_id, created_by, team, created_at, revision, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const s of rows) insert.run(s.id, s.formId, s.version, s.status, s.subject.childId ?? null, s.createdBy, s.team ?? null, s.createdAt, s.revision, JSON.stringify(s));
  db.close();
}

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
      // Carry-forward's search: a form's submitted records about a child or a worker, newest first, in a reader's scope or not.
      for (const scope of [...scopes, {}]) {
        for (const about of [{ childId: 'C-1' }, { workerId: 'W-1' }]) {
          const { sql, params } = submissionPageSql({ formId: 'case-supervision', status: 'submitted', ...about, ...scope }, { limit: 50, order: 'newest' });
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('; ');
          if (/TEMP B-TREE|SCAN submissions$/.test(plan)) sorted.push(`carry-forward ${JSON.stringify({ ...scope, ...about })}: ${plan}`);
        }
      }
      expect(sorted).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('a reader’s reach (anyOf, notChildIds) is read from the author, team and child indexes: no full scan, no sort, either order', async () => {
    const loc = newLocation('sqlite');
    await (await loc.open()).close();
    const db = new Database(loc.env.SQLITE_FILE!, { readonly: true });
    try {
      const children = Array.from({ length: 300 }, (_, i) => `C${i}`);
      // A practitioner (own + allocated children, restricted ones left out) and a manager (team + own + the team's children).
      const reaches: SubmissionQuery[] = [
        { anyOf: [{ createdBy: 'u-ann' }, { childIds: children }], notChildIds: ['C9'] },
        { anyOf: [{ team: 'team-north' }, { createdBy: 'u-mo' }, { childIds: children }], notChildIds: ['C9'] },
      ];
      const filters: SubmissionQuery[] = [{}, { status: 'submitted' }, { formId: 'case-supervision' }, { childId: 'C-1' }, { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' }];
      const wrong: string[] = [];
      for (const reach of reaches) {
        for (const filter of filters) {
          for (const order of ['oldest', 'newest'] as const) {
            for (const page of [{ limit: 50, order }, { limit: 50, order, cursor: cursor.encode('0190a1b2-0000-7000-8000-000000000000', order) }] as Page[]) {
              const { sql, params } = submissionPageSql({ ...reach, ...filter }, page);
              const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('; ');
              // Filtered by one child, every arm reads that child's index range; else each arm its own index.
              const uses = filter.childId
                ? [/^(?!.*INDEX submissions_(team|created_by)).*INDEX submissions_child \(child_id=\?/]
                : [reach.anyOf!.some((e) => e.team) ? /INDEX submissions_team/ : /INDEX submissions_created_by/, /INDEX submissions_child \(child_id=\?( AND id[<>]\?)?\)/];
              if (/TEMP B-TREE|SCAN submissions(;|$)/.test(plan) || !uses.every((u) => u.test(plan))) wrong.push(`${JSON.stringify(filter)} ${order}${page.cursor ? ' (later page)' : ''}: ${plan}`);
            }
          }
        }
      }
      expect(wrong).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('upgrades a schema-3 file in place (migration 4): its records are kept and listed either way', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'caseforms-migrate-')), 'caseforms.sqlite');
    const rows = [0, 1, 2].map((i) => submission({ createdAt: at(i * 1000), createdBy: 'u-ann' }));
    writeOlderFile(file, 3, rows);
    const store = await openSqliteStore({ file });
    try {
      expect((await store.listSubmissions({ createdBy: 'u-ann', status: 'draft' }, { limit: 10, order: 'newest' })).items).toEqual([...rows].reverse());
      expect((await store.listSubmissions({ createdBy: 'u-ann' }, { limit: 10 })).items).toEqual(rows);
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.id);
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'submissions' AND sql IS NOT NULL").all() as Array<{ name: string }>).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['submissions_created_by_status', 'submissions_team_status', 'submissions_status', 'submissions_form_id']));
    } finally {
      db.close();
    }
  });

  it('finds a record by its reference from the unique index (migration 6)', async () => {
    const loc = newLocation('sqlite');
    await (await loc.open()).close();
    const db = new Database(loc.env.SQLITE_FILE!, { readonly: true });
    try {
      for (const query of [{ reference: 'SUP-2026-000123' }, { reference: 'SUP-2026-000123', createdBy: 'u-ann' }, { reference: 'SUP-2026-000123', team: 'team-north' }] as SubmissionQuery[]) {
        const { sql, params } = submissionPageSql(query, { limit: 20, order: 'newest' });
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('; ');
        expect(plan).toMatch(/USING INDEX submissions_reference/);
      }
    } finally {
      db.close();
    }
  });

  it('upgrades a schema-5 file (migration 6): records stored before references keep having none, new ones are numbered', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'caseforms-migrate-')), 'caseforms.sqlite');
    const old = [0, 1].map((i) => submission({ createdAt: at(i * 1000) }));
    writeOlderFile(file, 5, old);
    const store = await openSqliteStore({ file });
    try {
      expect((await store.listSubmissions({}, { limit: 10 })).items).toEqual(old);
      const s = submission({ createdAt: at(5000) });
      const made = await store.createSubmission(s, { referencePrefix: 'SUP', outbox: [], event: { id: s.id, at: s.createdAt, actor: 'u-worker', action: 'submission.created', entity: { kind: 'submission', id: s.id } } });
      expect(made.submission.reference).toBe('SUP-2026-000001');
      expect((await store.listSubmissions({ reference: 'SUP-2026-000001' }, { limit: 10 })).items.map((x) => x.id)).toEqual([s.id]);
    } finally {
      await store.close();
    }
  });
});
