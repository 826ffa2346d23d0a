/**
 * Growth with volume (issue 17 §1, §4): the same questions asked of one SQLite store holding
 * 1,000, then 10,000, then 100,000 records, and the ratio of each p95 at 100,000 to its p95 at
 * 1,000 (goal ≤ 1.5 for list, filter and page: costs flat as records grow).
 *
 * The population: 30 workers in 5 teams, 2,000 children allocated across them (a council's
 * caseload stays about the same size while its records pile up), each record about a child,
 * written by the child's allocated worker four times in five and by anyone else otherwise.
 * The first 360 records of every size are the same (see HISTORY), so each question has a full page
 * to return at every size. The records are written as the store's own rows in one transaction
 * (dashboards.ts bulkLoadSqlite); the reader's reach comes from the directory as a request's would.
 * Each query is the store call a request makes after working out the reach (directory/access.ts).
 *
 * Each size is a store of its own (its own file), and the sizes are measured in turn, round after
 * round (1k, 10k, 100k, 1k, 10k, 100k…; each store opened for its turn and closed after it, so only
 * one is open at a time): a spell of load from elsewhere on the machine falls on every size alike
 * rather than on whichever was measured then. Each figure is the median over the rounds of that
 * round's p95, and the ratio is taken of those medians; the spread of the ratio across rounds is
 * printed beside it. CASEFORMS_BENCH_GROWTH_SIZES changes the sizes (comma-separated),
 * CASEFORMS_BENCH_GROWTH_ROUNDS the rounds (default 5).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineContext } from '../../engine/context.js';
import { readerFor, type Reader, type ReaderAccount } from '../../engine/directory/access.js';
import { newId } from '../../engine/ids.js';
import type { Store, SubmissionQuery } from '../../engine/store/contract.js';
import { newEvent } from '../../engine/store/events.js';
import { cursor } from '../../engine/store/messages.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import type { Submission } from '../../engine/submissions/model.js';
import { batchOf } from '../support/directory.js';
import { manyChildren, manyTeams, manyWorkers } from '../support/directory-rows.js';
import { bulkLoadSqlite } from './dashboards.js';
import { fmt, median, percentile } from './measure.js';

const WORKERS = 30;
const TEAMS = 5;
const CHILDREN = 2000;
const FORMS = ['case-supervision', 'home-visit', 'assessment'];
/** W0006 (team T01, managed by W0001). W0000 has left (directory-rows marks every 97th inactive). */
export const PRACTITIONER: ReaderAccount = { id: 'u-W0006', role: 'practitioner', team: 'T01', workerId: 'W0006' };
export const MANAGER: ReaderAccount = { id: 'u-W0001', role: 'manager', team: 'T01', workerId: 'W0001' };
const workerId = (i: number) => `W${String(i).padStart(4, '0')}`;
const childId = (i: number) => `C${String(i).padStart(7, '0')}`;

/** A fraction spread evenly over [0, 1) as n grows (the same every run). */
const spread = (n: number, step: number) => (n * step) % 1;

/**
 * The first records of every size, the same at each: a child with a long history (120 records
 * about child 36, allocated to the practitioner, all submitted), a team's drafts of one form (120
 * by W0011 of T01, the manager's team) and the practitioner's own early records (120). So each
 * filter and later page asked below has a full page to return at 1,000 records as at 100,000 —
 * the same work — and a ratio measures what the size of the store costs, not a fuller page.
 */
const HISTORY = 360;

