/**
 * Service throughput: POST /api/submissions (a complete case supervision record, submitted)
 * with autocannon at 50 connections, against a bare express JSON echo measured in the same run,
 * on SQLite and on FerretDB. Also the server's peak RSS, and its RSS after 200 published
 * versions' validators are loaded.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startFerretdb } from '../support/ferretdb.js';
import { freePort } from '../support/ports.js';
import { fmt, median } from './measure.js';

const root = new URL('../../', import.meta.url);
/** What `npm start` runs (the bench builds it first). */
const serverScript = fileURLToPath(new URL('.build/engine/http/server.js', root));
const echoScript = fileURLToPath(new URL('tests/bench/echo-server.ts', root));
const record = JSON.parse(readFileSync(new URL('tests/schemas/fixtures/case-supervision/valid-planned-child-protection.json', root), 'utf8'));

interface Proc {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

async function startProc(script: string, env: Record<string, string>, ready: string): Promise<Proc> {
  // A port nothing listens on now (a random one once landed on FerretDB's).
  const port = await freePort();
  const args = script.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
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

async function load(url: string, token: string | null, seconds: number): Promise<Load> {
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
          body: JSON.stringify({ formId: 'case-supervision', version: 1, subject: { childId: `C${100000 + (n % 997)}` }, data: record, status: 'submitted' }),
        }),
      },
    ],
  });
  return { reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

async function benchOne(log: (l: string) => void, name: string, env: Record<string, string>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caseforms-bench-svc-'));
  const server = await startProc(serverScript, { CASEFORMS_DATA_DIR: dataDir, ...env }, 'Caseforms is running at');
  const echo = await startProc(echoScript, {}, 'echo ready');
  try {
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as Array<{ role: string; token: string }>;
    const token = demo.find((d) => d.role === 'practitioner')!.token;
    const subjectUrl = `http://127.0.0.1:${server.port}/api/submissions`;
    const echoUrl = `http://127.0.0.1:${echo.port}/echo`;
    // Warm-up, then alternate so drift in machine speed does not favour either side.
    await load(subjectUrl, token, 2);
    await load(echoUrl, null, 2);
    const ours: Load[] = [];
    const bare: Load[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < 3; round++) {
      const b = await load(echoUrl, null, 5);
      const s = await load(subjectUrl, token, 5);
      if (s.non2xx || s.errors) throw new Error(`${name}: ${s.non2xx} non-2xx answers and ${s.errors} errors under load`);
      bare.push(b);
      ours.push(s);
      ratios.push(s.reqPerSec / b.reqPerSec);
    }
    const mem = memory(server.child.pid!);
    const pick = (xs: Load[], k: keyof Load) => median(xs.map((x) => x[k]));
    log(
      `  ${name.padEnd(9)} echo ${fmt(pick(bare, 'reqPerSec')).padStart(6)} req/s (p50 ${pick(bare, 'p50')} ms, p99 ${pick(bare, 'p99')} ms)   submit ${fmt(pick(ours, 'reqPerSec')).padStart(5)} req/s (p50 ${pick(ours, 'p50')} ms, p99 ${pick(ours, 'p99')} ms)   ratio ${fmt(median(ratios), 2)}×   server peak RSS ${fmt(mem.peak)} MiB`,
    );
  } finally {
    await echo.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
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
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: fileURLToPath(root), stdio: 'inherit' });
  await benchOne(log, 'SQLite', {});
  const ferret = process.env.MONGODB_URI ? null : await startFerretdb();
  try {
    await benchOne(log, process.env.MONGODB_URI ? 'MongoDB' : 'FerretDB', { MONGODB_URI: process.env.MONGODB_URI ?? ferret!.uri, MONGODB_DB: `bench_svc_${Date.now()}` });
  } finally {
    await ferret?.stop();
  }
  await benchValidatorMemory(log);
}
