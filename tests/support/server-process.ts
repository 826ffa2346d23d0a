/**
 * The real server in its own Node process (compiled sources, as `npm start` runs them), so its
 * memory can be measured apart from the test's: peak resident memory from /proc, which can be
 * reset between measurements (clear_refs 5, Linux). Free of vitest, so benches use it too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoAccount } from '../../engine/accounts/lifecycle.js';
import type { Role } from '../../engine/accounts/model.js';
import { compiledSources } from './compiled.js';
import { freePort } from './ports.js';

export interface ServerProcess {
  url: string;
  pid: number;
  dataDir: string;
  /** The demo account's API token for this role (from demo-accounts.json in `dataDir`). */
  token(role: Role): string;
  /** The demo accounts, as written to demo-accounts.json in `dataDir` (by this node or another on the same host). */
  demo(): Record<Role, DemoAccount>;
  /** Whether this process's start created the demo accounts (its banner says it wrote them). */
  wroteDemoAccounts: boolean;
  /** What the process printed so far. */
  output(): string;
  /** Resident memory now, in bytes. */
  rss(): number;
  /** The most resident memory since the last resetPeak (or start), in bytes. */
  peakRss(): number;
  resetPeak(): void;
  stop(): Promise<void>;
}

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no ${field} for ${pid}`);
  return Number(m[1]) * 1024;
}

/**
 * `dataDir`: a data folder to share (several nodes on one SQLite file, on one host); a new one
 * when left out. With a shared store the demo accounts are in the folder of the node that made them.
 * `nodeArgs`: options for node itself (e.g. `--cpu-prof`, which NODE_OPTIONS does not take).
 */
export async function startServerProcess(env: Record<string, string> = {}, options: { dataDir?: string; nodeArgs?: string[] } = {}): Promise<ServerProcess> {
  const dir = await compiledSources();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'caseforms-proc-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), join(dir, 'engine', 'http', 'server.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CASEFORMS_DATA_DIR: dataDir, LOG_LEVEL: 'warn', CASEFORMS_DEMO_DIRECTORY: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const until = Date.now() + 60_000;
  while (!out.includes('Caseforms is running at')) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`the server did not start: ${out.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = `http://127.0.0.1:${port}`;
  const demo = () => Object.fromEntries((JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as DemoAccount[]).map((d) => [d.role, d])) as Record<Role, DemoAccount>;
  const pid = child.pid!;
  return {
    url,
    pid,
    dataDir,
    token: (role) => demo()[role].token,
    demo,
    wroteDemoAccounts: out.includes('were written once to'),
    output: () => out,
    rss: () => status(pid, 'VmRSS'),
    peakRss: () => status(pid, 'VmHWM'),
    resetPeak: () => writeFileSync(`/proc/${pid}/clear_refs`, '5'),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
