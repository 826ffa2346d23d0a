/**
 * The CSV and JSON exports at scale (issue 17): 100,000 submitted records (about 2.4 KB of
 * answers each: 20 text answers, numbers, a date, a choice list, a list of three rows, one answer
 * shown by a display rule) of one form on SQLite, exported by the real server (its own process)
 * over HTTP as the integrator, the body counted as it arrives.
 * Baseline, measured in the same run: reading the same records' rows alone (a bare `SELECT doc`
 * and `JSON.parse` through better-sqlite3, before and after the export). Figures: MB/s, the
 * ratio export time ÷ baseline time, and the server's peak RSS (VmHWM) during the export.
 * Goal: ≥ 50 MB/s with the server under 256 MB. The first 50 records go through the API; the
 * rest are copies of their rows with their own ids and answers, in one transaction.
 * CASEFORMS_BENCH_EXPORT_RECORDS changes the 100,000 (e.g. 10000 for a quick run);
 * CASEFORMS_BENCH_EXPORT_FORMATS=csv measures one format only.
 */
import { readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { JsonObject } from '../../engine/forms/model.js';
import type { Submission } from '../../engine/submissions/model.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { fmt } from './measure.js';

const FORM = 'bench-export';
const MB = 1024 * 1024;
const TEXTS = 20;
const THROUGH_API = 50;

function definition(): { schema: JsonObject; uischema: JsonObject } {
  const properties: JsonObject = {};
  const elements: JsonObject[] = [];
  for (let i = 0; i < TEXTS; i++) {
    properties[`note${i}`] = { type: 'string', maxLength: 2000 };
    elements.push({ type: 'Control', scope: `#/properties/note${i}`, label: `Note ${i}` });
  }
  Object.assign(properties, {
    hours: { type: 'number' },
    visits: { type: 'integer' },
    seenOn: { type: 'string', format: 'date' },
    concerns: { type: 'array', items: { type: 'string', enum: ['neglect', 'school', 'health', 'housing'] }, uniqueItems: true },
    urgent: { type: 'boolean' },
    urgentWhy: { type: 'string' },
    people: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, role: { type: 'string' } } } },
  });
  elements.push(
    { type: 'Control', scope: '#/properties/hours', label: 'Hours' },
    { type: 'Control', scope: '#/properties/visits', label: 'Visits' },
    { type: 'Control', scope: '#/properties/seenOn', label: 'Seen on' },
    { type: 'Control', scope: '#/properties/concerns', label: 'Concerns' },
    { type: 'Control', scope: '#/properties/urgent', label: 'Urgent?' },
    { type: 'Control', scope: '#/properties/urgentWhy', label: 'Why urgent', rule: { effect: 'SHOW', condition: { scope: '#/properties/urgent', schema: { const: true } } } },
    { type: 'Control', scope: '#/properties/people', label: 'People present' },
  );
  return { schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties }, uischema: { type: 'VerticalLayout', elements } };
}

const WORDS = 'the child was seen at home with her mother, said "she is fine", school attendance =good; health visitor notes growth on track'.split(' ');
function text(n: number, len: number): string {
  let out = '';
  for (let i = 0; out.length < len; i++) out += (out ? ' ' : '') + WORDS[(n * 7 + i * 3) % WORDS.length];
  return out;
}

function answers(n: number): JsonObject {
  const data: JsonObject = {};
  for (let i = 0; i < TEXTS; i++) data[`note${i}`] = text(n + i, 90);
  return {
    ...data,
    hours: (n % 37) / 4,
    visits: n % 9,
    seenOn: '2026-03-14',
    concerns: ['school', ...(n % 3 === 0 ? ['health'] : [])],
    urgent: n % 5 === 0,
    urgentWhy: 'to stay hidden unless urgent',
    people: [{ name: 'Mother', role: 'parent' }, { name: 'Dana Worker', role: 'social worker' }, { name: `Teacher ${n % 40}`, role: 'school' }],
  };
}

