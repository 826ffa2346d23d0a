import { randomUUID } from 'node:crypto';
import { withoutLease, type Leasable, type LeaseClaim } from './lease.js';

/** The delivery outbox: one entry per (submitted record, connector), delivered by sync workers. */

export type OutboxState = 'pending' | 'leased' | 'delivered' | 'dead';

/** Every state, in lifecycle order (the order `outboxCounts` reports them in). */
export const OUTBOX_STATES: readonly OutboxState[] = ['pending', 'leased', 'delivered', 'dead'];

/** The states an entry waits in (queued, or in flight), whose age operators watch. */
export const WAITING_STATES: readonly OutboxState[] = ['pending', 'leased'];

/** What a submit asks to be delivered. */
export interface OutboxSeed {
  connector: string;
  /**
   * The how-many-th time this record is queued for the ICS (1 when left out): a record delivered
   * at submit and again after it was returned and resubmitted, or signed off, carries the same
   * idempotency key with a higher delivery revision, so the receiver updates rather than duplicates.
   */
  deliveryRevision?: number;
}

export interface OutboxEntry extends Leasable {
  /**
   * `<submissionId>:<connector>` (delivery revision 1) or `<submissionId>:<connector>:r<n>`: one
   * entry per record, connector and delivery revision, so a repeated enqueue is a no-op.
   */
  id: string;
  /** 1 when absent (entries made before records could be delivered again). */
  deliveryRevision?: number;
  submissionId: string;
  connector: string;
  /** Entries with the same key are delivered one at a time in `seq` order (the child id). */
  partitionKey: string;
  seq: number;
  state: OutboxState;
  deliveredAt?: string;
  /** What the receiver answered (e.g. its record id). */
  result?: Record<string, unknown>;
}

export interface ClaimRequest extends LeaseClaim {
  /** Only entries for this connector; all connectors when absent. */
  connector?: string;
}

export interface OutboxQuery {
  submissionId?: string;
  connector?: string;
  state?: OutboxState;
  /** Only entries of this partition (a child's id, or a record's own id). */
  partitionKey?: string;
  /** Entry id to continue after, in the list's `seq, id` order (an id that does not exist gives an empty page). */
  after?: string;
  limit?: number;
}

/** How many entries one connector has in one state. */
export interface OutboxCount {
  connector: string;
  state: OutboxState;
  count: number;
  /** For pending and leased entries: the oldest one's `createdAt`, in the one ISO form. */
  oldestCreatedAt?: string;
}

/** Counts in the order `outboxCounts` returns them: by connector, then by state in lifecycle order. */
export function sortCounts(counts: OutboxCount[]): OutboxCount[] {
  const rank = (c: OutboxCount) => OUTBOX_STATES.indexOf(c.state);
  return counts.sort((a, b) => (a.connector < b.connector ? -1 : a.connector > b.connector ? 1 : rank(a) - rank(b)));
}

/** Records about the same child go in order; a record with no child is its own partition. */
export function partitionKeyOf(submission: { id: string; subject: { childId?: string } }): string {
  return submission.subject.childId ?? submission.id;
}

export function outboxId(submissionId: string, connector: string, deliveryRevision = 1): string {
  return deliveryRevision > 1 ? `${submissionId}:${connector}:r${deliveryRevision}` : `${submissionId}:${connector}`;
}

/** The entries a submit enqueues: due at once, in submit order. */
export function newOutboxEntries(
  submission: { id: string; subject: { childId?: string }; submittedAt?: string },
  seq: number,
  seeds: OutboxSeed[],
  fallbackTime: string,
): OutboxEntry[] {
  const at = submission.submittedAt ?? fallbackTime;
  return seeds.map((s) => ({
    id: outboxId(submission.id, s.connector, s.deliveryRevision),
    submissionId: submission.id,
    connector: s.connector,
    ...(s.deliveryRevision && s.deliveryRevision > 1 ? { deliveryRevision: s.deliveryRevision } : {}),
    partitionKey: partitionKeyOf(submission),
    seq,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
  }));
}

/** The entry leased to `workerId` until `leaseUntil`, with a fresh token; each lease is an attempt. */
export function leased(entry: OutboxEntry, workerId: string, leaseUntil: string): OutboxEntry {
  return { ...entry, state: 'leased', attempts: entry.attempts + 1, leaseOwner: workerId, leaseToken: randomUUID(), leaseUntil };
}

/** The entry without its lease, for the transition the lease holder makes. */
export function released(entry: OutboxEntry): OutboxEntry {
  return withoutLease(entry);
}

/** The entry due again at `at` after a replay; only a dead entry, or a delivered one when forced. */
export function replayable(entry: OutboxEntry, at: string, force: boolean | undefined): OutboxEntry | null {
  if (!(entry.state === 'dead' || (entry.state === 'delivered' && force))) return null;
  const { deadAt: _d, deliveredAt: _v, ...rest } = entry;
  return { ...rest, state: 'pending', nextAttemptAt: at };
}
