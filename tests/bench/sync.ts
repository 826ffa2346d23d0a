/**
 * The ICS sync end to end, on SQLite and on FerretDB: records submitted through the engine,
 * delivered by an in-process SyncWorker through the HTTP connector to the ICS simulator (a real
 * HTTP server, signatures verified). Each figure is set against a bare baseline measured in the
 * same run, against the same simulator:
 *
 * - throughput: N records already waiting, then one worker (pollMs 20, batch 32) delivers them
 *   all; deliveries/s up to the last delivery recorded in the store. Baseline: as many envelopes
 *   POSTed straight to the simulator by the connector's own driver, as many at a time as it
 *   sends (its `concurrency`), without the store. Alternating rounds; the median per-round ratio.
 * - latency: records submitted at a steady trickle while the worker runs; submit (the record's
 *   `submittedAt`) to delivered (the store has recorded the delivery). Baseline: one bare POST's
 *   round trip, sent at the same pace, half before and half after.
 *
 * Every call the pipeline makes to the store is timed, to say where the time goes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Store } from '../../engine/store/contract.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { outboxId } from '../../engine/store/outbox.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { createSubmission } from '../../engine/submissions/lifecycle.js';
import { httpConnector, httpSettings } from '../../engine/sync/connectors/http.js';
import type { ConnectorDriver, DeliveryItem, Envelope } from '../../engine/sync/model.js';
import type { SyncedEngine } from '../../engine/sync/setup.js';
import { startFerretdb } from '../support/ferretdb.js';
import { startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { FORM_ID, SECRET, SECRET_ENV, prepareSyncWorld, submitMany, visitData } from '../support/sync.js';
import { fmt, median, percentile } from './measure.js';

const CONNECTOR = 'ics';
const WORKER = { pollMs: 20, batchSize: 32 };
/** Records spread over this many children (a worker leases at most one per child at a time). */
const CHILDREN = 100;

interface Plan {
  name: string;
  /** Records delivered first, to warm up (and to copy envelopes from for the baseline). */
  warmup: number;
  /** Records delivered for throughput, in `rounds` rounds. */
  throughput: number;
  rounds: number;
  /** Records submitted at a trickle for latency, one every `intervalMs`. */
  trickle: number;
  intervalMs: number;
}

// --- where the time goes ---------------------------------------------------------------------

/** Wall time during which at least one of the calls it counts was outstanding. */
class Busy {
  n = 0;
  private outstanding = 0;
  private since = 0;
  private done = 0;

  start(t: number): void {
    this.n++;
    if (this.outstanding++ === 0) this.since = t;
  }

  end(t: number): void {
    if (--this.outstanding === 0) this.done += t - this.since;
  }

  ms(): number {
    return this.done + (this.outstanding > 0 ? performance.now() - this.since : 0);
  }

  /** Adds another's figures to this one's. */
  add(other: Busy): void {
    this.n += other.n;
    this.done += other.ms();
  }

  reset(): void {
    this.n = 0;
    this.done = 0;
    this.since = performance.now();
  }
}

/** Times calls: all of them together, and each name on its own. */
class Meter {
  readonly all = new Busy();
  readonly calls = new Map<string, Busy>();

  time<T>(name: string, run: () => T): T {
    let busy = this.calls.get(name);
    if (!busy) this.calls.set(name, (busy = new Busy()));
    const one = busy;
    const t = performance.now();
    this.all.start(t);
    one.start(t);
    const ended = () => {
      const end = performance.now();
      this.all.end(end);
      one.end(end);
    };
    let out: T;
    try {
      out = run();
    } catch (err) {
      ended();
      throw err;
    }
    if (out instanceof Promise) out.then(ended, ended);
    else ended();
    return out;
  }

  /** Adds another meter's figures to this one's. */
  add(other: Meter): void {
    this.all.add(other.all);
    for (const [name, busy] of other.calls) {
      if (!this.calls.has(name)) this.calls.set(name, new Busy());
      this.calls.get(name)!.add(busy);
    }
  }

  reset(): void {
    this.all.reset();
    this.calls.clear();
  }

