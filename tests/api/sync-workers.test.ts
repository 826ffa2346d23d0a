/**
 * Delivery workers as separate processes (`npm run sync-worker`'s program) against one store:
 * - two workers against one MongoDB-protocol server deliver records arriving while they run to an
 *   ICS simulator that does NOT deduplicate, and it ends with each record exactly once, each
 *   worker having delivered some of them (1,000 on a real MongoDB; 150 on FerretDB, where every
 *   operation costs in proportion to a collection's size — its `_id` lookups do not use its own
 *   `_id` index — so a run costs about the square of the count: 1,000 took 400 s alone, and with
 *   250 this file took 310 s of a loaded run);
 * - a worker renews its leases while a delivery outlives one; killed with SIGKILL, the records it
 *   held are delivered by a new worker within the lease (plus two polls and slack), not a minute
 *   later; killed at random moments and restarted, on each store, it still leaves the ICS with
 *   exactly one record per submission, in submission order per child (at least 4 kills land while
 *   records are left to deliver);
 * - a worker's own /metrics port answers only an integrator's API token.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/contract.js';
import { seedDemoAccounts } from '../../engine/accounts/lifecycle.js';
import { startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { freePort } from '../support/ports.js';
import { newLocation, STORE_KINDS } from '../support/stores.js';
import { prepareSyncWorld, startWorkerProcess, storeEnv, submitMany, type WorkerProcess } from '../support/sync.js';

const running: WorkerProcess[] = [];
let sim: IcsSimulator | undefined;
let store: Store | undefined;

afterEach(async () => {
  for (const w of running.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  await sim?.close();
  await store?.close();
  sim = undefined;
  store = undefined;
});

/** A worker's own count of the records it delivered, from its /metrics. */
async function deliveredBy(port: number, token: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const lines = (await res.text()).split('\n').filter((l) => /^caseforms_deliveries_total\{[^}]*outcome="delivered"[^}]*\} /.test(l));
  return lines.reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

async function delivered(s: Store): Promise<number> {
  const counts = await s.outboxCounts();
  return counts.filter((c) => c.state === 'delivered').reduce((a, c) => a + c.count, 0);
}

