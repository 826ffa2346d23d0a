/** Runs tests/support/store-child.ts (compiled: ./compiled.ts) in its own Node process and collects its JSON lines. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { compiledSources } from './compiled.js';

export type Line = Record<string, unknown>;

export async function startChild(env: Record<string, string>, args: string[]): Promise<{ child: ChildProcess; lines: Line[]; exited: Promise<number | null>; ready: Promise<void> }> {
  const script = join(await compiledSources(), 'tests', 'support', 'store-child.js');
  const child = spawn(process.execPath, ['--enable-source-maps', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  let buf = '';
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  child.stdout!.on('data', (b: Buffer) => {
    buf += b.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.trim()) continue;
      const obj = JSON.parse(line) as Line;
      if (obj.ready) markReady();
      lines.push(obj);
    }
  });
  child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal === null) lines.push({ childFailed: code, stderr });
      resolve(code);
    }),
  );
  return { child, lines, exited, ready };
}

/** Runs to completion; rejects with the child's stderr if it fails. */
export async function runChild(env: Record<string, string>, args: string[]): Promise<Line[]> {
  const { lines, exited } = await startChild(env, args);
  const code = await exited;
  if (code !== 0) throw new Error(`child ${args.join(' ')} failed: ${JSON.stringify(lines.at(-1))}`);
  return lines;
}
