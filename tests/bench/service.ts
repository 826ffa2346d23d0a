/**
 * Service throughput: POST /api/submissions (a complete case supervision record, submitted)
 * with autocannon at 50 connections, against a bare express JSON echo measured in the same run,
 * on SQLite and on FerretDB. Also the server's peak RSS, and its RSS after 200 published
 * versions' validators are loaded.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';
import { startFerretdb } from '../support/ferretdb.js';
import { freePort } from '../support/ports.js';
import { fmt, median } from './measure.js';

const root = new URL('../../', import.meta.url);
/** What `npm start` runs (the bench builds it first). */
const serverScript = fileURLToPath(new URL('.build/engine/http/server.js', root));
/** CASEFORMS_BENCH_SERVER_B=<another build's server.js>: also measures that build in the same rounds (an A/B of two commits). */
const serverB = process.env.CASEFORMS_BENCH_SERVER_B;
const echoScript = fileURLToPath(new URL('tests/bench/echo-server.ts', root));
const FIXTURE = 'tests/schemas/fixtures/case-supervision/valid-planned-child-protection.json';

/**
 * The record a build submits: its own checkout's fixture (an older build's template may differ),
 * about `childId`, whose answer naming the child (`/meeting/childId`) must say the same child.
 */
function recordOf(script: string): (childId: string) => unknown {
  const own = join(dirname(script), '../../../', FIXTURE);
  const record = JSON.parse(readFileSync(existsSync(own) ? own : fileURLToPath(new URL(FIXTURE, root)), 'utf8'));
  return (childId) => ({ formId: 'case-supervision', version: 1, subject: { childId }, data: { ...record, meeting: { ...record.meeting, childId } }, status: 'submitted' });
}

