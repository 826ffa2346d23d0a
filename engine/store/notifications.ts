/**
 * The store's email notification methods (contract.ts), the same on both adapters: each hands the
 * call to the adapter's queue (sqlite/notifications.ts, mongo/notifications.ts), which decides it
 * in its own database's way.
 */
import type { DeliveryChoice, Notification, NotificationClaim, NotificationCount, NotificationOutcome, NotificationQuery } from '../notifications/model.js';
import type { Store } from './contract.js';
import type { EventRecord } from './events.js';

type NotificationMethods =
  | 'insertNotifications'
  | 'getNotification'
  | 'listNotifications'
  | 'claimNotifications'
  | 'renewNotification'
  | 'settleNotification'
  | 'markDigested'
  | 'notificationCounts'
  | 'getNotificationCursor'
  | 'advanceNotificationCursor'
  | 'getDeliveryChoices'
  | 'setDeliveryChoice';

/** What each adapter's notification queue does: the contract's methods, as contract.ts says them. */
export type NotificationQueue = Pick<Store, NotificationMethods>;

/** Both stores extend this, so the contract's notification methods are written once. */
export abstract class StoreNotifications implements NotificationQueue {
  protected abstract readonly notifications: NotificationQueue;

  insertNotifications(items: Notification[]): Promise<Notification[]> {
    return this.notifications.insertNotifications(items);
  }

  getNotification(id: string): Promise<Notification | null> {
    return this.notifications.getNotification(id);
  }

  listNotifications(query: NotificationQuery): Promise<Notification[]> {
    return this.notifications.listNotifications(query);
  }

  claimNotifications(request: NotificationClaim): Promise<Notification[]> {
    return this.notifications.claimNotifications(request);
  }

  renewNotification(id: string, leaseToken: string, leaseUntil: string): Promise<Notification> {
    return this.notifications.renewNotification(id, leaseToken, leaseUntil);
  }

  settleNotification(id: string, leaseToken: string, outcome: NotificationOutcome): Promise<Notification> {
    return this.notifications.settleNotification(id, leaseToken, outcome);
  }

  markDigested(ids: readonly string[], digestId: string): Promise<void> {
    return this.notifications.markDigested(ids, digestId);
  }

  notificationCounts(): Promise<NotificationCount[]> {
    return this.notifications.notificationCounts();
  }

  getNotificationCursor(name: string): Promise<string | null> {
    return this.notifications.getNotificationCursor(name);
  }

  advanceNotificationCursor(name: string, expected: string | null, next: string): Promise<boolean> {
    return this.notifications.advanceNotificationCursor(name, expected, next);
  }

  getDeliveryChoices(accountIds: readonly string[]): Promise<Map<string, DeliveryChoice>> {
    return this.notifications.getDeliveryChoices(accountIds);
  }

  setDeliveryChoice(accountId: string, choice: DeliveryChoice, event: EventRecord): Promise<void> {
    return this.notifications.setDeliveryChoice(accountId, choice, event);
  }
}