/** Polls once a second: on FerretDB each count reads the whole outbox, taking time from the workers. */
async function waitUntil(test: () => Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`Timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** The SIGKILL test's lease and poll; a crashed worker's records must move within the lease, not after a fixed time. */
const LEASE_MS = 5_000;
const POLL_MS = 50;
/** For the claim, the delivery and the store's own pace on a loaded two-core machine (FerretDB reads whole collections). */
const DRAIN_SLACK_MS = 8_000;

describe('delivery workers in separate processes', () => {
  const RECORDS = process.env.MONGODB_URI ? 1000 : 150;
  it(`two workers against one MongoDB-protocol server deliver ${RECORDS} records: none missing, none twice, both delivering`, async () => {
    const loc = newLocation('mongo');
    store = await loc.open();
    // Naive mode: the simulator records every POST it accepts, so a double delivery would show.
    sim = await startIcsSimulator({ dedupe: false });
    const { ctx } = await prepareSyncWorld(store, { kind: 'http', url: sim.url });
    const integrator = (await seedDemoAccounts(ctx))!.find((d) => d.role === 'integrator')!.token;
    // FerretDB reads a whole collection for every query, so idle workers poll at the default pace.
    const env = { ...storeEnv(loc), CASEFORMS_SYNC_POLL_MS: '500' };
    // Each serves its own /metrics, which counts the records it delivered itself.
    const ports = [await freePort(), await freePort()];
    const workers = await Promise.all(ports.map((port) => startWorkerProcess({ ...env, CASEFORMS_SYNC_METRICS_PORT: String(port) })));
    running.push(...workers);
    await Promise.all(workers.map((w) => w.ready));
    // Records arrive while the workers run, as they would in service.
    const ids = await submitMany(ctx, RECORDS, { children: 100, concurrency: 8 });
    await waitUntil(async () => (await delivered(store!)) === RECORDS, 540_000, () => `${sim!.records.length} records at the ICS; worker output: ${workers.map((w) => w.output()).join('\n')}`);
    expect(sim.records).toHaveLength(RECORDS);
    expect(sim.duplicates()).toEqual([]);
    expect(new Set(sim.records.map((r) => r.submissionId))).toEqual(new Set(ids));
    expect(sim.orderViolations()).toEqual([]);
    expect(sim.received).toBe(RECORDS);
    for (const w of workers) expect(w.child.exitCode).toBeNull();
    // Both workers took records from the one queue all along: each delivered some, together all.
    const byWorker = await Promise.all(ports.map((port) => deliveredBy(port, integrator)));
    expect(byWorker.every((n) => n > 0), `records delivered by each worker: ${byWorker.join(', ')}`).toBe(true);
    expect(byWorker[0]! + byWorker[1]!).toBe(RECORDS);
  }, 600_000);

  it.each(STORE_KINDS)('a worker renews its leases while the ICS is slow; killed with SIGKILL, what it held moves again within the lease; killed at random moments and restarted, exactly one ICS record per submission (%s)', async (kind) => {
    const loc = newLocation(kind);
    store = await loc.open();
    sim = await startIcsSimulator();
    // The connector waits longer than a lease for an answer, so a delivery outlives its first lease.
    const { ctx } = await prepareSyncWorld(store, { kind: 'http', url: sim.url, timeoutMs: 60_000 });
    // Enough that every kill lands with records left (FerretDB delivers about ten between two kills).
    const count = kind === 'sqlite' ? 400 : 150;
    // A first few for the lease and drain part; the rest are submitted after it, so the random kills
    // below always start with work left (a fast machine could drain everything while it waited).
    const FIRST = 40;
    const ids = await submitMany(ctx, FIRST, { children: 40, concurrency: 8 });
    const env = { ...storeEnv(loc), CASEFORMS_SYNC_LEASE_MS: String(LEASE_MS), CASEFORMS_SYNC_POLL_MS: String(POLL_MS), CASEFORMS_SYNC_BATCH: '8' };
    // First, one kill that lands for certain between the ICS making a record and the worker
    // recording the delivery: the ICS holds its answer for the first record until the worker is dead.
    sim.behave({ answerDelayMs: 30_000 }, { submissionId: ids[0]!, times: 1 });
    // Otherwise a slow ICS, so that later kills often land while records are in flight.
    sim.behave({ delayMs: 25 });
    const first = await startWorkerProcess(env);
    running.push(first);
    await first.ready;
    await sim.until((s) => s.records.some((r) => r.submissionId === ids[0]), 60_000);
    // Past its first lease and still waiting for the ICS: the worker has renewed its lease, so the
    // record is still its first attempt, held until after now.
    const firstEntry = (await store.listOutbox({ submissionId: ids[0]! }))[0]!;
    await new Promise((r) => setTimeout(r, LEASE_MS + 2_000));
    const renewed = (await store.getOutbox(firstEntry.id))!;
    expect(renewed).toMatchObject({ state: 'leased', attempts: 1, leaseToken: firstEntry.leaseToken });
    expect(Date.parse(renewed.leaseUntil!)).toBeGreaterThan(Date.now());
    await kill(first.child);
    const killedAt = Date.now();
    // Every entry the killed worker held; none is held beyond one lease from the kill.
    const held = (await store.listOutbox({ state: 'leased' })).filter((e) => e.leaseOwner === renewed.leaseOwner);
    expect(held.map((e) => e.id)).toContain(firstEntry.id);
    for (const e of held) expect(Date.parse(e.leaseUntil!)).toBeLessThanOrEqual(killedAt + LEASE_MS);
    // A new worker delivers them once their leases run out: within the lease, two polls and slack
    // for a loaded machine (or within the new worker's start, when that is the longer).
    const second = await startWorkerProcess(env);
    running.push(second);
    await second.ready;
    const startedIn = Date.now() - killedAt;
    const settled = async () => Promise.all(held.map(async (e) => (await store!.getOutbox(e.id))!));
    await waitUntil(async () => (await settled()).every((e) => e.state === 'delivered'), 120_000, () => second.output());
    const drainMs = Math.max(...(await settled()).map((e) => Date.parse(e.deliveredAt!) - killedAt));
    const boundMs = Math.max(LEASE_MS, startedIn) + 2 * POLL_MS + DRAIN_SLACK_MS;
    expect(drainMs, `${held.length} held records delivered ${drainMs} ms after the kill (lease ${LEASE_MS} ms, new worker ready after ${startedIn} ms)`).toBeLessThanOrEqual(boundMs);
    await kill(second.child);
    ids.push(...(await submitMany(ctx, count - FIRST, { children: 40, concurrency: 8, from: FIRST })));
    let kills = 1;
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const deadline = Date.now() + 200_000;
    while ((await delivered(store)) < count) {
      if (Date.now() > deadline) throw new Error(`Only ${await delivered(store)} of ${count} delivered after ${kills} kills`);
      const w = await startWorkerProcess(env);
      running.push(w);
      await w.ready;
      // Let it work for a random 150-900 ms, then kill it mid-flight, at most 12 times in all.
      if (kills < 12) {
        await new Promise((r) => setTimeout(r, 150 + random() * 750));
        await kill(w.child);
        kills++;
      } else {
        await waitUntil(async () => (await delivered(store!)) === count, 120_000, () => `${sim!.records.length} records; ${w.output()}`);
        await kill(w.child);
      }
    }
    // The kills landed while there was work left (the loop stops killing once all is delivered).
    expect(kills).toBeGreaterThanOrEqual(4);
    expect(sim.records).toHaveLength(count);
    expect(new Set(sim.records.map((r) => r.submissionId))).toEqual(new Set(ids));
    expect(sim.duplicates()).toEqual([]);
    expect(sim.orderViolations()).toEqual([]);
    // The first record was sent again after the kill, and the ICS's idempotency key answered with
    // the record it already had.
    expect(sim.records.find((r) => r.submissionId === ids[0])!.repeats).toBeGreaterThanOrEqual(1);
  }, 300_000);

  it("serves /metrics on its own port only to an integrator's API token, with RFC 9457 refusals", async () => {
    const loc = newLocation('sqlite');
    store = await loc.open();
    sim = await startIcsSimulator();
    const { ctx } = await prepareSyncWorld(store, { kind: 'http', url: sim.url });
    const demo = (await seedDemoAccounts(ctx))!;
    const tokenOf = (role: string) => demo.find((d) => d.role === role)!.token;
    const port = await freePort();
    const worker = await startWorkerProcess({ ...storeEnv(loc), CASEFORMS_SYNC_METRICS_PORT: String(port) });
    running.push(worker);
    await worker.ready;
    await submitMany(ctx, 3, { children: 3, concurrency: 1 });
    await waitUntil(async () => (await delivered(store!)) === 3, 60_000, () => worker.output());
    const url = `http://127.0.0.1:${port}/metrics`;
    const get = (token?: string, at = url) => fetch(at, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    const anonymous = await get();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await anonymous.json()).toMatchObject({ status: 401, detail: expect.stringMatching(/API token/) });
    expect((await get('cf_not-a-real-token-at-all')).status).toBe(401);
    const practitioner = await get(tokenOf('practitioner'));
    expect(practitioner.status).toBe(403);
    expect(await practitioner.json()).toMatchObject({ status: 403, detail: expect.stringMatching(/practitioner/) });
    // Delivery state is the integrators' alone: admins manage accounts, not deliveries.
    for (const role of ['designer', 'manager', 'admin']) expect((await get(tokenOf(role))).status, role).toBe(403);

    const ok = await get(tokenOf('integrator'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await ok.text();
    expect(text).toMatch(/^caseforms_outbox_entries\{connector="ics",state="delivered"\} 3$/m);
    expect(text).toMatch(/^caseforms_deliveries_total\{[^}]*outcome="delivered"[^}]*\} 3$/m);
    const elsewhere = await get(tokenOf('integrator'), `http://127.0.0.1:${port}/api/forms`);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  }, 120_000);
});
