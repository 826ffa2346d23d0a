/**
 * The dashboards' counts at scale (issue 15): 100,000 records of four forms (case supervision,
 * case file audit with grades, return to work with a due date and trigger points, case notes),
 * every completed one stamped with its timeliness, 20,000 tracked actions (open, done with days
 * to close, cancelled) and 10,000 children in 20 teams. Each count a dashboard makes (Store.tally,
 * Store.listChildren) is timed in alternating rounds with the same aggregate written by hand as
 * one bare SQL query on the same database; the ratio is the median of the per-round p50 ratios.
 * Goal: every dashboard count under 500 ms at p95 on SQLite. FerretDB at 500 records (100
 * actions, 125 children; CASEFORMS_BENCH_FERRET_DASH_RECORDS to change, 0 leaves it out), whose
 * SQLite backend reads a whole collection for every aggregate, against the same pipeline sent
 * bare through the driver. CASEFORMS_BENCH_DASH_RECORDS changes the 100,000 (actions and
 * children keep their proportions).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient, type Document } from 'mongodb';
import type { TrackedAction } from '../../engine/actions/model.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';
import { newId } from '../../engine/ids.js';
import type { Store } from '../../engine/store/contract.js';
import { newEvent } from '../../engine/store/events.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { actionToDoc, submissionToDoc } from '../../engine/store/mongo/mapping.js';
import { tallyPipeline } from '../../engine/store/mongo/tally.js';
import { insertAction } from '../../engine/store/sqlite/actions.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import type { Submission } from '../../engine/submissions/model.js';
import type { TallyQuery } from '../../engine/timeliness/model.js';
import { batchOf } from '../support/directory.js';
import { manyChildren } from '../support/directory-rows.js';
import { withMongoServer } from './mongo-server.js';
import { fmt } from './measure.js';
import { table, timeAll, type Query, type Timed } from './worklist.js';

const TEAMS = 20;
const SUP = 'case-supervision';
const AUDIT = 'case-file-audit';
const RTW = 'return-to-work';
const NOTE = 'case-note';
const GRADES = ['outstanding', 'good', 'good', 'requires-improvement', 'requires-improvement', 'inadequate'];
const DAY = 86_400_000;

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(7, '0');

interface Seed {
  submission: Submission;
  actions: TrackedAction[];
}

interface Population {
  seeds: Seed[];
  children: number;
  actions: number;
}

/** Records spread over two years, one in 13 a draft; the first `actions` completed supervisions raise one action each. */
function population(records: number, actions: number, children: number, now: Date): Population {
  const today = londonToday(now);
  const seeds: Seed[] = [];
  let k = 0;
  for (let i = 0; i < records; i++) {
    const slot = i % 20;
    const formId = slot < 8 ? SUP : slot < 11 ? AUDIT : slot < 13 ? RTW : NOTE;
    // Every form reaches every team.
    const c = (i * 7 + Math.floor(i / 20)) % children;
    const childId = `C${pad(c)}`;
    const team = `T${String(c % TEAMS).padStart(2, '0')}`;
    const created = new Date(now.getTime() - ((i * 7919) % 730) * DAY - (i % 3600) * 1000).toISOString();
    const draft = i % 13 === 0;
    // The UTC day: near enough to the London one for counting, and far cheaper to make 100,000 times.
    const startDay = created.slice(0, 10);
    const days = i % 9;
    const doneOn = addDays(startDay, days);
    const data: Record<string, unknown> = { update: 'Seen at home with mum; bedroom checked; school attendance improving. '.repeat(6) };
    if (formId === AUDIT) {
      data.overall = { grade: GRADES[i % GRADES.length] };
      data.domains = Object.fromEntries(Array.from({ length: 12 }, (_, d) => [`d${d + 1}`, { grade: GRADES[(i + d) % GRADES.length] }]));
      if (i % 3 === 0) data.moderation = { moderatedGrade: GRADES[(i + (i % 2)) % GRADES.length] };
    }
    if (formId === RTW) data.triggers = { triggerMet: i % 5 === 0 };
    const dueOn = formId === RTW ? addDays(startDay, 3) : undefined;
    const by = `u-W${String(i % 200).padStart(4, '0')}`;
    const id = newId();
    const submission: Submission = {
      id,
      formId,
      version: 1,
      status: draft ? 'draft' : 'submitted',
      subject: { childId },
      data,
      revision: 1,
      team,
      createdBy: by,
      createdAt: created,
      updatedBy: by,
      updatedAt: created,
      ...(draft
        ? {}
        : {
            submittedBy: by,
            submittedAt: created,
            timeliness: { doneOn, month: doneOn.slice(0, 7), completedAt: `${doneOn}T15:00:00.000Z`, daysToComplete: days, ...(dueOn ? { dueOn, onTime: doneOn <= dueOn } : {}) },
          }),
    };
    const raised: TrackedAction[] = [];
    if (!draft && formId === SUP && k < actions) {
      const state = k % 10 < 3 ? 'open' : k % 10 < 9 ? 'done' : 'cancelled';
      const createdAt = new Date(Date.parse(created) + DAY).toISOString();
      const made = createdAt.slice(0, 10);
      const toClose = (k * 13) % 60;
      raised.push({
        id: `${id}.1`,
        submissionId: id,
        formId,
        version: 1,
        childId,
        pointer: '/actions/0',
        text: 'Book the child protection review and tell the family.',
        ownerWorkerId: `W${String(k % 200).padStart(4, '0')}`,
        ownerAccountId: `u-W${String(k % 200).padStart(4, '0')}`,
        team,
        dueOn: state === 'open' ? addDays(today, ((k * 37) % 100) - 40) : addDays(made, 20),
        status: state,
        ...(state === 'done' ? { doneOn: addDays(made, toClose), daysToClose: toClose, note: 'Booked.' } : {}),
        ...(state === 'cancelled' ? { reason: 'No longer needed.' } : {}),
        history: [{ at: createdAt, by: 'system', name: 'Caseforms', action: 'created' }],
        revision: state === 'open' ? 1 : 2,
        createdAt,
        createdBy: 'system',
        updatedAt: createdAt,
        updatedBy: 'system',
      });
      k++;
    }
    seeds.push({ submission, actions: raised });
  }
  return { seeds, children, actions: k };
}

