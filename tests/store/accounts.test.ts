import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../engine/accounts/model.js';
import { ConflictError, InvalidStateError, NotFoundError, StaleRevisionError } from '../../engine/errors.js';
import { newId } from '../../engine/ids.js';
import type { AccountPatch, Store } from '../../engine/store/contract.js';
import type { EventRecord } from '../../engine/store/events.js';
import { migrations } from '../../engine/store/sqlite/migrations.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { STORE_KINDS, newLocation, type StoreKind, type StoreLocation } from '../support/stores.js';
import { T0, account, apiToken, at, browserSession, event, form } from '../support/records.js';

const created = (a: Account): EventRecord => ({ ...event('account.created', 'account', a.id, 'u-admin'), details: { username: a.username, role: a.role } });
const updated = (id: string): EventRecord => event('account.updated', 'account', id, 'u-admin');
const tokenCreated = (accountId: string): EventRecord => event('token.created', 'account', accountId, accountId);
const tokenRevoked = (accountId: string): EventRecord => event('token.revoked', 'account', accountId, accountId);

describe.each(STORE_KINDS)('%s store: accounts, API tokens and sessions', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
  });
  afterEach(async () => {
    await store.close();
  });

  const actions = async (entityId: string) => (await store.listEvents({ entityId })).map((e) => e.action);

  // Accounts

  it('stores accounts and reads them back exactly, by id and by username, and lists them by username', async () => {
    const pat = account({ username: 'pat.practitioner', displayName: 'Pat Ní Bhriain — “duty” 😊' });
    const ada = account({ username: 'ada.admin', role: 'admin', team: 'it-integration' });
    const mo = account({ username: 'mo.manager', role: 'manager', disabled: true, revision: 4 });
    for (const a of [pat, ada, mo]) await store.insertAccount(a, created(a));

    expect(await store.getAccount(pat.id)).toStrictEqual(pat);
    expect(await store.getAccount(mo.id)).toStrictEqual(mo);
    expect(await store.getAccountByUsername('ada.admin')).toStrictEqual(ada);
    expect(await store.getAccountByUsername('mo.manager')).toStrictEqual(mo);
    expect(await store.listAccounts()).toStrictEqual([ada, mo, pat]);

    expect(await store.getAccount('no-such-account')).toBeNull();
    expect(await store.getAccountByUsername('no.such.user')).toBeNull();
    // Looked up by the username, not the id (and the other way round).
    expect(await store.getAccountByUsername(pat.id)).toBeNull();
    expect(await store.getAccount(pat.username)).toBeNull();
  });

  it('lists no accounts on a new store', async () => {
    expect(await store.listAccounts()).toEqual([]);
  });

  it('refuses a second account with a taken id, and changes nothing', async () => {
    const a = account({ username: 'first.user' });
    await store.insertAccount(a, created(a));
    const sameId = account({ id: a.id, username: 'second.user', displayName: 'Other' });
    await expect(store.insertAccount(sameId, created(sameId))).rejects.toBeInstanceOf(ConflictError);
    await expect(store.insertAccount(sameId, created(sameId))).rejects.toThrow(/id/);

    expect(await store.getAccount(a.id)).toStrictEqual(a);
    expect(await store.getAccountByUsername('second.user')).toBeNull();
    expect(await store.listAccounts()).toStrictEqual([a]);
    expect(await actions(a.id)).toEqual(['account.created']);
    // The refused create did not take the username either.
    const later = account({ username: 'second.user' });
    await store.insertAccount(later, created(later));
    expect(await store.getAccountByUsername('second.user')).toStrictEqual(later);
  });

  it('refuses a second account with a taken username, and changes nothing', async () => {
    const a = account({ username: 'dana.designer', role: 'designer' });
    await store.insertAccount(a, created(a));
    const clash = account({ username: 'dana.designer', displayName: 'Impostor', role: 'admin' });
    await expect(store.insertAccount(clash, created(clash))).rejects.toBeInstanceOf(ConflictError);
    await expect(store.insertAccount(clash, created(clash))).rejects.toThrow(/username/);

    expect(await store.getAccount(clash.id)).toBeNull();
    expect(await store.getAccountByUsername('dana.designer')).toStrictEqual(a);
    expect(await store.listAccounts()).toStrictEqual([a]);
    expect(await actions(clash.id)).toEqual([]);
    expect((await store.listEvents({ entityKind: 'account' })).map((e) => e.entity.id)).toEqual([a.id]);
  });

  it('of 20 concurrent creates with one username exactly one succeeds', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => account({ username: 'ira.integrator', displayName: `Ira ${i}` }));
    const results = await Promise.allSettled(bodies.map((a) => store.insertAccount(a, created(a))));
    const winners = bodies.filter((_, i) => results[i]!.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);

    expect(await store.getAccountByUsername('ira.integrator')).toStrictEqual(winners[0]);
    expect(await store.listAccounts()).toStrictEqual([winners[0]]);
    for (const a of bodies) if (a !== winners[0]) expect(await store.getAccount(a.id)).toBeNull();
    expect(await store.listEvents({ entityKind: 'account' })).toHaveLength(1);
  });

  it('updates an account with compare-and-set on its revision', async () => {
    const a = account({ username: 'mo.manager' });
    await store.insertAccount(a, created(a));
    const patch: AccountPatch = { displayName: 'Mo (team manager)', role: 'manager', team: 'team-cp-south', disabled: true, updatedBy: 'u-admin2', updatedAt: at(1000) };
    const next = await store.updateAccount(a.id, 1, patch, updated(a.id));
    expect(next).toStrictEqual({ ...a, ...patch, revision: 2 });
    expect(await store.getAccount(a.id)).toStrictEqual(next);
    expect(await store.getAccountByUsername('mo.manager')).toStrictEqual(next);
    expect(await store.listAccounts()).toStrictEqual([next]);

    // A writer still holding revision 1 is refused, told the current revision, and changes nothing.
    const stale = store.updateAccount(a.id, 1, { displayName: 'stale write', passwordHash: 'scrypt$x' }, updated(a.id));
    await expect(stale).rejects.toBeInstanceOf(StaleRevisionError);
    await expect(store.updateAccount(a.id, 1, { displayName: 'stale write' }, updated(a.id))).rejects.toMatchObject({ currentRevision: 2 });
    expect(await store.getAccount(a.id)).toStrictEqual(next);

    // The current revision goes through, and only the patched fields change.
    const third = await store.updateAccount(a.id, 2, { passwordHash: 'scrypt$16384$8$1$bmV3$bmV3', disabled: false }, updated(a.id));
    expect(third).toStrictEqual({ ...next, passwordHash: 'scrypt$16384$8$1$bmV3$bmV3', disabled: false, revision: 3 });
    expect(await store.getAccount(a.id)).toStrictEqual(third);
  });

  it('reports an update of a missing account as not found, and logs nothing', async () => {
    await expect(store.updateAccount('no-such-account', 1, { displayName: 'x' }, updated('no-such-account'))).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.getAccount('no-such-account')).toBeNull();
    expect(await store.listEvents({})).toEqual([]);
  });

  it('of 10 concurrent updates on one revision exactly one wins', async () => {
    const a = account();
    await store.insertAccount(a, created(a));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => store.updateAccount(a.id, 1, { displayName: `writer ${i}`, updatedAt: at(i) }, updated(a.id))),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<Account> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StaleRevisionError);
    expect(won[0]!.value.revision).toBe(2);
    expect(await store.getAccount(a.id)).toStrictEqual(won[0]!.value);
    expect(await actions(a.id)).toEqual(['account.created', 'account.updated']);
  });

  // Issue 11, item 12: nobody left to manage accounts.
  it('refuses to demote or disable the last enabled administrator, and changes and logs nothing', async () => {
    const ada = account({ username: 'ada.admin', role: 'admin' });
    const old = account({ username: 'old.admin', role: 'admin', disabled: true });
    for (const a of [ada, old]) await store.insertAccount(a, created(a));
    for (const patch of [{ role: 'manager' }, { disabled: true }, { role: 'designer', disabled: true }] as AccountPatch[]) {
      const refused = store.updateAccount(ada.id, 1, patch, updated(ada.id));
      await expect(refused).rejects.toBeInstanceOf(InvalidStateError);
      await expect(store.updateAccount(ada.id, 1, patch, updated(ada.id))).rejects.toThrow(/"ada\.admin" is the only administrator whose account is enabled/);
    }
    expect(await store.getAccount(ada.id)).toStrictEqual(ada);
    expect(await actions(ada.id)).toEqual(['account.created']);
    // Other changes to the last administrator go through.
    const renamed = await store.updateAccount(ada.id, 1, { displayName: 'Ada L.' }, updated(ada.id));
    expect(renamed.revision).toBe(2);
    // Once a second administrator is enabled again, either one may step down.
    await store.updateAccount(old.id, 1, { disabled: false }, updated(old.id));
    expect((await store.updateAccount(ada.id, 2, { role: 'manager' }, updated(ada.id))).role).toBe('manager');
    await expect(store.updateAccount(old.id, 2, { disabled: true }, updated(old.id))).rejects.toBeInstanceOf(InvalidStateError);
  });

  it('of administrators demoting and disabling each other at once, one is always left enabled', async () => {
    // Each round, the one left from the round before and two new administrators all step down at once.
    let left: Account[] = [];
    for (let round = 0; round < 4; round++) {
      const fresh = Array.from({ length: 3 - left.length }, (_, i) => account({ username: `admin.${round}.${i}`, role: 'admin' }));
      for (const a of fresh) await store.insertAccount(a, created(a));
      const results = await Promise.allSettled(
        [...left, ...fresh].map((a, i) => store.updateAccount(a.id, a.revision, i % 2 ? { disabled: true } : { role: 'practitioner' }, updated(a.id))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(InvalidStateError);
      left = (await store.listAccounts()).filter((a) => a.role === 'admin' && !a.disabled);
      expect(left).toHaveLength(1);
    }
  });

  it('never changes the username, whatever the patch holds', async () => {
    // The patch type has no username (and no id)…
    // @ts-expect-error username is not patchable
    const typed: AccountPatch = { username: 'renamed' };
    expect(typed).toBeDefined();
    // …and a patch that carries one anyway at run time does not move it.
    const a = account({ username: 'pat.practitioner' });
    await store.insertAccount(a, created(a));
    const sneaky = { displayName: 'Pat', username: 'hijacked', id: 'other-id' } as unknown as AccountPatch;
    const next = await store.updateAccount(a.id, 1, sneaky, updated(a.id));
    expect(next).toStrictEqual({ ...a, displayName: 'Pat', revision: 2 });
    expect(await store.getAccount(a.id)).toStrictEqual(next);
    expect(await store.getAccountByUsername('pat.practitioner')).toStrictEqual(next);
    expect(await store.getAccountByUsername('hijacked')).toBeNull();
    expect(await store.getAccount('other-id')).toBeNull();
    // The old username is still taken; the one the patch named is still free.
    const clash = account({ username: 'pat.practitioner' });
    await expect(store.insertAccount(clash, created(clash))).rejects.toBeInstanceOf(ConflictError);
    const free = account({ username: 'hijacked' });
    await store.insertAccount(free, created(free));
    expect(await store.getAccountByUsername('hijacked')).toStrictEqual(free);
  });

  it('writes one event with each account and token change, and none for a refused one', async () => {
    const a = account();
    const createdEvent = created(a);
    await store.insertAccount(a, createdEvent);
    await store.insertAccount(a, created(a)).catch(() => {});
    await store.updateAccount(a.id, 1, { displayName: 'x' }, updated(a.id));
    await store.updateAccount(a.id, 1, { displayName: 'stale' }, updated(a.id)).catch(() => {});
    const t = apiToken(a.id);
    await store.insertToken(t, tokenCreated(a.id));
    await store.insertToken(t, tokenCreated(a.id)).catch(() => {});
    await store.revokeToken(t.hash, at(5000), tokenRevoked(a.id));
    // Revoking again changes nothing, so logs nothing; a missing token is refused.
    await store.revokeToken(t.hash, at(9000), tokenRevoked(a.id));
    await store.revokeToken(secretless(), at(9000), tokenRevoked(a.id)).catch(() => {});

    expect(await actions(a.id)).toEqual(['account.created', 'account.updated', 'token.created', 'token.revoked']);
    // The event is stored exactly, details included.
    expect((await store.listEvents({ entityId: a.id, action: 'account.created' }))[0]).toStrictEqual(createdEvent);
  });

  // API tokens

  it('stores API tokens by hash and lists an account’s newest first, by time not by text', async () => {
    const a = account();
    const b = account();
    const t1 = apiToken(a.id, { name: 'oldest', createdAt: T0 });
    // 09:30Z written with an offset: sorts after T0 as text but before it in time.
    const t0 = apiToken(a.id, { name: 'offset', createdAt: '2026-01-15T11:30:00+02:00' });
    const t2 = apiToken(a.id, { name: 'middle', createdAt: at(60_000) });
    const t3 = apiToken(a.id, { name: 'newest, expiring', createdAt: at(120_000), expiresAt: at(30 * 86_400_000) });
    const other = apiToken(b.id, { name: 'someone else’s', createdAt: at(180_000) });
    for (const t of [t2, other, t0, t3, t1]) await store.insertToken(t, tokenCreated(t.accountId));

    expect(await store.getToken(t3.hash)).toStrictEqual(t3);
    expect(await store.getToken(t1.hash)).toStrictEqual(t1);
    expect(await store.getToken(t3.prefix)).toBeNull();
    expect(await store.getToken('0'.repeat(64))).toBeNull();
    expect(await store.listTokens(a.id)).toStrictEqual([t3, t2, t1, t0]);
    expect(await store.listTokens(b.id)).toStrictEqual([other]);
    expect(await store.listTokens('nobody')).toEqual([]);
  });

  it('refuses a second token with the same hash and keeps the first', async () => {
    const a = account();
    const t = apiToken(a.id, { name: 'first' });
    await store.insertToken(t, tokenCreated(a.id));
    await expect(store.insertToken({ ...t, name: 'second', accountId: 'other' }, tokenCreated('other'))).rejects.toBeInstanceOf(ConflictError);
    expect(await store.getToken(t.hash)).toStrictEqual(t);
    expect(await store.listTokens('other')).toEqual([]);
    expect(await actions('other')).toEqual([]);
  });

  it('revokes a token: revokedAt set, still listed, and a second revoke keeps the first time', async () => {
    const a = account();
    const keep = apiToken(a.id, { createdAt: at(1) });
    const t = apiToken(a.id, { createdAt: at(2), expiresAt: at(86_400_000) });
    await store.insertToken(keep, tokenCreated(a.id));
    await store.insertToken(t, tokenCreated(a.id));

    const revoked = await store.revokeToken(t.hash, at(5000), tokenRevoked(a.id));
    expect(revoked).toStrictEqual({ ...t, revokedAt: at(5000) });
    expect(await store.getToken(t.hash)).toStrictEqual(revoked);
    expect(await store.listTokens(a.id)).toStrictEqual([revoked, keep]);

    const again = await store.revokeToken(t.hash, at(9000), tokenRevoked(a.id));
    expect(again).toStrictEqual(revoked);
    expect(await store.getToken(t.hash)).toStrictEqual(revoked);
    expect(await store.getToken(keep.hash)).toStrictEqual(keep);
  });

  it('reports a revoke of a missing token as not found', async () => {
    await expect(store.revokeToken(secretless(), at(1), tokenRevoked('u'))).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.listEvents({})).toEqual([]);
  });

  it('of 10 concurrent revokes of one token one time is kept and one event written', async () => {
    const a = account();
    const t = apiToken(a.id);
    await store.insertToken(t, tokenCreated(a.id));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.revokeToken(t.hash, at(1000 + i), tokenRevoked(a.id))));
    const times = new Set(results.map((r) => r.revokedAt));
    expect(times.size).toBe(1);
    expect(await store.getToken(t.hash)).toStrictEqual({ ...t, revokedAt: [...times][0] });
    expect(await actions(a.id)).toEqual(['token.created', 'token.revoked']);
  });

  // Sessions

  it('stores sessions by hash, deletes one, and deletes only the given account’s', async () => {
    const a = account();
    const b = account();
    const s1 = browserSession(a.id);
    const s2 = browserSession(a.id, { createdAt: at(1000), expiresAt: at(2000) });
    const s3 = browserSession(b.id);
    for (const s of [s1, s2, s3]) await store.insertSession(s);
    expect(await store.getSession(s1.hash)).toStrictEqual(s1);
    expect(await store.getSession(s2.hash)).toStrictEqual(s2);
    expect(await store.getSession(s1.csrfToken)).toBeNull();

    await store.deleteSession(s1.hash);
    expect(await store.getSession(s1.hash)).toBeNull();
    expect(await store.getSession(s2.hash)).toStrictEqual(s2);
    // Deleting what is not there is not an error.
    await store.deleteSession(s1.hash);
    await store.deleteSessionsOf('nobody');

    await store.deleteSessionsOf(a.id);
    expect(await store.getSession(s2.hash)).toBeNull();
    expect(await store.getSession(s3.hash)).toStrictEqual(s3);
    // Sessions carry no events.
    expect(await store.listEvents({})).toEqual([]);
  });

  it('moves a session’s idle expiry on, never back, and never brings a deleted session back', async () => {
    const s = browserSession('u-a', { expiresAt: at(30 * 60_000), absoluteExpiresAt: at(12 * 3_600_000) });
    const other = browserSession('u-a', { expiresAt: at(30 * 60_000) });
    await store.insertSession(s);
    await store.insertSession(other);
    await store.touchSession(s.hash, at(45 * 60_000));
    expect(await store.getSession(s.hash)).toStrictEqual({ ...s, expiresAt: at(45 * 60_000) });
    // An older time (a slower request of the same moment) does not move it back.
    await store.touchSession(s.hash, at(40 * 60_000));
    expect((await store.getSession(s.hash))?.expiresAt).toBe(at(45 * 60_000));
    // Times in another ISO form are compared as times.
    await store.touchSession(s.hash, '2026-01-15T11:44:00+01:00');
    expect((await store.getSession(s.hash))?.expiresAt).toBe(at(45 * 60_000));
    expect(await store.getSession(other.hash)).toStrictEqual(other);

    await store.deleteSession(s.hash);
    await store.touchSession(s.hash, at(60 * 60_000));
    expect(await store.getSession(s.hash)).toBeNull();
    await store.touchSession('0'.repeat(64), at(60 * 60_000));
    expect(await store.getSession('0'.repeat(64))).toBeNull();
    expect(await store.listEvents({})).toEqual([]);
  });

  it('refuses a second session with the same hash and keeps the first', async () => {
    const s = browserSession('u-a');
    await store.insertSession(s);
    await expect(store.insertSession({ ...s, accountId: 'u-b', csrfToken: 'other' })).rejects.toBeInstanceOf(ConflictError);
    expect(await store.getSession(s.hash)).toStrictEqual(s);
  });

  // Many events at once

  it('appends many events at once, read back exactly in id order; a repeat adds nothing', async () => {
    const events: EventRecord[] = Array.from({ length: 30 }, (_, i) => ({
      ...event('submission.exported', 'submission', `s-${i}`, 'u-integrator'),
      ...(i % 3 === 0 ? { details: { batch: 'b-1', row: i, nested: { ok: true, list: [1, 'two', null] } } } : {}),
    }));
    const shuffled = [...events].sort(() => Math.random() - 0.5);
    await store.appendEvents(shuffled);
    expect(await store.listEvents({})).toStrictEqual(events);
    expect(await store.listEvents({ entityId: 's-7' })).toStrictEqual([events[7]]);

    // Sent again (a retry after a timeout), plus one more: only the new one is added.
    const extra = event('submission.exported', 'submission', 's-extra', 'u-integrator');
    await store.appendEvents([...shuffled, extra]);
    expect(await store.listEvents({})).toStrictEqual([...events, extra]);
    await store.appendEvents([]);
    expect(await store.listEvents({})).toHaveLength(31);
  });

  it('appends a batch larger than one insert statement holds (an export\'s), with repeats, exactly once each', async () => {
    const events: EventRecord[] = Array.from({ length: 150 }, (_, i) => event('submission.exported', 'submission', `s-${i}`, 'u-integrator'));
    // A retry of part of the batch inside the batch itself, then the whole again.
    await store.appendEvents([...events.slice(0, 70), ...events.slice(60, 70), ...events.slice(70)]);
    expect(await store.listEvents({ limit: 1000 })).toStrictEqual(events);
    await store.appendEvents([...events].reverse());
    expect(await store.listEvents({ limit: 1000 })).toStrictEqual(events);
    expect(await store.listEvents({ entityId: 's-149' })).toStrictEqual([events[149]]);
  });

  it('appends none of a large batch one of whose events cannot be written', async () => {
    const good = Array.from({ length: 130 }, (_, i) => event('submission.exported', 'submission', `s-${i}`, 'u-integrator'));
    const bad = { ...event('a.bad', 'account', 'x'), details: { n: 1n } } as unknown as EventRecord;
    await expect(store.appendEvents([...good.slice(0, 100), bad, ...good.slice(100)])).rejects.toThrow();
    expect(await store.listEvents({})).toEqual([]);
  });

  it('appends none of a batch that cannot be written', async () => {
    const good = [event('a.one', 'account', 'x'), event('a.two', 'account', 'x')];
    // A BigInt cannot be stored as JSON: the third event fails after two were taken.
    const bad = { ...event('a.three', 'account', 'x'), details: { n: 1n } } as unknown as EventRecord;
    await expect(store.appendEvents([...good, bad])).rejects.toThrow();
    expect(await store.listEvents({})).toEqual([]);
  });

  // Durability

  it('keeps accounts, tokens, sessions and events across close and reopen', async () => {
    const a = account({ username: 'ada.admin', role: 'admin' });
    await store.insertAccount(a, created(a));
    const a2 = await store.updateAccount(a.id, 1, { displayName: 'Ada Lovelace' }, updated(a.id));
    const t = apiToken(a.id, { expiresAt: at(86_400_000) });
    await store.insertToken(t, tokenCreated(a.id));
    const revoked = await store.revokeToken(t.hash, at(7000), tokenRevoked(a.id));
    const live = apiToken(a.id, { createdAt: at(1) });
    await store.insertToken(live, tokenCreated(a.id));
    const s = browserSession(a.id);
    await store.insertSession(s);
    const batch = [event('x.one', 'delivery', 'd1'), event('x.two', 'delivery', 'd1')];
    await store.appendEvents(batch);

    await store.close();
    store = await loc.open();
    expect(await store.getAccount(a.id)).toStrictEqual(a2);
    expect(await store.getAccountByUsername('ada.admin')).toStrictEqual(a2);
    expect(await store.listAccounts()).toStrictEqual([a2]);
    expect(await store.getToken(t.hash)).toStrictEqual(revoked);
    expect(await store.listTokens(a.id)).toStrictEqual([live, revoked]);
    expect(await store.getSession(s.hash)).toStrictEqual(s);
    expect(await actions(a.id)).toEqual(['account.created', 'account.updated', 'token.created', 'token.revoked', 'token.created']);
    expect(await store.listEvents({ entityId: 'd1' })).toStrictEqual(batch);
    // The username is still taken after reopening, and updates carry on from the stored revision.
    const clash = account({ username: 'ada.admin' });
    await expect(store.insertAccount(clash, created(clash))).rejects.toBeInstanceOf(ConflictError);
    await expect(store.updateAccount(a.id, 1, { displayName: 'stale' }, updated(a.id))).rejects.toBeInstanceOf(StaleRevisionError);
    expect((await store.updateAccount(a.id, 2, { displayName: 'Ada' }, updated(a.id))).revision).toBe(3);
  });
});

