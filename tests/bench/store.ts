/**
 * Store insert speed: submitted records (with their event and one outbox entry) through our
 * adapters, against the bare driver inserting the same document, for SQLite and FerretDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import type { Store } from '../../engine/store/contract.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { newEvent } from '../../engine/store/events.js';
import type { Submission } from '../../engine/submissions/model.js';
import { newId } from '../../engine/ids.js';
import { startFerretdb } from '../support/ferretdb.js';
import { fmt, median, percentile } from './measure.js';

function record(i: number): Submission {
  const now = new Date().toISOString();
  return {
    id: newId(),
    formId: 'case-supervision',
    version: 1,
    status: 'submitted',
    subject: { childId: `C${100000 + (i % 500)}` },
    data: { meeting: { at: now, mode: 'in-person' }, update: 'Seen at home with mum; bedroom checked. '.repeat(20), actions: [{ action: 'Book CP review', owner: 'W12', dueDate: '2026-12-01' }] },
    revision: 1,
    team: 'team-cin-north',
    createdBy: 'u-bench',
    createdAt: now,
    updatedBy: 'u-bench',
    updatedAt: now,
    submittedBy: 'u-bench',
    submittedAt: now,
  };
}

interface Side {
  insert(i: number): Promise<unknown>;
}

interface Result {
  opsPerSec: number;
  p50: number;
  p99: number;
}

async function sequential(side: Side, n: number, offset: number): Promise<{ ops: number; latencies: number[] }> {
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await side.insert(offset + i);
    latencies.push(performance.now() - t);
  }
  return { ops: (n * 1000) / (performance.now() - start), latencies };
}

async function concurrent(side: Side, n: number, inFlight: number, offset: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) await side.insert(offset + next++);
    }),
  );
  return (n * 1000) / (performance.now() - start);
}

/** Alternating rounds of baseline and subject; returns both and the median per-round ratio. */
async function compare(baseline: Side, subject: Side, rounds: number, perRound: number): Promise<{ base: Result; ours: Result; ratio: number; concurrentRatio: number; concurrentOurs: number }> {
  await sequential(baseline, 20, 0);
  await sequential(subject, 20, 0);
  const bl: number[] = [];
  const sl: number[] = [];
  const bo: number[] = [];
  const so: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [baseline, subject] : [subject, baseline];
    const res = new Map<Side, Awaited<ReturnType<typeof sequential>>>();
    for (const side of order) res.set(side, await sequential(side, perRound, (r + 1) * perRound));
    bl.push(...res.get(baseline)!.latencies);
    sl.push(...res.get(subject)!.latencies);
    bo.push(res.get(baseline)!.ops);
    so.push(res.get(subject)!.ops);
    ratios.push(res.get(subject)!.ops / res.get(baseline)!.ops);
  }
  const cr: number[] = [];
  const co: number[] = [];
  for (let r = 0; r < 3; r++) {
    const b = await concurrent(baseline, perRound, 16, 10_000 * (r + 1));
    const s = await concurrent(subject, perRound, 16, 10_000 * (r + 1));
    cr.push(s / b);
    co.push(s);
  }
  return {
    base: { opsPerSec: median(bo), p50: percentile(bl, 50), p99: percentile(bl, 99) },
    ours: { opsPerSec: median(so), p50: percentile(sl, 50), p99: percentile(sl, 99) },
    ratio: median(ratios),
    concurrentRatio: median(cr),
    concurrentOurs: median(co),
  };
}

function subjectSide(store: Store): Side {
  return {
    insert: (i) => {
      const s = record(i);
      return store.createSubmission(s, { outbox: [{ connector: 'ics-http' }], event: newEvent(new Date(), 'u-bench', 'submission.submitted', 'submission', s.id) });
    },
  };
}

function report(log: (l: string) => void, name: string, r: Awaited<ReturnType<typeof compare>>): void {
  log(
    `  ${name.padEnd(9)} bare driver ${fmt(r.base.opsPerSec).padStart(6)}/s (p99 ${fmt(r.base.p99, 2)} ms)   caseforms ${fmt(r.ours.opsPerSec).padStart(6)}/s (p50 ${fmt(r.ours.p50, 2)} ms, p99 ${fmt(r.ours.p99, 2)} ms)   ratio ${fmt(r.ratio, 2)}×   16 in flight: ${fmt(r.concurrentOurs)}/s, ratio ${fmt(r.concurrentRatio, 2)}×`,
  );
}

export async function benchStore(log: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-bench-'));
  try {
    const raw = new Database(join(dir, 'raw.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('CREATE TABLE submissions (id TEXT PRIMARY KEY, doc TEXT NOT NULL)');
    const ins = raw.prepare('INSERT INTO submissions (id, doc) VALUES (?, ?)');
    const store = await openSqliteStore({ file: join(dir, 'caseforms.sqlite') });
    const r = await compare({ insert: async (i) => { const s = record(i); ins.run(s.id, JSON.stringify(s)); } }, subjectSide(store), 6, 300);
    report(log, 'SQLite', r);
    await store.close();
    raw.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const server = process.env.MONGODB_URI ? null : await startFerretdb();
  const uri = process.env.MONGODB_URI ?? server!.uri;
  try {
    const client = new MongoClient(uri);
    const coll = client.db('bench_raw').collection('submissions');
    await coll.drop().catch(() => {});
    const dbName = `bench_${Date.now()}`;
    const store = await openMongoStore({ uri, dbName });
    const r = await compare({ insert: (i) => { const s = record(i); return coll.insertOne({ _id: s.id as never, ...s }); } }, subjectSide(store), 6, 100);
    report(log, process.env.MONGODB_URI ? 'MongoDB' : 'FerretDB', r);
    if (!process.env.MONGODB_URI) {
      // Why FerretDB is slow for us: its SQLite backend scans the collection for every update,
      // even by _id, and each of our writes finishes its commit with one update.
      const probe = client.db('bench_raw').collection<{ _id: string; n?: number }>('submissions');
      const ids = (await probe.find({}, { projection: { _id: 1 } }).limit(50).toArray()).map((d) => d._id);
      const t0 = performance.now();
      for (const id of ids) await probe.findOne({ _id: id });
      const t1 = performance.now();
      for (const id of ids) await probe.updateOne({ _id: id }, { $set: { n: 1 } });
      const t2 = performance.now();
      const size = await probe.countDocuments({});
      log(`            (FerretDB at ${fmt(size)} documents: find by _id ${fmt((t1 - t0) / ids.length, 2)} ms, update by _id ${fmt((t2 - t1) / ids.length, 2)} ms)`);
    }
    await store.close();
    // On a council's own MongoDB (MONGODB_URI), leave nothing behind.
    await client.db(dbName).dropDatabase();
    await client.db('bench_raw').dropDatabase();
    await client.close();
  } finally {
    await server?.stop();
  }
}
