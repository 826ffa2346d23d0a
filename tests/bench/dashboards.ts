/**
 * The dashboards at scale (issue 15): 100,000 records of the shipped templates (case
 * supervision, case-file audit with its 13 grades and moderation, return to work with its
 * timescale and trigger points, reflective supervision) and case notes, every completed one
 * stamped as the engine stamps it (with the answers its form measures), 20,000 tracked actions
 * (open, done with days to close, cancelled), 2,000 audit assignments, and a directory of 10,000
 * children, 200 workers and 20 teams in two service areas; the templates published in the store.
 *
 * Whole dashboards: each of the five built as the API builds it (buildDashboard: scope, every
 * count, children and workers in scope, names, links) for a manager (one team), a head of
 * service (ten teams, 5,000 children) and QA (every team), timed in alternating rounds with the
 * dashboard's main aggregate as one bare SQL query on the same database (the ratio: median of
 * the per-round p50 ratios). Goal: every dashboard under 500 ms at p95 on SQLite. Then each
 * count on its own against its bare query, as before.
 *
 * FerretDB at 500 records (100 actions, 125 children; CASEFORMS_BENCH_FERRET_DASH_RECORDS to
 * change, 0 leaves it out), whose SQLite backend reads a whole collection for every aggregate:
 * the counts against the same pipelines sent bare through the driver, and the whole dashboards.
 * CASEFORMS_BENCH_DASH_RECORDS changes the 100,000 (actions and children keep their proportions).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient, type Document } from 'mongodb';
import type { Account } from '../../engine/accounts/model.js';
import type { TrackedAction } from '../../engine/actions/model.js';
import type { AuditAssignment } from '../../engine/audits/model.js';
import type { EngineContext } from '../../engine/context.js';
import { childrenInScope, frameOf } from '../../engine/dashboards/common.js';
import { buildDashboard } from '../../engine/dashboards/index.js';
import { DASHBOARD_IDS, type Dashboard as Built, type DashboardId } from '../../engine/dashboards/model.js';
import { createEngine } from '../../engine/engine.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';
import type { JsonObject } from '../../engine/forms/model.js';
import { loadTemplates, seedTemplates } from '../../engine/forms/templates.js';
import { newId } from '../../engine/ids.js';
import type { Store } from '../../engine/store/contract.js';
import { newEvent } from '../../engine/store/events.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { actionToDoc, submissionToDoc } from '../../engine/store/mongo/mapping.js';
import { tallyPipeline } from '../../engine/store/mongo/tally.js';
import { insertAction } from '../../engine/store/sqlite/actions.js';
import { keptTeamSql } from '../../engine/store/sqlite/directory.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import type { Submission } from '../../engine/submissions/model.js';
import { measureField, stampMeasures } from '../../engine/timeliness/measure-keys.js';
import type { TallyQuery } from '../../engine/timeliness/model.js';
import { batchOf } from '../support/directory.js';
import { manyChildren, manyTeams, manyWorkers } from '../support/directory-rows.js';
import { withMongoServer } from './mongo-server.js';
import { fmt } from './measure.js';
import { table, timeAll, type Query, type Timed } from './worklist.js';

const TEAMS = 20;
const WORKERS = 200;
const SUP = 'case-supervision';
const AUDIT = 'case-file-audit';
const RTW = 'return-to-work';
const RSUP = 'reflective-supervision';
const NOTE = 'case-note';
const GRADES = ['OUTSTANDING', 'GOOD', 'GOOD', 'RI', 'RI', 'INADEQUATE'];
const DAY = 86_400_000;
/** The manager's team (a head of service's is its service area: the ten odd teams). */
const TEAM = 'T03';

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(7, '0');
const workerId = (n: number) => `W${String(n % WORKERS).padStart(4, '0')}`;
const teamOf = (n: number) => `T${String(n % TEAMS).padStart(2, '0')}`;

