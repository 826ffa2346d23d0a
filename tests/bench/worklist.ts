/**
 * "Your work" at scale (issue 14): a manager of a team of 30 workers with 20,000 records (1,000
 * waiting for the manager's sign-off, 200 returned) and 5,000 open actions, among four other
 * teams a quarter that size, so every list must come from its index. Goal: the manager's
 * "Your work" under 200 ms at p95 on SQLite. Each query is timed in alternating rounds with a
 * bare 25-row primary-key read of the same database (the baseline); the ratio is the median of
 * the per-round p50 ratios. FerretDB at 200 records in the manager's team (CASEFORMS_BENCH_FERRET_RECORDS
 * to change; 0 leaves it out): its SQLite backend scans a whole collection for nearly every
 * query, about half a second a query at that size on the shared machine, so only 10 runs each.
 * CASEFORMS_BENCH_WORKLIST_RECORDS changes the 20,000.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import type { TrackedAction } from '../../engine/actions/model.js';
import type { EngineContext } from '../../engine/context.js';
import { createEngine } from '../../engine/engine.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';
import { newId } from '../../engine/ids.js';
import { keysOf, teamKey, workerKey } from '../../engine/review/keys.js';
import type { ReviewStatus, Signature } from '../../engine/review/model.js';
import { myWork, teamActionCounts, type WorkAccount } from '../../engine/review/worklist.js';
import type { Store } from '../../engine/store/contract.js';
import { newEvent } from '../../engine/store/events.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { actionToDoc, submissionToDoc } from '../../engine/store/mongo/mapping.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import type { Submission } from '../../engine/submissions/model.js';
import { batchOf } from '../support/directory.js';
import { manyTeams, manyWorkers } from '../support/directory-rows.js';
import { withMongoServer } from './mongo-server.js';
import { fmt, median, percentile } from './measure.js';

const TEAMS = 5;
const FOCUS = 'T00';
const STAGE = 'manager-sign-off';

const account = (workerId: string) => `u-${workerId}`;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

interface Seed {
  submission: Submission;
  actions: TrackedAction[];
}

/** How the focus team's records are made, per hundred: the rest are complete (half through a stage) or have no stages. */
const MIX = { waitingForManager: 5, waitingForWorker: 1, returned: 1, drafts: 2 };

/**
 * A team's records: `records` of them by its practitioners (members[0] is its manager), and
 * `records / 4` open actions (a fifth overdue) and half as many done, spread over every member.
 */
