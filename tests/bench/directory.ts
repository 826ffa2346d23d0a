/**
 * Directory imports: 100,000 children, 3,000 workers and 50 teams as full batches through the
 * SQLite store, against a bare better-sqlite3 insert of the same rows (id and JSON) in one
 * transaction; then a delta of 1,000 changed children and searches by name at 100,000. FerretDB
 * at 10,000 children (CASEFORMS_BENCH_FERRET_CHILDREN to change), against a bare insertMany.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import type { Store } from '../../engine/store/contract.js';
import type { ChildSearch, DirectoryKind } from '../../engine/directory/model.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { newEvent } from '../../engine/store/events.js';
import { batchOf } from '../support/directory.js';
import { manyChildren, manyTeams, manyWorkers } from '../support/directory-rows.js';
import { startFerretdb } from '../support/ferretdb.js';
import { fmt, median } from './measure.js';

type Rows = Record<DirectoryKind, Array<{ id: string }>>;

function rowsOf(children: number): Rows {
  return { teams: manyTeams(50), workers: manyWorkers(3000, 50), children: manyChildren(children) };
}

/** Applies full batches of each kind; ms per kind. The batches are made before the clock starts. */
async function importAll(store: Store, rows: Rows): Promise<Record<DirectoryKind, number>> {
  const out = {} as Record<DirectoryKind, number>;
  for (const kind of ['teams', 'workers', 'children'] as const) {
    const batch = batchOf(kind, rows[kind]);
    const event = newEvent(new Date(), 'bench', 'directory.batch-applied', 'directory', kind);
    const t = performance.now();
    await store.applyDirectoryBatch(batch, event);
    out[kind] = performance.now() - t;
  }
  return out;
}