/** A hash no token has. */
function secretless(): string {
  return `ff${newId().replace(/-/g, '')}`.padEnd(64, '0');
}

// Crashes: a change is wholly there after reopening, or not at all.

class SimulatedCrash extends Error {}

/** Runs `op` once to learn the steps the adapter reports, then crashes at each in turn on a fresh store. */
async function crashAtEachStep(
  kind: StoreKind,
  prepare: (store: Store) => Promise<void>,
  op: (store: Store) => Promise<unknown>,
  check: (store: Store, opAcknowledged: boolean) => Promise<void>,
): Promise<string[]> {
  const steps: string[] = [];
  let armed = false;
  {
    const loc = newLocation(kind);
    const store = await loc.open({ hooks: { between: (s) => void (armed && steps.push(s)) } });
    await prepare(store);
    armed = true;
    await op(store);
    armed = false;
    await check(store, true);
    await store.close();
  }
  expect(steps.length).toBeGreaterThan(0);
  for (const step of steps) {
    const loc = newLocation(kind);
    let store = await loc.open({
      hooks: {
        between: (s) => {
          if (armed && s === step) throw new SimulatedCrash(`crash at ${s}`);
        },
      },
    });
    await prepare(store);
    armed = true;
    await expect(op(store)).rejects.toBeInstanceOf(SimulatedCrash);
    armed = false;
    await store.close();
    store = await loc.open();
    await check(store, false);
    await store.close();
  }
  return steps;
}

