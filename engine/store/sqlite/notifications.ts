/**
 * The email notification queue on SQLite (migration 11): insert-if-absent by deterministic id,
 * leases like the delivery outbox (a token, an expiry, attempts), a compare-and-set cursor and
 * each person's choice. Every write is one transaction of the store's.
 */
import type Database from 'better-sqlite3';
import type { EventRecord } from '../events.js';
import { isoTime } from '../messages.js';
import { leaseEnd } from '../lease.js';
import type { NotificationQueue } from '../notifications.js';
import {
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

type Row = { doc: string };

export class SqliteNotifications implements NotificationQueue {
  constructor(
    private readonly sql: (text: string) => Database.Statement,
    private readonly tx: <T>(fn: () => T) => Promise<T>,
    private readonly insertEvent: (e: EventRecord) => void,
  ) {}

  private read(id: string): Notification | null {
    const row = this.sql('SELECT doc FROM notifications WHERE id = ?').get(id) as Row | undefined;
    return row ? (JSON.parse(row.doc) as Notification) : null;
  }

  private write(n: Notification): void {
    this.sql('UPDATE notifications SET state = ?, next_attempt_at = ?, lease_until = ?, lease_token = ?, doc = ? WHERE id = ?')
      .run(n.state, isoTime(n.nextAttemptAt), n.leaseUntil ?? null, n.leaseToken ?? null, JSON.stringify(n), n.id);
  }

  insertNotifications(items: Notification[]): Promise<Notification[]> {
    const insert = 'INSERT INTO notifications (id, account_id, state, next_attempt_at, lease_until, lease_token, doc) VALUES (?, ?, ?, ?, NULL, NULL, ?) ON CONFLICT (id) DO NOTHING';
    return this.tx(() => items.filter((n) => this.sql(insert).run(n.id, n.accountId, n.state, isoTime(n.nextAttemptAt), JSON.stringify(n)).changes === 1));
  }

  async getNotification(id: string): Promise<Notification | null> {
    return this.read(id);
  }

  async listNotifications(query: NotificationQuery): Promise<Notification[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.accountId !== undefined) (clauses.push('account_id = ?'), params.push(query.accountId));
    if (query.state !== undefined) (clauses.push('state = ?'), params.push(query.state));
    if (query.after !== undefined) (clauses.push('id > ?'), params.push(query.after));
    const rows = this.sql(`SELECT doc FROM notifications WHERE ${clauses.length ? clauses.join(' AND ') : '1'} ORDER BY id LIMIT ?`).all(...params, query.limit ?? 1000) as Row[];
    return rows.map((r) => JSON.parse(r.doc) as Notification);
  }

  claimNotifications(request: NotificationClaim): Promise<Notification[]> {
    const now = isoTime(request.now);
    const leaseUntil = leaseEnd(now, request.leaseMs);
    return this.tx(() => {
      const rows = this.sql(
        `SELECT doc FROM (
           SELECT doc, next_attempt_at AS due, id FROM notifications WHERE state = 'pending' AND next_attempt_at <= @now
           UNION ALL
           SELECT doc, lease_until AS due, id FROM notifications WHERE state = 'leased' AND lease_until <= @now
         ) ORDER BY due, id LIMIT @limit`,
      ).all({ now, limit: request.limit ?? 10 }) as Row[];
      return rows.map((r) => {
        const next = leasedNotification(JSON.parse(r.doc) as Notification, request.workerId, leaseUntil);
        this.write(next);
        return next;
      });
    });
  }

  renewNotification(id: string, leaseToken: string, leaseUntil: string): Promise<Notification> {
    return this.tx(() => {
      const next = renewedNotification(id, this.read(id), leaseToken, isoTime(leaseUntil));
      this.write(next);
      return next;
    });
  }

  settleNotification(id: string, leaseToken: string, outcome: NotificationOutcome): Promise<Notification> {
    return this.tx(() => {
      const next = settledNotification(id, this.read(id), leaseToken, outcome);
      this.write(next);
      return next;
    });
  }

  async markDigested(ids: readonly string[], digestId: string): Promise<void> {
    await this.tx(() => {
      for (const id of ids) {
        const cur = this.read(id);
        if (cur?.state === 'held') this.write({ ...cur, state: 'digested', digestId });
      }
    });
  }

  async notificationCounts(): Promise<NotificationCount[]> {
    const rows = this.sql('SELECT state, count(*) AS n FROM notifications GROUP BY state ORDER BY state').all() as Array<{ state: NotificationState; n: number }>;
    return rows.map((r) => ({ state: r.state, count: r.n }));
  }

  async getNotificationCursor(name: string): Promise<string | null> {
    const row = this.sql('SELECT value FROM notification_cursors WHERE name = ?').get(name) as { value: string } | undefined;
    return row?.value ?? null;
  }

  advanceNotificationCursor(name: string, expected: string | null, next: string): Promise<boolean> {
    return this.tx(() =>
      expected === null
        ? this.sql('INSERT INTO notification_cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, next).changes === 1
        : this.sql('UPDATE notification_cursors SET value = ? WHERE name = ? AND value = ?').run(next, name, expected).changes === 1,
    );
  }

  async getDeliveryChoices(accountIds: readonly string[]): Promise<Map<string, DeliveryChoice>> {
    const out = new Map<string, DeliveryChoice>();
    for (let i = 0; i < accountIds.length; i += 500) {
      const part = accountIds.slice(i, i + 500);
      const rows = this.sql(`SELECT account_id, choice FROM notification_choices WHERE account_id IN (${part.map(() => '?').join(', ')})`).all(...part) as Array<{ account_id: string; choice: DeliveryChoice }>;
      for (const r of rows) out.set(r.account_id, r.choice);
    }
    return out;
  }

  async setDeliveryChoice(accountId: string, choice: DeliveryChoice, event: EventRecord): Promise<void> {
    await this.tx(() => {
      this.sql('INSERT INTO notification_choices (account_id, choice) VALUES (?, ?) ON CONFLICT (account_id) DO UPDATE SET choice = excluded.choice').run(accountId, choice);
      this.insertEvent(event);
    });
  }
}
