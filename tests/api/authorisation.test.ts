/**
 * The 401/403 matrix: every route, every role, and no one at all. The expectations are written
 * out here, independently of the code that enforces them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../engine/accounts/model.js';
import { Client, startTestServer, type TestServer } from '../support/api.js';
import { documentedPaths, templateOf } from '../support/openapi.js';
import { STORE_KINDS } from '../support/stores.js';

type Who = Role | 'anonymous';
const ALL: Role[] = [...ROLES];

interface Row {
  method: string;
  /** Filled in from the fixtures made in beforeAll. */
  path: (f: Fixtures) => string;
  allowed: Role[] | 'public';
  body?: unknown;
  headers?: Record<string, string>;
}

interface Fixtures {
  submissionId: string;
  practitionerId: string;
}

const MATRIX: Row[] = [
  { method: 'GET', path: () => '/api/health', allowed: 'public' },
  { method: 'GET', path: () => '/api/openapi.json', allowed: 'public' },
  { method: 'GET', path: () => '/api/session', allowed: 'public' },
  { method: 'DELETE', path: () => '/api/session', allowed: ALL },
  // An API token has no session to renew (409): still past the sign-in check.
  { method: 'POST', path: () => '/api/session/renew', allowed: ALL },
  // Single sign-on is for people not signed in yet (this server has none set up: 404).
  { method: 'GET', path: () => '/api/sso', allowed: 'public' },
  { method: 'GET', path: () => '/api/sso/start', allowed: 'public' },
  { method: 'GET', path: () => '/api/sso/callback', allowed: 'public' },
  { method: 'GET', path: () => '/api/accounts', allowed: ['admin'] },
  { method: 'POST', path: () => '/api/accounts', allowed: ['admin'], body: {} },
  { method: 'GET', path: () => '/api/accounts/teams', allowed: ['designer', 'admin'] },
  { method: 'GET', path: (f) => `/api/accounts/${f.practitionerId}`, allowed: ['practitioner', 'admin'] },
  { method: 'PATCH', path: (f) => `/api/accounts/${f.practitionerId}`, allowed: ['admin'], body: { displayName: 'x' }, headers: { 'if-match': '"999"' } },
  // Another account's tokens: administrators only (each role may see its own the same way).
  { method: 'GET', path: (f) => `/api/accounts/${f.practitionerId}/tokens`, allowed: ['practitioner', 'admin'] },
  { method: 'DELETE', path: (f) => `/api/accounts/${f.practitionerId}/tokens/0000000000000000`, allowed: ['practitioner', 'admin'] },
  { method: 'GET', path: () => '/api/me/tokens', allowed: ALL },
  { method: 'POST', path: () => '/api/me/tokens', allowed: ALL, body: {} },
  { method: 'DELETE', path: () => '/api/me/tokens/0000000000000000', allowed: ALL },
  { method: 'GET', path: () => '/api/forms', allowed: ALL },
  { method: 'POST', path: () => '/api/forms', allowed: ['designer'], body: {} },
  { method: 'GET', path: () => '/api/forms/case-file-audit', allowed: ALL },
  // An empty change is refused (400) after the role check, so the form is left as it is.
  { method: 'PATCH', path: () => '/api/forms/case-file-audit', allowed: ['designer'], body: {} },
  { method: 'GET', path: () => '/api/forms/case-file-audit/versions', allowed: ALL },
  { method: 'POST', path: () => '/api/forms/case-file-audit/versions', allowed: ['designer'], body: { changeNote: 'x'.repeat(3000) } },
  { method: 'GET', path: () => '/api/forms/case-file-audit/versions/1', allowed: ALL },
  { method: 'PUT', path: () => '/api/forms/case-file-audit/versions/1', allowed: ['designer'], body: {}, headers: { 'if-match': '"999"' } },
  { method: 'POST', path: () => '/api/forms/case-file-audit/versions/99/publish', allowed: ['designer'] },
  { method: 'POST', path: () => '/api/forms/case-file-audit/versions/99/retire', allowed: ['designer'] },
  { method: 'GET', path: () => '/api/forms/case-file-audit/versions/1/changes', allowed: ALL },
  { method: 'GET', path: () => '/api/forms/case-file-audit/versions/1/types.d.ts', allowed: ['designer', 'integrator'] },
  { method: 'GET', path: () => '/api/forms/case-file-audit/versions/1/impact', allowed: ['designer'] },
  { method: 'POST', path: () => '/api/forms/case-file-audit/versions/1/try', allowed: ['designer'], body: { data: {} } },
  { method: 'POST', path: () => '/api/patterns/check', allowed: ['designer'], body: { pattern: '^a$', samples: ['a'] } },
  { method: 'GET', path: () => '/api/forms/case-file-audit/export', allowed: ['integrator'] },
  { method: 'POST', path: () => '/api/submissions', allowed: ['practitioner', 'manager'], body: {}, headers: { 'idempotency-key': '"m"' } },
  { method: 'GET', path: () => '/api/submissions', allowed: ['practitioner', 'manager', 'integrator'] },
  // The practitioner's own record: the author, the author's team manager, and integrators.
  { method: 'GET', path: (f) => `/api/submissions/${f.submissionId}`, allowed: ['practitioner', 'manager', 'integrator'] },
  // The record as a PDF: whoever may read it, exactly as the record itself.
  { method: 'GET', path: (f) => `/api/submissions/${f.submissionId}/pdf`, allowed: ['practitioner', 'manager', 'integrator'] },
  // A document link: the signed token is the permission (a bad one is 404 for everyone alike).
  { method: 'GET', path: () => '/api/documents/not-a-signed-token', allowed: 'public' },
  { method: 'PUT', path: (f) => `/api/submissions/${f.submissionId}`, allowed: ['practitioner'], body: { data: {} }, headers: { 'if-match': '"999"' } },
  // Only the draft's author; a stale If-Match keeps the fixture (412 after the author check).
  { method: 'DELETE', path: (f) => `/api/submissions/${f.submissionId}`, allowed: ['practitioner'], headers: { 'if-match': '"999"' } },
  { method: 'POST', path: (f) => `/api/submissions/${f.submissionId}/submit`, allowed: ['practitioner'], headers: { 'if-match': '"999"' } },
  { method: 'GET', path: (f) => `/api/submissions/${f.submissionId}/migration`, allowed: ['practitioner'] },
  // Shared option lists: designers read and write, integrators read; unknown lists and empty bodies are refused after the role check.
  { method: 'GET', path: () => '/api/option-lists', allowed: ['designer', 'integrator'] },
  { method: 'POST', path: () => '/api/option-lists', allowed: ['designer'], body: {} },
  { method: 'GET', path: () => '/api/option-lists/no-such-list', allowed: ['designer', 'integrator'] },
  { method: 'GET', path: () => '/api/option-lists/no-such-list/versions', allowed: ['designer', 'integrator'] },
  { method: 'POST', path: () => '/api/option-lists/no-such-list/versions', allowed: ['designer'], body: {}, headers: { 'if-match': '"999"' } },
  { method: 'POST', path: () => '/api/option-lists/no-such-list/versions/check', allowed: ['designer'], body: {} },
  { method: 'GET', path: () => '/api/option-lists/no-such-list/versions/1', allowed: ['designer', 'integrator'] },
  // The ICS sync: integrators only. Unknown connectors and empty bodies are refused after the role check.
  { method: 'GET', path: () => '/api/sync/kinds', allowed: ['integrator'] },
  { method: 'GET', path: () => '/api/sync/connectors', allowed: ['integrator'] },
  { method: 'POST', path: () => '/api/sync/connectors', allowed: ['integrator'], body: {} },
  { method: 'GET', path: () => '/api/sync/connectors/no-such-connector', allowed: ['integrator'] },
  { method: 'PATCH', path: () => '/api/sync/connectors/no-such-connector', allowed: ['integrator'], body: {} },
  { method: 'POST', path: () => '/api/sync/connectors/no-such-connector/pause', allowed: ['integrator'] },
  { method: 'POST', path: () => '/api/sync/connectors/no-such-connector/resume', allowed: ['integrator'] },
  { method: 'GET', path: () => '/api/sync/connectors/no-such-connector/mappings', allowed: ['integrator'] },
  { method: 'GET', path: () => '/api/sync/connectors/no-such-connector/mappings/case-file-audit/1', allowed: ['integrator'] },
  { method: 'PUT', path: () => '/api/sync/connectors/no-such-connector/mappings/case-file-audit/1', allowed: ['integrator'], body: {} },
  { method: 'DELETE', path: () => '/api/sync/connectors/no-such-connector/mappings/case-file-audit/1', allowed: ['integrator'] },
  { method: 'GET', path: () => '/api/sync/figures', allowed: ['integrator'] },
  { method: 'GET', path: () => '/api/sync/deliveries', allowed: ['integrator'] },
  { method: 'GET', path: () => '/api/sync/deliveries/no-such-delivery', allowed: ['integrator'] },
  { method: 'POST', path: () => '/api/sync/replay', allowed: ['integrator'], body: {} },
  { method: 'GET', path: () => '/metrics', allowed: ['integrator'] },
  // The directory from the ICS: integrators send batches (an unknown kind is refused after the role check); integrators and administrators read the log.
  { method: 'POST', path: () => '/api/directory/batches/pupils', allowed: ['integrator'], headers: { 'idempotency-key': '"m"' } },
  { method: 'GET', path: () => '/api/directory', allowed: ['integrator', 'admin'] },
  { method: 'GET', path: () => '/api/directory/batches', allowed: ['integrator', 'admin'] },
  // Finding a child: those who start records about children, and integrators (without q: 400 for those allowed; an unknown child: 404).
  { method: 'GET', path: () => '/api/directory/children', allowed: ['practitioner', 'manager', 'integrator'] },
  { method: 'GET', path: () => '/api/directory/children/C404', allowed: ['practitioner', 'manager', 'integrator'] },
  { method: 'POST', path: (f) => `/api/submissions/${f.submissionId}/migrate`, allowed: ['practitioner'], headers: { 'if-match': '"999"' } },
  // Review stages: whoever may read the record reads its review and comments; those who review act
  // (the fixture is a draft of a form without stages: refused after the role check).
  { method: 'GET', path: (f) => `/api/submissions/${f.submissionId}/review`, allowed: ['practitioner', 'manager', 'integrator'] },
  { method: 'POST', path: (f) => `/api/submissions/${f.submissionId}/review/sign`, allowed: ['practitioner', 'manager'], body: { stage: 'x' }, headers: { 'if-match': '"999"' } },
  { method: 'POST', path: (f) => `/api/submissions/${f.submissionId}/review/return`, allowed: ['practitioner', 'manager'], body: { stage: 'x', reason: 'x' }, headers: { 'if-match': '"999"' } },
  { method: 'PUT', path: (f) => `/api/submissions/${f.submissionId}/review/answers`, allowed: ['practitioner', 'manager'], body: { stage: 'x', data: {} }, headers: { 'if-match': '"999"' } },
  { method: 'GET', path: (f) => `/api/submissions/${f.submissionId}/comments`, allowed: ['practitioner', 'manager', 'integrator'] },
  { method: 'POST', path: (f) => `/api/submissions/${f.submissionId}/comments`, allowed: ['practitioner', 'manager'], body: { text: '' } },
  // Work lists and tracked actions: those who write and review records; the team view for managers. Unknown actions: 404 after the role check.
  { method: 'GET', path: () => '/api/work', allowed: ['practitioner', 'manager'] },
  { method: 'GET', path: () => '/api/work/records?list=waiting', allowed: ['practitioner', 'manager'] },
  { method: 'GET', path: () => '/api/work/records?list=returned', allowed: ['practitioner', 'manager'] },
  { method: 'GET', path: () => '/api/work/team', allowed: ['manager'] },
  { method: 'GET', path: () => '/api/actions', allowed: ['practitioner', 'manager'] },
  { method: 'GET', path: () => '/api/actions/no-such-action', allowed: ['practitioner', 'manager'] },
  { method: 'POST', path: () => '/api/actions/no-such-action/done', allowed: ['practitioner', 'manager'], body: { note: 'x' }, headers: { 'if-match': '"999"' } },
  { method: 'POST', path: () => '/api/actions/no-such-action/cancel', allowed: ['practitioner', 'manager'], body: { reason: 'x' }, headers: { 'if-match': '"999"' } },
  { method: 'POST', path: () => '/api/actions/no-such-action/reassign', allowed: ['practitioner', 'manager'], body: { ownerWorkerId: 'W1', reason: 'x' }, headers: { 'if-match': '"999"' } },
  { method: 'POST', path: () => '/api/actions/no-such-action/due', allowed: ['practitioner', 'manager'], body: { dueOn: '2027-01-01', reason: 'x' }, headers: { 'if-match': '"999"' } },
  // Dashboards: managers (groups widen the scope); everyone else 403.
  { method: 'GET', path: () => '/api/dashboards', allowed: ['manager'] },
  { method: 'GET', path: () => '/api/dashboards/actions', allowed: ['manager'] },
  { method: 'GET', path: () => '/api/dashboards/actions.csv', allowed: ['manager'] },
  { method: 'GET', path: () => '/api/dashboards/actions/drill', allowed: ['manager'] },
  { method: 'GET', path: () => '/api/dashboards/actions/drill.csv', allowed: ['manager'] },
  // The audit programme: auditors (practitioners, managers) list their own; managers plan (audits:plan). Refused input: 400/422/404 after the role check.
  { method: 'GET', path: () => '/api/audits/assignments', allowed: ['practitioner', 'manager'] },
  { method: 'POST', path: () => '/api/audits/assignments', allowed: ['manager'], body: { assignments: [] } },
  { method: 'GET', path: () => '/api/audits/assignments/no-such-audit', allowed: ['practitioner', 'manager'] },
  { method: 'POST', path: () => '/api/audits/assignments/no-such-audit/cancel', allowed: ['manager'], body: { reason: 'x' }, headers: { 'if-match': '"999"' } },
  { method: 'POST', path: () => '/api/audits/assignments/no-such-audit/reassign', allowed: ['manager'], body: { auditorAccountId: 'x', reason: 'x' }, headers: { 'if-match': '"999"' } },
  { method: 'POST', path: () => '/api/audits/assignments/no-such-audit/due', allowed: ['manager'], body: { dueOn: '2027-01-01', reason: 'x' }, headers: { 'if-match': '"999"' } },
  { method: 'GET', path: () => '/api/audits/samples', allowed: ['manager'] },
  { method: 'POST', path: () => '/api/audits/samples', allowed: ['manager'], body: {} },
  { method: 'GET', path: () => '/api/audits/samples/no-such-sample', allowed: ['manager'] },
  { method: 'GET', path: () => '/api/audits/options', allowed: ['manager'] },
  // Uploaded files: the draft's author uploads (a question the form does not have: 400 after the role and author checks);
  // whoever may read a record downloads; unknown files: 404 after the role check; the limits are for anyone signed in.
  { method: 'POST', path: (f) => `/api/submissions/${f.submissionId}/files?pointer=%2FnoSuchQuestion&name=a.pdf`, allowed: ['practitioner'] },
  { method: 'GET', path: (f) => `/api/submissions/${f.submissionId}/files`, allowed: ['practitioner', 'manager', 'integrator'] },
  { method: 'GET', path: () => '/api/files/limits', allowed: ALL },
  { method: 'GET', path: () => '/api/files/f_nosuchfile0', allowed: ['practitioner', 'manager', 'integrator'] },
  { method: 'DELETE', path: () => '/api/files/f_nosuchfile0', allowed: ['practitioner', 'manager'] },
  // Email notifications: each person's own choice, for those who get emails about their work (a bad choice: 422 after the role check).
  { method: 'GET', path: () => '/api/me/notifications', allowed: ['practitioner', 'manager'] },
  { method: 'PUT', path: () => '/api/me/notifications', allowed: ['practitioner', 'manager'], body: { choice: 'x' } },
];

