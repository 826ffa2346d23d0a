/**
 * What the two leased queues share — the delivery outbox (outbox.ts) and email notifications
 * (engine/notifications/model.ts): attempts, and a lease that says who holds an item, with which
 * token and until when. A worker claims an item by leasing it; only the token's holder settles it.
 */

export interface Leasable {
  attempts: number;
  /** When it may next be tried. */
  nextAttemptAt: string;
  createdAt: string;
  leaseOwner?: string;
  leaseToken?: string;
  leaseUntil?: string;
  lastError?: string;
  deadAt?: string;
}

/** A worker's claim: up to `limit` due items, leased for `leaseMs` from `now`. */
export interface LeaseClaim {
  workerId: string;
  leaseMs: number;
  now: string;
  limit?: number;
}

/** When a lease taken at `now` (one ISO form) runs out. */
export function leaseEnd(now: string, leaseMs: number): string {
  return new Date(Date.parse(now) + leaseMs).toISOString();
}

/** The item without its lease, for the transition the lease holder makes. */
export function withoutLease<T extends Leasable>(item: T): Omit<T, 'leaseOwner' | 'leaseToken' | 'leaseUntil'> {
  const { leaseOwner: _o, leaseToken: _t, leaseUntil: _u, ...rest } = item;
  return rest;
}

/**
 * How long a claim holds an item unless configured: short, because the holder renews it while it
 * works (see LeaseKeeper), so a holder that crashed delays its items by at most this.
 */
export const DEFAULT_LEASE_MS = 15_000;

/** Renews the leases a worker holds, every third of the lease, until each is released. */
export interface LeaseKeeperOptions {
  leaseMs: number;
  /** Extends one item's lease to `leaseUntil`; throws InvalidState when the token no longer holds it. */
  renew: (id: string, leaseToken: string, leaseUntil: string) => Promise<unknown>;
  now: () => Date;
  /** Told when a renewal finds the lease gone: another worker holds the item now. */
  onLost: (id: string) => void;
  /** Told of any other renewal failure (the store is unreachable); the lease may still run out. */
  onError: (err: unknown, id: string) => void;
}

export class LeaseKeeper {
  private readonly held = new Map<string, string>();
  private readonly lost = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> | null = null;

  constructor(private readonly options: LeaseKeeperOptions) {}

  /** Keeps renewing these items' leases from now on. */
  hold(items: ReadonlyArray<{ id: string; leaseToken?: string }>): void {
    for (const i of items) if (i.leaseToken) this.held.set(i.id, i.leaseToken);
    if (!this.timer && this.held.size) {
      this.timer = setInterval(() => void this.renewAll(), Math.max(1, Math.floor(this.options.leaseMs / 3)));
      this.timer.unref();
    }
  }

  /** Was the item's lease found taken by another worker? Its outcome must not be recorded. */
  isLost(id: string): boolean {
    return this.lost.has(id);
  }

  /**
   * Stops renewing the item (its outcome is about to be recorded). Waits for a renewal in flight,
   * so the holder's transition never races its own renewal.
   */
  async release(id: string): Promise<void> {
    this.held.delete(id);
    if (!this.held.size) this.stopTimer();
    await this.renewing;
  }

  /** Stops renewing everything (the round is over). */
  async close(): Promise<void> {
    this.held.clear();
    this.stopTimer();
    await this.renewing;
    this.lost.clear();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async renewAll(): Promise<void> {
    if (this.renewing) return;
    const { leaseMs, renew, now, onLost, onError } = this.options;
    const until = leaseEnd(now().toISOString(), leaseMs);
    this.renewing = (async () => {
      // One at a time: a round holds a batch (tens of items), and renewals must not crowd the store.
      for (const [id, token] of [...this.held]) {
        if (!this.held.has(id)) continue;
        try {
          await renew(id, token, until);
        } catch (err) {
          if ((err as { type?: string }).type === 'invalid-state') {
            if (!this.held.has(id)) continue;
            this.held.delete(id);
            this.lost.add(id);
            onLost(id);
          } else onError(err, id);
        }
      }
    })();
    try {
      await this.renewing;
    } finally {
      this.renewing = null;
    }
  }
}
