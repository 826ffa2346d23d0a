/**
 * The whole flow an integrator scripts with curl and a demo token: create a form, publish it,
 * submit valid and invalid data, save and submit a draft, list, export — on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/api.js';
import { sampleDefinition } from '../support/definitions.js';

const FORM = 'home-visit-record';
const complete = {
  childId: 'C1234567',
  caseType: 'CIN',
  periodFrom: '2025-11-01',
  periodTo: '2026-10-31',
  concern: true,
  escalatedTo: 'W0042',
  summary: 'Seen at home with mum; "safe" — her word, =SUM(A1) typed by her brother.',
  actions: [{ action: 'Update the chronology', dueDate: '2026-12-15', priority: 'week' }],
};

describe.each(STORE_KINDS)('API flow (%s store)', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(kind);
  });
  afterAll(async () => srv?.close());

  it('serves the shipped templates as published version 1', async () => {
    const res = await srv.as('practitioner').get('/api/forms');
    expect(res.status).toBe(200);
    expect(res.body.items.map((f: { id: string; currentVersion: number }) => [f.id, f.currentVersion])).toEqual([
      ['case-file-audit', 1],
      ['case-supervision', 1],
      ['reflective-supervision', 1],
      ['return-to-work', 1],
    ]);
  });

  it('a designer creates, drafts and publishes a form; a published version cannot be edited', async () => {
    const designer = srv.as('designer');
    const created = await designer.post('/api/forms', { id: FORM, title: 'Home visit record', category: 'case-record', team: 'children-in-need-north' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/forms/${FORM}`);

    const draft = await designer.post(`/api/forms/${FORM}/versions`, { ...sampleDefinition(), changeNote: 'First version' });
    expect(draft.status).toBe(201);
    expect(draft.headers.get('etag')).toBe('"1"');
    expect(draft.body.violations).toEqual([]);

    const stale = await designer.put(`/api/forms/${FORM}/versions/1`, { changeNote: 'x' }, { headers: { 'if-match': '"9"' } });
    expect(stale.status).toBe(412);
    const noIfMatch = await designer.put(`/api/forms/${FORM}/versions/1`, { changeNote: 'x' });
    expect(noIfMatch.status).toBe(428);

    const published = await designer.post(`/api/forms/${FORM}/versions/1/publish`, {});
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    const edit = await designer.put(`/api/forms/${FORM}/versions/1`, { changeNote: 'sneaky' }, { headers: { 'if-match': published.headers.get('etag')! } });
    expect(edit.status).toBe(409);
    expect(edit.body.type).toBe('/api/problems/invalid-state');
  });

  it('a policy violation is refused at publish with a pointer into the definition', async () => {
    const designer = srv.as('designer');
    await designer.post('/api/forms', { id: 'bad-form', title: 'Bad', category: 'other', team: 'qa' });
    const def = sampleDefinition();
    (def.schema.properties as Record<string, unknown>)['first-name'] = { type: 'string', maxLength: 5 };
    const draft = await designer.post('/api/forms/bad-form/versions', { ...def, changeNote: 'wip' });
    expect(draft.status).toBe(201);
    expect(draft.body.violations.map((v: { pointer: string }) => v.pointer)).toEqual(['/schema/properties/first-name']);
    const res = await designer.post('/api/forms/bad-form/versions/1/publish');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/api/problems/definition-rejected', status: 422 });
    expect(res.body.errors).toEqual([{ pointer: '/schema/properties/first-name', message: expect.stringContaining('starts with a letter') }]);
  });

  it('a date keeps to its earliest and latest days: a draft says so and is kept, a submit is refused, a backwards range is not published', async () => {
    const designer = srv.as('designer');
    await designer.post('/api/forms', { id: 'dated-visit', title: 'Dated visit', category: 'case-record', team: 'qa' });
    const def = sampleDefinition();
    const props = def.schema.properties as Record<string, Record<string, unknown>>;
    Object.assign(props.periodFrom!, { formatMinimum: '2026-04-01', formatMaximum: '2026-03-31' });
    const backwards = await designer.post('/api/forms/dated-visit/versions', { ...def, changeNote: 'wip' });
    expect(backwards.body.violations).toEqual([
      { pointer: '/schema/properties/periodFrom/formatMinimum', message: expect.stringMatching(/earliest date of "Period from" \(2026-04-01\) is after its latest date \(2026-03-31\)/) },
    ]);
    expect((await designer.post('/api/forms/dated-visit/versions/1/publish')).status).toBe(422);
    Object.assign(props.periodFrom!, { formatMinimum: '2025-04-01', formatMaximum: '2026-03-31' });
    const fixed = await designer.put('/api/forms/dated-visit/versions/1', { ...def, changeNote: 'Period from within the year' }, { headers: { 'if-match': backwards.headers.get('etag')! } });
    expect(fixed.status).toBe(200);
    expect((await designer.post('/api/forms/dated-visit/versions/1/publish')).status).toBe(200);

    const worker = srv.as('practitioner');
    const draft = await worker.post('/api/submissions', { formId: 'dated-visit', data: { ...complete, periodFrom: '2025-03-31' }, status: 'draft' }, { headers: { 'idempotency-key': '"k-dated-1"' } });
    expect(draft.status).toBe(201);
    expect(draft.body.advisory).toEqual([expect.objectContaining({ pointer: '/periodFrom', message: 'Period from must be between 1 April 2025 and 31 March 2026.' })]);
    const late = await worker.post('/api/submissions', { formId: 'dated-visit', data: { ...complete, periodFrom: '2026-04-01' }, status: 'submitted' }, { headers: { 'idempotency-key': '"k-dated-2"' } });
    expect(late.status).toBe(422);
    expect(late.body.errors).toEqual([expect.objectContaining({ pointer: '/periodFrom', message: 'Period from must be between 1 April 2025 and 31 March 2026.' })]);
    const inside = await worker.post('/api/submissions', { formId: 'dated-visit', data: { ...complete, periodFrom: '2026-03-31' }, status: 'submitted' }, { headers: { 'idempotency-key': '"k-dated-3"' } });
    expect(inside.status).toBe(201);
  });

  it('a practitioner submits valid data, and invalid data gets every error with a pointer and a sentence', async () => {
    const worker = srv.as('practitioner');
    const ok = await worker.post('/api/submissions', { formId: FORM, subject: { childId: 'C1234567' }, data: complete, status: 'submitted' }, { headers: { 'idempotency-key': '"k-valid-1"' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'submitted', version: 1, data: complete, createdBy: expect.any(String) });
    expect(ok.headers.get('etag')).toBe('"1"');

    const bad = await worker.post(
      '/api/submissions',
      { formId: FORM, data: { ...complete, caseType: 'XX', periodFrom: '2026-02-30', escalatedTo: undefined, actions: [{ action: 'x' }], extra: 1 }, status: 'submitted' },
      { headers: { 'idempotency-key': '"k-invalid-1"' } },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.type).toBe('/api/problems/validation-failed');
    expect(bad.body.detail).toBe('The form cannot be submitted yet: there are 5 problems to fix.');
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/actions/0/dueDate', '/caseType', '/escalatedTo', '/extra', '/periodFrom']);
    expect(bad.body.errors.find((e: { pointer: string }) => e.pointer === '/actions/0/dueDate').message).toBe('Actions, row 1: Enter the due date.');
  });

  it('Idempotency-Key: a retry returns the original, another body with the key is refused, none is a 400', async () => {
    const worker = srv.as('practitioner');
    const body = { formId: FORM, data: complete, status: 'submitted' };
    const first = await worker.post('/api/submissions', body, { headers: { 'idempotency-key': '"k-retry"' } });
    const again = await worker.post('/api/submissions', body, { headers: { 'idempotency-key': '"k-retry"' } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await worker.post('/api/submissions', { ...body, data: { ...complete, childId: 'C999' } }, { headers: { 'idempotency-key': '"k-retry"' } });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/api/problems/idempotency-key-reused');
    const none = await worker.post('/api/submissions', body);
    expect(none.status).toBe(400);
    expect(none.body.type).toBe('/api/problems/idempotency-key-missing');
  });

  it('a draft is saved with If-Match, a stale save is 412, a missing If-Match 428, then it is submitted', async () => {
    const worker = srv.as('practitioner');
    const created = await worker.post('/api/submissions', { formId: FORM, data: { childId: 'C7' }, status: 'draft' }, { headers: { 'idempotency-key': '"k-draft"' } });
    expect(created.status).toBe(201);
    expect(created.body.advisory.map((e: { pointer: string }) => e.pointer)).toEqual(['/caseType']);
    const id = created.body.id;

    const saved = await worker.put(`/api/submissions/${id}`, { data: { ...complete, summary: 'first save' } }, { headers: { 'if-match': '"1"' } });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe('"2"');
    expect((await worker.put(`/api/submissions/${id}`, { data: {} }, { headers: { 'if-match': '"1"' } })).status).toBe(412);
    expect((await worker.put(`/api/submissions/${id}`, { data: {} })).status).toBe(428);
    const unstorable = await worker.put(`/api/submissions/${id}`, { data: { score: 'high' } }, { headers: { 'if-match': '"2"' } });
    expect(unstorable.status).toBe(422);

    const submitted = await worker.post(`/api/submissions/${id}/submit`, undefined, { headers: { 'if-match': '"2"' } });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', revision: 3 });
    expect((await worker.put(`/api/submissions/${id}`, { data: {} }, { headers: { 'if-match': '"3"' } })).status).toBe(409);
  });

  it('a record’s read names its form as it is now (title, category, the answers that show its subject), so its page needs no second request; writes do not', async () => {
    const worker = srv.as('practitioner');
    const draft = await worker.post('/api/submissions', { formId: 'case-supervision', data: {}, status: 'draft' }, { headers: { 'idempotency-key': '"k-form-named"' } });
    expect(draft.status).toBe(201);
    expect(draft.body.form).toBeUndefined();
    const form = (await worker.get('/api/forms/case-supervision')).body;
    const read = await worker.get(`/api/submissions/${draft.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.form).toEqual({ title: form.title, category: form.category, subject: { childId: '/meeting/childId' } });
    expect(read.body.form.title).toMatch(/supervision/i);
  });

  it('lists with filters and pages, showing no answers', async () => {
    const worker = srv.as('practitioner');
    const all = await worker.get(`/api/submissions?formId=${FORM}&limit=2`);
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.items[0].data).toBeUndefined();
    const next = await worker.get(`/api/submissions?formId=${FORM}&limit=2&cursor=${all.body.nextCursor}`);
    expect(next.body.items.map((s: { id: string }) => s.id)).not.toContain(all.body.items[0].id);
    const drafts = await worker.get(`/api/submissions?status=draft&formId=${FORM}`);
    expect(drafts.body.items.every((s: { status: string }) => s.status === 'draft')).toBe(true);
    const bad = await worker.get('/api/submissions?limit=0&status=maybe&from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/query/from', '/query/limit', '/query/status']);
  });

  it('an integrator exports every record as CSV (formula cells made inert) and JSON', async () => {
    const integrator = srv.as('integrator');
    const csv = await integrator.get(`/api/forms/${FORM}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toMatch(/^id,reference,formId,version,status,subject\.childId,childName,subject\.episodeId,subject\.workerId,createdBy,createdAt,submittedBy,submittedAt,childId,caseType,/);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const json = await integrator.get(`/api/forms/${FORM}/export?format=json`);
    expect(Array.isArray(json.body)).toBe(true);
    expect(json.body.length).toBe(lines.length - 1);
    const withFormula = json.body.find((s: { data: { summary?: string } }) => s.data.summary?.includes('=SUM'));
    expect(withFormula).toBeDefined();
    const exported = await srv.running.ctx.store.listEvents({ action: 'submission.exported', limit: 10_000 });
    expect(exported.length).toBe(2 * json.body.length);
  });

  it('serves TypeScript types and the change analysis', async () => {
    const types = await srv.as('integrator').get(`/api/forms/${FORM}/versions/1/types.d.ts`);
    expect(types.status).toBe(200);
    expect(types.text).toMatch(/export (interface|type) HomeVisitRecordV1\b/);
    expect(types.text).toMatch(/actions\?: \{/);
    expect(types.text).toMatch(/export type ChildInNeed = "CIN";/);
    const designer = srv.as('designer');
    await designer.post(`/api/forms/${FORM}/versions`);
    const v2 = await designer.get(`/api/forms/${FORM}/versions/2`);
    const schema = v2.body.schema;
    delete schema.properties.score;
    await designer.put(`/api/forms/${FORM}/versions/2`, { schema, changeNote: 'Score removed' }, { headers: { 'if-match': v2.headers.get('etag')! } });
    const changes = await designer.get(`/api/forms/${FORM}/versions/2/changes?from=1`);
    expect(changes.status).toBe(200);
    expect(changes.body.changes.map((c: { kind: string; path: string }) => [c.kind, c.path])).toContainEqual(['field-removed', '/score']);
  });

  it('writes every change and every read of a record to the event log', async () => {
    const events = await srv.running.ctx.store.listEvents({ limit: 10_000 });
    const actions = new Set(events.map((e) => e.action));
    for (const a of ['form.created', 'version.created', 'version.published', 'submission.submitted', 'submission.created', 'submission.saved', 'submissions.listed', 'submission.exported']) {
      expect(actions, a).toContain(a);
    }
    const worker = srv.as('practitioner');
    const created = await worker.post('/api/submissions', { formId: FORM, data: complete, status: 'submitted' }, { headers: { 'idempotency-key': '"k-read"' } });
    await srv.as('integrator').get(`/api/submissions/${created.body.id}`);
    const reads = await srv.running.ctx.store.listEvents({ entityId: created.body.id, action: 'submission.read' });
    expect(reads).toHaveLength(1);
  });
});
