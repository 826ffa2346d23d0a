/**
 * Browser sessions: signed in with a password or through single sign-on (sso.ts), kept by an HttpOnly cookie (only its SHA-256 is
 * stored). A session ends after a time without activity (default 30 minutes), renewed by use or
 * on request, and in any case at the end of its longest lifetime (default 12 hours), after which
 * the person signs in again. People are told before it ends (WCAG 2.2.1): the app reads the
 * expiry and can renew it.
 */
import { randomBytes } from 'node:crypto';
import type { EngineContext } from '../context.js';
import { newEvent } from '../store/events.js';
import type { Account, Session } from './model.js';
import { hashSecret, newSecret } from './secrets.js';
import { stopWorkerAccount, workerStanding } from './worker-standing.js';

const SESSION_PREFIX = 'cfs';

export interface SessionPolicy {
  /** Minutes without activity after which a session ends. */
  idleMinutes: number;
  /** Hours after sign-in after which a session ends whatever happens. */
  absoluteHours: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };

/**
 * Activity moves the stored expiry on at most this often: a write for every request would be a
 * write for every autosave. So a session can end up to this much before a full idle time.
 */
export const SLIDE_EVERY_MS = 60_000;

/** Why a session cookie no longer signs anyone in (`worker-inactive`: the ICS directory says the person has left or is inactive). */
export type SessionEnd = 'idle' | 'lifetime' | 'ended' | 'worker-inactive';

/** When the session ends whatever happens (sessions made before there was one: their expiry). */
export function absoluteExpiry(s: Session): string {
  return s.absoluteExpiresAt ?? s.expiresAt;
}

/** The idle expiry a use at `now` gives: a full idle time on, never past the absolute expiry. */
function idleExpiry(s: Session, now: Date, policy: SessionPolicy): string {
  const idle = new Date(now.getTime() + policy.idleMinutes * 60_000).toISOString();
  const absolute = absoluteExpiry(s);
  return idle < absolute ? idle : absolute;
}

/**
 * Starts a session; the cookie value is returned once and only its hash is kept. `replacing` is
 * the cookie the browser signed in with, if any: its session goes, as the browser drops it.
 */
export async function startSession(
  ctx: EngineContext,
  account: Account,
  policy: SessionPolicy,
  replacing?: string,
  sso?: { idToken?: string; workerId: string },
): Promise<{ cookie: string; session: Session }> {
  if (replacing) await ctx.store.deleteSession(hashSecret(replacing));
  const cookie = newSecret(SESSION_PREFIX);
  const now = ctx.now();
  const absoluteExpiresAt = new Date(now.getTime() + policy.absoluteHours * 3_600_000).toISOString();
  const session: Session = {
    hash: hashSecret(cookie),
    accountId: account.id,
    csrfToken: randomBytes(24).toString('base64url'),
    createdAt: now.toISOString(),
    expiresAt: absoluteExpiresAt,
    absoluteExpiresAt,
    ...(sso ? { via: 'oidc' as const, ...(sso.idToken ? { idToken: sso.idToken } : {}) } : {}),
  };
  session.expiresAt = idleExpiry(session, now, policy);
  await ctx.store.insertSession(session);
  const how = sso ? { via: 'oidc', workerId: sso.workerId } : { via: 'password' };
  await ctx.store.appendEvent(newEvent(now, account.id, 'account.signed-in', 'account', account.id, how));
  return { cookie, session };
}

/** Signing out (also of a session that had already ended, whose cookie the browser still had). */
export async function endSession(ctx: EngineContext, session: Session): Promise<void> {
  await ctx.store.deleteSession(session.hash);
  await ctx.store.appendEvent(newEvent(ctx.now(), session.accountId, 'account.signed-out', 'account', session.accountId));
}

/**
 * The account behind a session cookie, if the session is live, the account enabled and (for an
 * account linked to a worker) the worker still active in the ICS directory; else why
 * not, with the ended session when it is still stored. An ended session is kept (it signs nobody
 * in) so every request its browser makes is told the same reason; signing out or in again with
 * that cookie deletes it.
 */
export async function findSession(
  ctx: EngineContext,
  cookie: string,
): Promise<{ account: Account; session: Session; ended?: never } | { ended: SessionEnd; session: Session | null }> {
  const session = await ctx.store.getSession(hashSecret(cookie));
  if (!session) return { ended: 'ended', session: null };
  const now = ctx.now().toISOString();
  if (absoluteExpiry(session) <= now) return { ended: 'lifetime', session };
  if (session.expiresAt <= now) return { ended: 'idle', session };
  const account = await ctx.store.getAccount(session.accountId);
  if (!account || account.disabled) return { ended: 'ended', session };
  if (account.workerId) {
    const standing = await workerStanding(ctx, account.workerId);
    if (standing !== 'active') {
      await stopWorkerAccount(ctx, account, standing);
      return { ended: 'worker-inactive', session };
    }
  }
  return { account, session };
}

/**
 * The session after a use now: its idle expiry moved on, written only when that moves it by at
 * least SLIDE_EVERY_MS (or always, when `renew`: the person asked to stay signed in).
 */
export async function slideSession(ctx: EngineContext, session: Session, policy: SessionPolicy, options: { renew?: boolean } = {}): Promise<Session> {
  const wanted = idleExpiry(session, ctx.now(), policy);
  const gain = Date.parse(wanted) - Date.parse(session.expiresAt);
  if (gain <= 0 || (!options.renew && gain < SLIDE_EVERY_MS)) return session;
  await ctx.store.touchSession(session.hash, wanted);
  return { ...session, expiresAt: wanted };
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** What a person is told when their session has ended, in plain words. */
export function endedInWords(end: SessionEnd, policy: SessionPolicy): string {
  switch (end) {
    case 'idle':
      return `You have been signed out because Caseforms was not used for ${plural(policy.idleMinutes, 'minute')}. Sign in again to carry on.`;
    case 'lifetime':
      return `You have been signed out because it is ${plural(policy.absoluteHours, 'hour')} since you signed in. Sign in again to carry on.`;
    case 'ended':
      return 'You have been signed out: you signed out in another tab or window, or your account was changed. Sign in again to carry on.';
    case 'worker-inactive':
      return 'You have been signed out because the ICS directory shows you are no longer an active worker. If that is wrong, ask your system administrator to correct your record in the ICS.';
  }
}
