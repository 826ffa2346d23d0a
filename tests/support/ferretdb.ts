/**
 * A private FerretDB 1.24.2 (MongoDB wire protocol over SQLite) for the MongoDB store tests.
 *
 * `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` builds a binary that panics at
 * start ("Invalid build/version/version.txt"): the module zip lacks the generated version file.
 * So we build from the module proxy's copy of the source with that one file written in.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { freePort } from './ports.js';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';

export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';

export function ferretdbBinaryPath(): string {
  return process.env.CASEFORMS_FERRETDB_BIN ?? join(homedir(), '.cache', 'caseforms', `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
}

/** Builds FerretDB with Go if the binary is not there yet. Throws with Go's own message on failure. */
export function ensureFerretdb(log: (line: string) => void = () => {}): string {
  const bin = ferretdbBinaryPath();
  if (existsSync(bin)) return bin;
  log(`building FerretDB ${FERRETDB_VERSION} with Go (first run only, about a minute)…`);
  const env = { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false' };
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], { env, encoding: 'utf8', cwd: tmpdir() }),
  ) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${MODULE}@${FERRETDB_VERSION} failed: ${info.Error ?? 'no directory'}`);
  const src = mkdtempSync(join(tmpdir(), 'ferretdb-src-'));
  try {
    cpSync(info.Dir, src, { recursive: true });
    chmodSync(join(src, 'build', 'version'), 0o755);
    writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    mkdirSync(join(bin, '..'), { recursive: true });
    execFileSync('go', ['build', '-o', bin, './cmd/ferretdb'], { cwd: src, env, stdio: ['ignore', 'inherit', 'inherit'] });
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
  return bin;
}

export interface RunningFerretdb {
  uri: string;
  stop(): Promise<void>;
}

export async function startFerretdb(): Promise<RunningFerretdb> {
  const bin = ensureFerretdb((l) => process.stderr.write(l + '\n'));
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-ferretdb-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    bin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  const uri = `mongodb://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with ${child.exitCode}: ${stderr}`);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.db('admin').command({ ping: 1 });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`FerretDB did not answer on ${uri} within 30 s: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    } finally {
      await client.close();
    }
  }
  return {
    uri,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
