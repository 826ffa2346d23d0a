/**
 * The two background loops of uploaded files, in the web server's process:
 * - the sweep, hourly: files never kept with a submitted record, uploaded more than a day ago, are
 *   removed (with a `file.swept` event each), and bytes an unfinished upload left behind;
 * - the scan, when a scanner is configured: each `unscanned` file, oldest first, is given to it and
 *   marked clean or infected (`file.scanned`); a scanner that cannot answer is asked again later.
 */
import type { Logger } from 'pino';
import type { EngineContext } from '../context.js';
import { PollLoop } from '../poll-loop.js';
import { newEvent } from '../store/events.js';
import type { Scanner } from './scanner.js';

export const SWEEP_EVERY_MS = 60 * 60_000;
export const UNKEPT_LIFETIME_MS = 24 * 60 * 60_000;
const ACTOR = 'system';

export interface FileWorkerOptions {
  scanner: Scanner | null;
  logger: Logger;
  sweepEveryMs?: number;
  /** How often an idle scan loop looks for unscanned files (an upload in this process wakes it at once). */
  scanPollMs?: number;
  /** How long a file the scanner could not judge waits before it is tried again. */
  retryAfterMs?: number;
}

/**
 * One sweep: what it removed. A file a draft still names in its saved answers is left (the draft
 * may be finished days later); once the draft lets go of it (the answer changed, the draft
 * deleted) and it is over a day old, it goes. A file a submitted record names is never taken: if
 * it is not kept (two submits of one draft at once, the one that lost letting go of what the other
 * needed), it is kept now.
 */
export async function sweepFiles(ctx: EngineContext, lifetimeMs = UNKEPT_LIFETIME_MS): Promise<number> {
  const now = ctx.now();
  return ctx.store.files.sweep(
    new Date(now.getTime() - lifetimeMs),
    (f) => newEvent(now, ACTOR, 'file.swept', 'file', f.id, { submissionId: f.submissionId, pointer: f.pointer, name: f.name, uploadedAt: f.uploadedAt }),
    async (f) => {
      const record = await ctx.store.getSubmission(f.submissionId);
      if (!record || !namesFile(record.data, f.pointer, f.id)) return false;
      if (record.status === 'submitted') await ctx.store.files.keep([f.id], record.submittedAt ?? record.updatedAt);
      return true;
    },
  );
}

/** True when the answer at the question's pointer lists the file. */
export function namesFile(data: unknown, pointer: string, id: string): boolean {
  let value: unknown = data;
  for (const part of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return false;
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return Array.isArray(value) && value.some((item) => item !== null && typeof item === 'object' && (item as { id?: unknown }).id === id);
}

/** One round of scanning: how many files got a verdict. `notBefore` holds files to try again later. */
export async function scanFiles(ctx: EngineContext, scanner: Scanner, notBefore: Map<string, number>, retryAfterMs: number, limit = 20): Promise<number> {
  const now = Date.now();
  for (const [id, t] of notBefore) if (t <= now) notBefore.delete(id);
  let judged = 0;
  for (const f of await ctx.store.files.listUnscanned(limit + notBefore.size)) {
    if (notBefore.has(f.id)) continue;
    const bytes = await ctx.store.files.open(f.id);
    // Its bytes not there (removed under it, or a store being restored): held like a retry, so
    // a few such files never take every place in a round from the files behind them.
    if (!bytes) {
      notBefore.set(f.id, Date.now() + retryAfterMs);
      continue;
    }
    const verdict = await scanner.scan(bytes);
    if (verdict === 'retry') {
      notBefore.set(f.id, Date.now() + retryAfterMs);
      continue;
    }
    await ctx.store.files.setScan(f.id, verdict, newEvent(ctx.now(), ACTOR, 'file.scanned', 'file', f.id, { submissionId: f.submissionId, result: verdict }));
    judged++;
    if (judged >= limit) break;
  }
  return judged;
}

export class FileWorkers {
  private readonly sweep: PollLoop;
  private readonly scan: PollLoop | null;

  constructor(ctx: EngineContext, options: FileWorkerOptions) {
    const { logger, scanner } = options;
    this.sweep = new PollLoop(
      async () => {
        const removed = await sweepFiles(ctx);
        if (removed) logger.info({ removed }, 'removed uploaded files never kept with a submitted record');
        // Always idle afterwards: one sweep an interval.
        return 0;
      },
      { pollMs: options.sweepEveryMs ?? SWEEP_EVERY_MS, onError: (err) => logger.error({ err }, 'sweeping uploaded files failed') },
    );
    const notBefore = new Map<string, number>();
    const retryAfterMs = options.retryAfterMs ?? 60_000;
    this.scan = scanner
      ? new PollLoop(() => scanFiles(ctx, scanner, notBefore, retryAfterMs), { pollMs: options.scanPollMs ?? 5_000, onError: (err) => logger.error({ err }, 'scanning uploaded files failed') })
      : null;
  }

  start(): void {
    this.sweep.start();
    this.scan?.start();
  }

  /** An upload in this process: scan it now. */
  uploaded(): void {
    this.scan?.wake();
  }

  async stop(): Promise<void> {
    await Promise.all([this.sweep.stop(), this.scan?.stop()]);
  }
}
