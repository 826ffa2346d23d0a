/**
 * Issue 13, part 2: questions marked `x-prefill` start a new draft with what the ICS directory says
 * — about the child, the person starting it and the worker a staff record is about — unless the
 * person answered them; a value that would not be a valid answer is left out; the record says
 * what was pre-filled from what. Through the real server on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPractitioner, startTestServer, type Client, type TestServer } from '../support/api.js';
import { linkWorker, loadDirectory } from '../support/directory.js';
import { STORE_KINDS } from '../support/stores.js';

type Json = Record<string, any>;
const FORM = 'prefill-check';

const text = (maxLength: number, prefill?: string) => ({ type: 'string', maxLength, ...(prefill ? { 'x-prefill': prefill } : {}) });
const PROPERTIES: Record<string, Json> = {
  childId: text(20),
  workerId: text(20),
  dateOfBirth: { type: 'string', format: 'date', maxLength: 10, 'x-prefill': 'child.dateOfBirth' },
  legalStatus: { ...text(10, 'child.legalStatus'), oneOf: ['CIN', 'CP', 'CLA'].map((c) => ({ const: c, title: c })) },
  allocatedWorker: text(20, 'child.allocatedWorkerId'),
  allocatedWorkerName: text(100, 'child.allocatedWorkerName'),
  teamName: text(100, 'child.teamName'),
  // "Jordan Smith" is longer than this question takes: left out.
  shortName: text(5, 'child.name'),
  myId: text(20, 'me.workerId'),
  myManagerName: text(100, 'me.managerName'),
  myTeam: text(64, 'me.team'),
  workerName: text(100, 'worker.name'),
  workerManager: text(20, 'worker.managerId'),
};
const schema = { type: 'object', properties: PROPERTIES };
const uischema = { type: 'VerticalLayout', elements: Object.keys(PROPERTIES).map((k) => ({ type: 'Control', scope: `#/properties/${k}` })) };

describe.each(STORE_KINDS)('pre-fill from the directory (%s store)', (kind) => {
  let srv: TestServer;
  /** Priya (W2, managed by W1), to whom C1–C3 are allocated. */
  let w2: Client;
  let n = 0;
  const key = () => ({ headers: { 'idempotency-key': `"prefill-${kind}-${++n}"` } });
  const start = (who: Client, subject: Json, data: Json = {}, status = 'draft') => who.post('/api/submissions', { formId: FORM, subject, data: { ...subject, ...data }, status }, key());

  beforeAll(async () => {
    srv = await startTestServer(kind);
    const designer = srv.as('designer');
    expect((await designer.post('/api/forms', { id: FORM, title: 'Pre-fill check', category: 'other', team: 'cin-north', subject: { childId: '/childId', workerId: '/workerId' } })).status).toBe(201);
    const draft = await designer.post(`/api/forms/${FORM}/versions`, { schema, uischema, changeNote: 'First' });
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body.violations).toEqual([]);
    const published = await designer.post(`/api/forms/${FORM}/versions/1/publish`, { changeNote: 'First' });
    expect(published.status, published.text).toBe(200);
    await loadDirectory(srv.running.ctx.store);
    w2 = await newPractitioner(srv, 'priya.prefill', 'cin-north');
    await linkWorker(srv.running.ctx.store, 'priya.prefill', 'W2');
  });
  afterAll(async () => srv?.close());

  it('a draft about a child gets its date of birth, legal status, allocated worker and team, the starter’s own id, manager and team, and the staff subject’s', async () => {
    const made = await start(w2, { childId: 'C1', workerId: 'W3' });
    expect(made.status, made.text).toBe(201);
    expect(made.body.data).toEqual({
      childId: 'C1',
      workerId: 'W3',
      dateOfBirth: '2015-03-02',
      legalStatus: 'CIN',
      allocatedWorker: 'W2',
      allocatedWorkerName: 'Priya Practitioner',
      teamName: 'Children in need north',
      myId: 'W2',
      myManagerName: 'Maria Manager',
      myTeam: 'cin-north',
      workerName: 'Sam Social-Worker',
      workerManager: 'W1',
    });
    const prefilled = [
      ['/dateOfBirth', 'child.dateOfBirth'],
      ['/legalStatus', 'child.legalStatus'],
      ['/allocatedWorker', 'child.allocatedWorkerId'],
      ['/allocatedWorkerName', 'child.allocatedWorkerName'],
      ['/teamName', 'child.teamName'],
      ['/myId', 'me.workerId'],
      ['/myManagerName', 'me.managerName'],
      ['/myTeam', 'me.team'],
      ['/workerName', 'worker.name'],
      ['/workerManager', 'worker.managerId'],
    ].map(([pointer, source]) => ({ pointer, source }));
    expect(made.body.prefilled).toEqual(prefilled);
    // Kept with the record, and noted in its creation event.
    expect((await w2.get(`/api/submissions/${made.body.id}`)).body.prefilled).toEqual(prefilled);
    const events = await srv.running.ctx.store.listEvents({ entityId: made.body.id, action: 'submission.created' });
    expect(events[0]!.details).toMatchObject({ prefilled });
  });

  it('answers sent win, and a value that is not a valid answer (a legal status not among the options) is left out', async () => {
    const made = await start(w2, { childId: 'C6' }, { dateOfBirth: '2006-02-15', myId: 'W77' });
    expect(made.status, made.text).toBe(201);
    expect(made.body.data).toMatchObject({ dateOfBirth: '2006-02-15', myId: 'W77', allocatedWorker: 'W6', allocatedWorkerName: 'Kim Carer-Worker' });
    // C6 is a care leaver (CL), which this question does not offer.
    expect(made.body.data.legalStatus).toBeUndefined();
    const sources = made.body.prefilled.map((p: Json) => p.source);
    expect(sources).not.toContain('child.dateOfBirth');
    expect(sources).not.toContain('me.workerId');
    expect(sources).not.toContain('child.legalStatus');
  });

  it('a merged child is filled in from the kept record; a person who is no worker gets nothing of their own', async () => {
    const made = await start(srv.as('practitioner'), { childId: 'C7' });
    expect(made.status, made.text).toBe(201);
    expect(made.body.data).toMatchObject({ dateOfBirth: '2015-03-02', legalStatus: 'CIN', allocatedWorker: 'W2' });
    expect(made.body.data.myId).toBeUndefined();
    expect(made.body.data.myTeam).toBeUndefined();
  });

  it('a record created already submitted is not pre-filled: nobody has checked the values', async () => {
    const made = await start(w2, { childId: 'C1' }, {}, 'submitted');
    expect(made.status, made.text).toBe(201);
    expect(made.body.data).toEqual({ childId: 'C1' });
    expect(made.body.prefilled).toBeUndefined();
  });

  it('the shipped case supervision starts with the allocated worker as supervisee, the case type from the legal status and, as supervisor, the line manager of the worker who records it (who signs it off)', async () => {
    const made = await w2.post('/api/submissions', { formId: 'case-supervision', subject: { childId: 'C4' }, data: { meeting: { childId: 'C4' } }, status: 'draft' }, key());
    expect(made.status, made.text).toBe(201);
    expect(made.body.data.meeting).toEqual({ childId: 'C4', superviseeId: 'W3', supervisorId: 'W1', caseType: 'CIN' });
  });
});
