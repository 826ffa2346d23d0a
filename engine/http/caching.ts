/**
 * What browsers and proxies may keep of the API's answers (RFC 9111), and validators that change
 * whenever a representation does (RFC 9110).
 *
 * - Everything under /api but the public documents (the OpenAPI document, problem types) is
 *   `Cache-Control: no-store`: records, lists and accounts are never kept on disk by a shared
 *   laptop's browser, and a form's page never comes back from a cache as it was before a draft
 *   was started.
 * - A route sets the record's revision as its ETag (`"3"`), which is what `If-Match` compares.
 *   A read's representation often holds more than that record (a form with its versions, a
 *   record with where it was delivered, what a role may see), so a GET's ETag is the revision and
 *   a digest of the body sent: `"3.Xc1…"`. Conditional reads (`If-None-Match`) then answer 304
 *   only when the body is the same, and `If-Match` takes either form (see preconditions.ts).
 */
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';

/** Documents anyone may cache (and revalidate). */
const PUBLIC_DOCUMENTS = /^\/(openapi\.json|problems\/[^/]+)$/;

export function digestOf(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body) ?? '').digest('base64url').slice(0, 16);
}

export const apiCaching: RequestHandler = (req, res, next) => {
  res.setHeader('Cache-Control', PUBLIC_DOCUMENTS.test(req.path) ? 'no-cache' : 'no-store');
  if (req.method === 'GET' || req.method === 'HEAD') {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const tag = res.getHeader('ETag');
      const revision = typeof tag === 'string' ? /^"(\d+)"$/.exec(tag)?.[1] : undefined;
      if (revision !== undefined && res.statusCode === 200) res.setHeader('ETag', `"${revision}.${digestOf(body)}"`);
      return json(body);
    };
  }
  next();
};
