/**
 * Single sign-on against a real OpenID provider (oidc-provider) started here: a worker signs in
 * and gets a working session; PKCE is used; a tampered ID token, one for another audience, a
 * replayed state, an unknown person and an inactive worker are each refused with a page and an
 * event; a worker made inactive by a directory batch loses sessions and tokens; groups map to
 * roles; signing out also ends the provider's session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestServer, type TestServer } from '../support/api.js';
import { CookieBrowser, claimsOf, startOidcProvider, type TestProvider } from '../support/oidc-provider.js';
import { freePort } from '../support/ports.js';
import { batchOf, loadDirectory, WORKERS } from '../support/directory.js';
import { newEvent } from '../../engine/store/events.js';
import type { StoreKind } from '../support/stores.js';
import type { SsoSettings } from '../../engine/accounts/sso-settings.js';

const PEOPLE: Record<string, Record<string, unknown>> = {
  priya: { email: 'priya.practitioner@council.example', email_verified: true, name: 'Priya P', groups: ['cf-practitioners', 'cf-designers'] },
  maria: { email: 'maria.manager@council.example', email_verified: true, name: 'Maria M', groups: ['cf-managers'] },
  sam: { email: 'Sam.Social-Worker@council.example', name: 'Sam', groups: ['everyone'] },
  former: { email: 'former.worker@council.example', name: 'Former', groups: ['cf-practitioners'] },
  stranger: { email: 'stranger@council.example', name: 'Stranger', groups: ['cf-practitioners'] },
  kim: { employee_id: 'W6', name: 'Kim', groups: [] },
};

interface Setup {
  srv: TestServer;
  op: TestProvider;
  close(): Promise<void>;
}

/** A Caseforms server using a fresh provider, with the test directory loaded. */
async function setUp(kind: StoreKind, settings: Partial<SsoSettings> = {}, local = true): Promise<Setup> {
  const port = await freePort();
  const op = await startOidcProvider(`http://127.0.0.1:${port}`);
  for (const [login, claims] of Object.entries(PEOPLE)) op.people.set(login, claims);
  const srv = await startTestServer(kind, { port, signIn: { local, sso: op.settings(settings) } });
  await loadDirectory(srv.running.ctx.store);
  return { srv, op, close: async () => (await srv.close(), await op.close()) };
}

const isCallback = (url: string) => new URL(url).pathname === '/api/sso/callback';

/** Starts signing in and logs in at the provider as `login`, stopping before the callback. */
async function toCallback(s: Setup, login: string, returnTo = '/records'): Promise<{ browser: CookieBrowser; callback: string; authorize: string }> {
  const browser = new CookieBrowser();
  const start = await browser.fetch(`${s.srv.url}/api/sso/start?returnTo=${encodeURIComponent(returnTo)}`);
  expect(start.status).toBe(302);
  const authorize = start.headers.get('location')!;
  const login1 = await browser.follow(authorize, isCallback);
  // Signed in at the provider already: straight back.
  if (isCallback(login1.url)) return { browser, callback: login1.url, authorize };
  expect(login1.res.status).toBe(200);
  const back = await browser.logIn(await login1.res.text(), login1.url, login, isCallback);
  expect(isCallback(back.url), `ended at ${back.url}: ${back.res.status}`).toBe(true);
  return { browser, callback: back.url, authorize };
}

/** Signs in all the way; the callback's answer. */
async function signIn(s: Setup, login: string, returnTo?: string) {
  const { browser, callback, authorize } = await toCallback(s, login, returnTo);
  const res = await browser.fetch(callback);
  return { browser, res, authorize, callback, text: await res.text() };
}

/** A client with the browser's session cookie and CSRF token. */
async function sessionClient(s: Setup, browser: CookieBrowser): Promise<Client> {
  const cookie = `caseforms_session=${browser.cookies(s.srv.url).get('caseforms_session')}`;
  const who = await new Client(s.srv.url, null, { cookie }).get('/api/session');
  return new Client(s.srv.url, null, { cookie, 'x-csrf-token': who.body.csrfToken ?? '' });
}

