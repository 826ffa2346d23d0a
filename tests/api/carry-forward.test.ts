/**
 * Issue 12, item 3: a new draft starts with answers carried forward from the latest submitted
 * record about the same child (or worker) that the person may read, with where they came from.
 * Through the real server on both stores, with the shipped case supervision template.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPractitioner, startTestServer, type Client, type TestServer } from '../support/api.js';
import { STORE_KINDS } from '../support/stores.js';

type Json = Record<string, any>;
const fixture = (name: string): Json => JSON.parse(readFileSync(new URL(`../schemas/fixtures/case-supervision/${name}.json`, import.meta.url), 'utf8'));

/** A valid case supervision about `childId`, held at `meetingAt`, agreeing `actions`. */
function supervision(childId: string, meetingAt: string, actions: Json[]): Json {
  const d = fixture('valid-planned-child-protection');
  d.meeting.childId = childId;
  d.meeting.meetingAt = meetingAt;
  delete d.meeting.lastCaseSupervisionOn;
  d.nextSteps.actions = actions;
  return d;
}

const ACTIONS = [
  { action: 'Write to the father offering the programme.', ownerId: 'W20931', dueDate: '2026-10-21' },
  { action: 'Ask the family centre for contact records.', ownerId: 'W33490', dueDate: '2026-10-16' },
];

