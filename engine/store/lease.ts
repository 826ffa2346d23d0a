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
