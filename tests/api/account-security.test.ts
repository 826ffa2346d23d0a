/**
 * Issue 11, items 4, 5 and 12: sign-in limits that whitespace cannot dodge and a flood cannot
 * use to starve real sign-ins; API tokens that end (password reset, disabling, lifetime) and that
 * administrators can see and revoke; and always an enabled administrator left.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, newSecret } from '../../engine/accounts/secrets.js';
import { Client, startTestServer, type TestServer } from '../support/api.js';
import { checkResponse } from '../support/openapi.js';
import { STORE_KINDS } from '../support/stores.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  ms: number;
}

/**
 * A sign-in sent from a given loopback address (127.0.0.x all reach the server on Linux), so each
 * test has an address of its own and the per-address limits of one do not touch another.
 */
function signInFrom(srv: TestServer, from: string, username: string, password: string): Promise<Answer> {
  const started = performance.now();
  const url = new URL('/api/session', srv.url);
  const payload = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: from, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const body = text ? JSON.parse(text) : null;
          checkResponse('POST', '/api/session', res.statusCode!, res.headers['content-type'] ?? null, body)
            .then(() => resolve({ status: res.statusCode!, headers: res.headers, body, ms: performance.now() - started }))
            .catch(reject);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const DAY = 86_400_000;

describe.each(STORE_KINDS)('account security (%s store)', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(kind, { signInAttempts: 3, signInAddressAttempts: 5, tokens: { defaultDays: 30, maxDays: 60 } });
  });
  afterAll(async () => srv?.close());

  const admin = () => srv.as('admin');
  const etagOf = async (id: string) => (await admin().get(`/api/accounts/${id}`)).headers.get('etag')!;
  const newAccount = async (username: string, role = 'practitioner') => {
    const made = await admin().post('/api/accounts', { username, displayName: username, role, team: 'cin-south', password: 'correct horse battery staple' });
    expect(made.status).toBe(201);
    return made.body.id as string;
  };
  /** A token for the account, made by signing in as it. */
  const tokenFor = async (username: string) => {
    const session = await new Client(srv.url, null).post('/api/session', { username, password: 'correct horse battery staple' });
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0]!;
    const made = await new Client(srv.url, null, { cookie }).post('/api/me/tokens', { name: 'script' }, { headers: { 'x-csrf-token': session.body.csrfToken } });
    expect(made.status).toBe(201);
    return made.body as { id: string; token: string; expiresAt: string };
  };

  // Item 4

  it('a username locked after failed sign-ins stays locked however it is spaced or capitalised', async () => {
    const user = srv.demo.integrator;
    const from = '127.0.0.11';
    for (let i = 0; i < 3; i++) expect((await signInFrom(srv, from, user.username, `wrong password ${i}`)).status).toBe(401);
    for (const variant of [`${user.username} `, ` ${user.username}`, user.username.toUpperCase(), `\t${user.username}\n`]) {
      const blocked = await signInFrom(srv, from, variant, user.password);
      expect(blocked.status).toBe(429);
      expect(blocked.body.type).toBe('/api/problems/too-many-requests');
      expect(blocked.body.detail).toMatch(/^Too many failed sign-ins with this username\. Try again in \d+ minutes?\.$/);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('failed sign-ins from one address are capped across usernames', async () => {
    const from = '127.0.0.12';
    for (let i = 0; i < 5; i++) expect((await signInFrom(srv, from, `nobody.${i}`, 'not the password at all')).status).toBe(401);
    // A sixth username, even with the right password, waits.
    const d = srv.demo.designer;
    const blocked = await signInFrom(srv, from, d.username, d.password);
    expect(blocked.status).toBe(429);
    expect(blocked.body.detail).toMatch(/^Too many failed sign-ins from your network address\. Try again in \d+ minutes?\.$/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held up.
    expect((await signInFrom(srv, '127.0.0.13', d.username, d.password)).status).toBe(201);
  });

  it('a flood of bogus sign-ins from one address is turned away at once and does not hold up a real one', async () => {
    const flood = Array.from({ length: 40 }, (_, i) => signInFrom(srv, '127.0.0.14', `bogus.${i}`, 'not the password at all'));
    const p = srv.demo.practitioner;
    const real = await signInFrom(srv, '127.0.0.15', p.username, p.password);
    const bogus = await Promise.all(flood);
    expect(real.status).toBe(201);
    const refused = bogus.filter((b) => b.status === 429);
    // At most a couple at a time from one address reach the password check.
    expect(refused.length).toBeGreaterThanOrEqual(25);
    for (const b of refused) {
      expect(b.body.type).toBe('/api/problems/too-many-requests');
      expect(Number(b.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(bogus.filter((b) => b.status !== 429).every((b) => b.status === 401)).toBe(true);
    // Forty password checks queued in front of it took seconds; a couple take a fraction of one.
    expect(real.ms).toBeLessThan(2_000);
  });

  // Item 5

  it('a new password revokes the account’s API tokens', async () => {
    const id = await newAccount('reset.me');
    const t = await tokenFor('reset.me');
    const bearer = new Client(srv.url, t.token);
    expect((await bearer.get('/api/session')).status).toBe(200);
    const reset = await admin().patch(`/api/accounts/${id}`, { password: 'a brand new long password' }, { headers: { 'if-match': await etagOf(id) } });
    expect(reset.status).toBe(200);
    expect((await bearer.get('/api/session')).status).toBe(401);
    const listed = await admin().get(`/api/accounts/${id}/tokens`);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: t.id, revokedAt: expect.any(String) })]);
  });

  it('enabling a disabled account again does not bring its old tokens back', async () => {
    const id = await newAccount('away.for.a.while');
    const t = await tokenFor('away.for.a.while');
    const bearer = new Client(srv.url, t.token);
    expect((await admin().patch(`/api/accounts/${id}`, { disabled: true }, { headers: { 'if-match': await etagOf(id) } })).status).toBe(200);
    expect((await admin().patch(`/api/accounts/${id}`, { disabled: false }, { headers: { 'if-match': await etagOf(id) } })).status).toBe(200);
    expect((await bearer.get('/api/session')).status).toBe(401);
    expect((await admin().get(`/api/accounts/${id}/tokens`)).body.items[0].revokedAt).toEqual(expect.any(String));
  });

  it('an administrator lists and revokes another account’s tokens; others may only see their own', async () => {
    const id = await newAccount('lost.laptop');
    const t = await tokenFor('lost.laptop');
    const bearer = new Client(srv.url, t.token);
    const listed = await admin().get(`/api/accounts/${id}/tokens`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: t.id, name: 'script', accountId: id })]);
    expect(listed.text).not.toContain(t.token);
    // The owner sees their own the same way; someone else is refused.
    expect((await bearer.get(`/api/accounts/${id}/tokens`)).body.items).toHaveLength(1);
    const other = await srv.as('manager').get(`/api/accounts/${id}/tokens`);
    expect(other.status).toBe(403);
    expect(other.body.detail).toBe('Only an administrator can see or revoke the API tokens of other accounts.');
    expect((await srv.as('manager').delete(`/api/accounts/${id}/tokens/${t.id}`)).status).toBe(403);

    const revoked = await admin().delete(`/api/accounts/${id}/tokens/${t.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: t.id, revokedAt: expect.any(String) });
    expect((await bearer.get('/api/session')).status).toBe(401);
    const events = await srv.running.ctx.store.listEvents({ entityId: id });
    expect(events.filter((e) => e.action === 'token.revoked').map((e) => e.actor)).toEqual([(await admin().get('/api/session')).body.account.id]);

    const missing = await admin().delete(`/api/accounts/${id}/tokens/0000000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('This account has no API token with that id.');
    expect((await admin().get('/api/accounts/no-such-account/tokens')).status).toBe(404);
  });

  it('tokens last the configured default, never more than the most, and stop working when they end', async () => {
    const designer = srv.as('designer');
    const before = Date.now();
    const plain = await designer.post('/api/me/tokens', { name: 'default lifetime' });
    expect(Date.parse(plain.body.expiresAt) - before).toBeGreaterThanOrEqual(30 * DAY - 5_000);
    expect(Date.parse(plain.body.expiresAt) - before).toBeLessThanOrEqual(30 * DAY + 5_000);
    const longest = await designer.post('/api/me/tokens', { name: 'longest', expiresInDays: 60 });
    expect(longest.status).toBe(201);
    const tooLong = await designer.post('/api/me/tokens', { name: 'too long', expiresInDays: 61 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([{ pointer: '/expiresInDays', message: 'A token can last at most 60 days here; ask for 60 or fewer and make a new one when it ends.' }]);

    // A token past its end, and one stored before tokens had to end that is older than the most.
    const store = srv.running.ctx.store;
    const me = (await designer.get('/api/session')).body.account.id as string;
    const ev = (n: number) => ({ id: `e-expired-${kind}-${n}`, at: new Date().toISOString(), actor: me, action: 'token.created', entity: { kind: 'account' as const, id: me }, details: {} });
    const ended = newSecret('cft');
    await store.insertToken({ hash: hashSecret(ended), accountId: me, name: 'ended', prefix: ended.slice(0, 10), createdAt: new Date(Date.now() - 10 * DAY).toISOString(), expiresAt: new Date(Date.now() - 1000).toISOString() }, ev(1));
    const legacy = newSecret('cft');
    await store.insertToken({ hash: hashSecret(legacy), accountId: me, name: 'from before', prefix: legacy.slice(0, 10), createdAt: new Date(Date.now() - 61 * DAY).toISOString() }, ev(2));
    const recentLegacy = newSecret('cft');
    await store.insertToken({ hash: hashSecret(recentLegacy), accountId: me, name: 'recent, from before', prefix: recentLegacy.slice(0, 10), createdAt: new Date(Date.now() - 59 * DAY).toISOString() }, ev(3));
    expect((await new Client(srv.url, ended).get('/api/forms')).status).toBe(401);
    expect((await new Client(srv.url, legacy).get('/api/forms')).status).toBe(401);
    expect((await new Client(srv.url, recentLegacy).get('/api/forms')).status).toBe(200);
  });

  // Item 12

  it('the last enabled administrator cannot be demoted or disabled, by themselves or anyone', async () => {
    const me = (await admin().get('/api/session')).body.account;
    for (const change of [{ role: 'manager' }, { disabled: true }]) {
      const refused = await admin().patch(`/api/accounts/${me.id}`, change, { headers: { 'if-match': await etagOf(me.id) } });
      expect(refused.status).toBe(409);
      expect(refused.body.type).toBe('/api/problems/invalid-state');
      expect(refused.body.detail).toBe(`"${me.username}" is the only administrator whose account is enabled. Changing their role or disabling them would leave nobody who can manage accounts: make another account an administrator first.`);
    }
    // Still an administrator, still signed in, tokens untouched.
    expect((await admin().get(`/api/accounts/${me.id}`)).body).toMatchObject({ role: 'admin', disabled: false });
    expect((await admin().get(`/api/accounts/${me.id}/tokens`)).body.items.every((t: { revokedAt?: string }) => !t.revokedAt)).toBe(true);

    // With a second administrator, the first may step down, and then the second is the last.
    const second = await newAccount('second.admin', 'admin');
    const stepped = await admin().patch(`/api/accounts/${me.id}`, { role: 'manager' }, { headers: { 'if-match': await etagOf(me.id) } });
    expect(stepped.status).toBe(200);
    const t = await tokenFor('second.admin');
    const secondAdmin = new Client(srv.url, t.token);
    const etag = (await secondAdmin.get(`/api/accounts/${second}`)).headers.get('etag')!;
    expect((await secondAdmin.patch(`/api/accounts/${second}`, { disabled: true }, { headers: { 'if-match': etag } })).status).toBe(409);
    // Put things back for the other tests.
    const back = await secondAdmin.patch(`/api/accounts/${me.id}`, { role: 'admin' }, { headers: { 'if-match': (await secondAdmin.get(`/api/accounts/${me.id}`)).headers.get('etag')! } });
    expect(back.status).toBe(200);
  });
});
