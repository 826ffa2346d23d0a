/**
 * The OpenAPI document as the API's gatekeeper for what it does not check route by route: a
 * documented path asked with a method it does not take is a 405 naming the ones it does, and a
 * query parameter the operation does not document (`formId[$ne]`, a typo, `team=`) is a 400
 * naming it, never silently ignored. A path the document does not have falls through (to 404).
 */
import type { RequestHandler } from 'express';
import { InvalidRequestError, type FieldError } from '../errors.js';
import { HttpProblem } from './problems.js';

interface Operation {
  /** Query parameters the operation documents. */
  query: ReadonlySet<string>;
}

interface DocumentedPath {
  /** The path template as written in the document, e.g. `/api/forms/{formId}`. */
  template: string;
  pattern: RegExp;
  /** Number of literal characters, so `/api/accounts/teams` wins over `/api/accounts/{id}`. */
  literal: number;
  operations: ReadonlyMap<string, Operation>;
}

type Paths = Record<string, Record<string, { parameters?: ReadonlyArray<{ name?: unknown; in?: unknown }> }>>;

const escape = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

export function documentedPaths(paths: Paths): DocumentedPath[] {
  const out: DocumentedPath[] = [];
  for (const [template, ops] of Object.entries(paths)) {
    const parts = template.split(/(\{[^}]+\})/);
    const pattern = new RegExp('^' + parts.map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : escape(part))).join('') + '$');
    const literal = parts.filter((part) => !part.startsWith('{')).join('').length;
    const operations = new Map<string, Operation>();
    for (const [method, op] of Object.entries(ops)) {
      const query = new Set((op.parameters ?? []).filter((p) => p.in === 'query' && typeof p.name === 'string').map((p) => p.name as string));
      operations.set(method.toUpperCase(), { query });
    }
    out.push({ template, pattern, literal, operations });
  }
  return out.sort((a, b) => b.literal - a.literal);
}

/** The documented path a request path is (the most literal match), or undefined. */
export function matchPath(documented: readonly DocumentedPath[], path: string): DocumentedPath | undefined {
  return documented.find((d) => d.pattern.test(path));
}

/**
 * Mounted at `/api` with the document's `paths` (which begin with `/api`). HEAD is answered as GET;
 * OPTIONS is left alone (the route-not-found handler answers it).
 */
export function documentedOnly(paths: Paths): RequestHandler {
  const documented = documentedPaths(paths);
  return (req, res, next) => {
    const path = (req.baseUrl + req.path).replace(/\/+$/, '') || '/';
    const found = matchPath(documented, path);
    if (!found) return next();
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    // A less literal path that takes the method is the one asked (PATCH /api/accounts/teams is
    // PATCH /api/accounts/{id}, as the router sees it too); 405 only when no documented path does.
    const op = found.operations.get(method) ?? documented.find((d) => d.operations.has(method) && d.pattern.test(path))?.operations.get(method);
    if (!op) {
      if (req.method === 'OPTIONS') return next();
      const allow = [...found.operations.keys()];
      throw new HttpProblem('method-not-allowed', `${found.template} does not take ${req.method}; it takes ${allow.join(', ')}.`, { headers: { Allow: allow.join(', ') } });
    }
    const errors: FieldError[] = [];
    for (const [name, value] of Object.entries(req.query)) {
      const pointer = `/query/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!op.query.has(name)) {
        const takes = op.query.size ? `it takes ${[...op.query].map((q) => `"${q}"`).join(', ')}` : 'it takes none';
        errors.push({ pointer, message: `This route has no query parameter "${name}" (${takes}).` });
      } else if (value === '') {
        errors.push({ pointer, message: `"${name}" is empty: give it a value or leave it out.` });
      }
    }
    if (errors.length) throw new InvalidRequestError('Some query parameters are not valid.', errors);
    next();
  };
}