/** The published templates' schemas (what the records are stamped with). */
const SCHEMAS = new Map(loadTemplates().map((t) => [t.form.id, t.schema as JsonObject]));
/** The audit's practice domains, from its measures (`/domains/<name>/grade`). */
const DOMAINS = ((SCHEMAS.get(AUDIT)!['x-measures'] as { answers: Array<{ field: string }> }).answers)
  .map((a) => /^\/domains\/([^/]+)\/grade$/.exec(a.field)?.[1])
  .filter((d): d is string => d !== undefined);

interface Seed {
  submission: Submission;
  actions: TrackedAction[];
}

interface Population {
  seeds: Seed[];
  children: number;
  actions: number;
  assignments: AuditAssignment[];
}

/**
 * Records spread over two years, one in 13 a draft; the first `actions` completed supervisions
 * raise one action each; one audit assignment per audit record up to `assignments`.
 */
function population(records: number, actions: number, children: number, now: Date, assignments = records / 50): Population {
  const today = londonToday(now);
  const seeds: Seed[] = [];
  const planned: AuditAssignment[] = [];
  const openAudits = new Set<string>();
  let k = 0;
  for (let i = 0; i < records; i++) {
    const slot = i % 20;
    const formId = slot < 8 ? SUP : slot < 11 ? AUDIT : slot < 13 ? RTW : slot < 14 ? RSUP : NOTE;
    // Every form reaches every team.
    const c = (i * 7 + Math.floor(i / 20)) % children;
    const childId = `C${pad(c)}`;
    const team = teamOf(c);
    const created = new Date(now.getTime() - ((i * 7919) % 730) * DAY - (i % 3600) * 1000).toISOString();
    const draft = i % 13 === 0;
    // The UTC day: near enough to the London one for counting, and far cheaper to make 100,000 times.
    const startDay = created.slice(0, 10);
    const days = i % 9;
    const doneOn = addDays(startDay, days);
    const data: Record<string, unknown> = { update: 'Seen at home with mum; bedroom checked; school attendance improving. '.repeat(6) };
    if (formId === AUDIT) {
      data.overall = { grade: GRADES[i % GRADES.length] };
      data.domains = Object.fromEntries(DOMAINS.map((d, n) => [d, { grade: GRADES[(i + n) % GRADES.length], q1Answer: 'Y', q1Evidence: 'Chronology up to date; genogram on file.' }]));
      if (i % 3 === 0) data.moderation = { moderatedGrade: GRADES[(i + Math.floor(i / 3)) % GRADES.length] };
    }
    if (formId === RTW) data.triggers = { triggerMet: i % 5 === 0 };
    const dueOn = formId === RTW ? addDays(startDay, 3) : undefined;
    const by = `u-${workerId(i)}`;
    const id = newId();
    const schema = SCHEMAS.get(formId);
    const measures = schema ? stampMeasures(schema, data) : undefined;
    const subject = formId === RSUP ? { workerId: workerId(i) } : { childId };
    const submission: Submission = {
      id,
      formId,
      version: 1,
      status: draft ? 'draft' : 'submitted',
      subject,
      data,
      revision: 1,
      team: formId === RSUP ? teamOf(i % WORKERS) : team,
      createdBy: by,
      createdAt: created,
      updatedBy: by,
      updatedAt: created,
      ...(draft
        ? {}
        : {
            submittedBy: by,
            submittedAt: created,
            timeliness: {
              doneOn,
              month: doneOn.slice(0, 7),
              completedAt: `${doneOn}T15:00:00.000Z`,
              daysToComplete: days,
              ...(dueOn ? { dueOn, onTime: doneOn <= dueOn } : {}),
              ...(measures ? { measures } : {}),
            },
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
        ownerWorkerId: workerId(k),
        ownerAccountId: `u-${workerId(k)}`,
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
    const done = !draft && planned.length % 4 !== 0;
    // One open audit per child and form, as the store insists.
    if (formId === AUDIT && planned.length < assignments && (done || !openAudits.has(childId))) {
      const due = addDays(startDay, 20);
      if (!done) openAudits.add(childId);
      planned.push({
        id: `${id}.a`,
        formId: AUDIT,
        childId,
        team,
        auditorAccountId: `u-${workerId(i + 1)}`,
        auditorName: `Auditor ${i % 40}`,
        dueOn: due,
        dueMonth: due.slice(0, 7),
        status: done ? 'done' : 'open',
        ...(done ? { submissionId: id, doneOn, onTime: doneOn <= due } : {}),
        history: [{ at: created, by: 'system', name: 'Caseforms', action: 'assigned' }],
        revision: 1,
        createdBy: 'system',
        createdAt: created,
        updatedBy: 'system',
        updatedAt: created,
      } as AuditAssignment);
    }
    seeds.push({ submission, actions: raised });
  }
  return { seeds, children, actions: k, assignments: planned };
}

/** The shipped templates published (as a fresh service does), and the directory: teams, workers, children. */
async function prepare(ctx: EngineContext, pop: Population, now: Date): Promise<void> {
  await seedTemplates(ctx);
  const event = (kind: string) => newEvent(now, 'bench', 'directory.batch-applied', 'directory', kind);
  await ctx.store.applyDirectoryBatch(batchOf('teams', manyTeams(TEAMS)), event('teams'));
  await ctx.store.applyDirectoryBatch(batchOf('workers', manyWorkers(WORKERS, TEAMS)), event('workers'));
  await ctx.store.applyDirectoryBatch(batchOf('children', manyChildren(pop.children, { teams: TEAMS, workers: WORKERS })), event('children'));
}

/** Records with their actions through createSubmission, `chunk` at a time (one transaction each on SQLite); the audit assignments. */
async function load(store: Store, seeds: Seed[], assignments: AuditAssignment[], chunk = 500): Promise<void> {
  for (let i = 0; i < seeds.length; i += chunk) {
    await Promise.all(
      seeds.slice(i, i + chunk).map(({ submission: s, actions }) =>
        store.createSubmission(s, { outbox: [], event: newEvent(new Date(s.createdAt), s.createdBy, 'submission.created', 'submission', s.id), ...(actions.length ? { actions } : {}) }),
      ),
    );
  }
  for (let i = 0; i < assignments.length; i += chunk) {
    const items = assignments.slice(i, i + chunk);
    await store.insertAssignments(items, null, items.map((a) => newEvent(new Date(a.createdAt), 'system', 'audit.assigned', 'audit', a.id)));
  }
}

/**
 * The SQLite store's own rows (as its createSubmission writes them, without the events and
 * reference counters no count reads), in one transaction: through the store, 100,000 records
 * take minutes on this machine, most of them in the store's per-record bookkeeping.
 */
export function bulkLoadSqlite(file: string, seeds: ReadonlyArray<{ submission: Submission; actions: readonly TrackedAction[] }>, from = 0): void {
  const db = new Database(file);
  // Indexes built once afterwards rather than row by row: the same indexes, in a fraction of the time.
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('submissions', 'actions') AND sql IS NOT NULL`).all() as Array<{ name: string; sql: string }>;
  for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
  const row = db.prepare(
    `INSERT INTO submissions (id, form_id, version, status, child_id, created_by, submitted_by, team, created_at, revision, submit_seq, reference, review_state, review_due, doc, stamp, worker_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, jsonb(?), ?)`,
  );
  const action = db.prepare(insertAction.sql);
  db.transaction(() => {
    seeds.forEach(({ submission: s, actions }, i) => {
      const stored: Submission = { ...s, reference: `CS-B${String(from + i).padStart(6, '0')}`, ...(s.status === 'submitted' ? { submitSeq: 1_000_000 + from + i } : {}) };
      row.run(s.id, s.formId, s.version, s.status, s.subject.childId ?? null, s.createdBy, s.submittedBy ?? null, s.team ?? null, s.createdAt, s.revision, stored.submitSeq ?? null, stored.reference, JSON.stringify(stored), s.timeliness ? JSON.stringify(s.timeliness) : null, s.subject.workerId ?? null);
      for (const a of actions) action.run(...insertAction.params(a));
    });
  })();
  // Each record's child's team, as the store's own writes keep it (migration 16).
  db.exec(`UPDATE submissions SET child_team = ${keptTeamSql('submissions.child_id')} WHERE child_id IS NOT NULL`);
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

// ---------------------------------------------------------------------------------------------
// Whole dashboards

const READERS: Array<{ label: string; account: Account }> = [
  { label: 'manager (1 team)', account: reader('bench-manager', []) },
  { label: 'head of service (10 teams)', account: reader('bench-head', ['heads-of-service']) },
  { label: 'QA (every team)', account: reader('bench-qa', ['qa']) },
];

function reader(id: string, groups: string[]): Account {
  const at = '2026-01-01T00:00:00.000Z';
  return { id, username: id, displayName: id, role: 'manager', team: TEAM, workerId: 'W0003', groups, passwordHash: '', disabled: false, revision: 1, createdBy: 'bench', createdAt: at, updatedBy: 'bench', updatedAt: at };
}

const nextDay = (d: string) => addDays(d, 1);

/**
 * Each dashboard's main aggregate as one bare SQL query, for the reader's scope (the teams, or
 * the children, its counts are kept to), on the same columns and indexes the store reads.
 */
async function mainAggregate(ctx: EngineContext, id: DashboardId, account: Account): Promise<{ text: string; params: unknown[] }> {
  const frame = await frameOf(ctx, account, id, {});
  const { from, to } = frame.filters;
  const teams = frame.everything ? '' : ` AND team IN (SELECT value FROM json_each(?))`;
  const teamParams = frame.everything ? [] : [JSON.stringify(frame.teams)];
  const kids = async () => (frame.everything ? { sql: '', params: [] } : { sql: ' AND child_id IN (SELECT value FROM json_each(?))', params: [JSON.stringify((await childrenInScope(frame)).map((c) => c.id))] });
  switch (id) {
    case 'supervision': {
      const k = await kids();
      const cutoff = addDays(frame.today, -28);
      return { text: `SELECT child_id, count(*) FROM submissions WHERE form_id = ? AND json_extract(stamp, '$.doneOn') >= ?${k.sql} GROUP BY child_id`, params: [SUP, cutoff, ...k.params] };
    }
    case 'audits': {
      const k = await kids();
      return {
        text: `SELECT json_extract(stamp, '$.month') AS m, json_extract(stamp, '$.measures.overall__grade') AS g, count(*) FROM submissions
               WHERE form_id = ? AND json_extract(stamp, '$.doneOn') >= ? AND json_extract(stamp, '$.doneOn') < ?${k.sql} GROUP BY m, g`,
        params: [AUDIT, from, nextDay(to), ...k.params],
      };
    }
    case 'actions':
      return { text: `SELECT team, count(*), sum(due_on < ?) FROM actions WHERE status = 'open'${teams} GROUP BY team`, params: [frame.today, ...teamParams] };
    case 'return-to-work':
      return {
        text: `SELECT json_extract(stamp, '$.month') AS m, team, json_extract(stamp, '$.onTime') AS o, count(*) FROM submissions
               WHERE form_id = ? AND json_extract(stamp, '$.doneOn') >= ? AND json_extract(stamp, '$.doneOn') < ?${teams} GROUP BY m, team, o`,
        params: [RTW, from, nextDay(to), ...teamParams],
      };
    case 'forms':
      return { text: `SELECT form_id, status, count(*) FROM submissions WHERE created_at >= ? AND created_at < ?${teams} GROUP BY form_id, status`, params: [`${from}T00:00:00Z`, `${nextDay(to)}T00:00:00Z`, ...teamParams] };
  }
}

/** The dashboards show what the data holds: a few of their numbers against the bare queries. */
async function check(ctx: EngineContext, db: Database.Database): Promise<string> {
  const qa = READERS[2]!.account;
  const actions = await buildDashboard(ctx, qa, 'actions', {});
  const open = (db.prepare(`SELECT count(*) FROM actions WHERE status = 'open'`).pluck().get() as number) ?? 0;
  const figure = (d: Built, id: string) => d.figures.find((f) => f.id === id)?.value;
  if (figure(actions, 'open') !== open) throw new Error(`The actions dashboard shows ${figure(actions, 'open')} open actions where the data holds ${open}.`);
  const audits = await buildDashboard(ctx, qa, 'audits', {});
  const overall = audits.charts.find((c) => c.id === `${AUDIT}.overall.grade`);
  const graded = overall?.rows.reduce((s, r) => s + Object.values(r.values).reduce((a, b) => a + b, 0), 0) ?? 0;
  const { from, to } = audits.filters;
  const bare = db.prepare(`SELECT count(*) FROM submissions WHERE form_id = ? AND json_extract(doc, '$.timeliness.doneOn') >= ? AND json_extract(doc, '$.timeliness.doneOn') <= ? AND json_extract(doc, '$.data.overall.grade') IS NOT NULL`).pluck().get(AUDIT, from, to) as number;
  if (graded !== bare) throw new Error(`The audits dashboard charts ${graded} overall grades where the records hold ${bare}.`);
  const agreement = figure(audits, `${AUDIT}.agreement`);
  return `${audits.charts.length} audit charts, ${fmt(graded)} overall grades charted (as the records' answers hold), agreement ${agreement}%, ${fmt(open)} open actions`;
}

async function timeDashboards(ctx: EngineContext, bare: (q: { text: string; params: unknown[] }) => Query, runs: { rounds: number; perRound: number; warm: number }): Promise<Timed[]> {
  const rows: Timed[] = [];
  for (const id of DASHBOARD_IDS) {
    for (const r of READERS) {
      const main = bare(await mainAggregate(ctx, id, r.account));
      const ours: Query = { label: `${id}, ${r.label}`, run: () => buildDashboard(ctx, r.account, id, {}) };
      const [base, timed] = await timeAll(main, [ours], runs.rounds, runs.perRound, runs.warm);
      rows.push(timed!, { ...base!, label: '  bare main aggregate' });
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Each count on its own

interface Count {
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

/** The counts the dashboards make, for a manager of team T03 and for all teams. */
function counts(now: Date): Count[] {
  const today = londonToday(now);
  const cutoff = addDays(today, -28);
  // Dashboards show a year unless asked for more (the data spans two).
  const since = addDays(today, -365).slice(0, 7);
  const months = lastMonths(today, 12);
  const q = (query: TallyQuery) => ({ query, run: (s: Store) => s.tally(query) });
  const bare = (query: TallyQuery) => [{ collection: query.source, pipeline: tallyPipeline(query) }];
  const grade = measureField('/overall/grade')!;
  const moderated = measureField('/moderation/moderatedGrade')!;
  const trigger = measureField('/triggers/triggerMet')!;

  const seen = q({ source: 'submissions', by: ['subject.childId'], where: [{ field: 'formId', op: 'eq', value: SUP }, { field: 'timeliness.doneOn', op: 'gte', value: cutoff }] });
  const trend = q({ source: 'submissions', by: ['timeliness.month'], where: [{ field: 'formId', op: 'eq', value: SUP }, { field: 'status', op: 'eq', value: 'submitted' }, { field: 'timeliness.month', op: 'gte', value: since }] });
  const teamTrend = q({ source: 'submissions', by: ['timeliness.month'], where: [{ field: 'formId', op: 'eq', value: SUP }, { field: 'team', op: 'eq', value: TEAM }, { field: 'timeliness.month', op: 'gte', value: since }] });
  const open = q({ source: 'actions', by: ['team'], where: [{ field: 'status', op: 'eq', value: 'open' }] });
  const overdue = q({ source: 'actions', by: ['team'], where: [{ field: 'status', op: 'eq', value: 'open' }, { field: 'dueOn', op: 'lt', value: today }] });
  const toClose = q({ source: 'actions', by: ['team', 'daysToClose'], where: [{ field: 'status', op: 'eq', value: 'done' }] });
  const inYear = { field: 'timeliness.month', op: 'gte', value: since } as const;
  const grades = q({ source: 'submissions', by: ['timeliness.month', grade], where: [{ field: 'formId', op: 'eq', value: AUDIT }, { field: 'status', op: 'eq', value: 'submitted' }, inYear] });
  const agreement = q({ source: 'submissions', by: [grade, moderated], where: [{ field: 'formId', op: 'eq', value: AUDIT }, { field: 'status', op: 'eq', value: 'submitted' }, inYear, { field: moderated, op: 'exists', value: true }] });
  const rtw = q({ source: 'submissions', by: ['timeliness.month', 'timeliness.onTime', trigger], where: [{ field: 'formId', op: 'eq', value: RTW }, { field: 'status', op: 'eq', value: 'submitted' }, inYear] });
  const started = months.map(([from, to]) => q({ source: 'submissions', by: ['formId', 'status'], where: [{ field: 'createdAt', op: 'gte', value: from }, { field: 'createdAt', op: 'lt', value: to }] }));

  return [
    {
      label: 'supervision: children seen since a cutoff, per child',
      store: seen.run,
      sql: { text: `SELECT child_id, count(*) FROM submissions WHERE form_id = ? AND json_extract(stamp, '$.doneOn') >= ? GROUP BY child_id`, params: [SUP, cutoff] },
      mongo: bare(seen.query),
    },
    {
      label: 'supervision: a team’s children (listChildren, pages of 500)',
      store: async (s) => {
        let after: string | undefined;
        do after = (await s.listChildren({ teams: [TEAM] }, { limit: 500, ...(after ? { after } : {}) })).next ?? undefined;
        while (after);
      },
      sql: { text: 'SELECT doc, updated_at FROM directory_children WHERE team = ? ORDER BY id', params: [TEAM] },
      mongo: [],
    },
    {
      label: 'supervision: trend by month (a year)',
      store: trend.run,
      sql: { text: `SELECT json_extract(stamp, '$.month') AS m, count(*) FROM submissions WHERE form_id = ? AND status = 'submitted' AND m >= ? GROUP BY m`, params: [SUP, since] },
      mongo: bare(trend.query),
    },
    {
      label: 'supervision: one team’s trend by month',
      store: teamTrend.run,
      sql: { text: `SELECT json_extract(stamp, '$.month') AS m, count(*) FROM submissions WHERE form_id = ? AND team = ? AND m >= ? GROUP BY m`, params: [SUP, TEAM, since] },
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
      label: 'audits: overall grade by month (a year, from the stamp)',
      store: grades.run,
      sql: { text: `SELECT json_extract(stamp, '$.month') AS m, json_extract(stamp, '$.measures.overall__grade') AS g, count(*) FROM submissions WHERE form_id = ? AND status = 'submitted' AND m >= ? GROUP BY m, g`, params: [AUDIT, since] },
      mongo: bare(grades.query),
    },
    {
      label: 'audits: moderation agreement (grade pairs, a year)',
      store: agreement.run,
      sql: {
        text: `SELECT json_extract(stamp, '$.measures.overall__grade') AS a, json_extract(stamp, '$.measures.moderation__moderatedGrade') AS b, count(*) FROM submissions WHERE form_id = ? AND status = 'submitted' AND json_extract(stamp, '$.month') >= ? AND b IS NOT NULL GROUP BY a, b`,
        params: [AUDIT, since],
      },
      mongo: bare(agreement.query),
    },
    {
      label: 'return to work: on time, triggers met by month (a year)',
      store: rtw.run,
      sql: {
        text: `SELECT json_extract(stamp, '$.month') AS m, json_extract(stamp, '$.onTime') AS o, json_extract(stamp, '$.measures.triggers__triggerMet') AS t, count(*) FROM submissions WHERE form_id = ? AND status = 'submitted' AND m >= ? GROUP BY m, o, t`,
        params: [RTW, since],
      },
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

function goal(log: (line: string) => void, rows: Timed[], limitMs: number, what: string): void {
  const ours = rows.filter((r) => !r.label.trim().startsWith('bare'));
  const slow = ours.filter((r) => r.p95 >= limitMs);
  const worst = ours.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  log(`    goal: every ${what} under ${limitMs} ms at p95 — slowest ${fmt(worst.p95, 1)} ms (${worst.label}): ${slow.length ? `NOT met (${slow.map((r) => r.label).join('; ')})` : 'met'}`);
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
  const each = counts(now);
  try {
    const built = performance.now();
    const pop = population(records, records / 5, records / 10, now);
    log(`  (the data made in ${fmt((performance.now() - built) / 1000, 1)} s)`);
    // Loaded on a RAM disk, then copied to a disk file and timed there.
    const ram = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/caseforms-bench-dash-') : dir;
    const loading = join(ram, 'loading.sqlite');
    const t = performance.now();
    const loader = await openSqliteStore({ file: loading });
    await prepare(createEngine({ store: loader, now: () => now }), pop, now);
    const through = 1000;
    await load(loader, pop.seeds.slice(0, through), pop.assignments);
    await loader.close();
    const storeMs = performance.now() - t;
    bulkLoadSqlite(loading, pop.seeds.slice(through));
    const loadMs = performance.now() - t;
    const file = join(dir, 'caseforms.sqlite');
    copyFileSync(loading, file);
    if (ram !== dir) rmSync(ram, { recursive: true, force: true });
    log(
      `  SQLite: ${fmt(pop.seeds.length)} records (5 forms), ${fmt(pop.actions)} actions, ${fmt(pop.assignments.length)} audit assignments and ${fmt(pop.children)} children, ${WORKERS} workers in ${TEAMS} teams, loaded in ${fmt(loadMs / 1000, 1)} s (the templates, the directory, the assignments and ${fmt(through)} records through the store in ${fmt(storeMs / 1000, 1)} s, the rest as its rows in one transaction${ram !== dir ? '; on a RAM disk, timed on a disk copy' : ''})`,
    );
    const store = await openSqliteStore({ file });
    const ctx = createEngine({ store, now: () => now });
    const db = new Database(file, { readonly: true });
    const first = performance.now();
    log(`  (the data as meant: ${await check(ctx, db)}; the first dashboard, reading the forms, in ${fmt(performance.now() - first, 0)} ms)`);
    const bare = (q: { text: string; params: unknown[] }): Query => {
      const stmt = db.prepare(q.text);
      return { label: 'bare', run: async () => stmt.all(...q.params) };
    };
    const whole = await timeDashboards(ctx, bare, { rounds: 4, perRound: 3, warm: 1 });
    log('    Whole dashboards (buildDashboard, as the API builds them; 12 runs each in 4 rounds alternating with the dashboard\'s main aggregate as one bare SQL query; ratio = p50 ÷ the bare query\'s p50 in the same round, median of rounds)');
    table(log, whole);
    goal(log, whole, 500, 'dashboard');
    const pairs = each.map((b) => {
      const q = bare(b.sql);
      return { label: b.label, ours: { label: b.label, run: () => b.store(store) }, bare: q, runs: { rounds: 4, perRound: 5, warm: 2 } };
    });
    const rows = await timePairs(pairs);
    log('    Each count on its own (20 runs each in 4 rounds alternating with the same aggregate as one bare SQL query; ratio as above)');
    table(log, rows);
    goal(log, rows, 500, 'dashboard count');
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
    const ctx = createEngine({ store, now: () => now });
    const client = new MongoClient(uri);
    const t = performance.now();
    // The templates, the directory, the assignments and 50 records through the store, the rest as the store's documents by insertMany.
    await prepare(ctx, pop, now);
    await load(store, pop.seeds.slice(0, 50), pop.assignments, 10);
    const db = client.db(dbName);
    const rest = pop.seeds.slice(50);
    for (let i = 0; i < rest.length; i += 1000) {
      const chunk = rest.slice(i, i + 1000);
      await db.collection('submissions').insertMany(chunk.map((s) => submissionToDoc(s.submission, 1)) as never[], { ordered: false });
      const actions = chunk.flatMap((s) => s.actions).map((a) => actionToDoc(a, 1));
      if (actions.length) await db.collection('actions').insertMany(actions as never[], { ordered: false });
    }
    log(
      `  ${name}: ${fmt(pop.seeds.length)} records, ${fmt(pop.actions)} actions, ${fmt(pop.assignments.length)} audit assignments and ${fmt(pop.children)} children (not ${fmt(records)}), loaded in ${fmt((performance.now() - t) / 1000, 1)} s (the templates, the directory, the assignments and 50 records through the store, the rest as the store's documents by insertMany)`,
    );
    const bareRun = (pipelines: Array<{ collection: string; pipeline: Document[] }>): Query => ({ label: 'bare', run: () => Promise.all(pipelines.map((m) => db.collection(m.collection).aggregate(m.pipeline).toArray())) });
    const whole: Timed[] = [];
    for (const id of DASHBOARD_IDS) {
      for (const r of READERS) {
        // The main aggregate as the dashboard's first count sends it, bare through the driver.
        const main = bareRun(mongoMain(id, now));
        const [base, timed] = await timeAll(main, [{ label: `${id}, ${r.label}`, run: () => buildDashboard(ctx, r.account, id, {}) }], 2, 1, 1);
        whole.push(timed!, { ...base!, label: '  bare main aggregate' });
      }
    }
    log('    Whole dashboards (2 runs each in 2 rounds after one warm-up, alternating with the dashboard\'s main aggregate sent bare through the driver; p95 is the slower)');
    table(log, whole);
    const pairs = each
      .filter((b) => b.mongo.length)
      .map((b) => ({
        label: b.label,
        ours: { label: b.label, run: () => b.store(store) },
        bare: bareRun(b.mongo),
        runs: b.heavy ? { rounds: 1, perRound: 1, warm: 0 } : { rounds: 2, perRound: 1, warm: 1 },
      }));
    const rows = await timePairs(pairs);
    log('    Each count on its own (2 runs each in 2 rounds alternating with the same pipelines sent bare through the driver, after one warm-up, so p95 is the slower; the 12 monthly counts once each)');
    if (!external) log(`    FerretDB 1.24 on SQLite reads every document of a collection for an aggregate, so these grow in step with the data: expect roughly ${fmt(records / size)}× these at ${fmt(records)} records.`);
    table(log, rows);
    await client.close();
    await store.close();
  });
}

/** Each dashboard's main aggregate as a MongoDB pipeline (every team). */
function mongoMain(id: DashboardId, now: Date): Array<{ collection: string; pipeline: Document[] }> {
  const today = londonToday(now);
  const from = addDays(today, -365);
  const done = [{ field: 'timeliness.doneOn', op: 'gte', value: from }, { field: 'timeliness.doneOn', op: 'lt', value: nextDay(today) }] as const;
  const query: TallyQuery =
    id === 'supervision'
      ? { source: 'submissions', by: ['subject.childId'], where: [{ field: 'formId', op: 'eq', value: SUP }, { field: 'timeliness.doneOn', op: 'gte', value: addDays(today, -28) }] }
      : id === 'audits'
        ? { source: 'submissions', by: ['timeliness.month', measureField('/overall/grade')!], where: [{ field: 'formId', op: 'eq', value: AUDIT }, ...done] }
        : id === 'actions'
          ? { source: 'actions', by: ['team'], where: [{ field: 'status', op: 'eq', value: 'open' }] }
          : id === 'return-to-work'
            ? { source: 'submissions', by: ['timeliness.month', 'team', 'timeliness.onTime'], where: [{ field: 'formId', op: 'eq', value: RTW }, ...done] }
            : { source: 'submissions', by: ['formId', 'status'], where: [{ field: 'createdAt', op: 'gte', value: from }, { field: 'createdAt', op: 'lt', value: nextDay(today) }] };
  return [{ collection: query.source === 'assignments' ? 'auditAssignments' : query.source, pipeline: tallyPipeline(query) }];
}
