import { describe, expect, it } from 'vitest';
import { compileErrors, validate } from '@readme/openapi-parser';
import { OPENAPI } from '../../engine/http/openapi.js';

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by a third-party validator', async () => {
    const result = await validate(structuredClone(OPENAPI) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('describes every operation with its errors as problem+json', () => {
    for (const [path, ops] of Object.entries(OPENAPI.paths)) {
      for (const [method, op] of Object.entries(ops as Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>)) {
        const errors = Object.entries(op.responses).filter(([code]) => Number(code) >= 400);
        expect(errors.length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [code, r] of errors) {
          // Health's 503 is its own report (store unreachable), documented as such.
          if (path === '/api/health' && code === '503') continue;
          // Single sign-on's refusals are pages for people: the browser came from the provider.
          if (path.startsWith('/api/sso/') && Object.keys(r.content ?? {}).join() === 'text/html') continue;
          expect(Object.keys(r.content ?? {}), `${method} ${path} ${code}`).toEqual(['application/problem+json']);
        }
      }
    }
  });
});
