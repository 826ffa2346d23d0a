/**
 * Where a submitted record went, as its readers see it (GET /api/submissions/{id} and the submit
 * answers): waiting, then delivered with the ICS's own record id, or failed; nothing for a form
 * no connector maps; never a connector's settings or a failure's text. Through the real service
 * on both stores, delivering to the ICS simulator (a real HTTP receiver).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestServer, type TestServer } from '../support/api.js';
import { act, startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { STORE_KINDS } from '../support/stores.js';
import { FORM_ID, SECRET, SECRET_ENV, connectHttp, eventually, publishVisitForm, submitVisit, visitData } from '../support/sync.js';

const UNMAPPED = 'visit-unmapped';

describe.each(STORE_KINDS)('a submitted record says where it went (%s store)', (kind) => {
  let srv: TestServer;
  let sim: IcsSimulator;

  beforeAll(async () => {
    srv = await startTestServer(kind);
    sim = await startIcsSimulator({ secret: SECRET });
    await publishVisitForm(srv);
    await publishVisitForm(srv, UNMAPPED);
    await connectHttp(srv, sim);
  });
  afterAll(async () => {
    await srv?.close();
    await sim?.close();
  });
  afterEach(() => sim.reset());

  const practitioner = () => srv.as('practitioner');
  const read = async (id: string, who: Client = practitioner()) => (await who.get(`/api/submissions/${id}`)).body;
  /** Nothing a practitioner should see about the ICS's plumbing or a failure's technical text. */
  const expectNoInternals = (text: string) => {
    for (const secretish of [sim.url, '127.0.0.1', SECRET_ENV, SECRET, 'Unknown child', 'secret-internal-host', 'lastError', 'attempts', 'leaseOwner']) expect(text).not.toContain(secretish);
  };

  it('waiting while the connector is paused, then delivered with the ICS record id the receiver answered', async () => {
    await srv.as('integrator').post('/api/sync/connectors/ics-http/pause');
    const made = await practitioner().post('/api/submissions', { formId: FORM_ID, subject: { childId: 'C-D1' }, data: visitData(1), status: 'submitted' }, { headers: { 'idempotency-key': '"deliv-1"' } });
    expect(made.status, made.text).toBe(201);
    // The confirmation page has it at once, from the submit's own answer.
    expect(made.body.delivery).toEqual({ toIcs: true, connectors: [{ connector: 'ics-http', title: 'ICS (test simulator)', state: 'waiting' }] });
    const id = made.body.id as string;
    expect((await read(id)).delivery).toEqual(made.body.delivery);

    await srv.as('integrator').post('/api/sync/connectors/ics-http/resume');
    const done = await eventually(() => read(id), (r) => r.delivery.connectors[0].state === 'delivered');
    const [rec] = sim.records;
    expect(rec!.submissionId).toBe(id);
    expect(done.delivery).toEqual({
      toIcs: true,
      connectors: [{ connector: 'ics-http', title: 'ICS (test simulator)', state: 'delivered', icsRecordId: rec!.recordId, deliveredAt: expect.any(String) }],
    });
    expect(Date.parse(done.delivery.connectors[0].deliveredAt)).toBeGreaterThan(Date.now() - 60_000);
    expectNoInternals(JSON.stringify(done));

    // Everyone who may read the record sees it; nobody else gets it (nor anything else).
    expect((await read(id, srv.as('manager'))).delivery).toEqual(done.delivery);
    expect((await read(id, srv.as('integrator'))).delivery).toEqual(done.delivery);
    const designer = await srv.as('designer').get(`/api/submissions/${id}`);
    expect(designer.status).toBe(403);
    expect(designer.text).not.toContain('delivery');
  });

  it('a draft submitted later: the submit answers where it goes; a draft itself has no delivery', async () => {
    const draft = await practitioner().post('/api/submissions', { formId: FORM_ID, subject: { childId: 'C-D2' }, data: { childName: 'Draft' }, status: 'draft' }, { headers: { 'idempotency-key': '"deliv-2"' } });
    expect(draft.body.delivery).toBeUndefined();
    expect((await read(draft.body.id)).delivery).toBeUndefined();
    const submitted = await practitioner().post(`/api/submissions/${draft.body.id}/submit`, { data: visitData(2) }, { headers: { 'if-match': '"1"' } });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body.delivery.toIcs).toBe(true);
    expect(submitted.body.delivery.connectors).toEqual([expect.objectContaining({ connector: 'ics-http', state: expect.stringMatching(/^(waiting|delivered)$/) })]);
    await eventually(() => read(draft.body.id), (r) => r.delivery.connectors[0].state === 'delivered');
  });

  it('a form no connector maps stays in Caseforms: toIcs false, no connectors', async () => {
    const id = await submitVisit(srv, 3, 'C-D3', UNMAPPED);
    const body = await read(id);
    expect(body.delivery).toEqual({ toIcs: false, connectors: [] });
    const created = await practitioner().post('/api/submissions', { formId: UNMAPPED, data: visitData(4), status: 'submitted' }, { headers: { 'idempotency-key': '"deliv-4"' } });
    expect(created.body.delivery).toEqual({ toIcs: false, connectors: [] });
  });

  it('a record the ICS refuses for good is failed, without the receiver’s words or the address', async () => {
    sim.behave(act.problem(400, 'Unknown child', 'No child C-D5 at secret-internal-host:8443/ics; SQL said so'), { childId: 'C-D5', times: 1 });
    const id = await submitVisit(srv, 5, 'C-D5');
    const failed = await eventually(() => read(id), (r) => r.delivery.connectors[0].state === 'failed');
    expect(failed.delivery).toEqual({ toIcs: true, connectors: [{ connector: 'ics-http', title: 'ICS (test simulator)', state: 'failed' }] });
    expectNoInternals(JSON.stringify(failed));
    // Integrators still have the reason where they work on it.
    const letters = await srv.as('integrator').get(`/api/sync/deliveries?submissionId=${id}`);
    expect(letters.body.items[0].lastError).toMatch(/Unknown child/);
    // Replayed once the cause is fixed: waiting again, then delivered.
    await srv.as('integrator').post('/api/sync/replay', { ids: [letters.body.items[0].id] });
    const done = await eventually(() => read(id), (r) => r.delivery.connectors[0].state === 'delivered');
    expect(done.delivery.connectors[0].icsRecordId).toBe(sim.records.find((r) => r.submissionId === id)!.recordId);
  });
});
