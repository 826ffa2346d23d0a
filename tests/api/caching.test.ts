/**
 * ETags change whenever a representation does, conditional reads answer 304 only for the same
 * body, If-Match takes a read's ETag, and nothing private may be kept by a cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api.js';
import { sampleDefinition } from '../support/definitions.js';
import { STORE_KINDS } from '../support/stores.js';

const FORM = 'caching-form';

/**
 * A conditional read. (fetch adds `Cache-Control: no-cache` to a request carrying If-None-Match
 * unless it has a Cache-Control of its own, and no-cache asks the server for the whole answer.)
 */
const ifNoneMatch = (tag: string) => ({ headers: { 'if-none-match': tag, 'cache-control': 'max-age=0' } });

describe.each(STORE_KINDS)('caching and ETags (%s store)', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(kind);
    const d = srv.as('designer');
    await d.post('/api/forms', { id: FORM, title: 'Caching', category: 'other', team: 'qa' });
    await d.post(`/api/forms/${FORM}/versions`, { ...sampleDefinition(), changeNote: 'v1' });
    await d.post(`/api/forms/${FORM}/versions/1/publish`);
  });
  afterAll(async () => srv?.close());

  it("a form's ETag changes when a draft is started or published, though the form's own revision does not", async () => {
    const d = srv.as('designer');
    const before = await d.get(`/api/forms/${FORM}`);
    const tag = before.headers.get('etag')!;
    expect(tag).toMatch(/^"1\.[\w-]{16}"$/);
    const same = await d.get(`/api/forms/${FORM}`, ifNoneMatch(tag));
    expect(same.status).toBe(304);

    await d.post(`/api/forms/${FORM}/versions`, { ...sampleDefinition(), changeNote: 'v2' });
    const after = await d.get(`/api/forms/${FORM}`, ifNoneMatch(tag));
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ revision: 1, draftVersion: 2 });
    expect(after.headers.get('etag')).not.toBe(tag);

    // Roles that see different things get different ETags for one revision.
    const practitioner = await srv.as('practitioner').get(`/api/forms/${FORM}`, ifNoneMatch(after.headers.get('etag')!));
    expect(practitioner.status).toBe(200);
    expect(practitioner.headers.get('etag')).not.toBe(after.headers.get('etag'));
  });

  it("a read's ETag is taken by If-Match, which compares the revision", async () => {
    const d = srv.as('designer');
    const read = await d.get(`/api/forms/${FORM}`);
    const changed = await d.patch(`/api/forms/${FORM}`, { title: 'Caching, renamed' }, { headers: { 'if-match': read.headers.get('etag')! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    const stale = await d.patch(`/api/forms/${FORM}`, { title: 'Lost' }, { headers: { 'if-match': read.headers.get('etag')! } });
    expect(stale.status).toBe(412);
    const version = await d.get(`/api/forms/${FORM}/versions/2`);
    expect(version.headers.get('etag')).toMatch(/^"1\.[\w-]{16}"$/);
    const saved = await d.put(`/api/forms/${FORM}/versions/2`, { changeNote: 'v2, said better' }, { headers: { 'if-match': version.headers.get('etag')! } });
    expect(saved.status).toBe(200);
    expect((await d.get(`/api/forms/${FORM}/versions/2`, ifNoneMatch(version.headers.get('etag')!))).status).toBe(200);
  });

  it("a record's ETag changes with the record, and the same read revalidates to 304", async () => {
    const p = srv.as('practitioner');
    const made = await p.post('/api/submissions', { formId: FORM, data: {}, status: 'draft' }, { headers: { 'idempotency-key': `"caching-${kind}"` } });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    const first = await p.get(`/api/submissions/${id}`);
    expect((await p.get(`/api/submissions/${id}`, ifNoneMatch(first.headers.get('etag')!))).status).toBe(304);
    expect((await p.put(`/api/submissions/${id}`, { data: { summary: 'More' } }, { headers: { 'if-match': first.headers.get('etag')! } })).status).toBe(200);
    const second = await p.get(`/api/submissions/${id}`, ifNoneMatch(first.headers.get('etag')!));
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual({ summary: 'More' });
  });

  it('records, lists, accounts and the session are never stored by a cache; the public documents may be, and are revalidated', async () => {
    const p = srv.as('practitioner');
    for (const path of ['/api/submissions', `/api/forms/${FORM}`, '/api/forms', '/api/session', '/api/me/tokens', '/api/health']) {
      expect((await p.get(path)).headers.get('cache-control'), path).toBe('no-store');
    }
    expect((await srv.as('admin').get('/api/accounts')).headers.get('cache-control')).toBe('no-store');
    // Refusals too.
    expect((await p.get('/api/accounts')).headers.get('cache-control')).toBe('no-store');
    expect((await srv.as('anonymous').get('/api/forms')).headers.get('cache-control')).toBe('no-store');
    for (const path of ['/api/openapi.json', '/api/problems/not-found']) {
      // (The problem types are documents for people, outside the OpenAPI document.)
      expect((await srv.as('anonymous').get(path, { unchecked: path.includes('/problems/') })).headers.get('cache-control'), path).toBe('no-cache');
    }
  });
});
