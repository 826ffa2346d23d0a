/**
 * Email notifications (issue 15): what a person is told, and the queue it waits in. Every
 * notification has a deterministic id made from what it is about (`returned:<record>:h<n>:<account>`,
 * `action-due:<action>:<dueOn>:<account>`, `digest:<account>:<date>`), so reading the same events
 * or running the same day's reminders again never makes a second one: the store inserts if absent.
 */
import { randomUUID } from 'node:crypto';
import { InvalidStateError, NotFoundError } from '../errors.js';
import { withoutLease, type Leasable, type LeaseClaim } from '../store/lease.js';

export const NOTIFICATION_KINDS = ['assigned', 'returned', 'sign-off', 'due-soon', 'overdue', 'digest'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * pending → leased → sent | pending (retry) | dead; `held` waits for the person's daily digest
 * (then `digested`); `skipped` was never sent (the person turned email off, or has no address).
 */
export const NOTIFICATION_STATES = ['pending', 'leased', 'sent', 'dead', 'held', 'digested', 'skipped'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/** How a person wants to be told: each email as it happens, one email a day, or not at all. */
export const DELIVERY_CHOICES = ['immediate', 'digest', 'off'] as const;
export type DeliveryChoice = (typeof DELIVERY_CHOICES)[number];
export const DEFAULT_CHOICE: DeliveryChoice = 'immediate';

/** One line of a digest: the notification it stands for, its words and its link. */
export interface DigestItem {
  id: string;
  kind: NotificationKind;
  title: string;
  path: string;
}

export interface Notification extends Leasable {
  id: string;
  kind: NotificationKind;
  /** The account told. */
  accountId: string;
  /** One line, used as the subject: a reference and what happened, never a child's name or an answer. */
  title: string;
  /** Where to look, under CASEFORMS_PUBLIC_URL (e.g. `/records/<id>`). */
  path: string;
  /** The record's reference (e.g. `SUP-2026-000123`), when it is about one. */
  reference?: string;
  /** A digest's lines. */
  items?: DigestItem[];
  state: NotificationState;
  /** When it may next be sent (one ISO form). */
  nextAttemptAt: string;
  sentAt?: string;
  /** Why it was not sent (state `skipped`). */
  skippedReason?: 'off' | 'no-address';
  /** The digest that carried it (state `digested`). */
  digestId?: string;
}

export type NotificationClaim = LeaseClaim;

/** What the lease holder records: sent, try again later, gave up, or not sent at all. */
export type NotificationOutcome =
  | { state: 'sent'; at: string }
  | { state: 'pending'; error: string; nextAttemptAt: string }
  | { state: 'dead'; error: string; at: string }
  | { state: 'skipped'; reason: 'no-address'; at: string };

export interface NotificationQuery {
  accountId?: string;
  state?: NotificationState;
  /** Id to continue after (the list is in id order). */
  after?: string;
  limit?: number;
}

export interface NotificationCount {
  state: NotificationState;
  count: number;
}

const notificationMissing = (id: string) => new NotFoundError(`There is no notification "${id}".`);
const notificationLeaseLost = (id: string) => new InvalidStateError(`The lease on notification "${id}" has expired or was taken by another sender.`);

/** A new notification, waiting to be sent at once, held for the digest, or skipped (email off). */
export function newNotification(
  n: Pick<Notification, 'id' | 'kind' | 'accountId' | 'title' | 'path'> & Partial<Pick<Notification, 'reference' | 'items'>>,
  choice: DeliveryChoice,
  at: string,
): Notification {
  const state: NotificationState = choice === 'off' ? 'skipped' : choice === 'digest' && n.kind !== 'digest' ? 'held' : 'pending';
  return { ...n, state, attempts: 0, nextAttemptAt: at, createdAt: at, ...(choice === 'off' ? { skippedReason: 'off' as const } : {}) };
}

/** The entry leased to `workerId` until `leaseUntil`, with a fresh token; each lease is an attempt. */
export function leasedNotification(n: Notification, workerId: string, leaseUntil: string): Notification {
  return { ...n, state: 'leased', attempts: n.attempts + 1, leaseOwner: workerId, leaseToken: randomUUID(), leaseUntil };
}

/** Notification `id` (as stored now: `n`) with its lease extended to `leaseUntil`; refused as settledNotification refuses. */
export function renewedNotification(id: string, n: Notification | null, leaseToken: string, leaseUntil: string): Notification {
  if (!n) throw notificationMissing(id);
  if (n.state !== 'leased' || n.leaseToken !== leaseToken) throw notificationLeaseLost(id);
  return { ...n, leaseUntil };
}

/**
 * Notification `id` (as stored now: `n`) after its lease holder's outcome, without the lease.
 * NotFound when it is not there; InvalidState when `leaseToken` no longer holds it.
 */
export function settledNotification(id: string, n: Notification | null, leaseToken: string, outcome: NotificationOutcome): Notification {
  if (!n) throw notificationMissing(id);
  if (n.state !== 'leased' || n.leaseToken !== leaseToken) throw notificationLeaseLost(id);
  const rest = withoutLease(n);
  switch (outcome.state) {
    case 'sent':
      return { ...rest, state: 'sent', sentAt: outcome.at };
    case 'pending':
      return { ...rest, state: 'pending', lastError: outcome.error, nextAttemptAt: outcome.nextAttemptAt };
    case 'dead':
      return { ...rest, state: 'dead', lastError: outcome.error, deadAt: outcome.at };
    case 'skipped':
      return { ...rest, state: 'skipped', skippedReason: outcome.reason };
  }
}

/** Is it due for sending at `now`: pending and due, or leased by someone whose lease ran out. */
export function claimable(n: Pick<Notification, 'state' | 'nextAttemptAt' | 'leaseUntil'>, now: string): boolean {
  return (n.state === 'pending' && n.nextAttemptAt <= now) || (n.state === 'leased' && n.leaseUntil !== undefined && n.leaseUntil <= now);
}