describe.each(STORE_KINDS)('carry-forward (%s store)', (kind) => {
  let srv: TestServer;
  /** A second practitioner, in the same team (practitioners read only their own records). */
  let other: Client;
  let n = 0;
  const key = () => ({ headers: { 'idempotency-key': `"carry-${kind}-${++n}"` } });

  beforeAll(async () => {
    srv = await startTestServer(kind);
    other = await newPractitioner(srv, 'olu.other', 'children-in-need-north');
  });
  afterAll(async () => srv?.close());

  async function submit(who: Client, data: Json): Promise<Json> {
    const res = await who.post('/api/submissions', { formId: 'case-supervision', subject: { childId: data.meeting.childId }, data, status: 'submitted' }, key());
    expect(res.status, res.text).toBe(201);
    return res.body;
  }
  async function start(who: Client, childId: string, data: Json = { meeting: { childId } }): Promise<Json> {
    const res = await who.post('/api/submissions', { formId: 'case-supervision', subject: { childId }, data, status: 'draft' }, key());
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  it('a second supervision for the same child starts with the last date and the previous actions, and says where they came from', async () => {
    const me = srv.as('practitioner');
    await submit(me, supervision('P100', '2026-09-02T10:00:00+01:00', [{ action: 'An older action.', ownerId: 'W1', dueDate: '2026-09-20' }]));
    const last = await submit(me, supervision('P100', '2026-10-03T14:30:00+01:00', ACTIONS));
    const draft = await start(me, 'P100');
    expect(draft.data.meeting).toEqual({ childId: 'P100', lastCaseSupervisionOn: '2026-10-03' });
    // The rows keep what a previous action has (action, owner, due date); its status is not "Progress".
    expect(draft.data.previousActions).toEqual(ACTIONS.map(({ action, ownerId, dueDate }) => ({ action, ownerId, dueDate })));
    const from = { id: last.id, formId: 'case-supervision', version: 1, submittedAt: last.submittedAt };
    expect(draft.carriedForward).toEqual([
      { pointer: '/meeting/lastCaseSupervisionOn', from: expect.objectContaining(from) },
      { pointer: '/previousActions', from: expect.objectContaining(from) },
    ]);
    // Stored as such, the progress on each still to record before it can be submitted.
    const read = await me.get(`/api/submissions/${draft.id}`);
    expect(read.body.carriedForward).toEqual(draft.carriedForward);
    expect(read.body.advisory.map((a: Json) => a.pointer)).toContain('/previousActions/0/progress');
    const events = await srv.running.ctx.store.listEvents({ entityId: draft.id });
    expect(events.find((e) => e.action === 'submission.created')?.details).toMatchObject({ carriedForward: [{ pointer: '/meeting/lastCaseSupervisionOn', from: last.id }, { pointer: '/previousActions', from: last.id }] });
  });

  it('never uses a record the person may not read: another practitioner’s newer one is passed over', async () => {
    const me = srv.as('practitioner');
    const mine = await submit(me, supervision('P200', '2026-09-10T09:00:00+01:00', ACTIONS.slice(0, 1)));
    await submit(other, supervision('P200', '2026-10-12T09:00:00+01:00', ACTIONS));
    const draft = await start(me, 'P200');
    expect(draft.data.meeting.lastCaseSupervisionOn).toBe('2026-09-10');
    expect(draft.data.previousActions).toHaveLength(1);
    expect(draft.carriedForward.every((c: Json) => c.from.id === mine.id)).toBe(true);
    // A child only someone else has records about: nothing is carried.
    await submit(other, supervision('P201', '2026-10-12T09:00:00+01:00', ACTIONS));
    const none = await start(me, 'P201');
    expect(none.data).toEqual({ meeting: { childId: 'P201' } });
    expect(none.carriedForward).toBeUndefined();
  });

  it('a different child gets nothing, and a draft never names whose record it would be', async () => {
    const me = srv.as('practitioner');
    await submit(me, supervision('P300', '2026-10-01T09:00:00+01:00', ACTIONS));
    const draft = await start(me, 'P301');
    expect(draft.data).toEqual({ meeting: { childId: 'P301' } });
    expect(draft.carriedForward).toBeUndefined();
  });

  it('answers the person sent win over carried ones', async () => {
    const me = srv.as('practitioner');
    await submit(me, supervision('P400', '2026-10-01T09:00:00+01:00', ACTIONS));
    const draft = await start(me, 'P400', { meeting: { childId: 'P400', lastCaseSupervisionOn: '2026-10-02' } });
    expect(draft.data.meeting.lastCaseSupervisionOn).toBe('2026-10-02');
    expect(draft.data.previousActions).toHaveLength(2);
    expect(draft.carriedForward.map((c: Json) => c.pointer)).toEqual(['/previousActions']);
  });

  it('a staff form carries forward by the worker, and leaves out answers that would not be valid here', async () => {
    const designer = srv.as('designer');
    const made = await designer.post('/api/forms', { id: 'carry-check-in', title: 'Check-in', category: 'other', team: 'hr', subject: { workerId: '/workerId' } });
    expect(made.status, made.text).toBe(201);
    const schema = {
      type: 'object',
      properties: {
        workerId: { type: 'string', title: 'Worker id', maxLength: 20 },
        goal: { type: 'string', title: 'Goal', maxLength: 200 },
        lastGoal: { type: 'string', title: 'Last goal', maxLength: 200, 'x-carry-forward': { from: '/goal' } },
        shortGoal: { type: 'string', title: 'Goal in brief', maxLength: 10, 'x-carry-forward': { from: '/goal', form: 'carry-check-in' } },
      },
    };
    const uischema = { type: 'VerticalLayout', elements: ['workerId', 'goal', 'lastGoal', 'shortGoal'].map((k) => ({ type: 'Control', scope: `#/properties/${k}` })) };
    const v = await designer.post('/api/forms/carry-check-in/versions', { schema, uischema, changeNote: 'First' });
    expect(v.status, v.text).toBe(201);
    expect(v.body.violations).toEqual([]);
    expect((await designer.post('/api/forms/carry-check-in/versions/1/publish')).status).toBe(200);
    const me = srv.as('practitioner');
    const post = (workerId: string, data: Json, status: string) => me.post('/api/submissions', { formId: 'carry-check-in', subject: { workerId }, data: { workerId, ...data }, status }, key());
    expect((await post('W77', { goal: 'Finish the audit backlog by Friday' }, 'submitted')).status).toBe(201);
    expect((await post('W78', { goal: 'Someone else' }, 'submitted')).status).toBe(201);
    const draft = await post('W77', {}, 'draft');
    expect(draft.status, draft.text).toBe(201);
    // The goal is too long for "Goal in brief" (10 characters), so it is not carried there.
    expect(draft.body.data).toEqual({ workerId: 'W77', lastGoal: 'Finish the audit backlog by Friday' });
    expect(draft.body.carriedForward.map((c: Json) => c.pointer)).toEqual(['/lastGoal']);
  });
});
