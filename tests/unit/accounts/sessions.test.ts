/**
 * Browser sessions on a clock the test moves: ended after the idle time without use, moved on by
 * use (written at most once a minute), renewed on request, and ended at their longest lifetime
 * however active. On both stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineContext } from '../../../engine/context.js';
import { createEngine } from '../../../engine/engine.js';
import type { Account } from '../../../engine/accounts/model.js';
import { endedInWords, findSession, slideSession, startSession, type SessionPolicy } from '../../../engine/accounts/sessions.js';
import { hashSecret } from '../../../engine/accounts/secrets.js';
import { STORE_KINDS, newLocation } from '../../support/stores.js';
import { account, browserSession } from '../../support/records.js';

const POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };
const T = Date.parse('2026-11-26T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

describe.each(STORE_KINDS)('browser sessions (%s store)', (kind) => {
  let ctx: EngineContext;
  let now: number;
  let a: Account;
  beforeEach(async () => {
    now = T;
    ctx = createEngine({ store: await newLocation(kind).open(), now: () => new Date(now) });
    a = account();
    await ctx.store.insertAccount(a, { id: 'e-1', at: iso(T), actor: 'u-admin', action: 'account.created', entity: { kind: 'account', id: a.id } });
  });
  afterEach(async () => ctx.store.close());

  /** A request with the cookie at the current time: what it finds, and (when live) its use. */
  async function use(cookie: string) {
    const found = await findSession(ctx, cookie);
    if (found.ended) return found;
    return { ...found, session: await slideSession(ctx, found.session, POLICY) };
  }
  const stored = async (cookie: string) => (await ctx.store.getSession(hashSecret(cookie)))!;

  it('starts with an idle expiry and an absolute one, and ends after the idle time without use', async () => {
    const { cookie, session } = await startSession(ctx, a, POLICY);
    expect(session).toMatchObject({ createdAt: iso(T), expiresAt: iso(T + 30 * MIN), absoluteExpiresAt: iso(T + 12 * 60 * MIN) });
    now = T + 30 * MIN - 1;
    expect((await findSession(ctx, cookie)).ended).toBeUndefined();
    now = T + 30 * MIN;
    expect(await findSession(ctx, cookie)).toEqual({ ended: 'idle', session: await stored(cookie) });
    // Every later request is told the same, until the browser signs out or in again.
    now += 5 * MIN;
    expect((await findSession(ctx, cookie)).ended).toBe('idle');
    expect((await findSession(ctx, 'cfs_not-a-session-at-all-0123456789')).ended).toBe('ended');
  });

  it('is moved on by use, written at most once a minute', async () => {
    const { cookie } = await startSession(ctx, a, POLICY);
    now = T + 20 * MIN;
    expect((await use(cookie)).session!.expiresAt).toBe(iso(T + 50 * MIN));
    expect((await stored(cookie)).expiresAt).toBe(iso(T + 50 * MIN));
    // Uses within the minute write nothing: what is stored stays, at most a minute behind.
    now = T + 20 * MIN + 59_000;
    expect((await use(cookie)).session!.expiresAt).toBe(iso(T + 50 * MIN));
    expect((await stored(cookie)).expiresAt).toBe(iso(T + 50 * MIN));
    now = T + 21 * MIN;
    await use(cookie);
    expect((await stored(cookie)).expiresAt).toBe(iso(T + 51 * MIN));
    // Kept alive by use well past the first idle time…
    for (let m = 40; m <= 200; m += 20) {
      now = T + m * MIN;
      expect((await use(cookie)).ended, `at ${m} minutes`).toBeUndefined();
    }
    // …and ended by the idle time after the last use.
    now = T + 230 * MIN;
    expect((await findSession(ctx, cookie)).ended).toBe('idle');
  });

  it('renews on request to a full idle time, even within the minute', async () => {
    const { cookie, session } = await startSession(ctx, a, POLICY);
    now = T + 10_000;
    const renewed = await slideSession(ctx, session, POLICY, { renew: true });
    expect(renewed.expiresAt).toBe(iso(T + 10_000 + 30 * MIN));
    expect((await stored(cookie)).expiresAt).toBe(renewed.expiresAt);
  });

  it('ends at its longest lifetime however active, and is never renewed past it', async () => {
    const { cookie } = await startSession(ctx, a, POLICY);
    for (let m = 25; m < 12 * 60; m += 25) {
      now = T + m * MIN;
      expect((await use(cookie)).ended, `at ${m} minutes`).toBeUndefined();
    }
    now = T + 12 * 60 * MIN - 10 * MIN;
    const found = await findSession(ctx, cookie);
    const renewed = await slideSession(ctx, found.session!, POLICY, { renew: true });
    expect(renewed.expiresAt).toBe(iso(T + 12 * 60 * MIN));
    expect(renewed.absoluteExpiresAt).toBe(iso(T + 12 * 60 * MIN));
    now = T + 12 * 60 * MIN;
    expect((await findSession(ctx, cookie)).ended).toBe('lifetime');
  });

  it('a session stored before idle expiry existed keeps its one fixed expiry as its longest lifetime', async () => {
    const cookie = 'cfs_made-by-an-older-caseforms-0123456789';
    await ctx.store.insertSession(browserSession(a.id, { hash: hashSecret(cookie), createdAt: iso(T - 60 * MIN), expiresAt: iso(T + 11 * 60 * MIN) }));
    now = T + 10 * 60 * MIN;
    const found = await use(cookie);
    expect(found.ended).toBeUndefined();
    expect(found.session!.expiresAt).toBe(iso(T + 11 * 60 * MIN));
    now = T + 11 * 60 * MIN;
    expect((await findSession(ctx, cookie)).ended).toBe('lifetime');
  });

  it('a session of an account disabled since signs nobody in', async () => {
    const { cookie } = await startSession(ctx, a, POLICY);
    await ctx.store.updateAccount(a.id, 1, { disabled: true }, { id: 'e-2', at: iso(now), actor: 'u-admin', action: 'account.updated', entity: { kind: 'account', id: a.id } });
    expect((await findSession(ctx, cookie)).ended).toBe('ended');
  });

  it('says why in words a social worker reads', () => {
    expect(endedInWords('idle', POLICY)).toBe('You have been signed out because Caseforms was not used for 30 minutes. Sign in again to carry on.');
    expect(endedInWords('lifetime', { idleMinutes: 1, absoluteHours: 1 })).toBe('You have been signed out because it is 1 hour since you signed in. Sign in again to carry on.');
    expect(endedInWords('ended', POLICY)).toMatch(/^You have been signed out: you signed out in another tab or window/);
    for (const end of ['idle', 'lifetime', 'ended'] as const) expect(endedInWords(end, POLICY)).not.toMatch(/token|Bearer|Authorization/);
  });
});
