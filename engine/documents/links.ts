/**
 * Signed, expiring download links for documents sent to the ICS by the HTTP connector: a
 * record's PDF, or one uploaded file of the record. The receiver fetches
 * `GET /api/documents/{token}` without signing in; the token is what allows it.
 *
 *     token = base64url(JSON { v: 1, s: submissionId, f?: fileId, c: connectorId, e: expiry (Unix seconds) })
 *             "." base64url(HMAC-SHA256(secret, the part before the dot))
 *
 * The secret is the server's `CASEFORMS_DOCUMENT_LINK_SECRET` (at least 32 characters; like
 * every secret, held in the environment, never stored), the same for the web server and every
 * sync worker. Changing it makes every link given out before useless (a receiver that has not
 * fetched yet gets 404; the record can be sent again from the deliveries page).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LINK_SECRET_ENV = 'CASEFORMS_DOCUMENT_LINK_SECRET';
export const LINK_SECRET_MIN = 32;
export const DEFAULT_LINK_DAYS = 7;
export const MAX_LINK_DAYS = 90;
const TOKEN = /^[A-Za-z0-9_-]{10,600}\.[A-Za-z0-9_-]{43}$/;

export interface LinkClaim {
  submissionId: string;
  /** An uploaded file of the record; the record's PDF when left out. */
  fileId?: string;
  /** The connector the link was made for (named in the event log when it is used). */
  connector: string;
  /** When the link stops working (ISO instant). */
  expiresAt: string;
}

/** The link secret from the environment, or a sentence saying why there is none. */
export function linkSecret(env: NodeJS.ProcessEnv): { secret: string } | { problem: string } {
  const secret = env[LINK_SECRET_ENV];
  if (!secret) return { problem: `The server has no ${LINK_SECRET_ENV}: set it (at least ${LINK_SECRET_MIN} random characters, the same for the web server and every sync worker) to send documents as download links.` };
  if (secret.length < LINK_SECRET_MIN) return { problem: `${LINK_SECRET_ENV} is shorter than ${LINK_SECRET_MIN} characters: make it longer (random) to send documents as download links.` };
  return { secret };
}

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(body, 'utf8').digest('base64url');

export function signLink(secret: string, claim: LinkClaim): string {
  const payload = { v: 1, s: claim.submissionId, ...(claim.fileId ? { f: claim.fileId } : {}), c: claim.connector, e: Math.floor(Date.parse(claim.expiresAt) / 1000) };
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

export type LinkCheck = { ok: true; claim: LinkClaim } | { ok: false; why: 'invalid' | 'expired'; claim?: LinkClaim };

/** Checks a token's signature, then its expiry. */
export function checkLink(secret: string, token: string, now: Date): LinkCheck {
  if (!TOKEN.test(token)) return { ok: false, why: 'invalid' };
  const [body, sig] = token.split('.') as [string, string];
  const want = Buffer.from(mac(secret, body));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return { ok: false, why: 'invalid' };
  let p: { v?: unknown; s?: unknown; f?: unknown; c?: unknown; e?: unknown };
  try {
    p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof p;
  } catch {
    return { ok: false, why: 'invalid' };
  }
  if (p.v !== 1 || typeof p.s !== 'string' || typeof p.c !== 'string' || !Number.isInteger(p.e) || (p.f !== undefined && typeof p.f !== 'string')) return { ok: false, why: 'invalid' };
  const claim: LinkClaim = { submissionId: p.s, ...(typeof p.f === 'string' ? { fileId: p.f } : {}), connector: p.c, expiresAt: new Date((p.e as number) * 1000).toISOString() };
  if ((p.e as number) * 1000 <= now.getTime()) return { ok: false, why: 'expired', claim };
  return { ok: true, claim };
}
