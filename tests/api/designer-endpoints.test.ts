/** The endpoints the designer leans on: pattern checks, trying sample answers, publish impact. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api.js';
import { sampleDefinition } from '../support/definitions.js';
import { STORE_KINDS } from '../support/stores.js';

describe.each(STORE_KINDS)('designer endpoints (%s store)', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(kind);
    const d = srv.as('designer');
    await d.post('/api/forms', { id: 'impact-form', title: 'Impact', category: 'other', team: 'qa' });
    await d.post('/api/forms/impact-form/versions', { ...sampleDefinition(), changeNote: 'v1' });
    await d.post('/api/forms/impact-form/versions/1/publish');
  });
  afterAll(async () => srv?.close());

  it('checks a pattern under the server’s rules and tries it on samples', async () => {
    const ok = await srv.as('designer').post('/api/patterns/check', { pattern: '^SW[0-9]{1,10}$', samples: ['SW123', 'sw123', 'SW'] });
    expect(ok.body).toEqual({ problem: null, engine: 'native', results: [{ sample: 'SW123', matches: true }, { sample: 'sw123', matches: false }, { sample: 'SW', matches: false }] });
    const nested = await srv.as('designer').post('/api/patterns/check', { pattern: '^(a+)+$', samples: ['a'.repeat(990) + '!'] });
    expect(nested.body).toMatchObject({ problem: null, engine: 're2', results: [{ matches: false }] });
    const bad = await srv.as('designer').post('/api/patterns/check', { pattern: '(?<=a)b', samples: [] });
    expect(bad.body.problem).toMatch(/Patterns cannot look ahead or behind/);
  });

  it('tries sample answers against a version without storing anything', async () => {
    const before = await srv.running.ctx.store.countSubmissions({});
    const res = await srv.as('designer').post('/api/forms/impact-form/versions/1/try', { data: { childId: 'C1', caseType: 'XX' } });
    expect(res.status).toBe(200);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/caseType']);
    expect(await srv.running.ctx.store.countSubmissions({})).toBe(before);
  });

  it('says how many drafts in progress a breaking change would touch', async () => {
    const worker = srv.as('practitioner');
    for (const [i, caseType] of ['CLA', 'CLA', 'CIN'].entries()) {
      await worker.post('/api/submissions', { formId: 'impact-form', data: { childId: `C${i}`, caseType }, status: 'draft' }, { headers: { 'idempotency-key': `"imp-${i}"` } });
    }
    const d = srv.as('designer');
    const draft = await d.post('/api/forms/impact-form/versions');
    const schema = draft.body.version.schema;
    schema.properties.caseType.oneOf = schema.properties.caseType.oneOf.filter((o: { const: string }) => o.const !== 'CLA');
    await d.put('/api/forms/impact-form/versions/2', { schema, changeNote: 'CLA moved to its own form' }, { headers: { 'if-match': draft.headers.get('etag')! } });
    const impact = await d.get('/api/forms/impact-form/versions/2/impact');
    expect(impact.body).toMatchObject({ draftsInProgress: 3, blockedDrafts: 2 });
    const removed = impact.body.changes.find((c: { kind: string }) => c.kind === 'option-removed');
    expect(removed).toMatchObject({ breaking: true, affectedDrafts: 2, message: 'The option “Child Looked After” (code "CLA") was removed from “Case type”.' });
  });
});
