/**
 * Who is signed in on this device, and until when, kept so that the app opened with the
 * connection gone (a reload at home when the Wi-Fi drops) can still open this person's records
 * from this device's copies. Only for as long as their session would last without activity:
 * after that, or once they sign out, nothing opens until they sign in again.
 */
import type { Account } from '../api/types.js';

const KEY = 'caseforms.signed-in';

export interface Remembered {
  account: Account;
  /** When the session ends without activity (ms since the epoch, this device's clock). */
  expiresAt: number;
  /** The latest it can last. */
  absoluteExpiresAt: number;
  /** How long a spell without activity may last. */
  idleMs: number;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function remember(r: Remembered): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(r));
  } catch {
    // Storage full or refused: the app then opens online only, as it did before.
  }
}

/** The session ends later now (activity moved it on): the copy follows. */
export function rememberExpiry(expiresAt: number): void {
  const r = recall(Number.NEGATIVE_INFINITY);
  if (r) remember({ ...r, expiresAt: Math.min(expiresAt, r.absoluteExpiresAt) });
}

/** The person signed in on this device, if their session has not yet ended by `now`. */
export function recall(now = Date.now()): Remembered | null {
  let r: Remembered;
  try {
    const text = storage()?.getItem(KEY);
    if (!text) return null;
    r = JSON.parse(text) as Remembered;
  } catch {
    return null;
  }
  const ok = r && typeof r === 'object' && r.account && typeof r.account.id === 'string' && typeof r.account.role === 'string' && Number.isFinite(r.expiresAt) && Number.isFinite(r.absoluteExpiresAt) && Number.isFinite(r.idleMs);
  if (!ok) return null;
  return now < Math.min(r.expiresAt, r.absoluteExpiresAt) ? r : null;
}

export function forget(): void {
  try {
    storage()?.removeItem(KEY);
  } catch {
    // Nothing kept to forget.
  }
}
