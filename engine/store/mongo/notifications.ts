/**
 * The email notification queue on MongoDB (and FerretDB): views `notifications`,
 * `notificationCursors` and `notificationChoices`, each change decided by a commit on the
 * document's revision (commits.ts), since only a unique insert is atomic there. A new
 * notification is commit 1 of `notification:<id>`: of two producers making the same one, exactly
 * one inserts it. Leases are light commits, as the delivery outbox's are.
 */
import type { Collection, Document, IndexDescription } from 'mongodb';
import type { EventRecord } from '../events.js';
import { isoTime } from '../messages.js';
import { leaseEnd } from '../lease.js';
import type { NotificationQueue } from '../notifications.js';
import {
  claimable,
  leasedNotification,
  renewedNotification,
  settledNotification,
  type DeliveryChoice,
  type Notification,
  type NotificationClaim,
  type NotificationCount,
  type NotificationOutcome,
  type NotificationQuery,
  type NotificationState,
} from '../../notifications/model.js';
import type { Collections } from './collections.js';
import { MAX_ATTEMPTS, type CommitLog } from './commits.js';
import { logged } from './mapping.js';

/** `dueAt` is `nextAttemptAt` in the one ISO form. */
export type NotificationDoc = { _id: string; rev: number; dueAt: string } & Omit<Notification, 'id'>;
type CursorDoc = { _id: string; rev: number; value: string };
type ChoiceDoc = { _id: string; rev: number; choice: DeliveryChoice };

const entityOf = (id: string) => `notification:${id}`;

const toDoc = (n: Notification, rev: number): NotificationDoc => {
  const { id, ...rest } = JSON.parse(JSON.stringify(n)) as Notification;
  return { _id: id, rev, dueAt: isoTime(n.nextAttemptAt), ...rest };
};

const fromDoc = (d: NotificationDoc): Notification => {
  const { _id, rev: _r, dueAt: _d, ...rest } = d;
  return { id: _id, ...rest };
};

const INDEXES: IndexDescription[] = [
  // With `_id` last: the claim reads them in (due, id) order straight from the index, never sorting.
  { name: 'notifications_due_order', key: { state: 1, dueAt: 1, _id: 1 } },
  { name: 'notifications_lease_order', key: { state: 1, leaseUntil: 1, _id: 1 } },
  { name: 'notifications_account', key: { accountId: 1, state: 1, _id: 1 } },
  { name: 'notifications_state', key: { state: 1, _id: 1 } },
];

export class MongoNotifications implements NotificationQueue {
  private readonly items: Collection<NotificationDoc>;
  private readonly cursors: Collection<CursorDoc>;
  private readonly choiceDocs: Collection<ChoiceDoc>;
  private indexed: Promise<void> | null = null;

  constructor(
    private readonly c: Collections,
    private readonly log: CommitLog,
  ) {
    this.items = c.db.collection<NotificationDoc>('notifications');
    this.cursors = c.db.collection<CursorDoc>('notificationCursors');
    this.choiceDocs = c.db.collection<ChoiceDoc>('notificationChoices');
  }

  /** The indexes, made once per process on first use (one at a time, as FerretDB needs). */
  private ensureIndexes(): Promise<void> {
    this.indexed ??= (async () => {
      for (const index of INDEXES) await this.items.createIndexes([index]);
    })();
    return this.indexed;
  }

  /** Moves a notification from view revision `rev` to `next`; false if someone else moved it first. */
  private transition(rev: number, next: Notification, light: boolean): Promise<boolean> {
    return this.log.commit({ entity: entityOf(next.id), rev: rev + 1, view: 'notifications', state: toDoc(next, rev + 1), relay: [], light }, 'notification.updated');
  }

  async insertNotifications(items: Notification[]): Promise<Notification[]> {
    await this.ensureIndexes();
    const inserted: Notification[] = [];
    for (const n of items) {
      if (await this.log.commit({ entity: entityOf(n.id), rev: 1, view: 'notifications', state: toDoc(n, 1), relay: [] }, 'notification.inserted')) inserted.push(n);
      // Made before (perhaps by a writer that died before its view was written): make sure it is there.
      else await this.log.settle(entityOf(n.id), 1);
    }
    return inserted;
  }

  async getNotification(id: string): Promise<Notification | null> {
    const doc = await this.items.findOne({ _id: id });
    return doc ? fromDoc(doc) : null;
  }

  async listNotifications(query: NotificationQuery): Promise<Notification[]> {
    const f: Document = {};
    if (query.accountId !== undefined) f.accountId = query.accountId;
    if (query.state !== undefined) f.state = query.state;
    if (query.after !== undefined) f._id = { $gt: query.after };
    const docs = await this.items
      .find(f)
      .sort({ _id: 1 })
      .limit(query.limit ?? 1000)
      .toArray();
    return docs.map(fromDoc);
  }

