/**
 * Browser sessions through the real HTTP adapter on a clock the test moves (both stores): an
 * idle timeout moved on by activity, a way to stay signed in, a longest lifetime, and a 401 a
 * person can read (and the app can tell apart) when the session has ended.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAccounts, type DemoAccount } from '../../engine/accounts/lifecycle.js';
import { hashSecret } from '../../engine/accounts/secrets.js';
import type { EngineContext } from '../../engine/context.js';
import { createEngine } from '../../engine/engine.js';
import { createApp } from '../../engine/http/app.js';
import { Client } from '../support/api.js';
import { STORE_KINDS, newLocation } from '../support/stores.js';

const MIN = 60_000;
const START = Date.parse('2026-11-26T08:30:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(STORE_KINDS)('session timeout (%s store)', (kind) => {
  let now = START;
  let ctx: EngineContext;
  let server: Server;
  let base: string;
  let pat: DemoAccount;

  beforeAll(async () => {
    ctx = createEngine({ store: await newLocation(kind).open(), now: () => new Date(now) });
    const demo = (await seedDemoAccounts(ctx))!;
    pat = demo.find((d) => d.role === 'practitioner')!;
    server = createApp(ctx, pino({ level: 'silent' }), { secureCookies: false, webDir: null, sessions: { idleMinutes: 30, absoluteHours: 12 } }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await ctx?.store.close();
  });

  /** Signs in as the demo practitioner at the current time. */
  async function signIn() {
    const res = await new Client(base, null).post('/api/session', { username: pat.username, password: pat.password });
    expect(res.status, res.text).toBe(201);
    const setCookie = res.headers.get('set-cookie')!;
    const cookie = setCookie.split(';')[0]!;
    return { res, setCookie, cookie, value: cookie.split('=')[1]!, csrf: res.body.csrfToken as string, browser: new Client(base, null, { cookie }) };
  }
  const expiryOf = (r: { headers: Headers }) => r.headers.get('caseforms-session-expires');

  it('lasts 30 minutes unused, moved on by activity but not by reading the session or by background polls', async () => {
    now = START;
    const { res, setCookie, browser, csrf } = await signIn();
    expect(res.body).toMatchObject({ expiresAt: iso(START + 30 * MIN), absoluteExpiresAt: iso(START + 12 * 60 * MIN), idleMinutes: 30, csrfToken: expect.any(String) });
    // The browser keeps the cookie for the longest lifetime; the server ends the session sooner.
    expect(setCookie).toMatch(/Max-Age=43200/);

    now = START + 10 * MIN;
    const look = await browser.get('/api/session');
    expect(look.body).toMatchObject({ via: 'session', expiresAt: iso(START + 30 * MIN), absoluteExpiresAt: iso(START + 12 * 60 * MIN), idleMinutes: 30 });
    const poll = await browser.get('/api/submissions', { headers: { 'caseforms-activity': 'background' } });
    expect(poll.status).toBe(200);
    expect(expiryOf(poll)).toBe(iso(START + 30 * MIN));
    expect((await browser.get('/api/session')).body.expiresAt).toBe(iso(START + 30 * MIN));

    // A person's request moves it on; every answer says to when.
    const work = await browser.get('/api/submissions');
    expect(expiryOf(work)).toBe(iso(START + 40 * MIN));
    expect((await browser.get('/api/session')).body.expiresAt).toBe(iso(START + 40 * MIN));
    now = START + 39 * MIN;
    const save = await browser.post('/api/me/tokens', { name: 'from the browser' }, { headers: { 'x-csrf-token': csrf } });
    expect(save.status).toBe(201);
    expect(expiryOf(save)).toBe(iso(START + 69 * MIN));

    // Unused for 30 minutes: signed out, in words the person reads, and the app can tell why.
    now = START + 69 * MIN;
    const ended = await browser.get('/api/submissions');
    expect(ended.status).toBe(401);
    expect(ended.body).toMatchObject({
      type: '/api/problems/session-expired',
      title: 'Signed out',
      reason: 'idle',
      detail: 'You have been signed out because Caseforms was not used for 30 minutes. Sign in again to carry on.',
    });
    expect(ended.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(ended.text).not.toMatch(/token|Authorization/i);
    // A save is told the same (not asked for a CSRF token it can no longer use).
    const lateSave = await browser.post('/api/me/tokens', { name: 'too late' }, { headers: { 'x-csrf-token': csrf } });
    expect([lateSave.status, lateSave.body.reason]).toEqual([401, 'idle']);
    expect((await browser.post('/api/me/tokens', { name: 'too late' })).body.type).toBe('/api/problems/session-expired');
    // The app's first question after a reload answers it too.
    expect((await browser.get('/api/session')).body).toEqual({ account: null, via: null, ended: { reason: 'idle', detail: ended.body.detail } });
  });

  it('signing out with an ended session works; its cookie is then told it was signed out', async () => {
    now = START;
    const { browser, value } = await signIn();
    now = START + 31 * MIN;
    const out = await browser.delete('/api/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect(await ctx.store.getSession(hashSecret(value))).toBeNull();
    const after = await browser.get('/api/forms');
    expect(after.body).toMatchObject({ type: '/api/problems/session-expired', reason: 'ended', detail: expect.stringMatching(/^You have been signed out: you signed out in another tab or window/) });
  });

  it('stays signed in on request, up to the longest lifetime; then the person signs in again', async () => {
    const signedInAt = START + 60 * MIN;
    now = signedInAt;
    const { browser, csrf, value } = await signIn();
    now = signedInAt + 25 * MIN;
    expect((await browser.post('/api/session/renew')).status).toBe(403); // without the CSRF token
    const renewed = await browser.post('/api/session/renew', undefined, { headers: { 'x-csrf-token': csrf } });
    expect(renewed.status).toBe(200);
    expect(renewed.body).toEqual({ expiresAt: iso(now + 30 * MIN), absoluteExpiresAt: iso(signedInAt + 12 * 60 * MIN), idleMinutes: 30 });
    expect(expiryOf(renewed)).toBe(renewed.body.expiresAt);

    // Kept busy all day…
    for (let t = now + 20 * MIN; t < signedInAt + 12 * 60 * MIN - 10 * MIN; t += 20 * MIN) {
      now = t;
      expect((await browser.get('/api/submissions')).status, `at ${(t - signedInAt) / MIN} minutes`).toBe(200);
    }
    // …the last renewal stops at the longest lifetime…
    now = signedInAt + 12 * 60 * MIN - 10 * MIN;
    const last = await browser.post('/api/session/renew', undefined, { headers: { 'x-csrf-token': csrf } });
    expect(last.body.expiresAt).toBe(iso(signedInAt + 12 * 60 * MIN));
    // …where it ends.
    now = signedInAt + 12 * 60 * MIN;
    const ended = await browser.get('/api/submissions');
    expect(ended.body).toMatchObject({ type: '/api/problems/session-expired', reason: 'lifetime', detail: 'You have been signed out because it is 12 hours since you signed in. Sign in again to carry on.' });

    // Signing in again from that browser replaces the ended session.
    const again = await new Client(base, null, { cookie: `caseforms_session=${value}` }).post('/api/session', { username: pat.username, password: pat.password });
    expect(again.status).toBe(201);
    expect(await ctx.store.getSession(hashSecret(value))).toBeNull();
  });

  it('scripts keep the developers’ words; an API token has no session to renew', async () => {
    const nobody = await new Client(base, null).get('/api/submissions');
    expect(nobody.body).toMatchObject({ type: '/api/problems/unauthenticated', detail: 'Sign in, or send a personal API token as "Authorization: Bearer <token>".' });
    const forged = await new Client(base, 'cft_notARealTokenAtAll0123456789abcdefghijk').get('/api/submissions');
    expect(forged.body.type).toBe('/api/problems/unauthenticated');
    const script = new Client(base, pat.token);
    const renew = await script.post('/api/session/renew');
    expect(renew.status).toBe(409);
    expect(renew.body.detail).toMatch(/API token/);
    expect((await script.get('/api/submissions')).headers.get('caseforms-session-expires')).toBeNull();
    expect((await new Client(base, null).post('/api/session/renew')).body.type).toBe('/api/problems/unauthenticated');
  });
});