interface Proc {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

async function startProc(script: string, env: Record<string, string>, ready: string, nodeArgs: string[] = []): Promise<Proc> {
  // A port nothing listens on now (a random one once landed on FerretDB's).
  const port = await freePort();
  const args = [...nodeArgs, ...(script.endsWith('.ts') ? ['--import', 'tsx', script] : [script])];
  const child = spawn(process.execPath, args, { env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const until = Date.now() + 90_000;
  while (!out.includes(ready)) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`${script} did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    port,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Resident and peak resident memory of a process, in MiB (Linux /proc). */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

interface Load {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/**
 * Children the demo practitioner may write about: the seed loads the demo directory, and a record
 * about a child it does not have (or one the practitioner may not reach) is refused (422).
 */
async function writableChildren(base: string, token: string, about: (childId: string) => unknown): Promise<string[]> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const found = new Set<string>();
  for (const q of ['a', 'e', 'i', 'o', 'u', 'y']) {
    const res = await fetch(`${base}/directory/children?q=${q}&limit=20`, { headers });
    // A build from before the directory had a child search: the child its records were about.
    for (const c of ((await res.json()) as { items?: Array<{ id: string }> }).items ?? [{ id: 'C100000' }]) found.add(c.id);
  }
  const ok: string[] = [];
  for (const childId of found) {
    const res = await fetch(`${base}/submissions`, { method: 'POST', headers: { ...headers, 'idempotency-key': `"probe-${childId}"` }, body: JSON.stringify(about(childId)) });
    if (res.status === 201) ok.push(childId);
    await res.body?.cancel();
  }
  if (!ok.length) throw new Error('The demo practitioner may write about none of the demo directory\'s children.');
  return ok;
}

async function load(url: string, token: string | null, seconds: number, children: readonly string[] = ['C100000'], about: (childId: string) => unknown = () => ({})): Promise<Load> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: 50,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `"bench-${process.pid}-${Date.now()}-${n++}"`,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(about(children[n % children.length]!)),
        }),
      },
    ],
  });
  return { reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

interface Subject {
  name: string;
  server: Proc;
  dataDir: string;
  token: string;
  url: string;
  children: string[];
  /** The body of a submit about a child, for this build. */
  about: (childId: string) => unknown;
}

async function startSubject(name: string, suffix: string, script: string, env: Record<string, string>): Promise<Subject> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caseforms-bench-svc-'));
  // CASEFORMS_BENCH_SERVICE_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops.
  const profile = process.env.CASEFORMS_BENCH_SERVICE_PROFILE;
  const server = await startProc(script, { CASEFORMS_DATA_DIR: dataDir, ...env, ...(env.MONGODB_DB ? { MONGODB_DB: `${env.MONGODB_DB}${suffix}` } : {}) }, 'Caseforms is running at', profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []);
  const demo = JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as Array<{ role: string; token: string }>;
  const token = demo.find((d) => d.role === 'practitioner')!.token;
  const about = recordOf(script);
  const children = await writableChildren(`http://127.0.0.1:${server.port}/api`, token, about);
  return { name, server, dataDir, token, url: `http://127.0.0.1:${server.port}/api/submissions`, children, about };
}

async function benchOne(log: (l: string) => void, name: string, env: Record<string, string>): Promise<void> {
  const subjects: Subject[] = [];
  const echo = await startProc(echoScript, {}, 'echo ready');
  try {
    subjects.push(await startSubject('this build', '', serverScript, env));
    if (serverB) subjects.push(await startSubject('build B', '_b', serverB, env));
    const echoUrl = `http://127.0.0.1:${echo.port}/echo`;
    // Warm-up, then alternate so drift in machine speed does not favour either side.
    for (const s of subjects) await load(s.url, s.token, 2, s.children, s.about);
    await load(echoUrl, null, 2);
    const bare: Load[] = [];
    const ours = subjects.map(() => [] as Load[]);
    const ratios = subjects.map(() => [] as number[]);
    const rounds = Number(process.env.CASEFORMS_BENCH_SERVICE_ROUNDS ?? 3);
    for (let round = 0; round < rounds; round++) {
      const b = await load(echoUrl, null, 5);
      bare.push(b);
      // Each build goes first in turn: the one right after another may pay for its leftovers.
      const order = [...subjects.keys()];
      if (round % 2) order.reverse();
      for (const i of order) {
        const subject = subjects[i]!;
        const s = await load(subject.url, subject.token, 5, subject.children, subject.about);
        if (s.non2xx || s.errors) throw new Error(`${name} (${subject.name}): ${s.non2xx} non-2xx answers and ${s.errors} errors under load`);
        ours[i]!.push(s);
        ratios[i]!.push(s.reqPerSec / b.reqPerSec);
      }
    }
    const pick = (xs: Load[], k: keyof Load) => median(xs.map((x) => x[k]));
    for (const [i, subject] of subjects.entries()) {
      const mem = memory(subject.server.child.pid!);
      const label = serverB ? `${name} (${subject.name})` : name;
      log(
        `  ${label.padEnd(9)} echo ${fmt(pick(bare, 'reqPerSec')).padStart(6)} req/s (p50 ${pick(bare, 'p50')} ms, p99 ${pick(bare, 'p99')} ms)   submit ${fmt(pick(ours[i]!, 'reqPerSec')).padStart(5)} req/s (p50 ${pick(ours[i]!, 'p50')} ms, p99 ${pick(ours[i]!, 'p99')} ms)   ratio ${fmt(median(ratios[i]!), 2)}× (rounds ${ratios[i]!.map((r) => fmt(r, 2)).join(', ')})   server peak RSS ${fmt(mem.peak)} MiB`,
      );
    }
  } finally {
    await echo.stop();
    for (const s of subjects) {
      await s.server.stop();
      rmSync(s.dataDir, { recursive: true, force: true });
    }
  }
}

/** RSS after the server has compiled and cached 200 published versions' validators. */
async function benchValidatorMemory(log: (l: string) => void): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caseforms-bench-mem-'));
  const server = await startProc(serverScript, { CASEFORMS_DATA_DIR: dataDir }, 'Caseforms is running at');
  try {
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as Array<{ role: string; token: string }>;
    const tokenOf = (role: string) => demo.find((d) => d.role === role)!.token;
    const base = `http://127.0.0.1:${server.port}/api`;
    const call = async (role: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${tokenOf(role)}`, 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<any>;
    };
    const template = await call('designer', 'GET', '/forms/case-supervision/versions/1');
    const before = memory(server.child.pid!);
    let versions = 0;
    for (let f = 0; f < 40; f++) {
      const id = `bench-form-${f}`;
      await call('designer', 'POST', '/forms', { id, title: `Bench form ${f}`, category: 'other', team: 'bench' });
      for (let v = 1; v <= 5; v++, versions++) {
        const schema = structuredClone(template.schema);
        schema.title = `Bench ${f}.${v}`;
        schema.properties.meeting.properties.location = { type: 'string', maxLength: 100 + v };
        const draft = await call('designer', 'POST', `/forms/${id}/versions`, { schema, uischema: template.uischema, changeNote: `v${v}` });
        await call('designer', 'POST', `/forms/${id}/versions/${draft.version.version}/publish`);
        await call('practitioner', 'POST', '/submissions', { formId: id, version: v, data: {}, status: 'draft' }, { 'idempotency-key': `"mem-${f}-${v}"` });
      }
    }
    const after = memory(server.child.pid!);
    log(`  after loading ${versions} published versions' validators: RSS ${fmt(after.rss)} MiB (was ${fmt(before.rss)} MiB before), peak ${fmt(after.peak)} MiB`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchService(log: (line: string) => void): Promise<void> {
  // CASEFORMS_BENCH_SERVICE_STORES=sqlite for quick rounds (default: sqlite,ferretdb, then the validator-memory check).
  const stores = new Set((process.env.CASEFORMS_BENCH_SERVICE_STORES ?? 'sqlite,ferretdb,memory').split(','));
  if (process.env.CASEFORMS_BENCH_SKIP_BUILD !== '1') execFileSync('npm', ['run', 'build', '--silent'], { cwd: fileURLToPath(root), stdio: 'inherit' });
  if (stores.has('sqlite')) await benchOne(log, 'SQLite', {});
  if (stores.has('ferretdb')) await benchFerret(log);
  if (stores.has('memory')) await benchValidatorMemory(log);
}

async function benchFerret(log: (line: string) => void): Promise<void> {
  const ferret = process.env.MONGODB_URI ? null : await startFerretdb();
  const uri = process.env.MONGODB_URI ?? ferret!.uri;
  const dbName = `bench_svc_${Date.now()}`;
  try {
    await benchOne(log, process.env.MONGODB_URI ? 'MongoDB' : 'FerretDB', { MONGODB_URI: uri, MONGODB_DB: dbName });
  } finally {
    // On a council's own MongoDB (MONGODB_URI), leave nothing behind.
    const client = new MongoClient(uri);
    await client.db(dbName).dropDatabase().catch(() => {});
    if (serverB) await client.db(`${dbName}_b`).dropDatabase().catch(() => {});
    await client.close();
    await ferret?.stop();
  }
}
