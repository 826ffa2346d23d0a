/**
 * Single sign-on with OpenID Connect: the authorization code flow with PKCE (S256), state and
 * nonce, by `openid-client` (a certified relying party), which checks the ID token's signature,
 * issuer, audience, expiry and nonce. The person is matched to the ICS directory's workers (by
 * the configured claim: a worker id, or a work email); only active workers get in. Their
 * Caseforms account (linked by `Account.workerId`, made on first sign-in, without a password)
 * follows the directory's name and team and the role from the provider's groups or the
 * directory. A session is then started exactly as a password sign-in starts one, keeping the ID
 * token for signing out at the provider too (RP-initiated logout).
 *
 * What must be remembered between sending the person to the provider and their coming back
 * (state, nonce, PKCE verifier, where to go after) travels sealed (AES-256-GCM) in a short-lived
 * cookie named after the state, so several tabs may sign in at once; each state is accepted once.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { EngineContext } from '../context.js';
import type { Worker } from '../directory/model.js';
import { newId } from '../ids.js';
import { newEvent } from '../store/events.js';
import type { Account, Role, Session } from './model.js';
import { startSession, type SessionPolicy } from './sessions.js';
import type { SsoSettings } from './sso-settings.js';

/** How long a sign-in may take at the provider before it must be started again. */
export const TRANSACTION_MINUTES = 10;
/** The sealed transaction's cookie: this prefix and the state's first characters. */
export const TRANSACTION_COOKIE_PREFIX = 'caseforms_sso.';

/** What went wrong, for the event log and to choose the page's words. */
export type SsoRefusalReason =
  | 'provider-error'
  | 'state-missing'
  | 'state-replayed'
  | 'token-rejected'
  | 'code-rejected'
  | 'provider-unreachable'
  | 'no-worker-claim'
  | 'email-unverified'
  | 'unknown-worker'
  | 'ambiguous-worker'
  | 'inactive-worker'
  | 'no-role'
  | 'account-disabled'
  | 'failed';

export interface SsoRefusal {
  reason: SsoRefusalReason;
  /** The id of the `sso.refused` event, to quote to the service desk. */
  reference?: string;
  status: 400 | 403 | 502;
  /** The page's heading and sentences, in plain words. */
  title: string;
  what: string;
  todo: string;
}

