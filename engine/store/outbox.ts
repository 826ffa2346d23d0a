/** The delivery outbox: one entry per (submitted record, connector), delivered by sync workers. */

export type OutboxState = 'pending' | 'leased' | 'delivered' | 'dead';

/** What a submit asks to be delivered. */
export interface OutboxSeed {
  connector: string;
}

export interface OutboxEntry {
  /** `<submissionId>:<connector>`: one entry per pair, so a repeated enqueue is a no-op. */
  id: string;
  submissionId: string;
  connector: string;
  /** Entries with the same key are delivered one at a time in `seq` order (the child id). */
  partitionKey: string;
  seq: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  leaseOwner?: string;
  leaseToken?: string;
  leaseUntil?: string;
  lastError?: string;
  deliveredAt?: string;
  /** What the receiver answered (e.g. its record id). */
  result?: Record<string, unknown>;
  deadAt?: string;
}

export interface ClaimRequest {
  workerId: string;
  /** Only entries for this connector; all connectors when absent. */
  connector?: string;
  leaseMs: number;
  now: string;
  limit?: number;
}

export interface OutboxQuery {
  submissionId?: string;
  connector?: string;
  state?: OutboxState;
  limit?: number;
}

/** Records about the same child go in order; a record with no child is its own partition. */
export function partitionKeyOf(submission: { id: string; subject: { childId?: string } }): string {
  return submission.subject.childId ?? submission.id;
}

export function outboxId(submissionId: string, connector: string): string {
  return `${submissionId}:${connector}`;
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
    id: outboxId(submission.id, s.connector),
    submissionId: submission.id,
    connector: s.connector,
    partitionKey: partitionKeyOf(submission),
    seq,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
  }));
}
