import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestServer, type TestServer } from '../support/api.js';
import { STORE_KINDS } from '../support/stores.js';

/** Signs in and returns a client that sends the session cookie (and, optionally, the CSRF token). */
async function signIn(srv: TestServer, username: string, password: string) {
  const res = await new Client(srv.url, null).post('/api/session', { username, password });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  return { res, setCookie, cookie, csrf: res.body?.csrfToken as string | undefined };
}

describe.each(STORE_KINDS)('sign-in, sessions and tokens (%s store)', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(kind, { signInAttempts: 3 });
  });
  afterAll(async () => srv?.close());

  it('demo accounts were written once, readable by the owner only, one per role', async () => {
    expect(statSync(srv.running.demoAccountsFile!).mode & 0o777).toBe(0o600);
    expect(Object.keys(srv.demo).sort()).toEqual(['admin', 'designer', 'integrator', 'manager', 'practitioner']);
    const stored = await srv.running.ctx.store.getAccountByUsername(srv.demo.practitioner.username);
    expect(stored!.passwordHash).toMatch(/^scrypt\$/);
    expect(stored!.passwordHash).not.toContain(srv.demo.practitioner.password);
  });

  it('sign-in sets an HttpOnly SameSite=Strict cookie; cookie writes need the CSRF token', async () => {
    const d = srv.demo.designer;
    const { res, setCookie, cookie, csrf } = await signIn(srv, d.username, d.password);
    expect(res.status).toBe(201);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(csrf).toEqual(expect.any(String));

    const browser = new Client(srv.url, null, { cookie });
    const me = await browser.get('/api/session');
    expect(me.body).toMatchObject({ via: 'session', csrfToken: csrf, account: { username: d.username, role: 'designer' } });
    expect(me.body.account.passwordHash).toBeUndefined();

    const body = { id: 'csrf-check', title: 'CSRF check', category: 'other', team: 'qa' };
    const withoutToken = await browser.post('/api/forms', body);
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.body.type).toBe('/api/problems/csrf-token-missing');
    const withToken = await browser.post('/api/forms', body, { headers: { 'x-csrf-token': csrf! } });
    expect(withToken.status).toBe(201);

    const out = await browser.delete('/api/session', { headers: { 'x-csrf-token': csrf! } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    // A browser drops the cookie (Max-Age=0); one that sends it again is told it signed out.
    expect((await browser.get('/api/session')).body).toEqual({ account: null, via: null, ended: { reason: 'ended', detail: expect.stringMatching(/^You have been signed out/) } });
    expect((await new Client(srv.url, null).get('/api/session')).body).toEqual({ account: null, via: null });
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const wrong = await signIn(srv, srv.demo.manager.username, 'not the password at all');
    const unknown = await signIn(srv, 'nobody.here', 'not the password at all');
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(wrong.res.body.detail).toBe(unknown.res.body.detail);
    expect(wrong.setCookie).toBe('');
  });

  it('sign-in is rate limited per address and username, with Retry-After', async () => {
    const user = srv.demo.integrator;
    for (let i = 0; i < 3; i++) expect((await signIn(srv, user.username, `wrong password ${i}`)).res.status).toBe(401);
    const blocked = await signIn(srv, user.username, user.password);
    expect(blocked.res.status).toBe(429);
    expect(Number(blocked.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.res.body.type).toBe('/api/problems/too-many-requests');
    // Someone else at the same address is not locked out.
    expect((await signIn(srv, srv.demo.admin.username, srv.demo.admin.password)).res.status).toBe(201);
  });

  it('an admin creates accounts (strong passwords only) and disabling one ends its sessions and tokens', async () => {
    const admin = srv.as('admin');
    const weak = await admin.post('/api/accounts', { username: 'sam.social', displayName: 'Sam', role: 'practitioner', team: 'cin-south', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/password']);
    const created = await admin.post('/api/accounts', { username: 'sam.social', displayName: 'Sam', role: 'practitioner', team: 'cin-south', password: 'correct horse battery staple' });
    expect(created.status).toBe(201);
    expect(created.body.passwordHash).toBeUndefined();
    const dup = await admin.post('/api/accounts', { username: 'sam.social', displayName: 'Sam 2', role: 'practitioner', team: 'cin-south', password: 'correct horse battery staple' });
    expect(dup.status).toBe(409);

    const session = await signIn(srv, 'sam.social', 'correct horse battery staple');
    const browser = new Client(srv.url, null, { cookie: session.cookie });
    const token = await browser.post('/api/me/tokens', { name: 'script' }, { headers: { 'x-csrf-token': session.csrf! } });
    expect(token.status).toBe(201);
    const bearer = new Client(srv.url, token.body.token);
    expect((await bearer.get('/api/session')).status).toBe(200);

    const disabled = await admin.patch(`/api/accounts/${created.body.id}`, { disabled: true }, { headers: { 'if-match': created.headers.get('etag')! } });
    expect(disabled.status).toBe(200);
    expect((await browser.get('/api/session')).body.account).toBeNull();
    expect((await bearer.get('/api/session')).status).toBe(401);
    expect((await signIn(srv, 'sam.social', 'correct horse battery staple')).res.status).toBe(401);
  });

  it('tokens are listed without their secret and can be revoked', async () => {
    const designer = srv.as('designer');
    const made = await designer.post('/api/me/tokens', { name: 'nightly export', expiresInDays: 30 });
    expect(made.body.token).toMatch(/^cft_/);
    const list = await designer.get('/api/me/tokens');
    expect(JSON.stringify(list.body)).not.toContain(made.body.token);
    expect(list.body.items.map((t: { name: string }) => t.name)).toContain('nightly export');
    const revoked = await designer.delete(`/api/me/tokens/${made.body.id}`);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
  });
});