const REFUSALS: Record<SsoRefusalReason, Omit<SsoRefusal, 'reason'>> = {
  'provider-error': {
    status: 400,
    title: 'You were not signed in',
    what: 'Your council account’s sign-in page did not sign you in, or the sign-in was cancelled.',
    todo: 'Try again. If it happens again, tell your IT service desk.',
  },
  'state-missing': {
    status: 400,
    title: 'Your sign-in could not be finished',
    what: 'The sign-in took too long, or it was started in another browser or window, so Caseforms cannot tell it was you who started it.',
    todo: 'Try again from the Caseforms sign-in page.',
  },
  'state-replayed': {
    status: 400,
    title: 'This sign-in link has already been used',
    what: 'Each sign-in through your council account can be finished only once, and this one already was.',
    todo: 'Try again from the Caseforms sign-in page.',
  },
  'token-rejected': {
    status: 400,
    title: 'Your sign-in could not be checked',
    what: 'The proof of who you are that came back from your council account did not pass Caseforms’ checks, so you have not been signed in.',
    todo: 'Try again. If it happens again, tell your IT service desk: the sign-in service may be set up wrongly.',
  },
  'code-rejected': {
    status: 400,
    title: 'Your sign-in could not be finished',
    what: 'Your council account’s sign-in service would not confirm this sign-in: it may have been used already or taken too long.',
    todo: 'Try again from the Caseforms sign-in page.',
  },
  'provider-unreachable': {
    status: 502,
    title: 'Sign-in is not available at the moment',
    what: 'Caseforms could not reach your council account’s sign-in service.',
    todo: 'Try again in a few minutes. If it still does not work, tell your IT service desk.',
  },
  'no-worker-claim': {
    status: 403,
    title: 'Caseforms cannot tell who you are',
    what: 'Your council account did not say which worker you are (your work email or ICS worker id).',
    todo: 'Ask your system administrator to add you: the sign-in service must send your work email or ICS worker id to Caseforms.',
  },
  'email-unverified': {
    status: 403,
    title: 'Your email address is not confirmed',
    what: 'Your council account says your email address has not been confirmed, so Caseforms cannot use it to find you.',
    todo: 'Ask your system administrator to confirm your work email in your council account.',
  },
  'unknown-worker': {
    status: 403,
    title: 'You cannot use Caseforms yet',
    what: 'You signed in to your council account, but the ICS directory Caseforms uses has no active worker with your details.',
    todo: 'Ask your system administrator to add you to the ICS directory (with your work email and ICS worker id).',
  },
  'ambiguous-worker': {
    status: 403,
    title: 'Caseforms cannot tell which worker you are',
    what: 'More than one worker in the ICS directory has your work email.',
    todo: 'Ask your system administrator to correct the workers’ emails in the ICS.',
  },
  'inactive-worker': {
    status: 403,
    title: 'You cannot use Caseforms',
    what: 'The ICS directory shows you are no longer an active worker.',
    todo: 'If that is wrong, ask your system administrator to correct your record in the ICS.',
  },
  'no-role': {
    status: 403,
    title: 'You have not been given access to Caseforms',
    what: 'You signed in to your council account, but you are not in any of the groups that give access to Caseforms.',
    todo: 'Ask your system administrator to add you to the right group for your work.',
  },
  'account-disabled': {
    status: 403,
    title: 'Your Caseforms account is disabled',
    what: 'An administrator has disabled your Caseforms account.',
    todo: 'Ask your system administrator if you should have access.',
  },
  failed: { status: 400, title: 'Your sign-in could not be finished', what: 'Something went wrong while signing you in.', todo: 'Try again. If it happens again, tell your IT service desk.' },
};

export function refusal(reason: SsoRefusalReason): SsoRefusal {
  return { reason, ...REFUSALS[reason] };
}

/** What the browser keeps while the person is at the provider (sealed). */
interface Transaction {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  /** When it stops being accepted (ms since the epoch). */
  until: number;
}

/** A path of this site to go back to after signing in: a same-site path, else the home page. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f\\]/.test(value)) return '/';
  if (value.startsWith('/api/')) return '/';
  return value;
}

export type SsoStart = { url: string; cookieName: string; cookieValue: string; maxAgeSeconds: number };

export type SsoFinish = { ok: true; account: Account; cookie: string; session: Session; returnTo: string } | { ok: false; refusal: SsoRefusal };

/** What a sign-in got from the provider that decides who the person is. */
type Claims = Record<string, unknown>;

export interface SsoOptions {
  /** Seconds a request to the provider may take (default 10). */
  timeoutSeconds?: number;
}

export class SingleSignOn {
  private discovered: Promise<oidc.Configuration> | null = null;
  private readonly key: Buffer;
  /** States already finished here, until their transaction would have expired. */
  private readonly used = new Map<string, number>();

  constructor(
    private readonly ctx: EngineContext,
    readonly settings: SsoSettings,
    private readonly options: SsoOptions = {},
  ) {
    // With a client secret, every process of the service seals alike (one may start a sign-in and
    // another finish it); a public client's processes each have their own key.
    const ikm = settings.clientSecret ? Buffer.from(settings.clientSecret, 'utf8') : randomBytes(32);
    this.key = Buffer.from(hkdfSync('sha256', ikm, Buffer.from(settings.clientId, 'utf8'), 'caseforms sso transaction', 32));
  }

