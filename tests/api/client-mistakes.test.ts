/**
 * Client mistakes keep their 4xx status (issue 11, items 7, 13 and 15): nothing a client sends is
 * a 500 or an "unhandled error" with a stack in the log; wrong methods are 405; query parameters
 * a route does not take are refused, not ignored; the access log has the full path, never the
 * query; a stale If-Match is 412 whatever the answers; the CSP keeps styles and fonts to 'self'.
 */
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStandInApps, startTestServer, type TestServer } from '../support/api.js';

describe('client mistakes (sqlite store)', () => {
  let srv: TestServer;
  let base: string;
  let close: () => Promise<void>;
  const log: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    srv = await startTestServer('sqlite');
    // The app with a logger whose lines the tests read.
    ({ base, close } = await serveStandInApps(srv, pino({ level: 'info' }, { write: (line: string) => void log.push(JSON.parse(line)) })));
  });
  afterAll(async () => {
    await close?.();
    await srv?.close();
  });
  const bearer = (role: 'designer' | 'practitioner' | 'integrator' | 'admin') => ({ authorization: `Bearer ${srv.demo[role].token}` });
  const faults = () => log.filter((l) => (l.level as number) >= 50);

  async function problem(path: string, init: RequestInit = {}) {
    const res = await fetch(base + path, init);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { type: string; status: number; detail: string; errors?: Array<{ pointer: string; message: string }> };
    expect(body.status).toBe(res.status);
    return { res, body };
  }

  it.each([
    ['a gzip body that is not gzip', '/api/session', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '{"username":"x"}' }, 400, 'malformed-json'],
    ['a malformed %-escape in a path parameter', '/api/forms/%E0%A4%A', {}, 400, 'invalid-request'],
    ['a malformed %-escape in a record id', '/api/submissions/%zz', {}, 400, 'invalid-request'],
    ['a NUL under /assets', '/assets/index%00.js', {}, 400, 'invalid-request'],
    ['..%2f under /assets', '/assets/..%2f..%2f..%2fetc%2fpasswd', {}, 404, 'not-found'],
    ['..%2f under /designer/assets', '/designer/assets/..%2findex.html', {}, 404, 'not-found'],
  ] as const)('%s is a 4xx problem, not a 500, and is not logged as a fault', async (_name, path, init, status, type) => {
    const before = faults().length;
    const { res, body } = await problem(path, init as RequestInit);
    expect(res.status).toBe(status);
    expect(body.type).toBe(`/api/problems/${type}`);
    expect(faults().length).toBe(before);
  });

  it('a correctly gzipped body is still read', async () => {
    const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ username: 'nobody', password: 'wrong-password' })) });
    expect(res.status).toBe(401);
  });

  it('a documented path with a method it does not take is a 405 that names the ones it does', async () => {
    const { res, body } = await problem('/api/forms', { method: 'DELETE', headers: bearer('designer') });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
    expect(body.detail).toBe('/api/forms does not take DELETE; it takes GET, POST.');
    expect((await problem('/api/health', { method: 'POST' })).res.status).toBe(405);
    expect((await problem('/api/forms/case-file-audit/versions/1', { method: 'PATCH', headers: bearer('designer') })).res.headers.get('allow')).toBe('GET, PUT');
    // A literal path that also fits a template taking the method is that template's: PATCH
    // /api/accounts/teams asks to change an account "teams", which is not there (fuzz-found: was a 405).
    const teams = await problem('/api/accounts/teams', { method: 'PATCH', headers: { ...bearer('admin'), 'content-type': 'application/json', 'if-match': '"1"' }, body: JSON.stringify({ displayName: 'Pat' }) });
    expect(teams.res.status).toBe(404);
    expect(teams.body.type).toBe('/api/problems/not-found');
    // A path that is not documented at all stays a 404.
    expect((await problem('/api/nothing-here', { method: 'DELETE' })).res.status).toBe(404);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('/api/problems/%s is a 404, not a page', async (name) => {
    const { res } = await problem(`/api/problems/${name}`);
    expect(res.status).toBe(404);
  });

  it.each([
    ['/api/forms?formId[$ne]=x', 'designer', '/query/formId[$ne]', /no query parameter "formId\[\$ne\]"/],
    ['/api/submissions?team=', 'integrator', '/query/team', /no query parameter "team"/],
    ['/api/submissions?formId=', 'integrator', '/query/formId', /"formId" is empty/],
    ['/api/submissions?stauts=draft', 'integrator', '/query/stauts', /it takes "formId", "version", "status"/],
    ['/api/submissions?cursor=zzzz', 'integrator', '/query/cursor', /nextCursor of a previous page/],
    ['/api/sync/deliveries?connectr=ics', 'integrator', '/query/connectr', /no query parameter/],
  ] as const)('%s is refused with a 400 naming the parameter', async (path, role, pointer, words) => {
    const { res, body } = await problem(path, { headers: bearer(role) });
    expect(res.status).toBe(400);
    expect(body.type).toBe('/api/problems/invalid-request');
    expect(body.errors).toEqual([expect.objectContaining({ pointer, message: expect.stringMatching(words) })]);
  });

  it('a request body with a member its request does not take says so in that request’s words, not a form’s', async () => {
    // Found walking as an administrator: "name" for "displayName" was told it "is not a question on this form".
    const account = await problem('/api/accounts', {
      method: 'POST',
      headers: { ...bearer('admin'), 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ellis.moore', displayName: 'Ellis Moore', name: 'Ellis Moore', role: 'practitioner', team: 'children-looked-after', password: 'correct horse battery staple 42' }),
    });
    expect(account.res.status).toBe(400);
    expect(account.body.errors).toEqual([{ pointer: '/name', message: '"name" is not part of the new account: leave it out, or check its spelling.', keyword: 'additionalProperties' }]);
    const token = await problem('/api/me/tokens', { method: 'POST', headers: { ...bearer('integrator'), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'nightly', days: 30, scope: 'all' }) });
    expect(token.body.errors?.map((e) => e.message)).toContain('"scope" is not part of the new token: leave it out, or check its spelling.');
  });

  it('the parameters a route documents are still taken', async () => {
    const res = await fetch(`${base}/api/submissions?formId=case-supervision&status=draft&limit=5&order=newest`, { headers: bearer('integrator') });
    expect(res.status).toBe(200);
  });

  it('the access log has the full path of every request, and never its query', async () => {
    const from = log.length;
    await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody', password: 'wrong-password' }) });
    await fetch(`${base}/api/forms/case-file-audit?secret=abc`, { headers: bearer('designer') });
    const lines = log.slice(from).filter((l) => l.msg === 'request').map((l) => `${l.method as string} ${l.path as string}`);
    expect(lines).toEqual(['POST /api/session', 'GET /api/forms/case-file-audit']);
    expect(JSON.stringify(log.slice(from))).not.toContain('secret=abc');
  });

  it('a stale If-Match on submit is a 412, even when the answers would be refused', async () => {
    const worker = srv.as('practitioner');
    const created = await worker.post('/api/submissions', { formId: 'case-supervision', data: {}, status: 'draft' }, { headers: { 'idempotency-key': '"cm-412"' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const saved = await worker.put(`/api/submissions/${id}`, { data: {} }, { headers: { 'if-match': '"1"' } });
    expect(saved.status).toBe(200);
    // Revision 1 is stale now, and the (empty) answers would fail validation: the 412 comes first.
    const stale = await worker.post(`/api/submissions/${id}/submit`, {}, { headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    const fresh = await worker.post(`/api/submissions/${id}/submit`, {}, { headers: { 'if-match': '"2"' } });
    expect(fresh.status).toBe(422);
  });

  it('the Content-Security-Policy takes styles and fonts from the service only', async () => {
    const res = await fetch(`${base}/records/1`, { headers: { accept: 'text/html' } });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).toMatch(/font-src 'self'(;|$)/);
    expect(csp).not.toMatch(/https:|unsafe-inline/);
  });
});
