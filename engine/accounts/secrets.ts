/** Random secrets (API tokens, session cookies, CSRF tokens) and how they are stored: by SHA-256 only. */
import { createHash, randomBytes } from 'node:crypto';

/** `<prefix>_<43 characters>`: 256 random bits, URL-safe. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