async function call(proc: ServerProcess, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(proc.url + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The form and its first records through the API; copies of their rows, each with its own id, reference and answers, up to `total`. */
async function load(proc: ServerProcess, total: number): Promise<void> {
  const designer = proc.token('designer');
  const practitioner = proc.token('practitioner');
  const { schema, uischema } = definition();
  await call(proc, designer, 'POST', '/api/forms', { id: FORM, title: 'Bench export', category: 'other', team: 'children-in-need-north' });
  await call(proc, designer, 'POST', `/api/forms/${FORM}/versions`, { schema, uischema, changeNote: 'Bench' });
  await call(proc, designer, 'POST', `/api/forms/${FORM}/versions/1/publish`, { changeNote: 'Bench' });
  const first = Math.min(THROUGH_API, total);
  for (let n = 0; n < first; n++) {
    await call(proc, practitioner, 'POST', '/api/submissions', { formId: FORM, subject: { childId: `C${1000 + n}` }, data: answers(n), status: 'submitted' }, { 'idempotency-key': `"bench-export-${n}"` });
  }
  const db = new Database(join(proc.dataDir, 'caseforms.sqlite'));
  db.pragma('busy_timeout = 10000');
  const rows = db.prepare(`SELECT * FROM submissions WHERE form_id = ?`).all(FORM) as Array<Record<string, unknown>>;
  const cols = Object.keys(rows[0]!);
  const insert = db.prepare(`INSERT INTO submissions (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
  db.transaction(() => {
    for (let n = first; n < total; n++) {
      const row = { ...rows[n % first]! };
      const doc = JSON.parse(row.doc as string) as Submission;
      Object.assign(doc, { id: `s_bench${String(n).padStart(8, '0')}`, reference: `BE-${n}`, data: answers(n), subject: { ...doc.subject, childId: `C${1000 + (n % 5000)}` } });
      if (doc.submitSeq !== undefined) doc.submitSeq = 1_000_000 + n;
      Object.assign(row, { id: doc.id, reference: doc.reference, doc: JSON.stringify(doc), ...(row.child_id !== undefined ? { child_id: doc.subject.childId } : {}), ...(row.submit_seq !== null ? { submit_seq: doc.submitSeq } : {}) });
      insert.run(row);
    }
  })();
  db.close();
}

/** GETs `url` on a connection of its own (not one the loading left idle), counting the body's bytes as they arrive. */
function counted(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`export: ${res.statusCode}`))));
      res.on('error', reject);
    }).on('error', reject);
  });
}

export async function benchExport(log: (line: string) => void): Promise<void> {
  const total = Number(process.env.CASEFORMS_BENCH_EXPORT_RECORDS ?? 100_000);
  // CASEFORMS_BENCH_EXPORT_PROFILE=<folder>: the server writes a CPU profile there (node --cpu-prof) when it stops.
  const profile = process.env.CASEFORMS_BENCH_EXPORT_PROFILE;
  const proc = await startServerProcess({}, profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profile}`] } : {});
  try {
    const t = performance.now();
    await load(proc, total);
    log(`  SQLite: ${fmt(total)} submitted records of one form, loaded in ${fmt((performance.now() - t) / 1000, 1)} s (${THROUGH_API} through the API, the rest as copies of their rows)`);
    const file = join(proc.dataDir, 'caseforms.sqlite');
    const integrator = proc.token('integrator');
    const bare = () => {
      const t0 = performance.now();
      const db = new Database(file, { readonly: true });
      let bytes = 0;
      for (const r of db.prepare(`SELECT doc FROM submissions WHERE form_id = ? ORDER BY id`).iterate(FORM) as Iterable<{ doc: string }>) {
        bytes += r.doc.length;
        JSON.parse(r.doc);
      }
      db.close();
      return { ms: performance.now() - t0, bytes };
    };
    // The server's CPU time (user + system, in clock ticks of 10 ms), less shaken by a busy machine than the wall clock.
    const cpu = () => readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13).reduce((a, b) => a + Number(b) * 10, 0);
    const exported = async (format: 'csv' | 'json') => {
      proc.resetPeak();
      const before = proc.rss();
      const t0 = performance.now();
      const c0 = cpu();
      const bytes = await counted(`${proc.url}/api/forms/${FORM}/export?format=${format}`, integrator);
      return { ms: performance.now() - t0, cpuMs: cpu() - c0, bytes, before: before / MB, peak: proc.peakRss() / MB };
    };
    const formats = (process.env.CASEFORMS_BENCH_EXPORT_FORMATS ?? 'csv,json').split(',').filter((f): f is 'csv' | 'json' => f === 'csv' || f === 'json');
    for (const format of formats) {
      const base = bare();
      const run = await exported(format);
      const base2 = bare();
      const baseMs = (base.ms + base2.ms) / 2;
      log(
        `  ${format.toUpperCase()}: ${fmt(run.bytes / MB)} MB in ${fmt(run.ms / 1000, 2)} s = ${fmt(run.bytes / MB / (run.ms / 1000), 1)} MB/s (goal ≥ 50)   bare row read ${fmt(baseMs)} ms (${fmt(base.bytes / MB)} MB of rows)   ratio ${fmt(run.ms / baseMs, 2)}×   server CPU ${fmt(run.cpuMs / 1000, 2)} s (${fmt(run.bytes / MB / (run.cpuMs / 1000), 1)} MB per CPU-second)   server RSS ${fmt(run.before)} MB before, peak ${fmt(run.peak)} MB (goal < 256)`,
      );
    }
  } finally {
    await proc.stop();
    rmSync(proc.dataDir, { recursive: true, force: true });
  }
}
