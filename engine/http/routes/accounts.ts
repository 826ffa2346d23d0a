/**
 * Sign-in (/api/session), accounts (/api/accounts, admins; an account's tokens under
 * /api/accounts/{id}/tokens) and personal tokens (/api/me/tokens).
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { EngineContext } from '../../context.js';
import { parse as parseCookies } from 'cookie';
import { accountWithWorker, createAccount, getAccount, passwordSignIn, publicAccount, signInName, updateAccount } from '../../accounts/lifecycle.js';
import type { SingleSignOn } from '../../accounts/sso.js';
import { SharedLimit } from '../../accounts/shared-limit.js';
import { DEFAULT_SIGN_IN_GATE, SignInGate, type SignInGateLimits } from '../../accounts/sign-in-gate.js';
import { createToken, listTokens, revokeToken, type TokenPolicy } from '../../accounts/tokens.js';
import type { Session } from '../../accounts/model.js';
import { listTeams } from '../../accounts/teams.js';
import { absoluteExpiry, endSession, slideSession, startSession, type SessionPolicy } from '../../accounts/sessions.js';
import { can } from '../../accounts/permissions.js';
import { ForbiddenError } from '../../errors.js';
import { isObject } from '../../forms/schema-paths.js';
import { SESSION_COOKIE, SESSION_EXPIRES_HEADER, accountOf, authOf, clearedSessionCookie, endedSessionOf, param, requires, sessionCookie } from '../auth.js';
import { ifMatchRevision, setEtag } from '../preconditions.js';
import { HttpProblem, sendProblem } from '../problems.js';

export interface AccountRouteOptions {
  secureCookies: boolean;
  /** Failed sign-ins allowed per address and username in 15 minutes. */
  signInAttempts: number;
  /** Failed sign-ins allowed per address, whatever the usernames, in 15 minutes. */
  signInAddressAttempts: number;
  /** Password checks at once (see sign-in-gate.ts); DEFAULT_SIGN_IN_GATE when left out. */
  signInGate?: SignInGateLimits;
  sessions: SessionPolicy;
  /** Whether local accounts' passwords are accepted (administrators' always). */
  localSignIn: boolean;
  /** Single sign-on, when configured: signing out of its sessions also signs out at the provider. */
  sso: SingleSignOn | null;
}

const SIGN_IN_WINDOW_MS = 15 * 60_000;

/** The client's address as the limits count it (an IPv6 address by its /56, so one host cannot hop). */
const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? '');

/**
 * Failed sign-ins per key in 15-minute windows, counted in the store so every web node shares
 * them: `check` refuses (429, Retry-After) a key at its limit; `failed` records a failure before
 * it is answered.
 */