/** The `n`th record (same every run): about a child, by its allocated worker 4 times in 5 and anyone else otherwise. */
export function record(n: number, base: number): Submission {
  const fixed = n < HISTORY ? n % 3 : -1;
  const child = fixed === 0 ? 36 : Math.floor(spread(n, 0.6180339887) * CHILDREN);
  const author = fixed === 0 || fixed === 2 ? 6 : fixed === 1 ? 11 : spread(n, 0.7548776662) < 0.2 ? Math.floor(spread(n, 0.5698402910) * WORKERS) : child % WORKERS;
  const at = new Date(base + n * 60_000).toISOString();
  const submitted = fixed === 0 ? true : fixed === 1 ? false : n % 10 < 7;
  return {
    id: newId(),
    formId: fixed === 1 ? FORMS[1]! : FORMS[n % FORMS.length]!,
    version: 1,
    status: submitted ? 'submitted' : 'draft',
    subject: { childId: childId(child), workerId: workerId(author) },
    data: { note: `Visit ${n}: seen at home with mum; bedroom checked.`, outcome: n % 3 ? 'ongoing' : 'closed' },
    revision: submitted ? 2 : 1,
    team: `T${String(author % TEAMS).padStart(2, '0')}`,
    createdBy: `u-${workerId(author)}`,
    createdAt: at,
    updatedBy: `u-${workerId(author)}`,
    updatedAt: at,
    ...(submitted ? { submittedBy: `u-${workerId(author)}`, submittedAt: at } : {}),
  };
}

/** p95 (ms) of `runs` calls, after a few unmeasured ones. */
async function p95(fn: () => Promise<unknown>, runs: number): Promise<number> {
  for (let i = 0; i < Math.min(50, runs); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return percentile(times, 95);
}

type Row = { name: string; ms: number[] };

/** The figures the goal holds to: list, filter and page costs flat from 1k to 100k (≤ 1.5×). */
const FLAT_GOAL = /^(list|filter|page 50):/;

/** One round's p95 (ms) of each question of one store, and its RSS at rest; `n` numbers the records it submits. */
export async function measure(store: Store, n: number, ids: string[], base: number): Promise<Map<string, number>> {
  const ctx = { store } as unknown as EngineContext;
  const practitioner: Reader = await readerFor(ctx, PRACTITIONER);
  const manager: Reader = await readerFor(ctx, MANAGER);
  const list = (r: Reader, q: SubmissionQuery, page: { limit: number; order: 'newest' | 'oldest'; cursor?: string }) => store.listSubmissions(r.narrow(q)!, page);
  // A child allocated to the practitioner (W0006: children 6, 36, 66, …).
  const myChild = childId(36);
  // A later page: the practitioner's list from the middle of the store's history on.
  const middle = cursor.encode(ids[Math.floor(ids.length / 2)]!, 'newest');
  const out = new Map<string, number>();
  const runs = 100;
  out.set("list: a practitioner's first page (50, newest first)", await p95(() => list(practitioner, {}, { limit: 50, order: 'newest' }), runs));
  out.set("list: a manager's team list (50, newest first)", await p95(() => list(manager, {}, { limit: 50, order: 'newest' }), runs));
  out.set('list: an integrator (everything, 50)', await p95(() => store.listSubmissions({}, { limit: 50, order: 'newest' }), runs));
  out.set('filter: practitioner, by child, submitted', await p95(() => list(practitioner, { childId: myChild, status: 'submitted' }, { limit: 50, order: 'newest' }), runs));
  out.set('filter: manager, one form, drafts', await p95(() => list(manager, { formId: FORMS[1], status: 'draft' }, { limit: 50, order: 'newest' }), runs));
  out.set('page 50: practitioner, a later page (from mid-history)', await p95(() => list(practitioner, {}, { limit: 50, order: 'newest', cursor: middle }), runs));
  out.set('page 50: manager, a later page (from mid-history)', await p95(() => list(manager, {}, { limit: 50, order: 'newest', cursor: middle }), runs));
  let k = 0;
  out.set('one record by id', await p95(() => store.getSubmission(ids[(k++ * 7919) % ids.length]!), 300));
  // Export reads a form's records 500 at a time (submissions/export.ts); 2,000 of them (fewer at 1k).
  out.set('export: 2,000 records of a form, pages of 500', await p95(async () => {
    let next: string | undefined;
    for (let read = 0; read < 2000; read += 500) {
      const page = await store.listSubmissions({ formId: FORMS[0] }, { limit: 500, ...(next ? { cursor: next } : {}) });
      if (!page.next) break;
      next = page.next;
    }
  }, 8));
  // A few per round: the smallest store grows by a few per cent over the rounds.
  out.set('submit (a new submitted record, with its event)', await p95(async () => {
    const s = record(n++, base);
    await store.createSubmission(s, { outbox: [], event: newEvent(new Date(), s.createdBy, 'submission.created', 'submission', s.id) });
  }, 20));
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 200));
  out.set('RSS at rest (MB)', process.memoryUsage().rss / 1e6);
  return out;
}