  /** The provider's configuration, discovered once (again after a failure). */
  private configuration(): Promise<oidc.Configuration> {
    if (!this.discovered) {
      const { issuer, clientId, clientSecret } = this.settings;
      const insecure = new URL(issuer).protocol === 'http:';
      this.discovered = oidc
        .discovery(new URL(issuer), clientId, { ...(clientSecret ? { client_secret: clientSecret } : {}) }, clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None(), {
          // The ID token's signature is checked even though it came straight from the token
          // endpoint (the library would otherwise trust TLS alone for that).
          execute: [oidc.enableNonRepudiationChecks, ...(insecure ? [oidc.allowInsecureRequests] : [])],
          timeout: this.options.timeoutSeconds ?? 10,
        })
        .catch((err: unknown) => {
          this.discovered = null;
          throw err;
        });
    }
    return this.discovered;
  }

  /** Logs a refusal (`sso.refused`: the reason and what was found, never a token) and says it in words. */
  private async refused(reason: SsoRefusalReason, details: Record<string, unknown>, actor = 'anonymous', subject = '-'): Promise<SsoRefusal> {
    const event = newEvent(this.ctx.now(), actor, 'sso.refused', 'sso', subject, { reason, ...details });
    await this.ctx.store.appendEvent(event);
    return { ...refusal(reason), reference: event.id };
  }

  /** Where to send the person, and the sealed transaction to keep in a cookie until they come back. */
  async start(returnTo: unknown): Promise<SsoStart | { refusal: SsoRefusal }> {
    let config: oidc.Configuration;
    try {
      config = await this.configuration();
    } catch (err) {
      return { refusal: await this.refused('provider-unreachable', { error: describe(err), step: 'discovery' }) };
    }
    const t: Transaction = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      returnTo: safeReturnTo(returnTo),
      until: this.ctx.now().getTime() + TRANSACTION_MINUTES * 60_000,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes,
      response_type: 'code',
      state: t.state,
      nonce: t.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(t.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, cookieName: transactionCookieName(t.state), cookieValue: this.seal(t), maxAgeSeconds: TRANSACTION_MINUTES * 60 };
  }