function teamSeeds(team: string, members: string[], records: number, now: Date, today: string): Seed[] {
  const manager = members[0]!;
  const openTarget = Math.floor(records / 4);
  const doneTarget = Math.floor(records / 8);
  let k = 0;
  const out: Seed[] = [];
  for (let i = 0; i < records; i++) {
    const author = members[1 + (i % (members.length - 1))]!;
    const by = account(author);
    const created = new Date(now.getTime() - ((i * 7919) % 700) * 86_400_000 - (i % 3600) * 1000).toISOString();
    const slot = i % 100;
    let status: Submission['status'] = 'submitted';
    let review: ReviewStatus | undefined;
    let signatures: Signature[] | undefined;
    const submitted = { at: created, by, name: `Worker ${author}`, role: 'practitioner' as const, action: 'submitted' as const, revision: 1 };
    const base = { stage: STAGE, stageIndex: 0, arrivedAt: created, excluded: [by], history: [submitted], deliveryRevision: 0 };
    const due = addDays(today, (i % 21) - 10);
    let end = MIX.waitingForManager;
    if (slot < end) {
      // Line manager (the worker key) or any manager of the team (the team key).
      review = { state: 'waiting', ...base, dueOn: due, keys: [i % 2 ? teamKey('manager', team) : workerKey('manager', manager)] };
    } else if (slot < (end += MIX.waitingForWorker)) {
      const allocated = members[1 + ((i + 7) % (members.length - 1))]!;
      review = { state: 'waiting', ...base, stage: 'practitioner-response', dueOn: due, keys: [workerKey('practitioner', allocated)], excluded: [] };
    } else if (slot < (end += MIX.returned)) {
      status = 'draft';
      review = { state: 'returned', ...base, dueOn: due, keys: [], history: [submitted, { ...submitted, by: account(manager), role: 'manager', action: 'returned', stage: STAGE, reason: 'Please add the outcome of the visit.', revision: 2 }] };
    } else if (slot < (end += MIX.drafts)) {
      status = 'draft';
    } else if (slot < 55) {
      const signedAt = new Date(Date.parse(created) + 2 * 86_400_000).toISOString();
      review = { state: 'complete', ...base, keys: [], excluded: [], history: [submitted, { ...submitted, at: signedAt, by: account(manager), role: 'manager', action: 'signed', stage: STAGE, revision: 2 }], deliveryRevision: 1 };
      signatures = [{ id: newId(), stage: STAGE, stageName: 'Manager sign-off', by: account(manager), name: `Manager ${manager}`, role: 'manager', workerId: manager, at: signedAt, contentHash: `sha256:${'ab'.repeat(32)}`, revision: 1, statement: `Signed off at Manager sign-off by Manager ${manager}` }];
    }
    const id = newId();
    const childId = `C${team.slice(1)}${String(i % 3000).padStart(5, '0')}`;
    const complete = status === 'submitted' && (!review || review.state === 'complete');
    const actions: TrackedAction[] = [];
    if (complete && k < openTarget + doneTarget) {
      const owner = members[k % members.length]!;
      const open = k < openTarget;
      const createdAt = new Date(Date.parse(created) + 3 * 86_400_000).toISOString();
      actions.push({
        id: `${id}.1`,
        submissionId: id,
        formId: 'case-supervision',
        version: 1,
        childId,
        pointer: '/actions/0',
        text: 'Book the child protection review and tell the family.',
        ownerWorkerId: owner,
        ownerAccountId: account(owner),
        ownerName: `Worker ${owner}`,
        team,
        dueOn: open ? addDays(today, ((k * 37) % 100) - 20) : addDays(today, -((k % 300) + 1)),
        status: open ? 'open' : 'done',
        ...(open ? {} : { doneOn: addDays(today, -(k % 300)), note: 'Booked.' }),
        history: [{ at: createdAt, by: 'system', name: 'Caseforms', action: 'created' }],
        revision: open ? 1 : 2,
        createdAt,
        createdBy: 'system',
        updatedAt: createdAt,
        updatedBy: 'system',
      });
      k++;
    }
    out.push({
      submission: {
        id,
        formId: review ? 'case-supervision' : 'case-note',
        version: 1,
        status,
        subject: { childId },
        data: {
          meeting: { at: created, mode: 'in-person' },
          update: 'Seen at home with mum; bedroom checked; school attendance improving. '.repeat(8),
          actions: actions.map((a) => ({ action: a.text, owner: a.ownerWorkerId, dueDate: a.dueOn })),
        },
        revision: review?.history.length ?? 1,
        team,
        createdBy: by,
        createdAt: created,
        updatedBy: by,
        updatedAt: created,
        ...(status === 'submitted' ? { submittedBy: by, submittedAt: created } : {}),
        ...(review ? { review } : {}),
        ...(signatures ? { signatures } : {}),
      },
      actions,
    });
  }
  return out;
}

interface Population {
  seeds: Seed[];
  manager: WorkAccount;
  practitioner: WorkAccount;
}