describe.each(STORE_KINDS)('authorisation on every route (%s store)', (kind) => {
  let srv: TestServer;
  let fixtures: Fixtures;
  beforeAll(async () => {
    srv = await startTestServer(kind);
    const draft = await srv
      .as('practitioner')
      .post('/api/submissions', { formId: 'case-supervision', data: {}, status: 'draft' }, { headers: { 'idempotency-key': '"fixture"' } });
    const me = await srv.as('practitioner').get('/api/session');
    fixtures = { submissionId: draft.body.id, practitionerId: me.body.account.id };
  });
  afterAll(async () => srv?.close());

  it('the matrix covers every documented operation', async () => {
    const paths = await documentedPaths();
    const documented = Object.entries(paths).flatMap(([p, methods]) => methods.map((m) => `${m.toUpperCase()} ${p}`));
    const covered = new Set(MATRIX.map((r) => `${r.method} ${templateOf(Object.keys(paths), r.path({ submissionId: 'x', practitionerId: 'y' }))}`));
    covered.add('POST /api/session'); // sign-in is public by nature; tests/api/session.test.ts covers it
    expect(documented.filter((d) => !covered.has(d))).toEqual([]);
  });

  for (const row of MATRIX) {
    const who: Who[] = ['anonymous', ...ALL];
    it(`${row.method} ${row.path({ submissionId: '{id}', practitionerId: '{accountId}' })}`, async () => {
      const outcomes: Record<string, number> = {};
      for (const w of who) {
        const res = await srv.as(w).request(row.method, row.path(fixtures), { ...(row.body !== undefined ? { body: row.body } : {}), headers: row.headers ?? {} });
        outcomes[w] = res.status;
      }
      const expected: Record<string, string> = {};
      const actual: Record<string, string> = {};
      for (const w of who) {
        const allowed = row.allowed === 'public' || (w !== 'anonymous' && row.allowed.includes(w));
        expected[w] = allowed ? 'allowed' : w === 'anonymous' ? '401' : '403';
        actual[w] = outcomes[w] === 401 ? '401' : outcomes[w] === 403 ? '403' : 'allowed';
      }
      expect(actual).toEqual(expected);
    });
  }

  it('a wrong, revoked or expired token is refused on every route that needs one', async () => {
    const forged = new Client(srv.url, 'cft_notARealTokenAtAll0123456789abcdefghijk');
    expect((await forged.get('/api/forms')).status).toBe(401);
    const mine = await srv.as('designer').post('/api/me/tokens', { name: 'short-lived' });
    const client = new Client(srv.url, mine.body.token);
    expect((await client.get('/api/forms')).status).toBe(200);
    await client.delete(`/api/me/tokens/${mine.body.id}`);
    const after = await client.get('/api/forms');
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('invalid_token');
  });
});
