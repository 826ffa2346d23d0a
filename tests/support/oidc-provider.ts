/**
 * A real OpenID provider for the tests: `oidc-provider` (certified), on 127.0.0.1, with one
 * confidential client for Caseforms (PKCE required, as the provider insists), RP-initiated logout,
 * its development login page (any password; the login names the person in `people`), consent
 * granted without asking, and a signing key the tests know so they can forge ID tokens. `tamper`
 * changes the ID token in the token endpoint's answer, as a man in the middle would.
 */
import { createServer, type Server } from 'node:http';
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
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
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
  server.on('request', provider.callback());
  return test;
}

/** An ID token's claims (not checked). */
export const claimsOf = (idToken: string): JWTPayload => decodeJwt(idToken);