  /** The share of `ms` during which any call was in flight, and the `count` names with the largest shares. */
  shares(ms: number, count: number): string {
    const pct = (b: Busy) => `${fmt((b.ms() * 100) / ms)}%`;
    const top = [...this.calls]
      .sort((x, y) => y[1].ms() - x[1].ms())
      .slice(0, count)
      .map(([name, b]) => `${name} ${pct(b)} ×${fmt(b.n)}`);
    return `${pct(this.all)}${top.length ? ` (${top.join(', ')})` : ''}`;
  }
}

/** The store with every call timed, and each recorded delivery noted (when, and how many). */
class WatchedStore {
  readonly meter = new Meter();
  /** When (Date.now()) each outbox entry's delivery was recorded. */
  readonly deliveredAt = new Map<string, number>();
  readonly store: Store;
  private waiter: { n: number; resolve: () => void } | null = null;

  constructor(inner: Store) {
    this.store = new Proxy(inner, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        const method = value as (...a: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const out = this.meter.time(prop, () => method.apply(target, args));
          if (prop === 'completeOutbox') (out as Promise<unknown>).then(() => this.delivered(args[0] as string), () => {});
          return out;
        };
      },
    });
  }

  private delivered(id: string): void {
    this.deliveredAt.set(id, Date.now());
    if (this.waiter && this.deliveredAt.size >= this.waiter.n) this.waiter.resolve();
  }

  /** Resolves once `n` deliveries have been recorded since the last reset. */
  untilDelivered(n: number, timeoutMs: number): Promise<void> {
    if (this.deliveredAt.size >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.deliveredAt.size} of ${n} deliveries recorded within ${timeoutMs / 1000} s`)), timeoutMs);
      this.waiter = {
        n,
        resolve: () => {
          clearTimeout(timer);
          this.waiter = null;
          resolve();
        },
      };
    });
  }

  reset(): void {
    this.meter.reset();
    this.deliveredAt.clear();
  }
}

/** Times every fetch (the HTTP connector's POSTs) while it runs; gives the real fetch back on restore. */
function meterFetch(meter: Meter): () => void {
  const real = globalThis.fetch;
  globalThis.fetch = (input, init) => meter.time('POST', () => real(input, init));
  return () => {
    globalThis.fetch = real;
  };
}

// --- the bare baseline: the connector's driver, no store --------------------------------------

let bareSeq = 0;

/** Items for `count` envelopes like the pipeline's (copied from `templates`), each with a key of its own. */
function bareItems(templates: Envelope[], count: number): DeliveryItem[] {
  const now = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => {
    const submissionId = `bare-${process.pid}-${++bareSeq}`;
    const envelope: Envelope = { ...templates[i % templates.length]!, submissionId, submittedAt: now };
    return {
      entry: { id: outboxId(submissionId, CONNECTOR), submissionId, connector: CONNECTOR, partitionKey: submissionId, seq: bareSeq, state: 'leased', attempts: 1, nextAttemptAt: now, createdAt: now, leaseToken: 'bare' },
      envelope,
    };
  });
}

async function deliverBare(driver: ConnectorDriver, items: DeliveryItem[]): Promise<void> {
  const outcomes = await driver.deliver(items, new AbortController().signal);
  const failed = outcomes.find((o) => o.outcome !== 'delivered');
  if (failed) throw new Error(`a bare POST to the simulator was not delivered: ${JSON.stringify(failed)}`);
}

// --- one store --------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** The shares of `ms` during which a store call, and a POST, was in flight, for the log. */
function shares(ms: number, store: Meter, http: Meter): string {
  return `a store call in flight ${store.shares(ms, 3)} of the time, a POST ${http.shares(ms, 0)}`;
}

/** `http` times every fetch (see meterFetch). */
async function benchStoreSync(log: (line: string) => void, plan: Plan, inner: Store, sim: IcsSimulator, http: Meter): Promise<void> {
  sim.reset();
  const watched = new WatchedStore(inner);
  const world: SyncedEngine = await prepareSyncWorld(watched.store, { kind: 'http', url: sim.url });
  const { ctx } = world;
  const connector = (await inner.getConnector(CONNECTOR))!;
  const bare = httpConnector.create(connector, world.setup.env);
  const concurrency = httpSettings(connector).concurrency;

  // Warm-up (JIT, connections, caches), which also gives real envelopes to copy for the baseline.
  const { warmup } = plan;
  await submitMany(ctx, warmup, { children: CHILDREN });
  watched.reset();
  let worker = world.startWorker(WORKER);
  await watched.untilDelivered(warmup, 120_000);
  await worker.stop();
  const templates = sim.records.map((r) => r.envelope as unknown as Envelope);
  await deliverBare(bare, bareItems(templates, warmup));
  let submitted = warmup;

  // Throughput: alternating rounds of the bare POSTs and the pipeline on as many records.
  const perRound = Math.ceil(plan.throughput / plan.rounds);
  const rates = { bare: [] as number[], pipeline: [] as number[], submit: [] as number[], ratio: [] as number[] };
  const storeMeter = new Meter();
  const httpMeter = new Meter();
  let pipelineMs = 0;
  const sides = {
    bare: async () => {
      const items = bareItems(templates, perRound);
      const t = performance.now();
      await deliverBare(bare, items);
      return (perRound * 1000) / (performance.now() - t);
    },
    pipeline: async () => {
      watched.reset();
      http.reset();
      const t = performance.now();
      worker = world.startWorker(WORKER);
      await watched.untilDelivered(perRound, 600_000);
      const ms = performance.now() - t;
      pipelineMs += ms;
      storeMeter.add(watched.meter);
      httpMeter.add(http);
      await worker.stop();
      return (perRound * 1000) / ms;
    },
  };
  for (let r = 0; r < plan.rounds; r++) {
    const t = performance.now();
    await submitMany(ctx, perRound, { children: CHILDREN, from: submitted });
    rates.submit.push((perRound * 1000) / (performance.now() - t));
    submitted += perRound;
    const got = { bare: 0, pipeline: 0 };
    for (const side of r % 2 === 0 ? (['bare', 'pipeline'] as const) : (['pipeline', 'bare'] as const)) got[side] = await sides[side]();
    rates.bare.push(got.bare);
    rates.pipeline.push(got.pipeline);
    rates.ratio.push(got.pipeline / got.bare);
  }
  const perSecond = median(rates.pipeline);

  // Latency: records submitted at a steady pace the store keeps up with (submits and deliveries
  // together at most half of what it managed of each alone); the bare round trip at the same
  // pace, half before and half after.
  const intervalMs = Math.max(plan.intervalMs, Math.ceil(2000 * (1 / median(rates.submit) + 1 / perSecond)));
  const bareMs: number[] = [];
  const bareTrickle = async (count: number) => {
    for (const item of bareItems(templates, count)) {
      const t = performance.now();
      await deliverBare(bare, [item]);
      const ms = performance.now() - t;
      bareMs.push(ms);
      await sleep(intervalMs - ms);
    }
  };
  await bareTrickle(Math.floor(plan.trickle / 2));
  watched.reset();
  http.reset();
  worker = world.startWorker(WORKER);
  const practitioner = { id: 'u-practitioner', team: 'cin-north' };
  const submittedAt = new Map<string, number>();
  const submits: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < plan.trickle; i++) {
    await sleep(t0 + i * intervalMs - performance.now());
    const data = visitData(submitted + i);
    submits.push(
      createSubmission(ctx, practitioner, { formId: FORM_ID, subject: { childId: `L-${i % CHILDREN}` }, data, status: 'submitted' }).then((res) => {
        submittedAt.set(res.submission.id, Date.parse(res.submission.submittedAt!));
      }),
    );
  }
  await Promise.all(submits);
  await watched.untilDelivered(plan.trickle, 300_000);
  const trickleMs = performance.now() - t0;
  const trickleShares = shares(trickleMs, watched.meter, http);
  await worker.stop();
  await bareTrickle(Math.ceil(plan.trickle / 2));
  const received = new Map(sim.records.map((rec) => [rec.submissionId, Date.parse(rec.receivedAt)]));
  const toDelivered: number[] = [];
  const toIcs: number[] = [];
  for (const [id, at] of submittedAt) {
    toDelivered.push(watched.deliveredAt.get(outboxId(id, CONNECTOR))! - at);
    toIcs.push(received.get(id)! - at);
  }

  const [p50, p99, b50, b99] = [percentile(toDelivered, 50), percentile(toDelivered, 99), percentile(bareMs, 50), percentile(bareMs, 99)];
  log(
    `  sync ${plan.name}: ${fmt(perSecond)} deliveries/s vs bare POST ${fmt(median(rates.bare))}/s → ${fmt(median(rates.ratio), 2)}×; ` +
      `submit→delivered p50 ${fmt(p50, 1)} ms p99 ${fmt(p99, 1)} ms (bare POST p50 ${fmt(b50, 1)} ms p99 ${fmt(b99, 1)} ms → p50 ${fmt(p50 / b50)}×, p99 ${fmt(p99 / b99)}×)`,
  );
  log(
    `      throughput: ${fmt(plan.throughput)} records waiting, in ${plan.rounds} rounds (${rates.pipeline.map((x) => fmt(x)).join(', ')}/s; ${CHILDREN} children, ${concurrency} POSTs at a time; submitted at ${fmt(median(rates.submit))}/s); ` +
      shares(pipelineMs, storeMeter, httpMeter),
  );
  log(
    `      latency: ${fmt(plan.trickle)} records, one every ${intervalMs} ms; submit→received by the ICS p50 ${fmt(percentile(toIcs, 50), 1)} ms p99 ${fmt(percentile(toIcs, 99), 1)} ms; ` +
      trickleShares,
  );
}

/**
 * How big the collections the pipeline writes have grown, and what a read by _id and a filtered
 * read (any other filter reads the whole collection on FerretDB) cost there now; then drops
 * the database. (FerretDB 1.24 serves only _id from an index; any other filter reads the collection.)
 */
async function afterMongo(log: (line: string) => void, uri: string, dbName: string): Promise<void> {
  const client = new MongoClient(uri);
  try {
    const db = client.db(dbName);
    const sizes = await Promise.all(['commits', 'outbox', 'submissions', 'events'].map(async (name) => `${fmt(await db.collection(name).countDocuments({}))} ${name}`));
    const outbox = db.collection<{ _id: string; partitionKey: string; seq: number }>('outbox');
    const docs = await outbox.find({}, { projection: { _id: 1, partitionKey: 1, seq: 1 } }).limit(20).toArray();
    const each = async (read: (d: (typeof docs)[number]) => Promise<unknown>) => {
      const t = performance.now();
      for (const d of docs) await read(d);
      return fmt((performance.now() - t) / docs.length, 1);
    };
    const byId = await each((d) => outbox.findOne({ _id: d._id }));
    const earlier = await each((d) => outbox.findOne({ connector: CONNECTOR, partitionKey: d.partitionKey, state: { $in: ['pending', 'leased'] }, seq: { $lt: d.seq } }, { projection: { _id: 1 } }));
    log(`      the database then held ${sizes.join(', ')}; an outbox read by _id took ${byId} ms, a filtered read (is an earlier entry of the child waiting?) ${earlier} ms`);
    await db.dropDatabase();
  } finally {
    await client.close();
  }
}

export async function benchSync(log: (line: string) => void, plans: { sqlite?: Partial<Plan>; mongo?: Partial<Plan> } = {}): Promise<void> {
  process.env[SECRET_ENV] = SECRET;
  const sim = await startIcsSimulator({ secret: SECRET });
  const http = new Meter();
  const restoreFetch = meterFetch(http);
  try {
    const dir = mkdtempSync(join(tmpdir(), 'caseforms-bench-sync-'));
    try {
      const store = await openSqliteStore({ file: join(dir, 'caseforms.sqlite') });
      try {
        await benchStoreSync(log, { name: 'sqlite', warmup: 64, throughput: 2000, rounds: 8, trickle: 200, intervalMs: 15, ...plans.sqlite }, store, sim, http);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const server = process.env.MONGODB_URI ? null : await startFerretdb();
    const uri = process.env.MONGODB_URI ?? server!.uri;
    const dbName = `bench_sync_${Date.now()}`;
    try {
      const store = await openMongoStore({ uri, dbName });
      try {
        await benchStoreSync(log, { name: server ? 'ferretdb' : 'mongodb', warmup: 32, throughput: 240, rounds: 3, trickle: 40, intervalMs: 20, ...plans.mongo }, store, sim, http);
      } finally {
        await store.close();
        await afterMongo(log, uri, dbName);
      }
    } finally {
      await server?.stop();
    }
  } finally {
    restoreFetch();
    await sim.close();
  }
}
