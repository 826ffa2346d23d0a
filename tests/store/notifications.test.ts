/**
 * The email notification queue, on both stores: inserted once by id whoever inserts it (two
 * store connections at once), leased like the delivery outbox (a lease holds, an expired one can
 * be taken over and the old token no longer records anything), digests marked, the cursor moved
 * by compare-and-set only, and each person's choice kept with its event.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStateError } from '../../engine/errors.js';
import { newNotification, type Notification } from '../../engine/notifications/model.js';
import type { Store } from '../../engine/store/contract.js';
import { at, event } from '../support/records.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';

const note = (id: string, choice: 'immediate' | 'digest' | 'off' = 'immediate', accountId = 'u-pat', when = at(0)): Notification =>
  newNotification({ id, kind: 'returned', accountId, title: `${id} was returned to you for changes`, path: `/records/${id}` }, choice, when);

describe.each(STORE_KINDS)('%s store: email notifications', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
  });
  afterEach(async () => {
    await store.close();
  });
  const claim = (now: string, workerId = 's1', limit = 10) => store.claimNotifications({ workerId, now, leaseMs: 30_000, limit });

  it('inserts each id once: a second insert, even of a changed copy, leaves the first as it was', async () => {
    expect((await store.insertNotifications([note('a'), note('b', 'digest'), note('c', 'off')])).map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(await store.insertNotifications([{ ...note('a'), title: 'changed' }, note('d')])).toEqual([expect.objectContaining({ id: 'd' })]);
    expect((await store.getNotification('a'))!.title).toBe('a was returned to you for changes');
    expect((await store.listNotifications({})).map((n) => [n.id, n.state])).toEqual([['a', 'pending'], ['b', 'held'], ['c', 'skipped'], ['d', 'pending']]);
    expect((await store.listNotifications({ state: 'held', accountId: 'u-pat' })).map((n) => n.id)).toEqual(['b']);
    expect((await store.listNotifications({ after: 'b', limit: 1 })).map((n) => n.id)).toEqual(['c']);
    expect(await store.notificationCounts()).toEqual([
      { state: 'held', count: 1 },
      { state: 'pending', count: 2 },
      { state: 'skipped', count: 1 },
    ]);
  });

  it('two connections inserting the same notifications at once: each is inserted by exactly one', async () => {
    const other = await loc.open();
    try {
      const ids = Array.from({ length: 12 }, (_, i) => `same-${String(i).padStart(2, '0')}`);
      const [mine, theirs] = await Promise.all([store.insertNotifications(ids.map((id) => note(id))), other.insertNotifications([...ids].reverse().map((id) => note(id)))]);
      expect([...mine, ...theirs].map((n) => n.id).sort()).toEqual(ids);
      expect((await store.listNotifications({})).map((n) => n.id)).toEqual(ids);
    } finally {
      await other.close();
    }
  });

  it('a renewed lease holds past its first expiry; once taken over, the first holder can neither renew nor settle', async () => {
    await store.insertNotifications([note('n1', 'immediate', 'u-pat', at(100))]);
    const [mine] = await claim(at(1000));
    expect(await store.renewNotification('n1', mine!.leaseToken!, at(50_000))).toMatchObject({ state: 'leased', leaseToken: mine!.leaseToken, leaseUntil: at(50_000), attempts: 1 });
    expect(await claim(at(40_000), 's2')).toEqual([]);
    const [theirs] = await claim(at(60_000), 's2');
    expect(theirs).toMatchObject({ id: 'n1', leaseOwner: 's2', attempts: 2 });
    await expect(store.renewNotification('n1', mine!.leaseToken!, at(90_000))).rejects.toBeInstanceOf(InvalidStateError);
    await expect(store.settleNotification('n1', mine!.leaseToken!, { state: 'sent', at: at(61_000) })).rejects.toBeInstanceOf(InvalidStateError);
    expect(await store.settleNotification('n1', theirs!.leaseToken!, { state: 'sent', at: at(61_000) })).toMatchObject({ state: 'sent' });
    await expect(store.renewNotification('n1', theirs!.leaseToken!, at(99_000))).rejects.toBeInstanceOf(InvalidStateError);
  });

  it('leases due notifications, soonest first, and not again while the lease holds; an expired lease is taken over and the old token records nothing', async () => {
    await store.insertNotifications([note('late', 'immediate', 'u-pat', at(500)), note('early', 'immediate', 'u-pat', at(100)), note('later', 'immediate', 'u-pat', at(90_000)), note('kept', 'digest')]);
    const first = await claim(at(1000));
    expect(first.map((n) => n.id)).toEqual(['early', 'late']);
    expect(first[0]).toMatchObject({ state: 'leased', leaseOwner: 's1', leaseUntil: at(31_000), attempts: 1, leaseToken: expect.any(String) });
    expect(await claim(at(2000), 's2')).toEqual([]);
    const [taken] = await claim(at(40_000), 's2', 1);
    expect(taken).toMatchObject({ id: 'early', leaseOwner: 's2', attempts: 2 });
    await expect(store.settleNotification('early', first[0]!.leaseToken!, { state: 'sent', at: at(41_000) })).rejects.toBeInstanceOf(InvalidStateError);
    const sent = await store.settleNotification('early', taken!.leaseToken!, { state: 'sent', at: at(41_000) });
    expect(sent).toMatchObject({ state: 'sent', sentAt: at(41_000) });
    expect(sent.leaseToken).toBeUndefined();
    // Retried later, then dead; skipped for want of an address.
    const again = await store.settleNotification('late', first[1]!.leaseToken!, { state: 'pending', error: 'The mail server answered 451', nextAttemptAt: at(60_000) });
    expect(again).toMatchObject({ state: 'pending', lastError: 'The mail server answered 451', nextAttemptAt: at(60_000) });
    expect((await claim(at(59_000))).map((n) => n.id)).toEqual([]);
    const [retry] = await claim(at(60_000));
    expect(retry).toMatchObject({ id: 'late', attempts: 2 });
    expect(await store.settleNotification('late', retry!.leaseToken!, { state: 'dead', error: 'gave up', at: at(61_000) })).toMatchObject({ state: 'dead', deadAt: at(61_000) });
    const [third] = await claim(at(100_000));
    expect(await store.settleNotification(third!.id, third!.leaseToken!, { state: 'skipped', reason: 'no-address', at: at(100_000) })).toMatchObject({ id: 'later', state: 'skipped', skippedReason: 'no-address' });
    // A held notification is never sent on its own; a digest carries it.
    expect(await claim(at(1_000_000))).toEqual([]);
    await store.markDigested(['kept', 'early'], 'digest:u-pat:2026-03-02');
    expect(await store.getNotification('kept')).toMatchObject({ state: 'digested', digestId: 'digest:u-pat:2026-03-02' });
    expect((await store.getNotification('early'))!.state).toBe('sent');
  });

  it('two senders claiming at once never lease the same notification', async () => {
    const other = await loc.open();
    try {
      await store.insertNotifications(Array.from({ length: 10 }, (_, i) => note(`n${i}`)));
      const [a, b] = await Promise.all([store.claimNotifications({ workerId: 'a', now: at(1000), leaseMs: 30_000, limit: 10 }), other.claimNotifications({ workerId: 'b', now: at(1000), leaseMs: 30_000, limit: 10 })]);
      const ids = [...a, ...b].map((n) => n.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(10);
    } finally {
      await other.close();
    }
  });

  it('moves a cursor only from the value it has (compare-and-set), one winner of two at once', async () => {
    expect(await store.getNotificationCursor('events')).toBeNull();
    expect(await store.advanceNotificationCursor('events', 'x', 'y')).toBe(false);
    expect(await store.advanceNotificationCursor('events', null, 'a')).toBe(true);
    expect(await store.advanceNotificationCursor('events', null, 'b')).toBe(false);
    const other = await loc.open();
    try {
      const won = await Promise.all([store.advanceNotificationCursor('events', 'a', 'b'), other.advanceNotificationCursor('events', 'a', 'c')]);
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await store.getNotificationCursor('events')).toBe(won[0] ? 'b' : 'c');
    } finally {
      await other.close();
    }
  });

  it('keeps each person’s choice, with its event', async () => {
    expect(await store.getDeliveryChoices(['u-pat', 'u-mo'])).toEqual(new Map());
    await store.setDeliveryChoice('u-pat', 'digest', event('account.email-choice', 'account', 'u-pat', 'u-pat'));
    await store.setDeliveryChoice('u-pat', 'off', event('account.email-choice', 'account', 'u-pat', 'u-pat'));
    await store.setDeliveryChoice('u-mo', 'immediate', event('account.email-choice', 'account', 'u-mo', 'u-mo'));
    expect(await store.getDeliveryChoices(['u-pat', 'u-mo', 'u-none'])).toEqual(new Map([['u-pat', 'off'], ['u-mo', 'immediate']]));
    expect((await store.listEvents({ action: 'account.email-choice' })).map((e) => e.entity.id)).toEqual(['u-pat', 'u-pat', 'u-mo']);
  });
});