describe.each(STORE_KINDS)('%s store: account changes survive crashes whole or not at all', (kind) => {
  it('creating an account: account, username and event all there, or none of them', async () => {
    const a = account({ username: 'crash.test' });
    const steps = await crashAtEachStep(
      kind,
      async () => {},
      (store) => store.insertAccount(a, created(a)),
      async (store, acked) => {
        const got = await store.getAccount(a.id);
        const events = (await store.listEvents({ entityId: a.id })).map((e) => e.action);
        if (acked) expect(got).not.toBeNull();
        if (got) {
          expect(got).toStrictEqual(a);
          expect(await store.getAccountByUsername('crash.test')).toStrictEqual(a);
          expect(events).toEqual(['account.created']);
          const clash = account({ username: 'crash.test' });
          await expect(store.insertAccount(clash, created(clash))).rejects.toBeInstanceOf(ConflictError);
        } else {
          expect(await store.getAccountByUsername('crash.test')).toBeNull();
          expect(events).toEqual([]);
          // The username was not taken by the lost create.
          const retry = account({ username: 'crash.test' });
          await store.insertAccount(retry, created(retry));
          expect(await store.getAccountByUsername('crash.test')).toStrictEqual(retry);
        }
      },
    );
    if (kind === 'mongo') expect(steps).toEqual(expect.arrayContaining(['account.inserted', 'view.put', 'relay.events', 'relay.usernames']));
  });

  it('updating an account: the new revision with its event, or the old one', async () => {
    const a = account();
    await crashAtEachStep(
      kind,
      (store) => store.insertAccount(a, created(a)),
      (store) => store.updateAccount(a.id, 1, { disabled: true, updatedAt: at(1) }, updated(a.id)),
      async (store, acked) => {
        const got = await store.getAccount(a.id);
        const events = (await store.listEvents({ entityId: a.id })).map((e) => e.action);
        if (acked || got?.revision === 2) {
          expect(got).toStrictEqual({ ...a, disabled: true, updatedAt: at(1), revision: 2 });
          expect(events).toEqual(['account.created', 'account.updated']);
        } else {
          expect(got).toStrictEqual(a);
          expect(events).toEqual(['account.created']);
        }
        expect(await store.getAccountByUsername(a.username)).toStrictEqual(got);
      },
    );
  });

  it('revoking a token: revoked with its event, or still live', async () => {
    const a = account();
    const t = apiToken(a.id);
    await crashAtEachStep(
      kind,
      (store) => store.insertToken(t, tokenCreated(a.id)),
      (store) => store.revokeToken(t.hash, at(3000), tokenRevoked(a.id)),
      async (store, acked) => {
        const got = await store.getToken(t.hash);
        const events = (await store.listEvents({ entityId: a.id })).map((e) => e.action);
        if (acked || got?.revokedAt) {
          expect(got).toStrictEqual({ ...t, revokedAt: at(3000) });
          expect(events).toEqual(['token.created', 'token.revoked']);
        } else {
          expect(got).toStrictEqual(t);
          expect(events).toEqual(['token.created']);
        }
      },
    );
  });
});

describe('sqlite store: migration 2', () => {
  it('upgrades a schema-1 file in place, keeping its records, and accounts then work', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'caseforms-migrate-')), 'caseforms.sqlite');
    const f = form();
    {
      const db = new Database(file);
      db.exec(migrations.find((m) => m.id === 1)!.sql);
      db.pragma('user_version = 1');
      db.prepare('INSERT INTO forms (id, doc) VALUES (?, ?)').run(f.id, JSON.stringify(f));
      db.close();
    }
    const store = await openSqliteStore({ file });
    try {
      expect(await store.getForm(f.id)).toStrictEqual(f);
      const a = account();
      await store.insertAccount(a, created(a));
      expect(await store.getAccountByUsername(a.username)).toStrictEqual(a);
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.id);
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['accounts', 'api_tokens', 'sessions']));
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as Array<{ name: string }>).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['api_tokens_account', 'sessions_account']));
    } finally {
      db.close();
    }
  });
});