export async function benchGrowth(log: (line: string) => void): Promise<void> {
  const sizes = (process.env.CASEFORMS_BENCH_GROWTH_SIZES ?? '1000,10000,100000').split(',').map(Number);
  const rounds = Number(process.env.CASEFORMS_BENCH_GROWTH_ROUNDS ?? 5);
  const dir = mkdtempSync(join(process.env.CASEFORMS_BENCH_DIR ?? tmpdir(), 'caseforms-growth-'));
  const base = Date.parse('2024-01-01T00:00:00Z');
  try {
    const stores: Array<{ size: number; file: string; ids: string[]; rounds: Array<Map<string, number>> }> = [];
    for (const size of sizes) {
      const file = join(dir, `caseforms-${size}.sqlite`);
      const t = performance.now();
      const store = await openSqliteStore({ file });
      for (const [kind, rows] of [['teams', manyTeams(TEAMS)], ['workers', manyWorkers(WORKERS, TEAMS)], ['children', manyChildren(CHILDREN, { workers: WORKERS, teams: TEAMS })]] as const) {
        const batch = batchOf(kind, rows);
        await store.applyDirectoryBatch(batch, newEvent(new Date(), 'bench', 'directory.batch-applied', 'directory', kind, { key: batch.key }));
      }
      await store.close();
      const seeds = Array.from({ length: size }, (_, i) => record(i, base));
      bulkLoadSqlite(file, seeds.map((submission) => ({ submission, actions: [] })));
      stores.push({ size, file, ids: seeds.map((s) => s.id), rounds: [] });
      log(`  ${fmt(size)} records: loaded in ${fmt((performance.now() - t) / 1000, 1)} s`);
    }
    for (let round = 0; round < rounds; round++) {
      for (const s of stores) {
        const store = await openSqliteStore({ file: s.file });
        try {
          s.rounds.push(await measure(store, s.size * 10 + round * 1000, s.ids, base));
        } finally {
          await store.close();
        }
      }
      log(`  round ${round + 1} of ${rounds} measured`);
    }
    const names = [...stores[0]!.rounds[0]!.keys()];
    const med = (s: (typeof stores)[number], name: string) => median(s.rounds.map((r) => r.get(name)!));
    const first = stores[0]!;
    const last = stores.at(-1)!;
    const width = Math.max(...names.map((n) => n.length));
    log(`  median of ${rounds} rounds' p95, ms (RSS in MB)${' '.repeat(Math.max(0, width - 39))}${stores.map((s) => fmt(s.size).padStart(10)).join('')}   ${fmt(last.size)} ÷ ${fmt(first.size)} (rounds' spread)`);
    for (const name of names) {
      const figures = stores.map((s) => med(s, name));
      const ratio = figures.at(-1)! / figures[0]!;
      const perRound = first.rounds.map((r, i) => last.rounds[i]!.get(name)! / r.get(name)!).sort((a, b) => a - b);
      const goal = FLAT_GOAL.test(name) ? (ratio <= 1.5 ? '  goal ≤ 1.5: met' : '  goal ≤ 1.5: NOT met') : '';
      log(`  ${name.padEnd(width)}${figures.map((v) => fmt(v, v < 10 ? 2 : 1).padStart(10)).join('')}   ${fmt(ratio, 2)}× (${fmt(perRound[0]!, 2)}–${fmt(perRound.at(-1)!, 2)})${goal}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
