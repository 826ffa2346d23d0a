/**
 * Dashboards through the API, on both stores (issue 15), with the server's clock fixed at
 * Wednesday 15 July 2026 and the demo directory (children in need north: 12 allocated children,
 * one restricted). Numbers are checked exactly, and each against the list behind it: every child
 * is overdue for case supervision until a supervision about them is signed off; an overdue action
 * counts for its owner's team; a return-to-work interview held within 3 working days counts as in
 * time. Scope: a manager their team, a head of service their service area, QA every team;
 * practitioners none; a team outside the scope and a bad range are refused naming the parameter.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../engine/forms/calculations/dates.js';
import { newAccount, publishForm, startTestServer, type Client, type TestServer } from '../support/api.js';
import { STORE_KINDS } from '../support/stores.js';
import { VISIT_SCHEMA, VISIT_UISCHEMA } from '../support/sync.js';

const SUP = 'case-supervision-dash';
const VISIT = 'visit-with-actions';
const RTW = 'return-to-work-dash';
const TEAM = 'children-in-need-north';
/** Allocated children of children in need north, not merged (C9990020 is merged and unallocated). */
const TEAM_CHILDREN = ['C9990001', 'C9990002', 'C9990003', 'C9990004', 'C9990005', 'C9990006', 'C9990007', 'C9990008', 'C9990009', 'C9990017', 'C9990018', 'C9990019'];

const supSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    meeting: { type: 'object', title: 'Meeting', properties: { meetingAt: { type: 'string', format: 'date-time', title: 'Date and time of the meeting' } }, required: ['meetingAt'] },
    decision: { type: 'object', title: 'Decision', properties: { outcome: { type: 'string', title: 'Decision', maxLength: 500 } }, required: ['outcome'] },
  },
  required: ['meeting'],
  'x-review': { deliverAt: 'final-sign-off', stages: [{ id: 'manager-sign-off', name: 'Manager sign-off', actor: { role: 'manager', relationship: 'line-manager' }, dueWorkingDays: 5, section: 'decision' }] },
  'x-schedule': { per: 'child', every: { workingDays: 20 }, date: '/meeting/meetingAt' },
};

const rtwSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    absence: {
      type: 'object',
      title: 'Absence',
      properties: { returnDate: { type: 'string', format: 'date', title: 'Return date' }, interviewDate: { type: 'string', format: 'date', title: 'Interview date' }, triggerMet: { type: 'boolean', title: 'Trigger point met' } },
      required: ['interviewDate'],
    },
  },
  required: ['absence'],
  'x-schedule': { per: 'record', within: { workingDays: 3 }, from: '/absence/returnDate', date: '/absence/interviewDate' },
  'x-measures': { answers: [{ field: '/absence/triggerMet' }] },
};

function visitSchema(): Record<string, unknown> {
  const s = structuredClone(VISIT_SCHEMA) as Record<string, any>;
  s.properties.actions.items.properties.ownerId = { type: 'string', title: 'Owner (ICS worker id)', maxLength: 20 };
  s.properties.actions['x-actions'] = { action: 'action', owner: 'ownerId', due: 'dueDate' };
  return s;
}

const ui = (keys: string[]) => ({ type: 'VerticalLayout', elements: keys.map((k) => ({ type: 'Control', scope: `#/properties/${k}` })) });
const fresh = () => ({ headers: { 'idempotency-key': `"${randomUUID()}"` } });
const ifMatch = (rev: number) => ({ headers: { 'if-match': `"${rev}"` } });
const figure = (d: any, id: string) => {
  const f = d.figures.find((x: any) => x.id === id);
  if (!f) throw new Error(`No figure ${id} in ${JSON.stringify(d.figures.map((x: any) => x.id))}`);
  return f;
};
const chart = (d: any, id: string) => d.charts.find((c: any) => c.id === id);