/** What GET /api/session says to the browser's session. */
async function whoIs(s: Setup, browser: CookieBrowser) {
  return (await (await sessionClient(s, browser)).get('/api/session')).body;
}

async function lastEvent(s: Setup, action: string) {
  const events = await s.srv.running.ctx.store.listEvents({ action, limit: 1000 });
  return events.at(-1);
}

/** The refusal page: its status, heading and that it is a page for people. */
function expectPage(res: Response, text: string, status: number, heading: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(text).toContain(`<h1 class="govuk-heading-l">${heading}</h1>`);
  expect(text).toContain('href="/api/sso/start?returnTo=%2F"');
  expect(res.headers.getSetCookie().some((c) => c.startsWith('caseforms_session=') && !/max-age=0/i.test(c))).toBe(false);
}

describe('single sign-on (SQLite)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp('sqlite');
  });
  afterAll(() => s?.close());

  it('says it is on, with the button’s words, and that passwords are accepted', async () => {
    const info = await s.srv.as('anonymous').get('/api/sso');
    expect(info.body).toEqual({ enabled: true, label: 'Sign in with your council account', localSignIn: true });
  });

  it('signs a worker in with PKCE: a session that works, an account linked to the worker, named and placed by the directory', async () => {
    const { browser, res, authorize } = await signIn(s, 'priya', '/records?page=2');
    const sent = new URL(authorize).searchParams;
    expect(sent.get('code_challenge_method')).toBe('S256');
    expect(sent.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.get('state')).toBeTruthy();
    expect(sent.get('nonce')).toBeTruthy();
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/records?page=2');
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('caseforms_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const me = await (await sessionClient(s, browser)).get('/api/session');
    expect(me.body).toMatchObject({ via: 'session', sso: true, account: { displayName: 'Priya Practitioner', role: 'practitioner', team: 'cin-north', workerId: 'W2', username: 'sso.w2' } });
    expect(await lastEvent(s, 'account.signed-in')).toMatchObject({ actor: me.body.account.id, details: { via: 'oidc', workerId: 'W2' } });
    // A second sign-in is the same account.
    const again = await signIn(s, 'priya');
    const me2 = await (await sessionClient(s, again.browser)).get('/api/session');
    expect(me2.body.account.id).toBe(me.body.account.id);
  });

  it('makes a line manager in the directory a manager, and matches a work email without regard to case', async () => {
    const maria = await signIn(s, 'maria');
    expect((await whoIs(s, maria.browser)).account).toMatchObject({ role: 'manager', workerId: 'W1' });
    const sam = await signIn(s, 'sam');
    expect((await whoIs(s, sam.browser)).account).toMatchObject({ role: 'practitioner', workerId: 'W3' });
  });

  it('goes home after signing in when returnTo is not a path of this site', async () => {
    const { res } = await signIn(s, 'priya', 'https://evil.example/steal');
    expect(res.headers.get('location')).toBe('/');
  });

  it('refuses a tampered ID token (changed claims, or signed with another key), with a page and an event', async () => {
    s.op.tamper = (token) => {
      const [h, p, sig] = token.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
      return [h, Buffer.from(JSON.stringify({ ...claims, sub: 'maria' })).toString('base64url'), sig].join('.');
    };
    try {
      const { res, text } = await signIn(s, 'priya');
      expectPage(res, text, 400, 'Your sign-in could not be checked');
      expect(await lastEvent(s, 'sso.refused')).toMatchObject({ details: { reason: 'token-rejected' } });
      s.op.tamper = async (token) => s.op.sign(claimsOf(token), s.op.otherKey);
      const other = await signIn(s, 'priya');
      expectPage(other.res, other.text, 400, 'Your sign-in could not be checked');
      const event = await lastEvent(s, 'sso.refused');
      expect(event).toMatchObject({ details: { reason: 'token-rejected' } });
      // The event never holds a token.
      expect(JSON.stringify(event)).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    } finally {
      s.op.tamper = null;
    }
  });

  it('refuses an ID token made for another client (wrong audience)', async () => {
    s.op.tamper = async (token) => s.op.sign({ ...claimsOf(token), aud: 'another-client', azp: 'another-client' });
    try {
      const { res, text } = await signIn(s, 'priya');
      expectPage(res, text, 400, 'Your sign-in could not be checked');
      expect(await lastEvent(s, 'sso.refused')).toMatchObject({ details: { reason: 'token-rejected', error: expect.stringMatching(/"aud" \(audience\)/) } });
    } finally {
      s.op.tamper = null;
    }
  });

  it('refuses a replayed callback: the same state a second time, with or without its cookie', async () => {
    const { browser, callback } = await toCallback(s, 'priya');
    const transaction = [...browser.cookies(s.srv.url)].filter(([k]) => k.startsWith('caseforms_sso.'));
    expect(transaction).toHaveLength(1);
    const first = await browser.fetch(callback);
    expect(first.status).toBe(302);
    // The browser dropped the transaction cookie; an attacker who kept it is refused too.
    expect([...browser.cookies(s.srv.url).keys()].some((k) => k.startsWith('caseforms_sso.'))).toBe(false);
    const withoutCookie = await fetch(callback, { redirect: 'manual' });
    expectPage(withoutCookie, await withoutCookie.text(), 400, 'Your sign-in could not be finished');
    expect(await lastEvent(s, 'sso.refused')).toMatchObject({ details: { reason: 'state-missing' } });
    const withCookie = await fetch(callback, { redirect: 'manual', headers: { cookie: transaction.map(([k, v]) => `${k}=${v}`).join('; ') } });
    expectPage(withCookie, await withCookie.text(), 400, 'This sign-in link has already been used');
    expect(await lastEvent(s, 'sso.refused')).toMatchObject({ details: { reason: 'state-replayed' } });
  });

  it('refuses a callback without state, and the provider’s own refusal', async () => {
    const none = await fetch(`${s.srv.url}/api/sso/callback?code=abc`, { redirect: 'manual' });
    expectPage(none, await none.text(), 400, 'Your sign-in could not be finished');
    const denied = await fetch(`${s.srv.url}/api/sso/callback?error=access_denied&error_description=End-User+aborted&state=x`, { redirect: 'manual' });
    expectPage(denied, await denied.text(), 400, 'You were not signed in');
    expect(await lastEvent(s, 'sso.refused')).toMatchObject({ details: { reason: 'provider-error', error: 'access_denied' } });
  });

  it('refuses someone who is not a worker in the directory, saying to ask to be added', async () => {
    const { res, text } = await signIn(s, 'stranger');
    expectPage(res, text, 403, 'You cannot use Caseforms yet');
    expect(text).toContain('Ask your system administrator to add you');
    const event = await lastEvent(s, 'sso.refused');
    expect(event).toMatchObject({ entity: { kind: 'sso', id: 'stranger' }, details: { reason: 'unknown-worker', claim: 'email' } });
    expect(text).toContain(event!.id);
  });

  it('refuses a worker the directory has as inactive', async () => {
    const { res, text } = await signIn(s, 'former');
    expectPage(res, text, 403, 'You cannot use Caseforms');
    expect(text).toContain('no longer an active worker');
    expect(await lastEvent(s, 'sso.refused')).toMatchObject({ details: { reason: 'inactive-worker', workerId: 'W8' } });
  });

  it('never lets an account made by single sign-on sign in with a password', async () => {
    await signIn(s, 'priya');
    const res = await new Client(s.srv.url, null).post('/api/session', { username: 'sso.w2', password: 'a guessed password' });
    expect(res.status).toBe(401);
  });

  it('signs out at the provider too: the end-session URL, then the provider asks for a login again', async () => {
    const { browser } = await signIn(s, 'maria');
    const client = await sessionClient(s, browser);
    const out = await client.delete('/api/session');
    expect(out.status).toBe(200);
    const logout = new URL(out.body.logoutUrl);
    expect(logout.origin + logout.pathname).toBe(`${s.op.issuer}/session/end`);
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${s.srv.url}/signed-out`);
    expect(claimsOf(logout.searchParams.get('id_token_hint')!)).toMatchObject({ sub: 'maria', aud: 'caseforms' });
    expect((await client.get('/api/session')).body.account).toBeNull();
    // At the provider: "Do you want to sign out?" → yes → back to Caseforms' signed-out page.
    const confirm = await browser.fetch(logout.href);
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)![1]!;
    const done = await browser.follow(new URL(action, logout).href, (next) => next.startsWith(s.srv.url), {
      method: 'POST',
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.url).toBe(`${s.srv.url}/signed-out`);
    // The provider's session has ended: signing in again asks for the login.
    const start = await browser.fetch(`${s.srv.url}/api/sso/start`);
    const back = await browser.follow(start.headers.get('location')!, isCallback);
    expect(isCallback(back.url)).toBe(false);
    expect(await back.res.text()).toMatch(/name="login"/);
  });

  it('stops the sessions and tokens of a worker a new directory batch makes inactive, and refuses them at sign-in', async () => {
    const { browser } = await signIn(s, 'sam');
    const client = await sessionClient(s, browser);
    const token = (await client.post('/api/me/tokens', { name: 'script' })).body.token as string;
    expect((await new Client(s.srv.url, token).get('/api/forms')).status).toBe(200);
    const sam = WORKERS.find((w) => w.id === 'W3')!;
    const batch = batchOf('workers', [{ ...sam, active: false }], { mode: 'delta' });
    await s.srv.running.ctx.store.applyDirectoryBatch(batch, newEvent(new Date(), 'tests', 'directory.batch-applied', 'directory', 'workers', { key: batch.key }));
    const ended = await client.get('/api/forms', { unchecked: true });
    expect(ended.status).toBe(401);
    expect(ended.body).toMatchObject({ type: '/api/problems/session-expired', reason: 'worker-inactive', detail: expect.stringContaining('no longer an active worker') });
    const byToken = await new Client(s.srv.url, token).get('/api/forms', { unchecked: true });
    expect(byToken.status).toBe(401);
    expect(byToken.body.detail).toMatch(/a worker the ICS directory no longer has as active/);
    const again = await signIn(s, 'sam');
    expectPage(again.res, again.text, 403, 'You cannot use Caseforms');
    // Back in the directory: signing in works again, but the old token stays revoked.
    const back = batchOf('workers', [sam], { mode: 'delta' });
    await s.srv.running.ctx.store.applyDirectoryBatch(back, newEvent(new Date(), 'tests', 'directory.batch-applied', 'directory', 'workers', { key: back.key }));
    expect((await signIn(s, 'sam')).res.status).toBe(302);
    expect((await new Client(s.srv.url, token).get('/api/forms', { unchecked: true })).status).toBe(401);
  });
});

describe('single sign-on with roles from groups, worker ids in a claim, and passwords for administrators only', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp(
      'sqlite',
      {
        roleGroups: {
          claim: 'groups',
          map: [
            { role: 'manager', group: 'cf-managers' },
            { role: 'designer', group: 'cf-designers' },
            { role: 'practitioner', group: 'cf-practitioners' },
          ],
        },
        workerClaim: 'employee_id',
      },
      false,
    );
    for (const [login, claims] of Object.entries({
      priya: { employee_id: 'W2', groups: ['cf-practitioners', 'cf-designers'] },
      maria: { employee_id: 'W1', groups: 'cf-managers' },
      sam: { employee_id: 'W3', groups: ['everyone'] },
      anon: {},
    })) {
      s.op.people.set(login, claims);
    }
  });
  afterAll(() => s?.close());

  it('takes the first mapped group’s role, and refuses someone in no mapped group', async () => {
    const priya = await signIn(s, 'priya');
    expect((await whoIs(s, priya.browser)).account).toMatchObject({ role: 'designer', workerId: 'W2' });
    const maria = await signIn(s, 'maria');
    expect((await whoIs(s, maria.browser)).account).toMatchObject({ role: 'manager', workerId: 'W1' });
    const sam = await signIn(s, 'sam');
    expectPage(sam.res, sam.text, 403, 'You have not been given access to Caseforms');
    expect(await lastEvent(s, 'sso.refused')).toMatchObject({ details: { reason: 'no-role', workerId: 'W3', groups: ['everyone'] } });
    const anon = await signIn(s, 'anon');
    expectPage(anon.res, anon.text, 403, 'Caseforms cannot tell who you are');
  });

  it('follows a role change at the next sign-in', async () => {
    s.op.people.set('priya', { employee_id: 'W2', groups: ['cf-practitioners'] });
    const priya = await signIn(s, 'priya');
    expect((await whoIs(s, priya.browser)).account).toMatchObject({ role: 'practitioner', workerId: 'W2' });
  });

  it('accepts passwords only from administrators when local sign-in is off', async () => {
    expect((await s.srv.as('anonymous').get('/api/sso')).body).toMatchObject({ enabled: true, localSignIn: false });
    const pat = await new Client(s.srv.url, null).post('/api/session', { username: s.srv.demo.practitioner.username, password: s.srv.demo.practitioner.password });
    expect(pat.status).toBe(403);
    expect(pat.body.detail).toBe('Usernames and passwords are only for administrators here: sign in with your council account instead.');
    const ada = await new Client(s.srv.url, null).post('/api/session', { username: s.srv.demo.admin.username, password: s.srv.demo.admin.password });
    expect(ada.status).toBe(201);
  });
});

describe('single sign-on when the provider cannot be reached', () => {
  it('says so on a page, with a way to try again, and logs it', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const srv = await startTestServer('sqlite', {
      signIn: {
        local: true,
        sso: {
          issuer: nowhere,
          clientId: 'caseforms',
          scopes: 'openid',
          workerClaim: 'email',
          redirectUrl: 'http://127.0.0.1:1/api/sso/callback',
          postLogoutUrl: 'http://127.0.0.1:1/signed-out',
          label: 'Council sign-in',
        },
      },
    });
    try {
      const res = await fetch(`${srv.url}/api/sso/start?returnTo=/`, { redirect: 'manual' });
      expectPage(res, await res.text(), 502, 'Sign-in is not available at the moment');
      const [event] = await srv.running.ctx.store.listEvents({ action: 'sso.refused' });
      expect(event).toMatchObject({ details: { reason: 'provider-unreachable', step: 'discovery' } });
    } finally {
      await srv.close();
    }
  });
});

describe('single sign-on (MongoDB): the main path', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp('mongo');
  });
  afterAll(() => s?.close());

  it('signs a worker in, keeps the ID token with the session for signing out at the provider, refuses a tampered token and an unknown person, and stops an inactive worker', async () => {
    const { browser, res } = await signIn(s, 'maria');
    expect(res.status).toBe(302);
    const client = await sessionClient(s, browser);
    expect((await client.get('/api/session')).body).toMatchObject({ sso: true, account: { role: 'manager', workerId: 'W1', displayName: 'Maria Manager' } });
    const out = await client.delete('/api/session');
    expect(claimsOf(new URL(out.body.logoutUrl).searchParams.get('id_token_hint')!)).toMatchObject({ sub: 'maria' });

    s.op.tamper = async (token) => s.op.sign(claimsOf(token), s.op.otherKey);
    try {
      const tampered = await signIn(s, 'maria');
      expectPage(tampered.res, tampered.text, 400, 'Your sign-in could not be checked');
    } finally {
      s.op.tamper = null;
    }
    const stranger = await signIn(s, 'stranger');
    expectPage(stranger.res, stranger.text, 403, 'You cannot use Caseforms yet');
    expect((await s.srv.running.ctx.store.listEvents({ action: 'sso.refused', limit: 10 })).map((e) => e.details?.reason)).toEqual(['token-rejected', 'unknown-worker']);

    const priya = await signIn(s, 'priya');
    const priyaClient = await sessionClient(s, priya.browser);
    const batch = batchOf('workers', [{ ...WORKERS.find((w) => w.id === 'W2')!, active: false }], { mode: 'delta' });
    await s.srv.running.ctx.store.applyDirectoryBatch(batch, newEvent(new Date(), 'tests', 'directory.batch-applied', 'directory', 'workers', { key: batch.key }));
    expect((await priyaClient.get('/api/forms', { unchecked: true })).body).toMatchObject({ reason: 'worker-inactive' });
  });
});
