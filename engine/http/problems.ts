/**
 * RFC 9457 problem details. Every refusal the API makes is one of these types, each with a
 * status, a title and a page under /api/problems/<type> that says what it means. Nothing
 * internal (stack, SQL, driver text) ever goes into a response.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { DomainError, type FieldError, type ProblemType } from '../errors.js';
import { newId } from '../ids.js';

export type HttpProblemType =
  | ProblemType
  | 'unauthenticated'
  | 'session-expired'
  | 'forbidden'
  | 'csrf-token-missing'
  | 'precondition-failed'
  | 'precondition-required'
  | 'idempotency-key-missing'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'malformed-json'
  | 'too-many-requests'
  | 'route-not-found'
  | 'method-not-allowed'
  | 'internal-error'
  | 'link-expired';

export const PROBLEMS: Record<HttpProblemType, { status: number; title: string; about: string }> = {
  'not-found': { status: 404, title: 'Not found', about: 'The form, version, record or account named in the request does not exist, or you may not know that it does.' },
  conflict: { status: 409, title: 'Conflict', about: 'The request clashes with what is already there: an id that is taken, or a draft that already exists.' },
  'stale-revision': { status: 412, title: 'Changed elsewhere', about: 'The record was changed since you read it (its ETag moved on). Read it again and repeat your change.' },
  'invalid-state': { status: 409, title: 'Not allowed in this state', about: 'The record is not in a state that allows this, e.g. editing a published version or a submitted record.' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused', about: 'The Idempotency-Key was already used with a different request. Use a new key for a new request.' },
  'validation-failed': { status: 422, title: 'The answers are not valid', about: 'The data does not satisfy the form. `errors` lists each problem with a JSON Pointer into the data.' },
  'definition-rejected': { status: 422, title: 'The form definition is not allowed', about: 'The definition breaks the definition policy. `errors` points into the definition at each problem.' },
  'mapping-rejected': { status: 422, title: 'The mapping does not fit the form', about: 'An ICS mapping names a question the form version does not have, or reads it in a way its kind of answer does not allow. `errors` points into the mapping at each problem.' },
  'draft-deleted': { status: 410, title: 'Draft deleted', about: 'The draft this Idempotency-Key made was deleted by its author. It is not made again and cannot be read; start a new record with a new key.' },
  'file-too-large': { status: 413, title: 'File too large', about: 'The uploaded file is larger than the question (or the server) allows. `errors` points at the question. Nothing was kept.' },
  'file-type-not-allowed': { status: 422, title: 'File type not allowed', about: 'The uploaded file is not of a type the question allows, judged by its content (not its name). `errors` points at the question. Nothing was kept.' },
  'file-empty': { status: 422, title: 'File empty', about: 'The uploaded file has no content. `errors` points at the question.' },
  'file-too-many': { status: 409, title: 'Too many files', about: 'The question already has as many files uploaded to this draft as it can take (its most files, and a few more for files on their way). Remove one, then upload again. `errors` points at the question.' },
  'file-not-scanned': { status: 409, title: 'File still being checked', about: 'The file is still being checked for viruses. Try again in a minute.' },
  'file-infected': { status: 410, title: 'File removed', about: 'The virus scanner found a virus in this file, so it was removed and cannot be downloaded.' },
  'invalid-request': { status: 400, title: 'Invalid request', about: 'The request is not of the documented shape. `errors` points at each bad field.' },
  unauthenticated: { status: 401, title: 'Sign-in needed', about: 'Sign in (POST /api/session) or send a personal API token as `Authorization: Bearer <token>`.' },
  'session-expired': {
    status: 401,
    title: 'Signed out',
    about: 'The browser session ended: after a time without activity, at the end of its longest lifetime, or by signing out elsewhere. `reason` says which (idle, lifetime, ended). Sign in again.',
  },
  forbidden: { status: 403, title: 'Not allowed', about: 'Your role does not allow this, or the record is not one you may see.' },
  'csrf-token-missing': { status: 403, title: 'CSRF token missing or wrong', about: 'Changes made with a session cookie must carry the X-CSRF-Token header from GET /api/session.' },
  'precondition-failed': { status: 412, title: 'Changed elsewhere', about: 'If-Match does not match the current ETag: the record changed since you read it.' },
  'precondition-required': { status: 428, title: 'If-Match needed', about: 'Send If-Match with the ETag you read, so a change made elsewhere is never overwritten.' },
  'idempotency-key-missing': { status: 400, title: 'Idempotency-Key needed', about: 'Creating a record needs an Idempotency-Key header (a fresh UUID), so a retry cannot create it twice.' },
  'payload-too-large': { status: 413, title: 'Request too large', about: 'The request body is larger than the API accepts.' },
  'unsupported-media-type': { status: 415, title: 'Send JSON', about: 'Request bodies must be JSON (Content-Type: application/json).' },
  'malformed-json': { status: 400, title: 'Malformed JSON', about: 'The request body is not valid JSON, or nests deeper than the API accepts.' },
  'too-many-requests': { status: 429, title: 'Too many attempts', about: 'Wait for the time in Retry-After before trying again.' },
  'route-not-found': { status: 404, title: 'No such API route', about: 'Nothing is at that path. GET /api/openapi.json lists every route.' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', about: 'That path does not accept that method. GET /api/openapi.json lists every route.' },
  'link-expired': { status: 410, title: 'Download link expired', about: 'A document download link works for a limited time (7 days unless the connector says otherwise). Ask for the record to be sent to the ICS again for a new link.' },
  'internal-error': { status: 500, title: 'Something went wrong on our side', about: 'The failure has been logged with the incident id in the response. Nothing was half-written.' },
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class HttpProblem extends Error {
  constructor(
    readonly problemType: HttpProblemType,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; [k: string]: unknown } = {},
  ) {
    super(detail);
  }
}

export function problemBody(type: HttpProblemType, detail: string, extra: Record<string, unknown> = {}): Problem {
  const p = PROBLEMS[type];
  return { type: `/api/problems/${type}`, title: p.title, status: p.status, detail, ...extra };
}

export function sendProblem(res: Response, type: HttpProblemType, detail: string, extra: { headers?: Record<string, string>; [k: string]: unknown } = {}): void {
  const { headers, ...rest } = extra;
  const body = problemBody(type, detail, { instance: res.req.originalUrl, ...rest });
  for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/** body-parser's errors, by their `type`. */