describe.each(STORE_KINDS)('dashboards (%s store)', (kind) => {
  let srv: TestServer;
  let manager: Client;
  let otherManager: Client;
  let head: Client;
  let qa: Client;

  beforeAll(async () => {
    srv = await startTestServer(kind, { demoDirectory: true });
    srv.running.ctx.now = () => new Date('2026-07-15T09:00:00Z');
    await publishForm(srv, { id: SUP, title: 'Case supervision', category: 'supervision', team: TEAM, subject: { childId: '' } }, { schema: supSchema, uischema: ui(['meeting', 'decision']) });
    await publishForm(srv, { id: VISIT, title: 'Home visit', category: 'case-record', team: TEAM }, { schema: visitSchema(), uischema: VISIT_UISCHEMA });
    await publishForm(srv, { id: RTW, title: 'Return to work', category: 'return-to-work', team: TEAM }, { schema: rtwSchema, uischema: ui(['absence']) });
    manager = srv.as('manager');
    // A manager of the same team who line-manages nobody: may not see the restricted child.
    otherManager = await newAccount(srv, `deputy-${kind}`, TEAM, 'manager');
    head = await newAccount(srv, `head-${kind}`, TEAM, 'manager', { groups: ['heads-of-service'] });
    qa = await newAccount(srv, `qa-${kind}`, 'quality-assurance', 'manager', { groups: ['qa'] });
  });
  afterAll(async () => {
    await srv?.close();
  });

  async function all(client: Client, href: string): Promise<any[]> {
    const items: any[] = [];
    let next: string | null = null;
    do {
      const res: any = await client.get(next ? `${href}&after=${encodeURIComponent(next)}&limit=5` : `${href}&limit=5`);
      expect(res.status, res.text).toBe(200);
      items.push(...res.body.items);
      next = res.body.next;
    } while (next);
    return items;
  }

  it('shows every allocated child of the team overdue for supervision before any, with the list behind the number honouring restriction', async () => {
    const res = await manager.get('/api/dashboards/supervision');
    expect(res.status, res.text).toBe(200);
    const d = res.body;
    expect(d.scope).toEqual({ kind: 'team', teams: [{ id: TEAM, name: 'Children in need north' }] });
    expect(d.filters).toEqual({ from: '2025-07-16', to: '2026-07-15' });
    // The shipped templates (case and reflective supervision) are there too.
    expect(d.forms).toContainEqual({ id: SUP, title: 'Case supervision', rule: 'Every allocated child at least every 20 working days' });
    expect(figure(d, `${SUP}.overdue`).value).toBe(12);
    expect(figure(d, `${SUP}.never`).value).toBe(12);
    expect(figure(d, `${SUP}.in-time`).value).toBe(0);
    expect(d.summary).toContain('12 of 12 children in Children in need north are overdue for Case supervision');
    const workers = chart(d, `${SUP}.workers`);
    expect(workers.rows.map((r: any) => [r.x, r.values])).toEqual([
      ['Chris Doyle', { overdue: 6, within: 0 }],
      ['Pat Singh', { overdue: 6, within: 0 }],
    ]);
    const list = await all(manager, figure(d, `${SUP}.overdue`).drill.href);
    expect(list.map((c) => c.id)).toEqual(TEAM_CHILDREN);
    expect(list[0]).toEqual({ kind: 'child', id: 'C9990001', name: 'Jordan Smith', team: TEAM, allocatedWorkerId: 'W20002', allocatedWorkerName: 'Pat Singh', lastDoneOn: null, nextDueOn: null, overdueDays: null, link: '/children/C9990001' });
    // The same number for a deputy, but the restricted child is not listed to them.
    const theirs = (await otherManager.get('/api/dashboards/supervision')).body;
    expect(figure(theirs, `${SUP}.overdue`).value).toBe(12);
    expect((await all(otherManager, figure(theirs, `${SUP}.overdue`).drill.href)).map((c) => c.id)).toEqual(TEAM_CHILDREN.filter((id) => id !== 'C9990019'));
  });

  it('counts as due reflective supervision the workers who manage no one: not a line manager, nor a worker who signs in as a manager', async () => {
    const RSUP = 'reflective-supervision';
    const d = (await manager.get('/api/dashboards/supervision')).body;
    // Children in need north: Morgan Okafor (W20001) line-manages Pat Singh and Chris Doyle; Robin Former has left.
    expect(figure(d, `${RSUP}.overdue`).value).toBe(2);
    expect((await all(manager, figure(d, `${RSUP}.overdue`).drill.href)).map((w) => w.id)).toEqual(['W20002', 'W20003']);
    // Every team: Sasha Green (W20004) line-manages two more; Quinn Ahmed (W20007) manages no one in the directory…
    expect(figure((await qa.get('/api/dashboards/supervision')).body, `${RSUP}.overdue`).value).toBe(5);
    // …until she signs in as a manager.
    await newAccount(srv, `quinn-${kind}`, 'quality-assurance', 'manager', { workerId: 'W20007' });
    const all4 = (await qa.get('/api/dashboards/supervision')).body;
    expect(figure(all4, `${RSUP}.overdue`).value).toBe(4);
    expect((await all(qa, figure(all4, `${RSUP}.overdue`).drill.href)).map((w) => w.id)).toEqual(['W20002', 'W20003', 'W20005', 'W20006']);
  });

  it('clears a child once their supervision is signed off (not when it is only submitted)', async () => {
    const practitioner = srv.as('practitioner');
    const s = await practitioner.post('/api/submissions', { formId: SUP, subject: { childId: 'C9990001' }, data: { meeting: { meetingAt: '2026-07-10T10:00:00Z' } }, status: 'submitted' }, fresh());
    expect(s.status, s.text).toBe(201);
    expect(figure((await manager.get('/api/dashboards/supervision')).body, `${SUP}.overdue`).value).toBe(12);
    const signed = await manager.post(`/api/submissions/${s.body.id}/review/sign`, { stage: 'manager-sign-off', data: { outcome: 'Agreed.' } }, ifMatch(s.body.revision));
    expect(signed.status, signed.text).toBe(200);

    const d = (await manager.get('/api/dashboards/supervision')).body;
    expect(figure(d, `${SUP}.overdue`).value).toBe(11);
    expect(figure(d, `${SUP}.in-time`).value).toBe(1);
    expect(figure(d, `${SUP}.completed`).value).toBe(1);
    expect((await all(manager, figure(d, `${SUP}.overdue`).drill.href)).map((c) => c.id)).toEqual(TEAM_CHILDREN.slice(1));
    expect(await all(manager, figure(d, `${SUP}.in-time`).drill.href)).toEqual([
      { kind: 'child', id: 'C9990001', name: 'Jordan Smith', team: TEAM, allocatedWorkerId: 'W20002', allocatedWorkerName: 'Pat Singh', lastDoneOn: '2026-07-10', nextDueOn: addWorkingDays('2026-07-10', 20), overdueDays: 0, link: '/children/C9990001' },
    ]);
    expect(chart(d, `${SUP}.workers`).rows.find((r: any) => r.x === 'Pat Singh').values).toEqual({ overdue: 5, within: 1 });
    const july = chart(d, `${SUP}.trend`).rows.find((r: any) => r.x === '2026-07');
    expect(july.values).toEqual({ completed: 1 });
    const records = await all(manager, july.drill.completed.href);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'record', id: s.body.id, reference: s.body.reference, formId: SUP, formTitle: 'Case supervision', childId: 'C9990001', childName: 'Jordan Smith', doneOn: '2026-07-10' });
  });

  it('counts an overdue action for its team, with the action in the list behind it', async () => {
    const data = { visitDate: '2026-06-20', seenAlone: true, visitType: 'HV-ANN', actions: [{ action: 'Book a review meeting', ownerId: 'W20002', dueDate: '2026-07-01' }, { action: 'Share the plan', ownerId: 'W20002', dueDate: '2026-08-01' }] };
    const res = await srv.as('practitioner').post('/api/submissions', { formId: VISIT, subject: { childId: 'C9990002' }, data, status: 'submitted' }, fresh());
    expect(res.status, res.text).toBe(201);
    const d = (await manager.get('/api/dashboards/actions')).body;
    expect(figure(d, 'open').value).toBe(2);
    expect(figure(d, 'overdue').value).toBe(1);
    expect(figure(d, 'median').value).toBeNull();
    expect(d.tables[0].rows).toEqual([expect.objectContaining({ key: TEAM, cells: { team: 'Children in need north', open: 2, overdue: 1, closed: 0, median: null } })]);
    expect(chart(d, 'teams').rows).toEqual([expect.objectContaining({ x: 'Children in need north', values: { overdue: 1, notDue: 1 } })]);
    const overdue = await all(manager, d.tables[0].rows[0].drill.overdue.href);
    expect(overdue).toEqual([expect.objectContaining({ kind: 'action', text: 'Book a review meeting', childName: 'Alex Jones', team: TEAM, dueOn: '2026-07-01', status: 'open', overdueDays: 14 })]);
    expect(d.summary).toBe('2 actions are open in Children in need north, 1 of them overdue.');
    const csv = await manager.get('/api/dashboards/actions.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text).toContain('Figure,Overdue actions,,,1,actions');
    const listCsv = await manager.get(d.tables[0].rows[0].drill.overdue.href.replace('/drill?', '/drill.csv?'));
    expect(listCsv.status).toBe(200);
    expect(listCsv.text).toContain('Book a review meeting');
    expect(listCsv.text).toContain('Alex Jones');
  });

  it('counts a return-to-work interview held within the timescale, and its trigger point', async () => {
    const res = await srv.as('practitioner').post('/api/submissions', { formId: RTW, data: { absence: { returnDate: '2026-07-06', interviewDate: '2026-07-08', triggerMet: true } }, status: 'submitted' }, fresh());
    expect(res.status, res.text).toBe(201);
    const d = (await manager.get('/api/dashboards/return-to-work')).body;
    expect(figure(d, `${RTW}.held`).value).toBe(1);
    expect(figure(d, `${RTW}.in-time`).value).toBe(1);
    expect(figure(d, `${RTW}.rate`).value).toBe(100);
    const trigger = chart(d, `${RTW}.absence.triggerMet`);
    expect(trigger.series).toEqual([{ key: 'v0', label: 'Yes' }]);
    expect(trigger.rows.find((r: any) => r.x === '2026-07').values).toEqual({ v0: 1 });
    const held = await all(manager, trigger.rows.find((r: any) => r.x === '2026-07').drill.v0.href);
    expect(held.map((r) => [r.id, r.value, r.onTime])).toEqual([[res.body.id, true, true]]);
  });

  it('counts records started and submitted per form, and the audits planned (none yet)', async () => {
    const d = (await manager.get('/api/dashboards/forms')).body;
    expect(figure(d, 'started').value).toBe(3);
    expect(figure(d, 'submitted').value).toBe(3);
    expect(figure(d, 'drafts').value).toBe(0);
    expect(d.tables[0].rows.map((r: any) => [r.cells.form, r.cells.started])).toEqual([
      ['Case supervision', 1],
      ['Home visit', 1],
      ['Return to work', 1],
    ]);
    const audits = (await manager.get('/api/dashboards/audits')).body;
    expect(figure(audits, 'planned').value).toBe(0);
    const events = await srv.running.ctx.store.listEvents({ action: 'dashboard.read', entityId: 'forms' });
    expect(events.length).toBeGreaterThan(0);
  });

  it('widens the scope for heads of service and QA, and refuses what is outside it', async () => {
    const h = (await head.get('/api/dashboards')).body;
    expect(h.scope).toEqual({ kind: 'service-area', serviceArea: 'Children in need', teams: [{ id: TEAM, name: 'Children in need north' }] });
    const q = (await qa.get('/api/dashboards/supervision?team=children-looked-after')).body;
    expect(q.scope.kind).toBe('all');
    expect(q.scope.teams.map((t: any) => t.id).sort()).toEqual(['children-in-need-north', 'children-looked-after', 'quality-assurance']);
    expect(figure(q, `${SUP}.overdue`).value).toBe(7);
    expect(figure((await qa.get('/api/dashboards/supervision')).body, `${SUP}.overdue`).value).toBe(11 + 7);

    const practitioner = await srv.as('practitioner').get('/api/dashboards/supervision');
    expect(practitioner.status).toBe(403);
    const outside = await manager.get('/api/dashboards/supervision?team=children-looked-after');
    expect(outside.status).toBe(403);
    expect(outside.body.errors).toEqual([{ pointer: '/query/team', message: expect.stringContaining('not one of the teams your dashboards cover') }]);
    const backwards = await manager.get('/api/dashboards/actions?from=2026-07-20&to=2026-07-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].pointer).toBe('/query/from');
    const tooLong = await manager.get('/api/dashboards/actions?from=2022-01-01');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].message).toContain('at most 36 months');
    expect((await manager.get('/api/dashboards/nothing')).status).toBe(404);
  });
});