/** The focus team with `records`, four others with a quarter each, interleaved as they would arrive. */
function population(records: number, now: Date): Population {
  const today = londonToday(now);
  const workers = manyWorkers(30 * TEAMS, TEAMS);
  const teams = manyTeams(TEAMS).map((t) => {
    const members = workers.filter((w) => w.team === t.id).map((w) => w.id);
    return teamSeeds(t.id, members, t.id === FOCUS ? records : Math.floor(records / 4), now, today);
  });
  const seeds: Seed[] = [];
  for (let i = 0; i < records; i++) for (const team of teams) if (i < team.length) seeds.push(team[i]!);
  return {
    seeds,
    // manyWorkers: the first worker of a team manages it; W0005 is one of its practitioners.
    manager: { id: account('W0000'), role: 'manager', team: FOCUS, workerId: 'W0000' },
    practitioner: { id: account('W0005'), role: 'practitioner', team: FOCUS, workerId: 'W0005' },
  };
}

/** Directory (teams, workers), then the records with their actions, each through createSubmission. */
async function load(store: Store, seeds: Seed[], now: Date): Promise<void> {
  const workers = manyWorkers(30 * TEAMS, TEAMS).map((w) => ({ ...w, active: true }));
  await store.applyDirectoryBatch(batchOf('teams', manyTeams(TEAMS)), newEvent(now, 'bench', 'directory.batch-applied', 'directory', 'teams'));
  await store.applyDirectoryBatch(batchOf('workers', workers), newEvent(now, 'bench', 'directory.batch-applied', 'directory', 'workers'));
  for (const { submission: s, actions } of seeds) {
    await store.createSubmission(s, {
      outbox: [],
      event: newEvent(new Date(s.createdAt), s.createdBy, s.status === 'draft' ? 'submission.created' : 'submission.submitted', 'submission', s.id),
      ...(actions.length ? { actions } : {}),
    });
  }
}

/**
 * The MongoDB store's own view documents (mapping.ts), written with insertMany: what its
 * createSubmission leaves in `submissions` and `actions`, which is all these queries read.
 */
async function bulkLoad(client: MongoClient, dbName: string, seeds: Seed[]): Promise<void> {
  const db = client.db(dbName);
  for (let i = 0; i < seeds.length; i += 1000) {
    const chunk = seeds.slice(i, i + 1000);
    await db.collection('submissions').insertMany(chunk.map((s, j) => submissionToDoc({ ...s.submission, reference: `CS-B${String(i + j).padStart(6, '0')}` }, 1)) as never[], { ordered: false });
    const actions = chunk.flatMap((s) => s.actions).map((a) => actionToDoc(a, 1));
    if (actions.length) await db.collection('actions').insertMany(actions as never[], { ordered: false });
  }
}

const actionCount = (seeds: Seed[]) => seeds.reduce((n, s) => n + s.actions.length, 0);

export interface Query {
  label: string;
  run: () => Promise<unknown>;
}

export interface Timed {
  label: string;
  p50: number;
  p95: number;
  /** Median over rounds of this query's p50 ÷ the baseline's p50 in the same round. */
  ratio: number;
}

