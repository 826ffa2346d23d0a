/**
 * A limit on failures per key in a sliding window (failed sign-ins per address and username in
 * the last 15 minutes),
 * counted in the store so every web node sharing it counts the same failures: a guesser spreading
 * attempts over the nodes behind a load balancer meets one limit, not one per node.
 *
 * Each failure is a row of its own, inserted and counted (Store.addLimitHit), so no update can
 * lose another's (FerretDB's conditional updates are not atomic). An attempt is checked (a count)
 * before and its failure recorded before it is answered, so a success costs the store no write;
 * attempts already under way when the limit is reached still finish, so it can be passed by as
 * many as are checked at once (the sign-in gate lets a couple per address per node).
 * A key refused is remembered in this process until its window ends: a flood is turned away
 * without asking the store again.
 */
import { newId } from '../ids.js';
import type { Store } from '../store/contract.js';

export type LimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Failures that have run out are deleted at most this often per process. */
const SWEEP_EVERY_MS = 60_000;

export class SharedLimit {
  /** Keys refused in this process, until when (ms): when enough of their failures run out. */
  private readonly refusedUntil = new Map<string, number>();
  private lastSweep = 0;

  constructor(
    private readonly store: Store,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Whether `key` may try now: refused while it has `limit` failures younger than the window. */
  async check(key: string): Promise<LimitVerdict> {
    const now = this.now().getTime();
    const until = this.refusedUntil.get(key);
    if (until !== undefined && until > now) return { ok: false, retryAfterSeconds: secondsTo(until, now) };
    const live = await this.store.liveLimitHits(key, new Date(now).toISOString());
    if (live.length < this.limit) return { ok: true };
    // Refused until enough of them run out to leave one try.
    const free = Date.parse(live[live.length - this.limit]!);
    this.remember(key, free, now);
    return { ok: false, retryAfterSeconds: secondsTo(free, now) };
  }

  /** Records a failure of `key`. */
  async fail(key: string): Promise<void> {
    const now = this.now().getTime();
    const sweep = now - this.lastSweep >= SWEEP_EVERY_MS;
    if (sweep) this.lastSweep = now;
    const expiresAt = new Date(now + this.windowMs).toISOString();
    await this.store.addLimitHit({ id: newId(), key, expiresAt }, new Date(now).toISOString(), sweep);
  }

  private remember(key: string, until: number, now: number): void {
    for (const [k, end] of this.refusedUntil) if (end <= now) this.refusedUntil.delete(k);
    this.refusedUntil.set(key, until);
  }
}

const secondsTo = (end: number, now: number) => Math.max(1, Math.ceil((end - now) / 1000));
