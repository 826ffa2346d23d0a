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
import { reachBoundSql, submissionPageSql } from '../../engine/store/sqlite/submission-list.js';
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

/** A new store's file, every migration applied (by opening the store), opened read-only to read query plans from. */
async function migratedFile(): Promise<Database.Database> {
  const loc = newLocation('sqlite');
  await (await loc.open()).close();
  return new Database(loc.env.SQLITE_FILE!, { readonly: true });
}

describe('sqlite store: the submission list is index-served in either order', () => {
  it('never sorts a page, for each scope and filter, newest or oldest first, first page or later', async () => {
    const db = await migratedFile();
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
    const db = await migratedFile();
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

  it('a manager’s team’s children are read from one range of the child-team index, bounded like the author’s and team’s', async () => {
    const db = await migratedFile();
    try {
      const children = Array.from({ length: 300 }, (_, i) => `C${i}`);
      const wrong: string[] = [];
      for (const teams of [['team-north'], ['team-north', 'team-east']]) {
        const reach: SubmissionQuery = { anyOf: [{ team: 'team-north' }, { createdBy: 'u-mo' }, { childTeams: teams, childIds: children }, { childIds: ['C-elsewhere'] }], notChildIds: ['C9'] };
        for (const filter of [{}, { status: 'submitted' as const }, { formId: 'case-supervision' }]) {
          for (const order of ['oldest', 'newest'] as const) {
            for (const page of [{ limit: 50, order }, { limit: 50, order, cursor: cursor.encode('0190a1b2-0000-7000-8000-000000000000', order) }] as Page[]) {
              const query = { ...reach, ...filter };
              const { sql, params } = submissionPageSql(query, page);
              const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('; ');
              const uses = [/INDEX submissions_child_team \(child_team=\?/, /INDEX submissions_child \(child_id=\?/];
              if (/TEMP B-TREE|SCAN submissions(;|$)/.test(plan) || !uses.every((u) => u.test(plan))) wrong.push(`${teams} ${JSON.stringify(filter)} ${order}: ${plan}`);
              // One team and nothing else filtering: its range bounds the page too, read in id order.
              const bounds = reachBoundSql(query, page).map((b) => (db.prepare(`EXPLAIN QUERY PLAN ${b.sql}`).all(...b.params) as Array<{ detail: string }>).map((r) => r.detail).join('; '));
              const byTeam = bounds.filter((b) => /submissions_child_team/.test(b));
              if (byTeam.length !== (teams.length === 1 && !Object.keys(filter).length ? 1 : 0) || bounds.some((b) => /TEMP B-TREE|SCAN submissions(;|$)/.test(b))) wrong.push(`bounds ${teams} ${JSON.stringify(filter)} ${order}: ${bounds.join(' | ')}`);
            }
          }
        }
      }
      expect(wrong).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('upgrades a schema-15 file (migration 16): each record gets its child’s team, through merges, and is found by it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'caseforms-migrate-')), 'caseforms.sqlite');
    const rows = ['K1', 'K2', 'K3', 'K4', 'K5'].map((childId, i) => submission({ createdAt: at(i * 1000), createdBy: 'u-ann', subject: { childId } }));
    const staff = submission({ createdAt: at(9000), subject: {} });
    writeOlderFile(file, 15, [...rows, staff]);
    const db = new Database(file);
    const child = db.prepare('INSERT INTO directory_children (id, id_key, name, team, restricted, merged_into, updated_at, doc) VALUES (?, ?, ?, ?, 0, ?, ?, ?)');
    // K2 merged into K1 (north); K3 into K4 (east), itself merged into K1; K5 into a child not there.
    for (const [id, team, into] of [['K1', 'north', null], ['K2', 'south', 'K1'], ['K3', 'south', 'K4'], ['K4', 'east', 'K1'], ['K5', 'north', 'K404']] as const) {
      child.run(id, id.toLowerCase(), 'A Child', team, into, at(0), JSON.stringify({ id, name: 'A Child', team, restricted: false, ...(into ? { mergedInto: into } : {}) }));
    }
    db.close();
    const store = await openSqliteStore({ file });
    try {
      const page = await store.listSubmissions({ anyOf: [{ childTeams: ['north'], childIds: ['K1', 'K2', 'K3', 'K4', 'K5'] }] }, { limit: 10 });
      expect(page.items.map((s) => s.subject.childId)).toEqual(['K1', 'K2', 'K3', 'K4']);
    } finally {
      await store.close();
    }
    const after = new Database(file, { readonly: true });
    try {
      expect(after.prepare('SELECT child_id, child_team FROM submissions ORDER BY id').raw().all()).toEqual([['K1', 'north'], ['K2', 'north'], ['K3', 'north'], ['K4', 'north'], ['K5', null], [null, null]]);
    } finally {
      after.close();
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
    const db = await migratedFile();
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
