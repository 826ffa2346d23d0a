/**
 * Timeliness stamps through the API, on both stores (issue 15), with the server's clock fixed:
 * a record that completes carries `timeliness` — submitted on a form without stages (created
 * straight away submitted, or a draft submitted), or signed off at its last stage (after being
 * returned for changes and resubmitted) — with the schedule's date answer as doneOn, for a
 * per-record schedule its due date and whether it was on time, and the answers the form measures
 * as they were when it completed (those given at a stage too). Records not yet complete have none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishForm, startTestServer, type TestServer } from '../support/api.js';
import { STORE_KINDS } from '../support/stores.js';
import { randomUUID } from 'node:crypto';
import { absenceSection } from '../support/timeliness-form.js';

const RTW = 'rtw-timed';
const SUP = 'supervision-timed';

const rtwSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    absence: { ...absenceSection(), required: ['interviewDate'] },
  },
  required: ['absence'],
  'x-schedule': { per: 'record', within: { workingDays: 3 }, from: '/absence/returnDate', date: '/absence/interviewDate' },
  'x-measures': { answers: [{ field: '/absence/triggerMet' }] },
};

const supSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    meeting: { type: 'object', title: 'Meeting', properties: { meetingAt: { type: 'string', format: 'date-time', title: 'Date and time of the meeting' }, notes: { type: 'string', title: 'Notes', maxLength: 500 } }, required: ['meetingAt'] },
    decision: {
      type: 'object',
      title: 'Decision',
      properties: { outcome: { type: 'string', title: 'Decision', maxLength: 500 }, planAgreed: { type: 'boolean', title: 'Plan agreed' } },
      required: ['outcome'],
    },
  },
  required: ['meeting'],
  'x-review': { deliverAt: 'final-sign-off', stages: [{ id: 'manager-sign-off', name: 'Manager sign-off', actor: { role: 'manager', relationship: 'line-manager' }, dueWorkingDays: 5, section: 'decision' }] },
  'x-schedule': { per: 'child', every: { workingDays: 20 }, date: '/meeting/meetingAt' },
  'x-measures': { answers: [{ field: '/decision/planAgreed' }] },
};

const ui = (keys: string[]) => ({ type: 'VerticalLayout', elements: keys.map((k) => ({ type: 'Control', scope: `#/properties/${k}` })) });

describe.each(STORE_KINDS)('timeliness stamp on completed records (%s store)', (kind) => {
  let srv: TestServer;
  const setClock = (iso: string) => (srv.running.ctx.now = () => new Date(iso));

  beforeAll(async () => {
    srv = await startTestServer(kind, { demoDirectory: true });
    await publishForm(srv, { id: RTW, title: 'Return to work, timed', category: 'return-to-work', team: 'children-in-need-north' }, { schema: rtwSchema, uischema: ui(['absence']) });
    await publishForm(srv, { id: SUP, title: 'Supervision, timed', category: 'supervision', team: 'children-in-need-north', subject: { childId: '' } }, { schema: supSchema, uischema: ui(['meeting', 'decision']) });
  });
  afterAll(async () => {
    await srv?.close();
  });

  const ifMatch = (rev: number) => ({ headers: { 'if-match': `"${rev}"` } });
  const fresh = () => ({ headers: { 'idempotency-key': `"${randomUUID()}"` } });

  it('stamps a record created already submitted on a form without stages: on time within 3 working days of the return date (over Easter)', async () => {
    setClock('2026-04-10T09:00:00Z');
    const res = await srv.as('practitioner').post('/api/submissions', { formId: RTW, data: { absence: { returnDate: '2026-04-02', interviewDate: '2026-04-09' } }, status: 'submitted' }, fresh());
    expect(res.status, res.text).toBe(201);
    // The measured answer was not given: measured all the same, as null.
    expect(res.body.timeliness).toEqual({ doneOn: '2026-04-09', month: '2026-04', completedAt: '2026-04-10T09:00:00.000Z', daysToComplete: 0, dueOn: '2026-04-09', onTime: true, measures: { absence__triggerMet: null } });
    expect((await srv.as('practitioner').get(`/api/submissions/${res.body.id}`)).body.timeliness).toEqual(res.body.timeliness);
  });

  it('stamps a draft when it is submitted (none while a draft), late a day after it was due, with the days it took', async () => {
    setClock('2026-04-08T16:00:00Z');
    const draft = await srv.as('practitioner').post('/api/submissions', { formId: RTW, data: { absence: { returnDate: '2026-04-02', interviewDate: '2026-04-10', triggerMet: true } }, status: 'draft' }, fresh());
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body.timeliness).toBeUndefined();
    setClock('2026-04-13T10:00:00+01:00');
    const done = await srv.as('practitioner').post(`/api/submissions/${draft.body.id}/submit`, {}, ifMatch(draft.body.revision));
    expect(done.status, done.text).toBe(200);
    expect(done.body.timeliness).toEqual({ doneOn: '2026-04-10', month: '2026-04', completedAt: '2026-04-13T09:00:00.000Z', daysToComplete: 5, dueOn: '2026-04-09', onTime: false, measures: { absence__triggerMet: true } });
  });

  it('stamps a record with stages only at its final sign-off, after being returned and resubmitted, with the London date of the meeting', async () => {
    setClock('2026-06-29T09:00:00Z');
    const practitioner = srv.as('practitioner');
    const manager = srv.as('manager');
    const s = await practitioner.post('/api/submissions', { formId: SUP, subject: { childId: 'C9990001' }, data: { meeting: { meetingAt: '2026-06-30T23:30:00Z' } }, status: 'submitted' }, fresh());
    expect(s.status, s.text).toBe(201);
    expect(s.body.timeliness).toBeUndefined();
    setClock('2026-07-01T09:00:00Z');
    const returned = await manager.post(`/api/submissions/${s.body.id}/review/return`, { stage: 'manager-sign-off', reason: 'Add the notes.' }, ifMatch(s.body.revision));
    expect(returned.status, returned.text).toBe(200);
    expect(returned.body.timeliness).toBeUndefined();
    const again = await practitioner.post(`/api/submissions/${s.body.id}/submit`, { data: { meeting: { meetingAt: '2026-06-30T23:30:00Z', notes: 'Notes added.' } } }, ifMatch(returned.body.revision));
    expect(again.status, again.text).toBe(200);
    expect(again.body.timeliness).toBeUndefined();
    setClock('2026-07-03T15:00:00Z');
    const signed = await manager.post(`/api/submissions/${s.body.id}/review/sign`, { stage: 'manager-sign-off', data: { outcome: 'Agreed.', planAgreed: false } }, ifMatch(again.body.revision));
    expect(signed.status, signed.text).toBe(200);
    expect(signed.body.review.state).toBe('complete');
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    // The measured answer is the manager's, given at the sign-off.
    expect(signed.body.timeliness).toEqual({ doneOn: '2026-07-01', month: '2026-07', completedAt: '2026-07-03T15:00:00.000Z', daysToComplete: 4, measures: { decision__planAgreed: false } });
    expect((await manager.get(`/api/submissions/${s.body.id}`)).body.timeliness).toEqual(signed.body.timeliness);
  });
});