function failureLimit(ctx: EngineContext, limit: number, key: (req: Request) => string, words: string) {
  const shared = new SharedLimit(ctx.store, limit, SIGN_IN_WINDOW_MS, () => ctx.now());
  return {
    check: async (req: Request, res: Response, next: NextFunction) => {
      const verdict = await shared.check(key(req));
      if (verdict.ok) return next();
      const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
      sendProblem(res, 'too-many-requests', `${words} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
        headers: { 'Retry-After': String(verdict.retryAfterSeconds) },
      });
    },
    failed: (req: Request) => shared.fail(key(req)),
  };
}

const GATE_WORDS = {
  'address-busy': 'Too many sign-ins are being checked from your network address at once. Try again in a few seconds.',
  'service-busy': 'Caseforms is checking too many sign-ins at once. Try again in a few seconds.',
} as const;

export function sessionRoutes(ctx: EngineContext, options: AccountRouteOptions): Router {
  const r = Router();
  // Per address and username (the name as sign-in looks it up, so " Pat.C " is "pat.c"): one
  // person mistyping does not lock out the office behind one address.
  const perName = failureLimit(
    ctx,
    options.signInAttempts,
    (req) => `${addressOf(req)}|${isObject(req.body) && typeof req.body.username === 'string' ? signInName(req.body.username).slice(0, 64) : ''}`,
    'Too many failed sign-ins with this username.',
  );
  // Per address whatever the usernames: guessing across many accounts from one place.
  const perAddress = failureLimit(ctx, options.signInAddressAttempts, addressOf, 'Too many failed sign-ins from your network address.');
  const gate = new SignInGate(options.signInGate ?? DEFAULT_SIGN_IN_GATE);

  /** When a session ends: if unused (moved on by use, or by renewing) and whatever happens. */
  const expiry = (session: Session) => ({ expiresAt: session.expiresAt, absoluteExpiresAt: absoluteExpiry(session), idleMinutes: options.sessions.idleMinutes });

  // A locked username is told so first (and costs the address nothing more).
  r.post('/', perName.check, perAddress.check, async (req, res) => {
    const checked = await gate.run(addressOf(req), () => passwordSignIn(ctx, req.body, { local: options.localSignIn }));
    if (!checked.ok) return sendProblem(res, 'too-many-requests', GATE_WORDS[checked.refused], { headers: { 'Retry-After': '2' } });
    if (!checked.value) {
      // Counted before the answer, so a client's next try already meets it.
      await Promise.all([perName.failed(req), perAddress.failed(req)]);
      throw new HttpProblem('unauthenticated', 'The username or password is not right.');
    }
    if ('refused' in checked.value) throw new HttpProblem('forbidden', checked.value.refused);
    const account = checked.value.account;
    const previous = parseCookies(req.get('cookie') ?? '')[SESSION_COOKIE];
    const { cookie, session } = await startSession(ctx, account, options.sessions, previous);
    res.setHeader('Set-Cookie', sessionCookie(cookie, options.secureCookies, options.sessions));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(SESSION_EXPIRES_HEADER, session.expiresAt);
    res.status(201).json({ account: publicAccount(account), csrfToken: session.csrfToken, ...expiry(session) });
  });

  // "Who am I?" — nobody is an answer too (200 with account null), so a signed-out browser's
  // first question is not an error; a wrong token is still a 401. Reading it is not activity: a
  // page may ask when its session ends without keeping it alive.
  r.get('/', (_req, res) => {
    const auth = authOf(res);
    res.setHeader('Cache-Control', 'no-store');
    if (!auth) {
      const ended = endedSessionOf(res);
      return void res.json({ account: null, via: null, ...(ended ? { ended: { reason: ended.reason, detail: ended.detail } } : {}) });
    }
    const session = auth.session;
    res.json({ account: publicAccount(auth.account), via: auth.via, ...(session ? { csrfToken: session.csrfToken, ...expiry(session), ...(session.via === 'oidc' ? { sso: true } : {}) } : {}) });
  });

  // "Stay signed in": a full idle time from now, never past the session's longest lifetime.
  r.post('/renew', requires(), async (_req, res) => {
    const auth = authOf(res)!;
    if (!auth.session) throw new HttpProblem('invalid-state', 'There is no browser session to renew: this request was signed in with an API token, which lasts until it expires or is revoked.');
    const session = await slideSession(ctx, auth.session, options.sessions, { renew: true });
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(SESSION_EXPIRES_HEADER, session.expiresAt);
    res.json(expiry(session));
  });

  // Signing out also works with a session that has already ended: the browser still has its cookie.
  // A single sign-on session is answered the provider's end-session URL, for the browser to go
  // there and sign out of the council account too (RP-initiated logout).
  r.delete('/', async (_req, res) => {
    const auth = authOf(res);
    const ended = endedSessionOf(res);
    if (!auth && !ended) accountOf(res);
    const session = auth?.session ?? ended?.session;
    if (session) await endSession(ctx, session);
    res.setHeader('Set-Cookie', clearedSessionCookie(options.secureCookies));
    const logoutUrl = session && options.sso ? await options.sso.logoutUrl(session) : null;
    if (logoutUrl) return void res.json({ logoutUrl });
    res.status(204).end();
  });
  return r;
}

export function accountRoutes(ctx: EngineContext): Router {
  const r = Router();

  r.get('/', requires('accounts:manage'), async (_req, res) => {
    res.json({ items: (await ctx.store.listAccounts()).map(publicAccount) });
  });

  r.post('/', requires('accounts:manage'), async (req, res) => {
    const created = await createAccount(ctx, accountOf(res), req.body);
    setEtag(res, created.revision);
    res.location(`/api/accounts/${created.id}`).status(201).json(created);
  });

  // The teams there are, for choosing a form's owning team (designers) or an account's (admins).
  r.get('/teams', requires(), async (_req, res) => {
    const me = accountOf(res);
    if (!can(me, 'forms:write') && !can(me, 'accounts:manage')) throw new ForbiddenError('Only designers and administrators can list the teams.');
    res.json({ items: await listTeams(ctx) });
  });

  r.get('/:id', requires(), async (req, res) => {
    const me = accountOf(res);
    if (me.id !== param(req, 'id') && !can(me, 'accounts:manage')) throw new ForbiddenError('Only an administrator can look at other accounts.');
    const account = await getAccount(ctx, param(req, 'id'));
    setEtag(res, account.revision);
    res.json(await accountWithWorker(ctx, account));
  });

  r.patch('/:id', requires('accounts:manage'), async (req, res) => {
    const expected = ifMatchRevision(req, 'account');
    const updated = await updateAccount(ctx, accountOf(res), param(req, 'id'), expected, req.body);
    setEtag(res, updated.revision);
    res.json(updated);
  });

  // An account's API tokens: administrators see and revoke anyone's (a lost laptop, a leaver).
  const tokensOf = async (req: Request, res: Response) => {
    const me = accountOf(res);
    if (me.id !== param(req, 'id') && !can(me, 'accounts:manage')) throw new ForbiddenError('Only an administrator can see or revoke the API tokens of other accounts.');
    return (await getAccount(ctx, param(req, 'id'))).id;
  };
  r.get('/:id/tokens', requires(), async (req, res) => {
    res.json({ items: await listTokens(ctx, await tokensOf(req, res)) });
  });
  r.delete('/:id/tokens/:tokenId', requires(), async (req, res) => {
    const id = await tokensOf(req, res);
    res.json(await revokeToken(ctx, accountOf(res), id, param(req, 'tokenId'), 'This account has no API token with that id.'));
  });
  return r;
}

export function tokenRoutes(ctx: EngineContext, policy: TokenPolicy): Router {
  const r = Router();
  r.get('/', requires(), async (_req, res) => {
    res.json({ items: await listTokens(ctx, accountOf(res).id) });
  });
  r.post('/', requires(), async (req, res) => {
    const { token, info } = await createToken(ctx, accountOf(res), req.body, policy);
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json({ ...info, token });
  });
  r.delete('/:tokenId', requires(), async (req, res) => {
    const me = accountOf(res);
    res.json(await revokeToken(ctx, me, me.id, param(req, 'tokenId'), 'You have no API token with that id.'));
  });
  return r;
}
