/**
 * Who is calling: a personal API token (`Authorization: Bearer …`) or a session cookie. Writes
 * made with a cookie must carry the session's CSRF token. Every route states what it needs.
 * A session's use moves its idle expiry on (see accounts/sessions.ts); a cookie whose session
 * has ended gets a 401 a person can read (`session-expired`), not the developers' one. A session
 * or token whose account is linked to a worker the ICS directory no longer has as active stops
 * working at once (accounts/worker-standing.ts).
 */
import type { Request, RequestHandler, Response } from 'express';
import { parse as parseCookies, serialize } from 'cookie';
import type { EngineContext } from '../context.js';
import type { Account, Session } from '../accounts/model.js';
import { DEFAULT_TOKEN_POLICY, tokenAccount, type TokenPolicy } from '../accounts/tokens.js';
import { DEFAULT_SESSION_POLICY, endedInWords, findSession, slideSession, type SessionEnd, type SessionPolicy } from '../accounts/sessions.js';
import { can, type Permission } from '../accounts/permissions.js';
import { stopWorkerAccount, workerStanding } from '../accounts/worker-standing.js';
import { HttpProblem } from './problems.js';

export const SESSION_COOKIE = 'caseforms_session';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Sent by the app on requests it makes on its own (a poll), which must not keep a session alive. */
export const ACTIVITY_HEADER = 'Caseforms-Activity';
/** On every answer to a request signed in by a session cookie: when that session now ends if unused. */
export const SESSION_EXPIRES_HEADER = 'Caseforms-Session-Expires';

export interface Auth {
  account: Account;
  via: 'token' | 'session';
  session?: Session;
}

export function authOf(res: Response): Auth | undefined {
  return res.locals.auth as Auth | undefined;
}

/** A session cookie that signs nobody in any more: why, in words, and its session if still stored. */
export interface EndedSession {
  reason: SessionEnd;
  detail: string;
  session: Session | null;
}

export function endedSessionOf(res: Response): EndedSession | undefined {
  return res.locals.endedSession as EndedSession | undefined;
}

/** The signed-in account; 401 when there is none (in a person's words when their session ended). */
export function accountOf(res: Response): Account {
  const auth = authOf(res);
  if (auth) return auth.account;
  const headers = { 'WWW-Authenticate': 'Bearer realm="caseforms"' };
  const ended = endedSessionOf(res);
  if (ended) throw new HttpProblem('session-expired', ended.detail, { reason: ended.reason, headers });
  throw new HttpProblem('unauthenticated', 'Sign in, or send a personal API token as "Authorization: Bearer <token>".', { headers });
}

/**
 * Requests that are not a person's activity: reading the session (how a page learns when to warn)
 * and what the app marks as made on its own (polls), so a page left open still times out.
 */
function passive(req: Request): boolean {
  return (req.method === 'GET' && `${req.baseUrl}${req.path}` === '/api/session') || req.get(ACTIVITY_HEADER)?.trim().toLowerCase() === 'background';
}

/** Resolves the caller (if any) for every request; refuses a bad token outright. */
export function authenticate(ctx: EngineContext, sessions: SessionPolicy = DEFAULT_SESSION_POLICY, tokens: TokenPolicy = DEFAULT_TOKEN_POLICY): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header !== undefined) {
      const m = /^Bearer +([A-Za-z0-9_-]{10,200})$/.exec(header.trim());
      const account = m ? await tokenAccount(ctx, m[1]!, tokens) : null;
      if (!account) {
        throw new HttpProblem('unauthenticated', 'The API token is not valid: it is unknown, revoked or expired, or its account is disabled or belongs to a worker the ICS directory no longer has as active.', {
          headers: { 'WWW-Authenticate': 'Bearer realm="caseforms", error="invalid_token"' },
        });
      }
      if (account.workerId) {
        const standing = await workerStanding(ctx, account.workerId);
        if (standing !== 'active') {
          await stopWorkerAccount(ctx, account, standing);
          throw new HttpProblem('unauthenticated', `The API token no longer works: its account belongs to a worker the ICS directory ${standing === 'inactive' ? 'shows as no longer active' : 'no longer lists'}.`, {
            headers: { 'WWW-Authenticate': 'Bearer realm="caseforms", error="invalid_token"' },
          });
        }
      }
      res.locals.auth = { account, via: 'token' } satisfies Auth;
      return next();
    }
    const cookie = parseCookies(req.get('cookie') ?? '')[SESSION_COOKIE];
    if (cookie) {
      const found = await findSession(ctx, cookie);
      if (found.ended) {
        res.locals.endedSession = { reason: found.ended, detail: endedInWords(found.ended, sessions), session: found.session } satisfies EndedSession;
        return next();
      }
      if (WRITES.has(req.method) && req.get('x-csrf-token') !== found.session.csrfToken) {
        throw new HttpProblem('csrf-token-missing', 'Changes made in the browser must carry the X-CSRF-Token header (GET /api/session gives it).');
      }
      // Only after the CSRF check: a forged request must not keep a session alive.
      const session = passive(req) ? found.session : await slideSession(ctx, found.session, sessions);
      res.setHeader(SESSION_EXPIRES_HEADER, session.expiresAt);
      res.locals.auth = { account: found.account, via: 'session', session } satisfies Auth;
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

/** The browser keeps the cookie for the session's longest lifetime; the server ends it sooner when unused. */
export function sessionCookie(value: string, secure: boolean, policy: SessionPolicy): string {
  return serialize(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: policy.absoluteHours * 3600 });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 0 });
}

/** The request's path parameter, as a string (express types them loosely). */
export function param(req: Request, name: string): string {
  const v = req.params[name];
  return typeof v === 'string' ? v : '';
}
