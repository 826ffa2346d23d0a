/**
 * Who is calling: a personal API token (`Authorization: Bearer …`) or a session cookie. Writes
 * made with a cookie must carry the session's CSRF token. Every route states what it needs.
 */
import type { Request, RequestHandler, Response } from 'express';
import { parse as parseCookies, serialize } from 'cookie';
import type { EngineContext } from '../context.js';
import type { Account, Session } from '../accounts/model.js';
import { SESSION_HOURS, sessionAccount, tokenAccount } from '../accounts/lifecycle.js';
import { can, type Permission } from '../accounts/permissions.js';
import { HttpProblem } from './problems.js';

export const SESSION_COOKIE = 'caseforms_session';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Auth {
  account: Account;
  via: 'token' | 'session';
  session?: Session;
}

export function authOf(res: Response): Auth | undefined {
  return res.locals.auth as Auth | undefined;
}

/** The signed-in account; 401 when there is none. */
export function accountOf(res: Response): Account {
  const auth = authOf(res);
  if (!auth) throw new HttpProblem('unauthenticated', 'Sign in, or send a personal API token as "Authorization: Bearer <token>".', { headers: { 'WWW-Authenticate': 'Bearer realm="caseforms"' } });
  return auth.account;
}

/** Resolves the caller (if any) for every request; refuses a bad token outright. */
export function authenticate(ctx: EngineContext): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header !== undefined) {
      const m = /^Bearer +([A-Za-z0-9_-]{10,200})$/.exec(header.trim());
      const account = m ? await tokenAccount(ctx, m[1]!) : null;
      if (!account) {
        throw new HttpProblem('unauthenticated', 'The API token is not valid: it is unknown, revoked or expired, or its account is disabled.', {
          headers: { 'WWW-Authenticate': 'Bearer realm="caseforms", error="invalid_token"' },
        });
      }
      res.locals.auth = { account, via: 'token' } satisfies Auth;
      return next();
    }
    const cookie = parseCookies(req.get('cookie') ?? '')[SESSION_COOKIE];
    if (cookie) {
      const found = await sessionAccount(ctx, cookie);
      if (found) {
        if (WRITES.has(req.method) && req.get('x-csrf-token') !== found.session.csrfToken) {
          throw new HttpProblem('csrf-token-missing', 'Changes made in the browser must carry the X-CSRF-Token header (GET /api/session gives it).');
        }
        res.locals.auth = { account: found.account, via: 'session', session: found.session } satisfies Auth;
      }
    }
    next();
  };
}

/** Needs a signed-in caller with `permission` (or just signed in, without one). */
export function requires(permission?: Permission): RequestHandler {
  return (_req, res, next) => {
    const account = accountOf(res);
    if (permission && !can(account, permission)) {
      throw new HttpProblem('forbidden', `Your role (${account.role}) does not allow this.`);
    }
    next();
  };
}

export function sessionCookie(value: string, secure: boolean): string {
  return serialize(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: SESSION_HOURS * 3600 });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 0 });
}

/** The request's path parameter, as a string (express types them loosely). */
export function param(req: Request, name: string): string {
  const v = req.params[name];
  return typeof v === 'string' ? v : '';
}
