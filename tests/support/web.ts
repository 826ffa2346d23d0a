/**
 * Building the web apps (`runtime/`, later `designer/`) for the browser tests, once per test run.
 *
 * Every top-level folder with a `vite.config.ts` is a web app; `vite build` turns `<app>/` into
 * `.build/web/<app>/` (its `index.html` is what the server serves). The build runs in a child
 * process with a production environment (vitest sets `NODE_ENV=test`, which would give React's
 * development build), so the tests exercise what `npm start` serves.
 *
 * Once per run: `tests/e2e/global-setup.ts` makes a fresh directory for the run and provides it
 * as `webBuildRunDir`. The first test file to call `buildWebApps()` takes a lock in it (an atomic
 * `mkdir`), builds and writes the outcome there; every other file, in any worker, waits for that
 * outcome and reuses it (a failed build fails them all with the same message, without rebuilding).
 * Runs that contain no browser test never build. The run's build goes into the run's directory
 * (`webDir`), not `.build/web`: the test of `npm start` rebuilds `.build/web` while other files'
 * browsers load pages, which then found no file for a moment and got 500s.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory private to this test run, where the web build's lock and outcome live. */
    webBuildRunDir: string;
  }
}

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where `vite build` puts each app: `.build/web/<app>/`. */
export const WEB_OUT_ROOT = join(REPO_ROOT, '.build', 'web');

export interface WebApp {
  /** Folder name, e.g. `runtime`; also the name of its output folder. */
  name: string;
  /** Absolute path of the app folder. */
  dir: string;
  /** Absolute path of its `vite.config.ts`. */
  config: string;
  /** Absolute path of the built app, `.build/web/<name>`. */
  outDir: string;
}

export interface WebBuild {
  apps: Array<WebApp & { ms: number }>;
  /** The folder the apps were built into (a server's `webDir`). */
  webDir: string;
  /** Wall time of the whole build, in milliseconds. */
  ms: number;
  /** The process that ran the build (another worker's when this one reused it). */
  builtBy: number;
}

const SKIP = new Set(['node_modules', 'tests', 'engine', 'schemas', 'data', 'dist', 'coverage']);

/** Every top-level folder of the repository holding a `vite.config.ts`, sorted by name. */
export function findWebApps(root = REPO_ROOT): WebApp[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !SKIP.has(d.name))
    .map((d) => ({ name: d.name, dir: join(root, d.name), config: join(root, d.name, 'vite.config.ts'), outDir: join(root, '.build', 'web', d.name) }))
    .filter((app) => existsSync(app.config))
    .sort((a, b) => a.name.localeCompare(b.name));
}

let inProcess: Promise<WebBuild> | undefined;

/**
 * Builds every web app once for this test run and resolves when `.build/web/<app>/index.html`
 * exists for each. Safe to call from any number of test files (and several times in one).
 * Fails with a clear message when there is no app or a build fails.
 */
export function buildWebApps(options: { runDir?: string } = {}): Promise<WebBuild> {
  const runDir = options.runDir ?? providedRunDir();
  if (!runDir) return (inProcess ??= buildAll());
  return (inProcess ??= buildOncePerRun(runDir));
}

function providedRunDir(): string | undefined {
  try {
    return inject('webBuildRunDir');
  } catch {
    return undefined; // not inside a vitest worker
  }
}

const POLL_MS = 200;
/** How long a waiting file gives the building one; the hook timeout usually ends it first. */
const WAIT_LIMIT_MS = 10 * 60_000;

type Outcome = { ok: true; build: WebBuild } | { ok: false; message: string };

async function buildOncePerRun(runDir: string): Promise<WebBuild> {
  const outcomeFile = join(runDir, 'web-build.json');
  const lockDir = join(runDir, 'web-build.lock');
  let owner = false;
  try {
    mkdirSync(lockDir);
    owner = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (owner) {
    writeFileSync(join(lockDir, 'pid'), String(process.pid));
    let outcome: Outcome;
    try {
      outcome = { ok: true, build: await buildAll(join(runDir, 'web')) };
    } catch (err) {
      outcome = { ok: false, message: (err as Error).message };
    }
    const tmp = `${outcomeFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(outcome));
    renameSync(tmp, outcomeFile);
    return settle(outcome);
  }

  const started = Date.now();
  for (;;) {
    if (existsSync(outcomeFile)) return settle(JSON.parse(readFileSync(outcomeFile, 'utf8')) as Outcome);
    const pid = Number(readIfExists(join(lockDir, 'pid')));
    if (pid && !alive(pid)) {
      if (existsSync(outcomeFile)) continue;
      throw new Error(`The process building the web apps for this run (pid ${pid}) ended without finishing the build; see the first failing browser test file.`);
    }
    if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`Gave up after ${WAIT_LIMIT_MS / 1000}s waiting for another test process to build the web apps.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function settle(outcome: Outcome): WebBuild {
  if (outcome.ok) return outcome.build;
  throw new Error(outcome.message);
}

function readIfExists(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function buildAll(outRoot = WEB_OUT_ROOT): Promise<WebBuild> {
  const apps = findWebApps().map((app) => ({ ...app, outDir: join(outRoot, app.name) }));
  if (apps.length === 0) {
    throw new Error(
      'No web app to build: no top-level folder of the repository has a vite.config.ts ' +
        '(expected runtime/vite.config.ts building runtime/ into .build/web/runtime, and later designer/vite.config.ts). ' +
        'The browser tests (tests/e2e) need the built runtime app.',
    );
  }
  const started = performance.now();
  const built: WebBuild['apps'] = [];
  // One after the other: each vite build already uses every core.
  for (const app of apps) built.push({ ...app, ms: await buildApp(app) });
  return { apps: built, webDir: outRoot, ms: Math.round(performance.now() - started), builtBy: process.pid };
}

const viteBin = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');

/** `vite build <app>` with the app's config (into `app.outDir`), in a child process; returns its duration in ms. */
async function buildApp(app: WebApp): Promise<number> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_ENV' || k.startsWith('VITEST') || k === 'TEST' || k === 'FORCE_COLOR') continue;
    env[k] = v;
  }
  env.NO_COLOR = '1';
  env.FORCE_COLOR = '0';
  const args = [viteBin, 'build', app.dir, '--config', app.config, '--outDir', app.outDir, '--emptyOutDir'];
  const { code, signal, output } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
  const command = `vite build ${relative(REPO_ROOT, app.dir)} --config ${relative(REPO_ROOT, app.config)}`;
  if (code !== 0) {
    throw new Error(`Building the ${app.name} web app failed (\`${command}\` ${signal ? `killed by ${signal}` : `exited with ${code}`}):\n${tail(output)}`);
  }
  const index = join(app.outDir, 'index.html');
  if (!existsSync(index) || !statSync(index).isFile()) {
    throw new Error(
      `\`${command}\` succeeded but ${relative(REPO_ROOT, index)} does not exist: ${relative(REPO_ROOT, app.config)} must build into ` +
        `${relative(REPO_ROOT, app.outDir)} (build.outDir), which is what the server serves.\n${tail(output)}`,
    );
  }
  return Math.round(performance.now() - started);
}

function tail(text: string, max = 6000): string {
  // Rolldown colours its diagnostics whatever NO_COLOR says.
  const t = text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').trim();
  return t.length > max ? `…${t.slice(-max)}` : t;
}