  /**
   * Finishes a sign-in: `callbackUrl` is the URL the provider sent the person to; `cookies` the
   * request's cookies (the sealed transaction is among them). Every refusal is logged
   * (`sso.refused`, with the reason, never a token).
   */
  async finish(callbackUrl: URL, cookies: Record<string, string | undefined>, policy: SessionPolicy, replacing?: string): Promise<SsoFinish> {
    const refuse = async (reason: SsoRefusalReason, details: Record<string, unknown> = {}, actor = 'anonymous', subject = '-'): Promise<SsoFinish> => ({
      ok: false,
      refusal: await this.refused(reason, details, actor, subject),
    });
    const params = callbackUrl.searchParams;
    const state = params.get('state');
    if (params.has('error')) return refuse('provider-error', { error: params.get('error')?.slice(0, 100), description: params.get('error_description')?.slice(0, 300) });
    const sealed = state ? cookies[transactionCookieName(state)] : undefined;
    const t = sealed ? this.unseal(sealed) : null;
    if (!state || !t || t.state !== state) return refuse('state-missing', { state: state ? 'unknown' : 'absent' });
    const now = this.ctx.now().getTime();
    if (t.until <= now) return refuse('state-missing', { state: 'expired' });
    this.forgetOld(now);
    if (this.used.has(state)) return refuse('state-replayed');
    this.used.set(state, t.until);

    let config: oidc.Configuration;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      config = await this.configuration();
      // Checks state, exchanges the code with the PKCE verifier, validates the ID token.
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { expectedState: state, expectedNonce: t.nonce, pkceCodeVerifier: t.verifier, idTokenExpected: true });
    } catch (err) {
      return refuse(grantFailure(err), { error: describe(err) });
    }
    const idClaims = tokens.claims();
    if (!idClaims) return refuse('token-rejected', { error: 'no ID token' });
    let claims: Claims = { ...idClaims };
    const needed = [this.settings.workerClaim, ...(this.settings.roleGroups ? [this.settings.roleGroups.claim] : [])];
    if (needed.some((c) => claims[c] === undefined) && config.serverMetadata().userinfo_endpoint) {
      try {
        // The UserInfo answer must be about the ID token's subject (checked by the library).
        claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...claims };
      } catch (err) {
        return refuse(grantFailure(err), { error: describe(err), step: 'userinfo' });
      }
    }
    const subject = String(idClaims.sub);

    const found = await this.matchWorker(claims);
    if ('reason' in found) return refuse(found.reason, found.details, 'anonymous', subject);
    const worker = found.worker;
    if (!worker.active) return refuse('inactive-worker', { workerId: worker.id }, 'anonymous', subject);
    const role = await this.roleOf(worker, claims);
    if (!role) return refuse('no-role', { workerId: worker.id, groups: groupsOf(claims, this.settings.roleGroups?.claim).slice(0, 50) }, 'anonymous', subject);

    const linked = await this.linkedAccount(worker, role);
    if ('reason' in linked) return refuse(linked.reason, { workerId: worker.id }, linked.accountId, subject);
    const { cookie, session } = await startSession(this.ctx, linked.account, policy, replacing, { workerId: worker.id, ...(tokens.id_token ? { idToken: tokens.id_token } : {}) });
    return { ok: true, account: linked.account, cookie, session, returnTo: t.returnTo };
  }

  /** The provider's end-session URL for signing out there too; null when it has none. */
  async logoutUrl(session: Session): Promise<string | null> {
    if (session.via !== 'oidc') return null;
    let config: oidc.Configuration;
    try {
      config = await this.configuration();
    } catch {
      return null;
    }
    if (!config.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(config, {
      ...(session.idToken ? { id_token_hint: session.idToken } : {}),
      client_id: this.settings.clientId,
      post_logout_redirect_uri: this.settings.postLogoutUrl,
    }).href;
  }

  private async matchWorker(claims: Claims): Promise<{ worker: Worker } | { reason: SsoRefusalReason; details: Record<string, unknown> }> {
    const claim = this.settings.workerClaim;
    const raw = claims[claim];
    const value = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
    if (!value) return { reason: 'no-worker-claim', details: { claim } };
    if (value.includes('@')) {
      if (claim === 'email' && claims.email_verified === false) return { reason: 'email-unverified', details: { claim } };
      const workers = await this.ctx.store.findWorkersByEmail(value);
      const active = workers.filter((w) => w.active);
      if (active.length > 1) return { reason: 'ambiguous-worker', details: { claim, workerIds: active.map((w) => w.id) } };
      const worker = active[0] ?? workers[0];
      return worker ? { worker } : { reason: 'unknown-worker', details: { claim } };
    }
    const [worker] = await this.ctx.store.getWorkers([value]);
    return worker ? { worker } : { reason: 'unknown-worker', details: { claim, workerId: value.slice(0, 40) } };
  }

  /** From the groups when a mapping is set (first match wins), else from the directory. */
  private async roleOf(worker: Worker, claims: Claims): Promise<Role | null> {
    const mapping = this.settings.roleGroups;
    if (mapping) {
      const groups = new Set(groupsOf(claims, mapping.claim));
      return mapping.map.find((m) => groups.has(m.group))?.role ?? null;
    }
    const reports = await this.ctx.store.listWorkers({ managerId: worker.id }, 20);
    return reports.some((w) => w.active) ? 'manager' : 'practitioner';
  }

  /**
   * The account linked to the worker (an enabled one first), brought up to date with the
   * directory and the role; made, without a password, when there is none.
   */
  private async linkedAccount(worker: Worker, role: Role): Promise<{ account: Account } | { reason: SsoRefusalReason; accountId: string }> {
    const linked = (await this.ctx.store.listAccounts()).filter((a) => a.workerId === worker.id).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const existing = linked.find((a) => !a.disabled);
    if (!existing && linked[0]) return { reason: 'account-disabled', accountId: linked[0].id };
    const now = this.ctx.now().toISOString();
    const team = worker.team ?? existing?.team ?? 'no-team';
    if (existing) {
      const patch = { ...(existing.displayName !== worker.name ? { displayName: worker.name } : {}), ...(existing.role !== role ? { role } : {}), ...(existing.team !== team ? { team } : {}) };
      if (!Object.keys(patch).length) return { account: existing };
      const account = await this.ctx.store.updateAccount(
        existing.id,
        existing.revision,
        { ...patch, updatedBy: 'sso', updatedAt: now },
        newEvent(this.ctx.now(), 'sso', 'account.updated', 'account', existing.id, { changed: Object.keys(patch).sort(), via: 'oidc', workerId: worker.id }),
      );
      return { account };
    }
    for (let n = 1; ; n++) {
      const account: Account = {
        id: newId(),
        username: usernameFor(worker.id, n),
        displayName: worker.name,
        role,
        team,
        workerId: worker.id,
        passwordHash: '',
        disabled: false,
        revision: 1,
        createdBy: 'sso',
        createdAt: now,
        updatedBy: 'sso',
        updatedAt: now,
      };
      if (await this.ctx.store.getAccountByUsername(account.username)) continue;
      await this.ctx.store.insertAccount(account, newEvent(this.ctx.now(), 'sso', 'account.created', 'account', account.id, { username: account.username, role, via: 'oidc', workerId: worker.id }));
      return { account };
    }
  }

  private seal(t: Transaction): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(t), 'utf8'), cipher.final()]);
    return [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
  }

  private unseal(value: string): Transaction | null {
    const [iv, body, tag] = value.split('.').map((p) => Buffer.from(p, 'base64url'));
    if (!iv || !body || !tag || iv.length !== 12 || tag.length !== 16) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      const t = JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as Transaction;
      return typeof t.state === 'string' && typeof t.nonce === 'string' && typeof t.verifier === 'string' && typeof t.until === 'number' ? t : null;
    } catch {
      return null;
    }
  }

  private forgetOld(now: number): void {
    for (const [state, until] of this.used) if (until <= now) this.used.delete(state);
  }
}

