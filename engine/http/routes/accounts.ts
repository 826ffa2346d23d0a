/** Sign-in (/api/session), accounts (/api/accounts, admins) and personal tokens (/api/me/tokens). */
import { Router } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import type { EngineContext } from '../../context.js';
import {
  checkCredentials,
  createAccount,
  createToken,
  endSession,
  getAccount,
  listTokens,
  publicAccount,
  revokeToken,
  startSession,
  updateAccount,
} from '../../accounts/lifecycle.js';
import { can } from '../../accounts/permissions.js';
import { ForbiddenError } from '../../errors.js';
import { isObject } from '../../forms/schema-paths.js';
import { accountOf, authOf, clearedSessionCookie, param, requires, sessionCookie } from '../auth.js';
import { ifMatchRevision, setEtag } from '../preconditions.js';
import { HttpProblem, sendProblem } from '../problems.js';

export interface AccountRouteOptions {
  secureCookies: boolean;
  /** Failed sign-ins allowed per address and username in 15 minutes. */
  signInAttempts: number;
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

  r.post('/', limiter, async (req, res) => {
    const account = await checkCredentials(ctx, req.body);
    if (!account) throw new HttpProblem('unauthenticated', 'The username or password is not right.');
    const { cookie, session } = await startSession(ctx, account);
    res.setHeader('Set-Cookie', sessionCookie(cookie, options.secureCookies));
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json({ account: publicAccount(account), csrfToken: session.csrfToken, expiresAt: session.expiresAt });
  });

  // "Who am I?" — nobody is an answer too (200 with account null), so a signed-out browser's
  // first question is not an error; a wrong token is still a 401.
  r.get('/', (_req, res) => {
    const auth = authOf(res);
    res.setHeader('Cache-Control', 'no-store');
    if (!auth) return void res.json({ account: null, via: null });
    res.json({ account: publicAccount(auth.account), via: auth.via, ...(auth.session ? { csrfToken: auth.session.csrfToken, expiresAt: auth.session.expiresAt } : {}) });
  });

  r.delete('/', requires(), async (_req, res) => {
    const auth = authOf(res)!;
    if (auth.session) await endSession(ctx, auth.account, auth.session);
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
