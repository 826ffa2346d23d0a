/**
 * Durable commits without blocking the event loop. The store runs SQLite in WAL mode with
 * `synchronous = NORMAL`: a commit writes its frames to the -wal file but does not wait for the
 * disk. Before a write is acknowledged, this fsyncs that file on libuv's thread pool, so the
 * event loop keeps serving other requests meanwhile; commits that land while one fsync runs share
 * the next (group commit). fsync(2) makes durable everything written to the file before it was
 * called, whoever wrote it, so an acknowledged write survives power loss as with
 * `synchronous = FULL` (which fsyncs the same file inside each COMMIT, on the event loop).
 * Checkpoints (copying the WAL into the database) are still synced by SQLite itself.
 */
import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

type Waiter = (error: NodeJS.ErrnoException | null) => void;

export class WalSync {
  private readonly fd: number;
  private running = false;
  private waiting: Waiter[] = [];
  private settled: Array<() => void> = [];
  private idle: Array<() => void> = [];

  /** Call once the database is open in WAL mode (its -wal file exists while any connection is open). */
  constructor(databaseFile: string) {
    this.fd = openSync(`${databaseFile}-wal`, 'r');
    // A -wal file made by this open: its directory entry made durable too (as SQLite does for a new WAL).
    const dir = openSync(dirname(databaseFile), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    fsyncSync(this.fd);
  }

  /** True while an fsync runs: the store gathers writes meanwhile, for one commit after it. */
  get busy(): boolean {
    return this.running;
  }

  /** Runs `fn` once the fsync now running has ended (its writers told). */
  whenSettled(fn: () => void): void {
    if (this.running) this.settled.push(fn);
    else fn();
  }

  /** Calls `done` once everything committed so far is on disk (or with the error fsync gave). */
  after(done: Waiter): void {
    this.waiting.push(done);
    if (!this.running) this.start();
  }

  private start(): void {
    const waiters = this.waiting.splice(0);
    this.running = true;
    fsync(this.fd, (error) => {
      this.running = false;
      for (const w of waiters) w(error);
      for (const fn of this.settled.splice(0)) fn();
      if (this.running) return;
      if (this.waiting.length) this.start();
      else for (const resolve of this.idle.splice(0)) resolve();
    });
  }

  /** Waits for every fsync asked for, then closes the file (call before the database closes). */
  async close(): Promise<void> {
    if (this.running || this.waiting.length) await new Promise<void>((resolve) => this.idle.push(resolve));
    closeSync(this.fd);
  }
}
