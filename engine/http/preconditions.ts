/** ETags and If-Match (RFC 9110) and the Idempotency-Key header (IETF httpapi draft). */
import type { Request, Response } from 'express';
import { HttpProblem } from './problems.js';

/** A record's ETag: its revision, as a strong validator. */
export function etag(revision: number): string {
  return `"${revision}"`;
}

export function setEtag(res: Response, revision: number): void {
  res.setHeader('ETag', etag(revision));
}

/**
 * The revision If-Match names: a write's ETag (`"3"`) or a read's (`"3.<digest>"`, see
 * caching.ts), whose revision is what is compared. 428 when absent; 412 when it cannot match
 * (weak, malformed).
 */
export function ifMatchRevision(req: Request, what: string): number {
  const header = req.get('if-match');
  if (header === undefined || header.trim() === '') {
    throw new HttpProblem('precondition-required', `Send If-Match with the ETag of the ${what} you read, so a change made elsewhere is never overwritten.`);
  }
  const m = /^\s*"([0-9]{1,9})(?:\.[A-Za-z0-9_-]{1,43})?"\s*$/.exec(header);
  if (!m) throw new HttpProblem('precondition-failed', `If-Match must be the ${what}'s ETag exactly as given, like "3" (a weak or list form cannot match).`);
  return Number(m[1]);
}

/** The Idempotency-Key (an sf-string, `"…"`; a bare value is accepted too). 400 when missing or malformed. */
export function idempotencyKey(req: Request): string {
  const header = req.get('idempotency-key');
  if (header === undefined || header.trim() === '') {
    throw new HttpProblem('idempotency-key-missing', 'Creating a record needs an Idempotency-Key header, e.g. Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324" (a fresh UUID per new record).');
  }
  const raw = header.trim();
  const key = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
  if (!/^[\x21\x23-\x5b\x5d-\x7e]{1,255}$/.test(key)) {
    throw new HttpProblem('invalid-request', 'The Idempotency-Key must be 1-255 printable characters without quotes or spaces, like a UUID.', {
      errors: [{ pointer: '', message: 'Idempotency-Key header is malformed.' }],
    });
  }
  return key;
}