/** The transaction cookie for a state (its first characters, hashed: any provider's state is a safe name). */
export function transactionCookieName(state: string): string {
  return TRANSACTION_COOKIE_PREFIX + createHash('sha256').update(state).digest('base64url').slice(0, 16);
}

/** A username for an account made by single sign-on: `sso.` and the worker id (then -2, -3… if taken). */
function usernameFor(workerId: string, n: number): string {
  const base = `sso.${workerId.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}`.slice(0, 58);
  return n === 1 ? base : `${base}-${n}`;
}

/** The groups a claim holds: an array of strings, or one string of names separated by commas or spaces. */
function groupsOf(claims: Claims, claim = 'groups'): string[] {
  const v = claims[claim];
  if (Array.isArray(v)) return v.filter((g): g is string => typeof g === 'string');
  if (typeof v === 'string') return v.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** Which refusal a failed exchange is. */
function grantFailure(err: unknown): SsoRefusalReason {
  if (err instanceof oidc.AuthorizationResponseError) return 'provider-error';
  if (err instanceof oidc.ResponseBodyError) return 'code-rejected';
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('OAUTH_')) return 'token-rejected';
  return 'provider-unreachable';
}

/** An error in a line for the event log (the library's messages name the check, never the token). */
function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; error?: unknown; cause?: unknown };
  // The library's own error is often the cause of the one it throws, and names the check that failed.
  const cause = e.cause instanceof Error ? e.cause.message : '';
  return [typeof e.code === 'string' ? e.code : '', typeof e.error === 'string' ? e.error : '', typeof e.message === 'string' ? e.message : String(err), cause]
    .filter(Boolean)
    .join(': ')
    .slice(0, 300);
}