  async claimNotifications(request: NotificationClaim): Promise<Notification[]> {
    await this.ensureIndexes();
    const now = isoTime(request.now);
    const leaseUntil = leaseEnd(now, request.leaseMs);
    const limit = request.limit ?? 10;
    const due = [
      ...(await this.items.find({ state: 'pending', dueAt: { $lte: now } }).sort({ dueAt: 1, _id: 1 }).limit(limit).toArray()),
      ...(await this.items.find({ state: 'leased', leaseUntil: { $lte: now } }).sort({ leaseUntil: 1, _id: 1 }).limit(limit).toArray()),
    ];
    const claimed: Notification[] = [];
    for (const doc of due) {
      if (claimed.length >= limit) break;
      const cur = fromDoc(doc);
      if (!claimable(cur, now)) continue;
      const next = leasedNotification(cur, request.workerId, leaseUntil);
      if (await this.transition(doc.rev, next, true)) claimed.push(next);
      else await this.log.settle(entityOf(doc._id), doc.rev + 1);
    }
    return claimed;
  }

  settleNotification(id: string, leaseToken: string, outcome: NotificationOutcome): Promise<Notification> {
    return this.underLease(id, (doc) => settledNotification(id, doc && fromDoc(doc), leaseToken, outcome));
  }

  renewNotification(id: string, leaseToken: string, leaseUntil: string): Promise<Notification> {
    return this.underLease(id, (doc) => renewedNotification(id, doc && fromDoc(doc), leaseToken, isoTime(leaseUntil)));
  }

  /** The lease holder's change (`change` refuses when the lease is lost), retried over concurrent commits. */
  private async underLease(id: string, change: (doc: NotificationDoc | null) => Notification): Promise<Notification> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.items.findOne({ _id: id });
      const next = change(doc);
      // Past that, the notification is there (a missing one was refused).
      const rev = doc!.rev;
      if (await this.transition(rev, next, true)) return next;
      await this.log.settle(entityOf(id), rev + 1);
    }
    throw new Error(`MongoDB store: could not update notification "${id}" after ${MAX_ATTEMPTS} attempts.`);
  }

  async markDigested(ids: readonly string[], digestId: string): Promise<void> {
    for (const id of ids) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const doc = await this.items.findOne({ _id: id });
        if (!doc || doc.state !== 'held') break;
        // Not light: a crash before the view is written is repaired by the next sweep, so no held
        // notification is left to go into a second digest.
        if (await this.transition(doc.rev, { ...fromDoc(doc), state: 'digested', digestId }, false)) break;
        await this.log.settle(entityOf(id), doc.rev + 1);
      }
    }
  }

  async notificationCounts(): Promise<NotificationCount[]> {
    const groups = await this.items.aggregate<{ _id: NotificationState; count: number }>([{ $group: { _id: '$state', count: { $sum: 1 } } }]).toArray();
    return groups.map((g) => ({ state: g._id, count: g.count })).sort((a, b) => (a.state < b.state ? -1 : 1));
  }

  async getNotificationCursor(name: string): Promise<string | null> {
    return (await this.cursors.findOne({ _id: name }))?.value ?? null;
  }

  async advanceNotificationCursor(name: string, expected: string | null, next: string): Promise<boolean> {
    const entity = `notification-cursor:${name}`;
    const doc = await this.cursors.findOne({ _id: name });
    if ((doc?.value ?? null) !== expected) return false;
    const rev = (doc?.rev ?? 0) + 1;
    const won = await this.log.commit({ entity, rev, view: 'notificationCursors', state: { _id: name, rev, value: next }, relay: [] }, 'notification-cursor.advanced');
    if (!won) await this.log.settle(entity, rev);
    return won;
  }

  async getDeliveryChoices(accountIds: readonly string[]): Promise<Map<string, DeliveryChoice>> {
    const out = new Map<string, DeliveryChoice>();
    if (!accountIds.length) return out;
    for (const d of await this.choiceDocs.find({ _id: { $in: [...accountIds] } }).toArray()) out.set(d._id, d.choice);
    return out;
  }

  async setDeliveryChoice(accountId: string, choice: DeliveryChoice, event: EventRecord): Promise<void> {
    const entity = `notification-choice:${accountId}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.choiceDocs.findOne({ _id: accountId });
      const rev = (doc?.rev ?? 0) + 1;
      if (await this.log.commit({ entity, rev, view: 'notificationChoices', state: { _id: accountId, rev, choice }, relay: logged(event) }, 'notification-choice.set')) return;
      await this.log.settle(entity, rev);
    }
    throw new Error(`MongoDB store: could not save the email choice of "${accountId}" after ${MAX_ATTEMPTS} attempts.`);
  }
}
