/**
 * The ICS sync end to end through the real service on both stores: an integrator configures a
 * connector and a mapping through the API, practitioners submit, and the ICS simulator (a real
 * HTTP server) receives signed envelopes — through failures, rejections, pauses and replays, in
 * order per child, never twice. Also: publishing a version that would break a mapping is refused.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyFolder } from '../../engine/sync/connectors/file-drop-verify.js';
import { checkInput } from '../../engine/validation/requests.js';
import { startTestServer, type TestServer } from '../support/api.js';
import { act, startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { STORE_KINDS } from '../support/stores.js';
import { FORM_ID, SECRET, VISIT_MAPPING, VISIT_SCHEMA, VISIT_UISCHEMA, connectHttp, eventually, publishVisitForm, submitVisit } from '../support/sync.js';

describe.each(STORE_KINDS)('ICS sync through the service (%s store)', (kind) => {
  let srv: TestServer;
  let sim: IcsSimulator;

  beforeAll(async () => {
    srv = await startTestServer(kind);
    sim = await startIcsSimulator({ secret: SECRET });
    await publishVisitForm(srv);
  });
  afterAll(async () => {
    await srv?.close();
    await sim?.close();
  });
  afterEach(() => sim.reset());

  const integrator = () => srv.as('integrator');
  const deliveriesOf = async (submissionId: string) => (await integrator().get(`/api/sync/deliveries?submissionId=${submissionId}`)).body.items as Array<Record<string, any>>;

  it('delivers a submitted record once, signed, with the mapped ICS fields, and keeps the ICS record id', async () => {
    await connectHttp(srv, sim);
    const id = await submitVisit(srv, 6, 'C-100');
    const [d] = await eventually(() => deliveriesOf(id), (ds) => ds.length === 1 && ds[0]!.state === 'delivered');
    expect(sim.records).toHaveLength(1);
    const rec = sim.records[0]!;
    expect(d!.result).toEqual({ status: 201, recordId: rec.recordId });
    expect(rec.headers['idempotency-key']).toBe(`"${id}"`); // an sf-string, as the Idempotency-Key draft has it
    expect(sim.requests[0]!.signature).toBe('ok');
    const envelope = checkInput('ics-envelope', rec.envelope, 'envelope');
    expect(envelope).toMatchObject({ envelope: 'caseforms.ics/1', submissionId: id, formId: FORM_ID, formVersion: 1, subject: { childId: 'C-100' }, submittedBy: srv.demo.practitioner.username });
    expect(envelope.fields).toEqual({
      RECORD_TYPE: 'HOME_VISIT',
      CHILD_NAME: 'Child 6',
      VISIT_DATE: '27/03/2026',
      SEEN_ALONE: 'Y',
      VISIT_TYPE: 'HV-UNA',
      VISIT_TYPE_TEXT: 'Unannounced',
      CASE_NOTE: 'Observations\nObserved 6, with "quotes", commas, and a\nnew line',
      ACTIONS: [{ TEXT: 'Follow up 6', DUE: '10/04/2026' }],
    });
    // The same record is never sent again on its own.
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.received).toBe(1);

    const metrics = await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${srv.demo.integrator.token}` } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/caseforms_deliveries_total\{connector="ics-http",outcome="delivered"\} 1\b/);
    expect(text).toMatch(/caseforms_outbox_entries\{connector="ics-http",state="delivered"\} 1\b/);
    expect(text).toMatch(/caseforms_delivery_latency_seconds_count\{connector="ics-http"\} 1\b/);
    expect((await fetch(`${srv.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${srv.demo.practitioner.token}` } })).status).toBe(403);
  });

  it('retries a failing ICS with backoff, honours Retry-After, and delivers once it recovers', async () => {
    sim.behave(act.fail(503), { childId: 'C-201', times: 2 });
    sim.behave(act.tooMany(1), { childId: 'C-201', times: 1 });
    const id2 = await submitVisit(srv, 8, 'C-201');
    const [d] = await eventually(() => deliveriesOf(id2), (ds) => ds[0]?.state === 'delivered');
    expect(d!.attempts).toBe(4);
    const attempts = sim.requests.filter((r) => r.submissionId === id2);
    expect(attempts.map((r) => r.status)).toEqual([503, 503, 429, 201]);
    // Retry-After: 1 means the fourth attempt came at least a second after the third.
    expect(Date.parse(attempts[3]!.at) - Date.parse(attempts[2]!.at)).toBeGreaterThanOrEqual(950);
    expect(attempts.map((r) => r.headers['caseforms-attempt'])).toEqual(['1', '2', '3', '4']);
    expect(sim.records.filter((r) => r.submissionId === id2)).toHaveLength(1);
  });

  it('dead-letters a record the ICS refuses, with its reason, and a replay delivers it once the cause is fixed', async () => {
    sim.behave(act.problem(400, 'Unknown child', 'No child C-404 in the ICS'), { childId: 'C-404', times: 1 });
    const id = await submitVisit(srv, 9, 'C-404');
    const [dead] = await eventually(() => deliveriesOf(id), (ds) => ds[0]?.state === 'dead');
    expect(dead!.lastError).toMatch(/No child C-404 in the ICS/);
    expect(dead!.attempts).toBe(1);
    const letters = await integrator().get('/api/sync/deliveries?connector=ics-http&state=dead');
    expect(letters.body.items.map((e: { submissionId: string }) => e.submissionId)).toContain(id);
    const figures = await integrator().get('/api/sync/figures');
    expect(figures.body.items.find((f: { connector: string }) => f.connector === 'ics-http').counts.dead).toBeGreaterThanOrEqual(1);

    const replayed = await integrator().post('/api/sync/replay', { connector: 'ics-http', state: 'dead' });
    expect(replayed.status).toBe(200);
    expect(replayed.body.replayed).toBeGreaterThanOrEqual(1);
    await eventually(() => deliveriesOf(id), (ds) => ds[0]?.state === 'delivered');
    expect(sim.records.filter((r) => r.submissionId === id)).toHaveLength(1);
    // A replay of something delivered needs force, and even then the ICS keeps one record.
    const again = await integrator().post('/api/sync/replay', { ids: [dead!.id] });
    expect(again.body.items[0].problem).toMatch(/delivered/);
    await integrator().post('/api/sync/replay', { ids: [dead!.id], force: true });
    await sim.until((s) => s.requests.filter((r) => r.submissionId === id).length === 3);
    await eventually(() => deliveriesOf(id), (ds) => ds[0]?.state === 'delivered');
    expect(sim.records.filter((r) => r.submissionId === id)).toHaveLength(1);
    expect(sim.records.find((r) => r.submissionId === id)!.repeats).toBe(1);
  });

  it("keeps one child's records in submission order while an earlier one is retrying; other children are not held up", async () => {
    // C-300's ICS record is refused for now (429, try again in a second) until the test lets it through.
    const refusing = sim.behave(act.tooMany(1), { childId: 'C-300' });
    const first = await submitVisit(srv, 10, 'C-300');
    const second = await submitVisit(srv, 11, 'C-300');
    const third = await submitVisit(srv, 12, 'C-300');
    const other = await submitVisit(srv, 13, 'C-301');
    // Another child's record goes through while C-300's first is retrying…
    await eventually(() => deliveriesOf(other), (ds) => ds[0]?.state === 'delivered');
    await sim.until((s) => s.requests.filter((r) => r.submissionId === first).length >= 2);
    expect(sim.recordsForChild('C-300')).toEqual([]);
    // …and C-300's later records have not even been tried.
    expect(sim.requests.filter((r) => r.submissionId === second || r.submissionId === third)).toEqual([]);
    expect((await deliveriesOf(second))[0]!.state).toBe('pending');
    refusing.cancel();
    await eventually(() => deliveriesOf(third), (ds) => ds[0]?.state === 'delivered');
    expect(sim.recordsForChild('C-300').map((r) => r.submissionId)).toEqual([first, second, third]);
    expect(sim.orderViolations()).toEqual([]);
  });

  it('a paused connector keeps its queue and delivers it on resume', async () => {
    const paused = await integrator().post('/api/sync/connectors/ics-http/pause');
    expect(paused.body.paused).toBe(true);
    const id = await submitVisit(srv, 14, 'C-400');
    await new Promise((r) => setTimeout(r, 400));
    expect(sim.received).toBe(0);
    const list = await integrator().get('/api/sync/connectors');
    const c = list.body.items.find((x: { id: string }) => x.id === 'ics-http');
    expect(c.paused).toBe(true);
    expect(c.queue.counts.pending).toBeGreaterThanOrEqual(1);
    expect(c.queue.oldestWaitingSince).not.toBeNull();
    await integrator().post('/api/sync/connectors/ics-http/resume');
    await eventually(() => deliveriesOf(id), (ds) => ds[0]?.state === 'delivered');
    expect(sim.records.map((r) => r.submissionId)).toEqual([id]);
  });

  it('refuses a mapping that does not fit the form, pointing at each problem', async () => {
    const bad = await integrator().put('/api/sync/connectors/ics-http/mappings/home-visit/1', {
      fields: [
        { target: 'A', from: '/nothingHere' },
        { target: 'B', from: '/childName', as: 'flag' },
        { target: 'B', from: '/visitDate', as: 'code' },
        { target: 'C', from: '/seenAlone', value: 'x' },
      ],
    }, { headers: { 'if-match': '"1"' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/fields/3' })]);
    const misfit = await integrator().put('/api/sync/connectors/ics-http/mappings/home-visit/1', {
      fields: [
        { target: 'A', from: '/nothingHere' },
        { target: 'B', from: '/childName', as: 'flag' },
        { target: 'B', from: '/visitDate', as: 'code' },
      ],
    }, { headers: { 'if-match': '"1"' } });
    expect(misfit.status).toBe(422);
    expect(misfit.body.type).toBe('/api/problems/mapping-rejected');
    const byPointer = Object.fromEntries(misfit.body.errors.map((e: { pointer: string; message: string }) => [e.pointer, e.message]));
    expect(byPointer['/fields/0/from']).toMatch(/no question at “\/nothingHere”/);
    expect(byPointer['/fields/1/from']).toMatch(/flag from a yes\/no answer.*Child's name.*is text/);
    expect(byPointer['/fields/2/target']).toMatch(/mapped twice/);
    expect(byPointer['/fields/2/from']).toMatch(/choice's code.*Date of visit.*is a date/);
    // Replacing the mapping needs its ETag.
    const noIfMatch = await integrator().put('/api/sync/connectors/ics-http/mappings/home-visit/1', VISIT_MAPPING);
    expect(noIfMatch.status).toBe(428);
  });

  it('refuses to publish a version that would break a mapping, naming it; a mapping for the new version lets it through', async () => {
    const designer = srv.as('designer');
    const { seenAlone: _gone, ...props } = VISIT_SCHEMA.properties;
    const schema = { ...VISIT_SCHEMA, properties: { ...props, visitDate: { type: 'string', title: 'Date of visit', maxLength: 50 } }, required: ['visitDate', 'visitType'] };
    const uischema = { ...VISIT_UISCHEMA, elements: VISIT_UISCHEMA.elements.filter((e) => e.scope !== '#/properties/seenAlone') };
    const draft = await designer.post(`/api/forms/${FORM_ID}/versions`, { schema, uischema, changeNote: 'Drop seen alone' });
    expect(draft.status, draft.text).toBe(201);
    const refused = await designer.post(`/api/forms/${FORM_ID}/versions/2/publish`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/would break/);
    const messages = refused.body.errors.map((e: { message: string }) => e.message).join('\n');
    expect(messages).toMatch(/removes “Was the child seen alone\?”, which the “ics-http” mapping \(made for version 1\) sends as “SEEN_ALONE”/);
    expect(messages).toMatch(/changes “Date of visit” from a date to text/);
    expect((await designer.get(`/api/forms/${FORM_ID}/versions/2`)).body.status).toBe('draft');
    // The designer's publish step is told the same before anyone presses Publish.
    const impact = await designer.get(`/api/forms/${FORM_ID}/versions/2/impact`);
    expect(impact.body.deliveryBlockers.map((b: { message: string }) => b.message)).toEqual(refused.body.errors.map((e: { message: string }) => e.message));

    const fields = VISIT_MAPPING.fields.filter((f) => f.target !== 'SEEN_ALONE').map((f) => (f.target === 'VISIT_DATE' ? { target: 'VISIT_DATE', from: '/visitDate' } : f));
    const forV2 = await integrator().put(`/api/sync/connectors/ics-http/mappings/${FORM_ID}/2`, { fields });
    expect(forV2.status, forV2.text).toBe(201);
    expect((await designer.get(`/api/forms/${FORM_ID}/versions/2/impact`)).body.deliveryBlockers).toEqual([]);
    const published = await designer.post(`/api/forms/${FORM_ID}/versions/2/publish`, {});
    expect(published.status, published.text).toBe(200);
    // Records of version 1 still go through version 1's mapping.
    const mappings = await integrator().get('/api/sync/connectors/ics-http/mappings');
    expect(mappings.body.items.map((m: { version: number }) => m.version)).toEqual([1, 2]);
  });

  it('drops batches into a folder through a file-drop connector: complete and verifiable', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'caseforms-drop-'));
    const c = await integrator().post('/api/sync/connectors', { id: 'ics-files', kind: 'file-drop', title: 'ICS batch import', settings: { folder }, retry: { maxAttempts: 3, baseMs: 20, maxMs: 100 } });
    expect(c.status, c.text).toBe(201);
    const fields = VISIT_MAPPING.fields.filter((f) => f.target !== 'SEEN_ALONE').map((f) => (f.target === 'VISIT_DATE' ? { target: 'VISIT_DATE', from: '/visitDate' } : f));
    expect((await integrator().put(`/api/sync/connectors/ics-files/mappings/${FORM_ID}/2`, { fields })).status).toBe(201);
    const ids: string[] = [];
    for (let n = 20; n < 26; n++) {
      const res = await srv
        .as('practitioner')
        .post('/api/submissions', { formId: FORM_ID, subject: { childId: `C-5${n}` }, data: { visitDate: 'around 27 March', visitType: 'HV-ANN', childName: `=HYPERLINK("x") ${n}` }, status: 'submitted' }, { headers: { 'idempotency-key': `"drop-${n}"` } });
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.id);
    }
    for (const id of ids) await eventually(() => deliveriesOf(id), (ds) => ds.some((d) => d.connector === 'ics-files' && d.state === 'delivered'));
    const batches = await verifyFolder(folder);
    expect(batches.every((b) => b.ok)).toBe(true);
    const sent = batches.flatMap((b) => b.batch!.submissionIds);
    expect(sent.sort()).toEqual([...ids].sort());
    const bad = await integrator().post('/api/sync/connectors', { id: 'ics-nowhere', kind: 'file-drop', title: 'x', settings: { folder: join(folder, 'missing', 'deeper') } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('/settings/folder');
  });

  it('refuses connectors with bad settings or secrets in them, and an unknown kind', async () => {
    const noSecret = await integrator().post('/api/sync/connectors', { id: 'ics-nosecret', kind: 'http', title: 'x', settings: { url: sim.url, secretEnv: 'CASEFORMS_SECRET_NOT_SET_ANYWHERE' } });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/settings/secretEnv');
    expect(noSecret.text).not.toContain(SECRET);
    const creds = await integrator().post('/api/sync/connectors', { id: 'ics-creds', kind: 'http', title: 'x', settings: { url: 'https://user:pw@ics.example/records', secretEnv: 'CASEFORMS_SECRET_TEST_ICS' } });
    expect(creds.status).toBe(400);
    expect(creds.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/settings/url');
    const kindless = await integrator().post('/api/sync/connectors', { id: 'ics-soap', kind: 'soap', title: 'x', settings: {} });
    expect(kindless.status).toBe(400);
    expect(kindless.body.errors[0]).toMatchObject({ pointer: '/kind' });
    const kinds = await integrator().get('/api/sync/kinds');
    expect(kinds.body.items.map((k: { kind: string }) => k.kind).sort()).toEqual(['file-drop', 'http']);
  });
});
