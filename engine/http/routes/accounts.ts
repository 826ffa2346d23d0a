/** Sign-in (/api/session), accounts (/api/accounts, admins) and personal tokens (/api/me/tokens). */
import { Router } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import type { EngineContext } from '../../context.js';
import { parse as parseCookies } from 'cookie';
import { checkCredentials, createAccount, createToken, getAccount, listTokens, publicAccount, revokeToken, updateAccount } from '../../accounts/lifecycle.js';
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
  sessions: SessionPolicy;
}

export function sessionRoutes(ctx: EngineContext, options: AccountRouteOptions): Router {
  const r = Router();
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: options.signInAttempts,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Per address and username: one person mistyping does not lock out the office behind one IP.
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${isObject(req.body) && typeof req.body.username === 'string' ? req.body.username.toLowerCase().slice(0, 64) : ''}`,
    handler: (req, res) => {
      const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 900;
      sendProblem(res, 'too-many-requests', `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}.`, { headers: { 'Retry-After': String(seconds) } });
    },
  });

  /** When a session ends: if unused (moved on by use, or by renewing) and whatever happens. */
  const expiry = (session: Session) => ({ expiresAt: session.expiresAt, absoluteExpiresAt: absoluteExpiry(session), idleMinutes: options.sessions.idleMinutes });

  r.post('/', limiter, async (req, res) => {
    const account = await checkCredentials(ctx, req.body);
    if (!account) throw new HttpProblem('unauthenticated', 'The username or password is not right.');
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
    res.json({ account: publicAccount(auth.account), via: auth.via, ...(auth.session ? { csrfToken: auth.session.csrfToken, ...expiry(auth.session) } : {}) });
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
  r.delete('/', async (_req, res) => {
    const auth = authOf(res);
    const ended = endedSessionOf(res);
    if (!auth && !ended) accountOf(res);
    const session = auth?.session ?? ended?.session;
    if (session) await endSession(ctx, session);
    res.setHeader('Set-Cookie', clearedSessionCookie(options.secureCookies));
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
    res.json(publicAccount(account));
  });

  r.patch('/:id', requires('accounts:manage'), async (req, res) => {
    const expected = ifMatchRevision(req, 'account');
    const updated = await updateAccount(ctx, accountOf(res), param(req, 'id'), expected, req.body);
    setEtag(res, updated.revision);
    res.json(updated);
  });
  return r;
}

export function tokenRoutes(ctx: EngineContext): Router {
  const r = Router();
  r.get('/', requires(), async (_req, res) => {
    res.json({ items: await listTokens(ctx, accountOf(res)) });
  });
  r.post('/', requires(), async (req, res) => {
    const { token, info } = await createToken(ctx, accountOf(res), req.body);
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json({ ...info, token });
  });
  r.delete('/:tokenId', requires(), async (req, res) => {
    res.json(await revokeToken(ctx, accountOf(res), param(req, 'tokenId')));
  });
  return r;
}