/** `rounds` rounds of `perRound` runs of every query, the baseline first and last in turn; after `warm` runs each. */
export async function timeAll(baseline: Query, queries: Query[], rounds: number, perRound: number, warm = 20): Promise<Timed[]> {
  const all = [baseline, ...queries];
  for (const q of all) for (let i = 0; i < warm; i++) await q.run();
  const samples = new Map<Query, number[]>(all.map((q) => [q, []]));
  const ratios = new Map<Query, number[]>(queries.map((q) => [q, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...queries, baseline] : all;
    const round = new Map<Query, number[]>();
    for (const q of order) {
      const ms: number[] = [];
      for (let i = 0; i < perRound; i++) {
        const t = performance.now();
        await q.run();
        ms.push(performance.now() - t);
      }
      round.set(q, ms);
      samples.get(q)!.push(...ms);
    }
    const base = median(round.get(baseline)!);
    for (const q of queries) ratios.get(q)!.push(median(round.get(q)!) / base);
  }
  return all.map((q) => ({ label: q.label, p50: percentile(samples.get(q)!, 50), p95: percentile(samples.get(q)!, 95), ratio: q === baseline ? 1 : median(ratios.get(q)!) }));
}

export function table(log: (line: string) => void, rows: Timed[]): void {
  const width = Math.max(...rows.map((r) => r.label.length));
  log(`    ${'query'.padEnd(width)}  ${'p50 ms'.padStart(8)}  ${'p95 ms'.padStart(8)}  ${'ratio'.padStart(7)}`);
  for (const r of rows) log(`    ${r.label.padEnd(width)}  ${fmt(r.p50, 2).padStart(8)}  ${fmt(r.p95, 2).padStart(8)}  ${`${fmt(r.ratio, 1)}×`.padStart(7)}`);
}

/** What the store should answer about the loaded data, counted from the seeds. */
function expected(pop: Population): { managerWaiting: number; teamOpen: number; practitionerReturned: number } {
  const keys = new Set(keysOf(pop.manager));
  const reviews = pop.seeds.map((s) => s.submission);
  return {
    managerWaiting: reviews.filter((s) => s.review?.state === 'waiting' && s.review.keys.some((k) => keys.has(k))).length,
    teamOpen: pop.seeds.flatMap((s) => s.actions).filter((a) => a.status === 'open' && a.team === FOCUS).length,
    practitionerReturned: reviews.filter((s) => s.review?.state === 'returned' && s.createdBy === pop.practitioner.id).length,
  };
}

/** The queries "Your work" and the team views make, and what the manager sees (to show the data is as meant). */
async function queriesOf(ctx: EngineContext, pop: Population, log: (line: string) => void): Promise<Query[]> {
  const store = ctx.store;
  const today = londonToday(ctx.now());
  const team = FOCUS;
  const seen = await myWork(ctx, pop.manager);
  const own = await myWork(ctx, pop.practitioner);
  const counts = await teamActionCounts(ctx, team);
  const overdue = await store.countActions({ status: 'open', team, dueBefore: today });
  const open = counts.reduce((n, c) => n + c.open, 0);
  log(`    the manager sees ${fmt(seen.waiting.count)} records waiting for them and ${fmt(seen.actions.count)} own open actions; the team ${fmt(open)} open actions (${fmt(overdue)} overdue) over ${counts.length} workers`);
  log(`    the practitioner sees ${fmt(own.drafts.count)} drafts, ${fmt(own.returned.count)} returned, ${fmt(own.waiting.count)} waiting, ${fmt(own.actions.count)} open actions`);
  const want = expected(pop);
  const got = { managerWaiting: seen.waiting.count, teamOpen: open, practitionerReturned: own.returned.count };
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`The store answers ${JSON.stringify(got)} where the loaded data holds ${JSON.stringify(want)}.`);
  return [
    { label: "manager's myWork (Your work)", run: () => myWork(ctx, pop.manager) },
    { label: 'teamActionCounts', run: () => teamActionCounts(ctx, team) },
    { label: 'listReviewQueue waiting, team (25)', run: () => store.listReviewQueue({ state: 'waiting', team }, { limit: 25 }) },
    { label: 'countReviewQueue waiting, team', run: () => store.countReviewQueue({ state: 'waiting', team }) },
    { label: 'listActions open, team, overdue (25)', run: () => store.listActions({ status: 'open', team, dueBefore: today }, { limit: 25 }) },
    { label: 'countActions open, team, overdue', run: () => store.countActions({ status: 'open', team, dueBefore: today }) },
    { label: "practitioner's myWork", run: () => myWork(ctx, pop.practitioner) },
  ];
}

/** A bare read by primary key, not through the store, from a different record each run. */
function bareRead(label: string, ids: string[], read: (id: string) => unknown): Query {
  let n = 0;
  return { label, run: async () => read(ids[(n = (n * 7 + 13) % ids.length)]!) };
}

function goal(log: (line: string) => void, rows: Timed[]): void {
  const mine = rows.find((r) => r.label.startsWith("manager's myWork"))!;
  log(`    goal: the manager's "Your work" under 200 ms at p95 — ${fmt(mine.p95, 1)} ms: ${mine.p95 < 200 ? 'met' : 'NOT met'}`);
}