function bareSqlite(file: string, rows: Rows): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const t = performance.now();
  for (const kind of ['teams', 'workers', 'children'] as const) {
    db.exec(`CREATE TABLE ${kind} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
    const ins = db.prepare(`INSERT INTO ${kind} (id, doc) VALUES (?, ?)`);
    db.transaction(() => {
      for (const r of rows[kind]) ins.run(r.id, JSON.stringify(r));
    })();
  }
  const ms = performance.now() - t;
  db.close();
  return ms;
}

function timeSearch(fn: () => unknown, times = 30): number {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

async function timeSearchAsync(fn: () => Promise<unknown>, times = 30): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

export async function benchDirectory(log: (line: string) => void): Promise<void> {
  const rows = rowsOf(100_000);
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-bench-dir-'));
  try {
    // Two rounds, baseline and store alternating; the median ratio.
    const ratios: number[] = [];
    let last: { ours: Record<DirectoryKind, number>; bare: number; store: Store; file: string } | null = null;
    for (let round = 0; round < 2; round++) {
      const bare = bareSqlite(join(dir, `bare-${round}.sqlite`), rows);
      const file = join(dir, `store-${round}.sqlite`);
      const store = await openSqliteStore({ file });
      const ours = await importAll(store, rows);
      const total = ours.teams + ours.workers + ours.children;
      ratios.push(total / bare);
      log(`  SQLite round ${round + 1}: teams ${fmt(ours.teams)} ms, workers ${fmt(ours.workers)} ms, children ${fmt(ours.children)} ms — total ${fmt(total / 1000, 2)} s; bare insert ${fmt(bare / 1000, 2)} s`);
      if (last) await last.store.close();
      last = { ours, bare, store, file };
    }
    log(`  SQLite import of 100,000 children + 3,000 workers + 50 teams: ratio ${fmt(median(ratios), 2)}× the bare insert (goal: under 60 s)`);
    const store = last!.store;

    // A delta of 1,000 changed children, against the bare upsert of the same rows.
    const changed = manyChildren(1000, { from: 40_000, version: 1 });
    const delta = batchOf('children', changed, { mode: 'delta' });
    let t = performance.now();
    const res = await store.applyDirectoryBatch(delta, newEvent(new Date(), 'bench', 'directory.batch-applied', 'directory', 'children'));
    const deltaMs = performance.now() - t;
    const bareDb = new Database(join(dir, 'bare-1.sqlite'));
    const up = bareDb.prepare('INSERT INTO children (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc');
    t = performance.now();
    bareDb.transaction(() => {
      for (const r of changed) up.run(r.id, JSON.stringify(r));
    })();
    const bareDeltaMs = performance.now() - t;
    log(`  SQLite delta of 1,000 changed children (${res.applied.upserted} upserted): ${fmt(deltaMs)} ms; bare upsert ${fmt(bareDeltaMs, 1)} ms; ratio ${fmt(deltaMs / bareDeltaMs, 1)}×`);

    // Searches at 100,000, against a bare primary-key range read of 10 rows.
    const bareRead = bareDb.prepare('SELECT doc FROM children WHERE id >= ? ORDER BY id LIMIT 10');
    const base = timeSearch(() => bareRead.all('C0050000'));
    const searches: Array<[string, ChildSearch]> = [
      ['name "jor smi"', { name: 'jor smi' }],
      ['name "z"', { name: 'z' }],
      ['id prefix "C00123"', { id: 'C00123' }],
      ['date of birth', { dateOfBirth: '2012-04-05' }],
      ['team', { teams: ['T07'] }],
    ];
    for (const [label, search] of searches) {
      const ms = await timeSearchAsync(() => store.searchChildren(search, 10));
      log(`  SQLite search at 100,000 children, ${label}: ${fmt(ms, 2)} ms (bare 10-row read ${fmt(base, 3)} ms; ratio ${fmt(ms / base, 1)}×)`);
    }
    bareDb.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const size = Number(process.env.CASEFORMS_BENCH_FERRET_CHILDREN ?? 10_000);
  const server = process.env.MONGODB_URI ? null : await startFerretdb();
  const uri = process.env.MONGODB_URI ?? server!.uri;
  const name = process.env.MONGODB_URI ? 'MongoDB' : 'FerretDB';
  try {
    const small = rowsOf(size);
    const client = new MongoClient(uri);
    const bare = client.db(`bench_dir_raw_${Date.now()}`);
    let t = performance.now();
    for (const kind of ['teams', 'workers', 'children'] as const) {
      const list = small[kind];
      for (let i = 0; i < list.length; i += 1000) await bare.collection(kind).insertMany(list.slice(i, i + 1000).map((r) => ({ ...r, _id: r.id as never })), { ordered: false });
    }
    const bareMs = performance.now() - t;
    const store = await openMongoStore({ uri, dbName: `bench_dir_${Date.now()}` });
    const ours = await importAll(store, small);
    const total = ours.teams + ours.workers + ours.children;
    log(`  ${name} import of ${fmt(size)} children + 3,000 workers + 50 teams: teams ${fmt(ours.teams)} ms, workers ${fmt(ours.workers)} ms, children ${fmt(ours.children)} ms — total ${fmt(total / 1000, 2)} s; bare insertMany ${fmt(bareMs / 1000, 2)} s; ratio ${fmt(total / bareMs, 2)}×`);
    t = performance.now();
    await store.applyDirectoryBatch(batchOf('children', manyChildren(1000, { from: Math.floor(size / 2), version: 1 }), { mode: 'delta' }), newEvent(new Date(), 'bench', 'directory.batch-applied', 'directory', 'children'));
    log(`  ${name} delta of 1,000 changed children over ${fmt(size)}: ${fmt((performance.now() - t) / 1000, 2)} s (each batch writes its kind whole: see engine/store/mongo/directory.ts)`);
    const ms = await timeSearchAsync(() => store.searchChildren({ name: 'jor smi' }, 10), 5);
    log(`  ${name} search by name "jor smi" at ${fmt(size)} children: ${fmt(ms)} ms`);
    await store.close();
    await client.close();
  } finally {
    await server?.stop();
  }
}