const PARSER_ERRORS: Record<string, HttpProblemType> = {
  'entity.too.large': 'payload-too-large',
  'entity.parse.failed': 'malformed-json',
  'encoding.unsupported': 'unsupported-media-type',
  'charset.unsupported': 'unsupported-media-type',
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) {
      logger.error({ err, url: req.originalUrl }, 'error after the response started');
      res.destroy();
      return;
    }
    if (err instanceof HttpProblem) {
      const { headers, ...extra } = err.extra;
      sendProblem(res, err.problemType, err.detail, { ...extra, ...(headers ? { headers } : {}) });
      return;
    }
    if (err instanceof DomainError) {
      sendProblem(res, err.type, err.message, err.errors.length ? { errors: err.errors } : {});
      return;
    }
    const parserType = typeof err?.type === 'string' ? PARSER_ERRORS[err.type] : undefined;
    if (parserType) {
      const detail =
        parserType === 'payload-too-large'
          ? `The request body is larger than ${String(err.limit ?? 'the limit')} bytes.`
          : parserType === 'malformed-json'
            ? 'The request body is not valid JSON.'
            : 'The request body must be UTF-8 JSON.';
      sendProblem(res, parserType, detail);
      return;
    }
    const client = clientMistake(err);
    if (client) {
      logger.info({ method: req.method, path: pathOf(req.originalUrl), status: PROBLEMS[client.type].status, reason: client.detail }, 'client error');
      sendProblem(res, client.type, client.detail);
      return;
    }
    const incident = newId();
    logger.error({ err, incident, method: req.method, url: req.originalUrl }, 'unhandled error');
    sendProblem(res, 'internal-error', `Something went wrong on our side (incident ${incident}). Please try again; if it keeps happening, give IT the incident id.`, { incident });
  };
}

/** A request URL's path alone: never its query (which can carry what should not be logged). */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * Failures that are the client's, not ours, raised below our code (the router, body-parser, zlib,
 * the static file server): they keep a 4xx status as a problem, and are not logged as faults.
 */
function clientMistake(err: unknown): { type: HttpProblemType; detail: string } | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as { status?: unknown; statusCode?: unknown; code?: unknown; name?: unknown };
  // A compressed body that does not decompress (Content-Encoding: gzip over plain text).
  if (typeof e.code === 'string' && /^Z_(DATA|BUF|STREAM)_ERROR$/.test(e.code)) return { type: 'malformed-json', detail: 'The request body could not be decompressed as its Content-Encoding says.' };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : null;
  if (status === null || status < 400 || status >= 500) return null;
  if (err instanceof URIError) return { type: 'invalid-request', detail: 'The address has a malformed %-escape.' };
  switch (status) {
    case 404:
    case 403:
      return { type: 'not-found', detail: 'There is nothing at that address.' };
    case 405:
      return { type: 'method-not-allowed', detail: 'That address does not take that method.' };
    case 413:
      return { type: 'payload-too-large', detail: 'The request body is larger than the API accepts.' };
    case 415:
      return { type: 'unsupported-media-type', detail: 'The request body must be UTF-8 JSON.' };
    default:
      return { type: 'invalid-request', detail: 'The request is malformed (its address, headers or body).' };
  }
}

/** 404 for unknown API paths (never the HTML default). */
export const routeNotFound: RequestHandler = (req, res) => {
  sendProblem(res, 'route-not-found', `There is no API route ${req.method} ${pathOf(req.originalUrl)}.`);
};