export async function benchWorklist(log: (line: string) => void): Promise<void> {
  const now = new Date();
  const records = Number(process.env.CASEFORMS_BENCH_WORKLIST_RECORDS ?? 20_000);
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-bench-work-'));
  try {
    const pop = population(records, now);
    // Loaded on a RAM disk (each createSubmission is its own fsync'd transaction: on this disk
    // 40,000 of them take minutes), then copied to a disk file and timed there.
    const ram = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/caseforms-bench-work-') : dir;
    const loading = join(ram, 'loading.sqlite');
    const t = performance.now();
    const loader = await openSqliteStore({ file: loading });
    await load(loader, pop.seeds, now);
    await loader.close();
    const loadMs = performance.now() - t;
    const file = join(dir, 'caseforms.sqlite');
    copyFileSync(loading, file);
    if (ram !== dir) rmSync(ram, { recursive: true, force: true });
    const store = await openSqliteStore({ file });
    log(`  SQLite: ${fmt(pop.seeds.length)} records (${fmt(records)} in the manager's team) and ${fmt(actionCount(pop.seeds))} actions loaded through the store's createSubmission in ${fmt(loadMs / 1000, 1)} s${ram !== dir ? ' (on a RAM disk; timed on a disk copy)' : ''}`);
    const ctx = createEngine({ store });
    const queries = await queriesOf(ctx, pop, log);
    const bare = new Database(file, { readonly: true });
    const page = bare.prepare('SELECT doc FROM submissions WHERE id >= ? ORDER BY id LIMIT 25');
    const baseline = bareRead('baseline: bare 25-row read by id', pop.seeds.map((s) => s.submission.id), (from) => page.all(from));
    const rows = await timeAll(baseline, queries, 5, 40);
    log('    (200 runs each in 5 alternating rounds after 20 warm-up runs; ratio = p50 ÷ the baseline\'s p50 in the same round, median of rounds)');
    table(log, rows);
    goal(log, rows);
    bare.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const size = Number(process.env.CASEFORMS_BENCH_FERRET_RECORDS ?? 200);
  if (!size) return;
  await withMongoServer(log, async ({ uri, name, external }) => {
    const dbName = `bench_work_${Date.now()}`;
    const pop = population(size, now);
    const store = await openMongoStore({ uri, dbName });
    const client = new MongoClient(uri);
    // About 50 ms a createSubmission on FerretDB, growing with the collection (every write of its
    // SQLite backend scans it): the first 50 records go through the store, the rest as its documents.
    const t = performance.now();
    const through = Math.min(50, pop.seeds.length);
    await load(store, pop.seeds.slice(0, through), now);
    await bulkLoad(client, dbName, pop.seeds.slice(through));
    const loadMs = performance.now() - t;
    log(`  ${name}: ${fmt(pop.seeds.length)} records (${fmt(size)} in the manager's team, not ${fmt(records)}) and ${fmt(actionCount(pop.seeds))} actions loaded in ${fmt(loadMs / 1000, 1)} s (${through} through createSubmission, the rest as the store's documents by insertMany)`);
    const ctx = createEngine({ store });
    const queries = await queriesOf(ctx, pop, log);
    const coll = client.db(dbName).collection<{ _id: string }>('submissions');
    // The one read FerretDB's SQLite backend answers from an index; a 25-document page by _id it scans.
    const baseline = bareRead('baseline: bare findOne by _id', pop.seeds.map((s) => s.submission.id), (id) => coll.findOne({ _id: id }));
    const rows = await timeAll(baseline, queries, 5, 2, 1);
    log('    (10 runs each in 5 alternating rounds after 1 warm-up run, so p95 is about the slowest; ratio as above)');
    if (!external) log(`    FerretDB 1.24 on SQLite reads every document of a collection for these queries (only a find by _id uses an index), so they grow in step with the data: expect roughly ${fmt(records / size)}× these at ${fmt(records)} records.`);
    table(log, rows);
    await client.close();
    await store.close();
  });
}