/** The directory's children, then the records with their actions through createSubmission, `chunk` at a time (one transaction each on SQLite). */
async function load(store: Store, pop: Population, now: Date, chunk = 500): Promise<void> {
  const batch = batchOf('children', manyChildren(pop.children, { teams: TEAMS, workers: 200 }));
  await store.applyDirectoryBatch(batch, newEvent(now, 'bench', 'directory.batch-applied', 'directory', 'children'));
  for (let i = 0; i < pop.seeds.length; i += chunk) {
    await Promise.all(
      pop.seeds.slice(i, i + chunk).map(({ submission: s, actions }) =>
        store.createSubmission(s, { outbox: [], event: newEvent(new Date(s.createdAt), s.createdBy, 'submission.created', 'submission', s.id), ...(actions.length ? { actions } : {}) }),
      ),
    );
  }
}

/**
 * The SQLite store's own rows (as its createSubmission writes them, without the events and
 * reference counters no count reads), in one transaction: through the store, 100,000 records
 * take minutes on this machine, most of them in the store's per-record bookkeeping.
 */
function bulkLoadSqlite(file: string, seeds: Seed[]): void {
  const db = new Database(file);
  // Indexes built once afterwards rather than row by row: the same indexes, in a fraction of the time.
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('submissions', 'actions') AND sql IS NOT NULL`).all() as Array<{ name: string; sql: string }>;
  for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
  const row = db.prepare(
    `INSERT INTO submissions (id, form_id, version, status, child_id, created_by, submitted_by, team, created_at, revision, submit_seq, reference, review_state, review_due, doc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)`,
  );
  const action = db.prepare(insertAction.sql);
  db.transaction(() => {
    seeds.forEach(({ submission: s, actions }, i) => {
      const stored: Submission = { ...s, reference: `CS-B${String(i).padStart(6, '0')}`, ...(s.status === 'submitted' ? { submitSeq: 1_000_000 + i } : {}) };
      row.run(s.id, s.formId, s.version, s.status, s.subject.childId ?? null, s.createdBy, s.submittedBy ?? null, s.team ?? null, s.createdAt, s.revision, stored.submitSeq ?? null, stored.reference, JSON.stringify(stored));
      for (const a of actions) action.run(...insertAction.params(a));
    });
  })();
  for (const i of indexes) db.exec(i.sql);
  db.close();
}

/** The months of the last year, as [first day, first day of the next]. */
function lastMonths(today: string, n: number): Array<[string, string]> {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const start = new Date(Date.UTC(y, m - 1 - (n - 1 - i), 1));
    const end = new Date(Date.UTC(y, m - (n - 1 - i), 1));
    return [start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)];
  });
}

interface Dashboard {
  label: string;
  /** What the dashboards ask the store. */
  store: (s: Store) => Promise<unknown>;
  /** The same aggregate as one bare SQL query. */
  sql: { text: string; params: unknown[] };
  /** The same as a bare pipeline (or pipelines) for MongoDB. */
  mongo: Array<{ collection: string; pipeline: Document[] }>;
  /** Many counts at once: timed fewer times on FerretDB, where each reads the whole collection. */
  heavy?: boolean;
}

/** The counts each dashboard makes, for a manager of team T03 and for all teams. */
function dashboards(now: Date): Dashboard[] {
  const today = londonToday(now);
  const cutoff = addDays(today, -28);
  // Dashboards show a year unless asked for more (the data spans two).
  const since = addDays(today, -365).slice(0, 7);
  const team = 'T03';
  const months = lastMonths(today, 12);
  const q = (query: TallyQuery) => ({ query, run: (s: Store) => s.tally(query) });
  const bare = (query: TallyQuery) => [{ collection: query.source, pipeline: tallyPipeline(query) }];

  const seen = q({ source: 'submissions', by: ['subject.childId'], where: [{ field: 'formId', op: 'eq', value: SUP }, { field: 'timeliness.doneOn', op: 'gte', value: cutoff }] });
  const trend = q({ source: 'submissions', by: ['timeliness.month'], where: [{ field: 'formId', op: 'eq', value: SUP }, { field: 'status', op: 'eq', value: 'submitted' }, { field: 'timeliness.month', op: 'gte', value: since }] });
  const teamTrend = q({ source: 'submissions', by: ['timeliness.month'], where: [{ field: 'formId', op: 'eq', value: SUP }, { field: 'team', op: 'eq', value: team }, { field: 'timeliness.month', op: 'gte', value: since }] });
  const open = q({ source: 'actions', by: ['team'], where: [{ field: 'status', op: 'eq', value: 'open' }] });
  const overdue = q({ source: 'actions', by: ['team'], where: [{ field: 'status', op: 'eq', value: 'open' }, { field: 'dueOn', op: 'lt', value: today }] });
  const toClose = q({ source: 'actions', by: ['team', 'daysToClose'], where: [{ field: 'status', op: 'eq', value: 'done' }] });
  const inYear = { field: 'timeliness.month', op: 'gte', value: since } as const;
  const grades = q({ source: 'submissions', by: ['timeliness.month', 'data.overall.grade'], where: [{ field: 'formId', op: 'eq', value: AUDIT }, { field: 'status', op: 'eq', value: 'submitted' }, inYear] });
  const agreement = q({ source: 'submissions', by: ['data.overall.grade', 'data.moderation.moderatedGrade'], where: [{ field: 'formId', op: 'eq', value: AUDIT }, { field: 'status', op: 'eq', value: 'submitted' }, inYear, { field: 'data.moderation.moderatedGrade', op: 'exists', value: true }] });
  const rtw = q({ source: 'submissions', by: ['timeliness.month', 'timeliness.onTime', 'data.triggers.triggerMet'], where: [{ field: 'formId', op: 'eq', value: RTW }, { field: 'status', op: 'eq', value: 'submitted' }, inYear] });
  const started = months.map(([from, to]) => q({ source: 'submissions', by: ['formId', 'status'], where: [{ field: 'createdAt', op: 'gte', value: from }, { field: 'createdAt', op: 'lt', value: to }] }));

  return [
    {
      label: 'supervision: children seen since a cutoff, per child',
      store: seen.run,
      sql: { text: `SELECT child_id, count(*) FROM submissions WHERE form_id = ? AND json_extract(doc, '$.timeliness.doneOn') >= ? GROUP BY child_id`, params: [SUP, cutoff] },
      mongo: bare(seen.query),
    },
    {
      label: 'supervision: a team’s children (listChildren, pages of 500)',
      store: async (s) => {
        let after: string | undefined;
        do after = (await s.listChildren({ teams: [team] }, { limit: 500, ...(after ? { after } : {}) })).next ?? undefined;
        while (after);
      },
      sql: { text: 'SELECT doc, updated_at FROM directory_children WHERE team = ? ORDER BY id', params: [team] },
      mongo: [],
    },
    {
      label: 'supervision: trend by month (a year)',
      store: trend.run,
      sql: { text: `SELECT json_extract(doc, '$.timeliness.month') AS m, count(*) FROM submissions WHERE form_id = ? AND status = 'submitted' AND m >= ? GROUP BY m`, params: [SUP, since] },
      mongo: bare(trend.query),
    },
    {
      label: 'supervision: one team’s trend by month',
      store: teamTrend.run,
      sql: { text: `SELECT json_extract(doc, '$.timeliness.month') AS m, count(*) FROM submissions WHERE form_id = ? AND team = ? AND m >= ? GROUP BY m`, params: [SUP, team, since] },
      mongo: bare(teamTrend.query),
    },
    {
      label: 'actions: open and overdue per team (2 counts)',
      store: (s) => Promise.all([open.run(s), overdue.run(s)]),
      sql: { text: `SELECT team, count(*), sum(due_on < ?) FROM actions WHERE status = 'open' GROUP BY team`, params: [today] },
      mongo: [...bare(open.query), ...bare(overdue.query)],
    },
    {
      label: 'actions: days to close per team (histogram)',
      store: toClose.run,
      sql: { text: `SELECT team, json_extract(doc, '$.daysToClose') AS d, count(*) FROM actions WHERE status = 'done' GROUP BY team, d`, params: [] },
      mongo: bare(toClose.query),
    },
    {
      label: 'audits: overall grade by month (a year)',
      store: grades.run,
      sql: { text: `SELECT json_extract(doc, '$.timeliness.month') AS m, json_extract(doc, '$.data.overall.grade') AS g, count(*) FROM submissions WHERE form_id = ? AND status = 'submitted' AND m >= ? GROUP BY m, g`, params: [AUDIT, since] },
      mongo: bare(grades.query),
    },
    {
      label: 'audits: moderation agreement (grade pairs, a year)',
      store: agreement.run,
      sql: { text: `SELECT json_extract(doc, '$.data.overall.grade') AS a, json_extract(doc, '$.data.moderation.moderatedGrade') AS b, count(*) FROM submissions WHERE form_id = ? AND status = 'submitted' AND json_extract(doc, '$.timeliness.month') >= ? AND b IS NOT NULL GROUP BY a, b`, params: [AUDIT, since] },
      mongo: bare(agreement.query),
    },
    {
      label: 'return to work: on time, triggers met by month (a year)',
      store: rtw.run,
      sql: { text: `SELECT json_extract(doc, '$.timeliness.month') AS m, json_extract(doc, '$.timeliness.onTime') AS o, json_extract(doc, '$.data.triggers.triggerMet') AS t, count(*) FROM submissions WHERE form_id = ? AND status = 'submitted' AND m >= ? GROUP BY m, o, t`, params: [RTW, since] },
      mongo: bare(rtw.query),
    },
    {
      label: 'forms: drafts started vs submitted by month (12 counts)',
      store: (s) => Promise.all(started.map((m) => m.run(s))),
      sql: { text: `SELECT substr(created_at, 1, 7) AS m, form_id, status, count(*) FROM submissions WHERE created_at >= ? AND created_at < ? GROUP BY m, form_id, status`, params: [months[0]![0], months.at(-1)![1]] },
      // No expression takes a month from a date on FerretDB: its bare query is the 12 groups too.
      mongo: started.flatMap((m) => bare(m.query)),
      heavy: true,
    },
  ];
}

function goal(log: (line: string) => void, rows: Timed[], limitMs: number): void {
  const ours = rows.filter((r) => !r.label.trim().startsWith('bare'));
  const slow = ours.filter((r) => r.p95 >= limitMs);
  const worst = ours.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  log(`    goal: every dashboard count under ${limitMs} ms at p95 — slowest ${fmt(worst.p95, 1)} ms (${worst.label}): ${slow.length ? `NOT met (${slow.map((r) => r.label).join('; ')})` : 'met'}`);
}

type Runs = { rounds: number; perRound: number; warm: number };

/** Timed in pairs: each dashboard count against its own bare query, in alternating rounds. */
async function timePairs(pairs: Array<{ label: string; bare: Query; ours: Query; runs: Runs }>): Promise<Timed[]> {
  const rows: Timed[] = [];
  for (const p of pairs) {
    const [base, ours] = await timeAll(p.bare, [p.ours], p.runs.rounds, p.runs.perRound, p.runs.warm);
    rows.push({ ...ours!, label: p.label }, { ...base!, label: '  bare query' });
  }
  return rows;
}

export async function benchDashboards(log: (line: string) => void): Promise<void> {
  const now = new Date();
  const records = Number(process.env.CASEFORMS_BENCH_DASH_RECORDS ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-bench-dash-'));
  const boards = dashboards(now);
  try {
    const built = performance.now();
    const pop = population(records, records / 5, records / 10, now);
    log(`  (the data made in ${fmt((performance.now() - built) / 1000, 1)} s)`);
    // Loaded on a RAM disk, then copied to a disk file and timed there.
    const ram = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/caseforms-bench-dash-') : dir;
    const loading = join(ram, 'loading.sqlite');
    const t = performance.now();
    const loader = await openSqliteStore({ file: loading });
    const through = 1000;
    await load(loader, { ...pop, seeds: pop.seeds.slice(0, through) }, now);
    await loader.close();
    const storeMs = performance.now() - t;
    bulkLoadSqlite(loading, pop.seeds.slice(through));
    const loadMs = performance.now() - t;
    const file = join(dir, 'caseforms.sqlite');
    copyFileSync(loading, file);
    if (ram !== dir) rmSync(ram, { recursive: true, force: true });
    log(`  SQLite: ${fmt(pop.seeds.length)} records (4 forms), ${fmt(pop.actions)} actions and ${fmt(pop.children)} children in ${TEAMS} teams, loaded in ${fmt(loadMs / 1000, 1)} s (the directory and ${fmt(through)} records through the store in ${fmt(storeMs / 1000, 1)} s, the rest as its rows in one transaction${ram !== dir ? '; on a RAM disk, timed on a disk copy' : ''})`);
    const store = await openSqliteStore({ file });
    const db = new Database(file, { readonly: true });
    // The data is as meant: the store's count of open actions per team is the bare query's.
    const mine = (await store.tally({ source: 'actions', by: ['team'], where: [{ field: 'status', op: 'eq', value: 'open' }] })).map((r) => [r.key[0], r.count]);
    const theirs = (db.prepare(`SELECT team, count(*) FROM actions WHERE status = 'open' GROUP BY team ORDER BY team`).raw().all() as unknown[][]).map((r) => [r[0], r[1]]);
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) throw new Error(`The store counts ${JSON.stringify(mine)} where the bare query counts ${JSON.stringify(theirs)}.`);
    const pairs = boards.map((b) => {
      const stmt = db.prepare(b.sql.text);
      return { label: b.label, ours: { label: b.label, run: () => b.store(store) }, bare: { label: 'bare', run: async () => stmt.all(...b.sql.params) }, runs: { rounds: 4, perRound: 5, warm: 2 } };
    });
    const rows = await timePairs(pairs);
    log('    (20 runs each in 4 rounds alternating with the same aggregate as one bare SQL query; ratio = p50 ÷ the bare query\'s p50 in the same round, median of rounds)');
    table(log, rows);
    goal(log, rows, 500);
    db.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const size = Number(process.env.CASEFORMS_BENCH_FERRET_DASH_RECORDS ?? 500);
  if (!size) return;
  await withMongoServer(log, async ({ uri, name, external }) => {
    const dbName = `bench_dash_${Date.now()}`;
    const pop = population(size, size / 5, size / 4, now);
    const store = await openMongoStore({ uri, dbName });
    const client = new MongoClient(uri);
    const t = performance.now();
    // The directory and 50 records through the store, the rest as the store's documents by insertMany.
    await load(store, { ...pop, seeds: pop.seeds.slice(0, 50) }, now, 10);
    const db = client.db(dbName);
    const rest = pop.seeds.slice(50);
    for (let i = 0; i < rest.length; i += 1000) {
      const chunk = rest.slice(i, i + 1000);
      await db.collection('submissions').insertMany(chunk.map((s) => submissionToDoc(s.submission, 1)) as never[], { ordered: false });
      const actions = chunk.flatMap((s) => s.actions).map((a) => actionToDoc(a, 1));
      if (actions.length) await db.collection('actions').insertMany(actions as never[], { ordered: false });
    }
    log(`  ${name}: ${fmt(pop.seeds.length)} records, ${fmt(pop.actions)} actions and ${fmt(pop.children)} children (not ${fmt(records)}), loaded in ${fmt((performance.now() - t) / 1000, 1)} s (50 records through createSubmission, the rest as the store's documents by insertMany)`);
    const pairs = boards
      .filter((b) => b.mongo.length)
      .map((b) => ({
        label: b.label,
        ours: { label: b.label, run: () => b.store(store) },
        bare: { label: 'bare', run: () => Promise.all(b.mongo.map((m) => db.collection(m.collection).aggregate(m.pipeline).toArray())) },
        runs: b.heavy ? { rounds: 1, perRound: 1, warm: 0 } : { rounds: 2, perRound: 1, warm: 1 },
      }));
    const rows = await timePairs(pairs);
    log('    (2 runs each in 2 rounds alternating with the same pipelines sent bare through the driver, after one warm-up, so p95 is the slower; the 12 monthly counts once each)');
    if (!external) log(`    FerretDB 1.24 on SQLite reads every document of a collection for an aggregate, so these grow in step with the data: expect roughly ${fmt(records / size)}× these at ${fmt(records)} records.`);
    table(log, rows);
    await client.close();
    await store.close();
  });
}
