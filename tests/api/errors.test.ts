/** Bad requests: each gets a clear problem+json answer, never a crash or a stack trace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStandInApps, startTestServer, type TestServer } from '../support/api.js';

describe('bad requests (sqlite store)', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer('sqlite');
  });
  afterAll(async () => srv?.close());
  const key = { 'idempotency-key': '"e"' };

  it('malformed JSON is a 400 that says so', async () => {
    const res = await srv.as('practitioner').post('/api/submissions', undefined, { raw: '{"formId": "case-supervision", ', headers: key });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: '/api/problems/malformed-json', title: 'Malformed JSON' });
  });

  it('a body that is not JSON is a 415', async () => {
    const res = await srv.as('practitioner').post('/api/submissions', undefined, { raw: 'formId=case-supervision', contentType: 'application/x-www-form-urlencoded', headers: key });
    expect(res.status).toBe(415);
  });

  it('a body over the size limit is a 413', async () => {
    const res = await srv.as('practitioner').post('/api/submissions', { formId: 'case-supervision', data: { x: 'x'.repeat(1_100_000) }, status: 'draft' }, { headers: key });
    expect(res.status).toBe(413);
  });

  it('JSON nested absurdly deep is refused, not walked', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const res = await srv.as('practitioner').post('/api/submissions', undefined, { raw: `{"formId":"case-supervision","status":"draft","data":{"a":${deep}}}`, headers: key });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/nests more than/);
  });

  it('an unknown route is a 404 problem, not an HTML page', async () => {
    const res = await srv.as('practitioner').get('/api/nothing-here', { unchecked: true });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('/api/problems/route-not-found');
  });

  it('a missing form, version or record is a 404 naming it', async () => {
    expect((await srv.as('designer').get('/api/forms/no-such-form')).body.detail).toBe('There is no form "no-such-form".');
    expect((await srv.as('designer').get('/api/forms/case-file-audit/versions/7')).status).toBe(404);
    expect((await srv.as('designer').get('/api/forms/case-file-audit/versions/abc')).status).toBe(404);
    expect((await srv.as('integrator').get('/api/submissions/00000000-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('every problem type has a page that explains it', async () => {
    const res = await srv.as('anonymous').get('/api/problems/precondition-required', { unchecked: true });
    expect(res.status).toBe(200);
    expect(res.body.description).toMatch(/If-Match/);
  });

  it('an internal failure answers 500 with an incident id and nothing internal', async () => {
    // Close the store under the running server: the next request fails inside the engine.
    const other = await startTestServer('sqlite');
    await other.running.ctx.store.close();
    const res = await other.as('anonymous').get('/api/health', { unchecked: true });
    expect(res.status).toBe(503);
    const failed = await other.as('designer').get('/api/forms', { unchecked: true });
    expect(failed.status).toBe(500);
    expect(failed.body.type).toBe('/api/problems/internal-error');
    expect(failed.body.detail).toContain(failed.body.incident);
    expect(failed.text).not.toMatch(/at |\.ts|database|sqlite/i);
    await other.close();
  });
});

describe('the web apps\' files', () => {
  let srv: TestServer;
  let base: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    srv = await startTestServer('sqlite');
    ({ base, close } = await serveStandInApps(srv));
  });
  afterAll(async () => {
    await close?.();
    await srv?.close();
  });

  it('serves a hashed asset for a year and the pages fresh', async () => {
    const asset = await fetch(`${base}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/max-age=31536000/);
    const page = await fetch(`${base}/records/123`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>runtime</title>');
    expect((await fetch(`${base}/designer/forms`, { headers: { accept: 'text/html' } })).status).toBe(200);
  });

  it.each(['/assets/index-gone.js', '/designer/assets/index-gone.css'])('an asset that is not there (%s: a page from before a release) is a 404 problem, not a 500', async (path) => {
    const res = await fetch(base + path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ type: '/api/problems/not-found', status: 404, detail: expect.stringMatching(/There is no file .*index-gone.*reload it/) });
  });

  it('a file no page has, asked for as something other than a page, is a 404 problem, not an HTML page', async () => {
    const res = await fetch(`${base}/favicon.ico`, { headers: { accept: 'image/*' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await res.json()).detail).toBe('There is nothing at /favicon.ico.');
  });
});
