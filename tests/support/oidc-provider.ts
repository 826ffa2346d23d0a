/**
 * A real OpenID provider for the tests: `oidc-provider` (certified), on 127.0.0.1, with one
 * confidential client for Caseforms (PKCE required, as the provider insists), RP-initiated logout,
 * a tiny login page of its own (any password; the login names the person in `people`; the
 * provider's development pages fetch fonts from the internet), consent granted without asking,
 * and a signing key the tests know so they can forge ID tokens. `tamper` changes the ID token in
 * the token endpoint's answer, as a man in the middle would.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import Provider from 'oidc-provider';
import type { SsoSettings } from '../../engine/accounts/sso-settings.js';

export const CLIENT_ID = 'caseforms';
const CLIENT_SECRET = 'test-client-secret-0123456789abcdef';
const KID = 'test-signing-key';

export interface TestProvider {
  issuer: string;
  /** Claims of the people who can sign in at the provider, by login name (`sub`). */
  people: Map<string, Record<string, unknown>>;
  /** When set, changes the ID token the token endpoint answers. */
  tamper: ((idToken: string) => Promise<string> | string) | null;
  /** An ID token with these claims, signed with the provider's own key (or `key`). */
  sign(claims: JWTPayload, key?: CryptoKey): Promise<string>;
  /** A key the provider does not have. */
  otherKey: CryptoKey;
  /** Caseforms' settings to use this provider, for an app at `appUrl`. */
  settings(extra?: Partial<SsoSettings>): SsoSettings;
  close(): Promise<void>;
}

/** `appUrl`: the Caseforms server's origin (its callback and signed-out page are registered). */
export async function startOidcProvider(appUrl: string): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const people = new Map<string, Record<string, unknown>>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${appUrl}/api/sso/callback`],
        post_logout_redirect_uris: [`${appUrl}/signed-out`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'employee_id', 'groups'] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: { body: string }, form: string) {
          ctx.body = page('Sign out', `<h1>Do you want to sign out of your council account?</h1>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
        },
        async postLogoutSuccessSource(ctx: { body: string }) {
          ctx.body = page('Signed out', '<h1>You have signed out of your council account</h1>');
        },
      },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async renderError(ctx: { type: string; body: string }, out: Record<string, string>) {
      ctx.type = 'html';
      ctx.body = page('Error', `<h1>The council account could not sign you in</h1><pre>${escape(JSON.stringify(out))}</pre>`);
    },
    pkce: { required: () => true },
    async findAccount(_ctx: unknown, sub: string) {
      const claims = people.get(sub);
      return claims ? { accountId: sub, claims: async () => ({ sub, ...claims }) } : undefined;
    },
    // Consent is taken as given (a council's own app), so signing in is: login, then back.
    async loadExistingGrant(ctx: any) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const test: TestProvider = {
    issuer,
    people,
    tamper: null,
    sign: (claims, key) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: KID }).sign(key ?? privateKey),
    otherKey: other.privateKey,
    settings: (extra = {}) => ({
      issuer,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      scopes: 'openid email profile',
      workerClaim: 'email',
      redirectUrl: `${appUrl}/api/sso/callback`,
      postLogoutUrl: `${appUrl}/signed-out`,
      label: 'Sign in with your council account',
      ...extra,
    }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === '/token' && test.tamper && body?.id_token) ctx.body = { ...body, id_token: await test.tamper(body.id_token) };
  });
  const handle = provider.callback();
  server.on('request', (req, res) => {
    const m = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '');
    if (!m) return handle(req, res);
    void logInPage(provider, m[1]!, req, res).catch((err: Error) => {
      res.statusCode = 500;
      res.end(err.message);
    });
  });
  return test;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title} – council account</title></head><body><main>${body}</main></body></html>`;

/** The provider's login page: a username and any password; the username is who signs in. */
async function logInPage(provider: Provider, uid: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await provider.interactionDetails(req, res);
  if (req.method === 'POST') {
    let body = '';
    for await (const chunk of req) body += chunk;
    const login = new URLSearchParams(body).get('login') ?? '';
    return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  }
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(
    page(
      'Sign in',
      `<h1>Sign in to your council account</h1><form method="post" action="/interaction/${uid}"><p><label for="login">Username</label> <input id="login" name="login" autocomplete="username"></p><p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password"></p><button type="submit">Sign in</button></form>`,
    ),
  );
}

/** An ID token's claims (not checked). */
export const claimsOf = (idToken: string): JWTPayload => decodeJwt(idToken);

/**
 * A browser's part in the sign-in, done with fetch: cookies kept per host (as browsers do, whatever
 * the port), redirects followed by hand, the provider's login form filled in.
 */
export class CookieBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  /** The cookies this browser holds for a URL's host. */
  cookies(url: string): Map<string, string> {
    const host = new URL(url).hostname;
    let c = this.jar.get(host);
    if (!c) this.jar.set(host, (c = new Map()));
    return c;
  }

  /** One request (no redirect followed), cookies sent and kept. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const jar = this.cookies(url);
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (gone) jar.delete(name);
      else jar.set(name, pair!.slice(eq + 1).trim());
    }
    return res;
  }

  /**
   * Follows redirects from `url` until an answer that is not one, or until `stop` says to stop
   * before asking for a URL; what was asked for, in order, and the last answer.
   */
  async follow(url: string, stop?: (next: string) => boolean, init: RequestInit = {}): Promise<{ res: Response; url: string; visited: string[] }> {
    const visited: string[] = [];
    let res = await this.fetch(url, init);
    visited.push(url);
    for (let i = 0; i < 20 && res.status >= 300 && res.status < 400; i++) {
      const next = new URL(res.headers.get('location')!, url).href;
      await res.arrayBuffer();
      if (stop?.(next)) return { res, url: next, visited };
      url = next;
      res = await this.fetch(url);
      visited.push(url);
    }
    return { res, url, visited };
  }

  /**
   * At the provider's login page (`page`, its HTML, at `url`): types the login and a password and
   * submits, then follows redirects as far as `stop` allows.
   */
  async logIn(page: string, url: string, login: string, stop?: (next: string) => boolean) {
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new Error(`No login form at ${url}: ${page.slice(0, 300)}`);
    const body = new URLSearchParams({ prompt: 'login', login, password: 'any password' });
    return this.follow(new URL(action, url).href, stop, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
}
