/**
 * Oversight through the API, on both stores (issue 14): a form with a manager's sign-off stage
 * (the author's line manager, a section only the manager fills, the ICS gets the record at final
 * sign-off) and a repeating group tracked as actions. Submitted → waiting in the manager's work
 * list, returned with a reason (a draft again that cannot be deleted), amended and resubmitted,
 * signed off with an electronic signature over the content → delivered to the ICS simulator once
 * (a real HTTP receiver), its actions tracked; two managers signing at once: one wins, the other
 * is told who signed; actions done, reassigned and overdue on working days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../engine/forms/calculations/dates.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';
import { Client, newAccount, startTestServer, type TestServer } from '../support/api.js';
import { startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { STORE_KINDS } from '../support/stores.js';
import { VISIT_MAPPING, VISIT_SCHEMA, VISIT_UISCHEMA, SECRET, SECRET_ENV, eventually } from '../support/sync.js';

const FORM = 'visit-signed';
const SUBMIT_FORM = 'visit-countersigned';

function schema(): Record<string, unknown> {
  const s = structuredClone(VISIT_SCHEMA) as Record<string, any>;
  s.properties.actions.items.properties.ownerId = { type: 'string', title: 'Owner (ICS worker id)', maxLength: 20 };
  s.properties.actions['x-actions'] = { action: 'action', owner: 'ownerId', due: 'dueDate' };
  s.properties.decision = { type: 'object', title: 'Manager’s decision', additionalProperties: false, properties: { outcome: { type: 'string', title: 'Decision', maxLength: 2000 } }, required: ['outcome'] };
  s['x-review'] = {
    deliverAt: 'final-sign-off',
    stages: [{ id: 'manager-sign-off', name: 'Manager sign-off', actor: { role: 'manager', relationship: 'line-manager' }, dueWorkingDays: 5, section: 'decision' }],
  };
  return s;
}

const today = () => londonToday(new Date());
const past = '2026-01-05';

describe.each(STORE_KINDS)('review stages, signatures and tracked actions (%s store)', (kind) => {
  let srv: TestServer;
  let sim: IcsSimulator;
  let second: Client;

  beforeAll(async () => {
    srv = await startTestServer(kind, { demoDirectory: true });
    sim = await startIcsSimulator({ secret: SECRET });
    const designer = srv.as('designer');
    expect((await designer.post('/api/forms', { id: FORM, title: 'Visit with sign-off', category: 'case-record', team: 'children-in-need-north' })).status).toBe(201);
    const draft = await designer.post(`/api/forms/${FORM}/versions`, { schema: schema(), uischema: { ...VISIT_UISCHEMA, elements: [...(VISIT_UISCHEMA.elements as object[]), { type: 'Control', scope: '#/properties/decision' }] }, changeNote: 'First' });
    expect(draft.body.violations, draft.text).toEqual([]);
    expect((await designer.post(`/api/forms/${FORM}/versions/1/publish`, { changeNote: 'First' })).status).toBe(200);
    process.env[SECRET_ENV] = SECRET;
    const integrator = srv.as('integrator');
    expect((await integrator.post('/api/sync/connectors', { id: 'ics-http', kind: 'http', title: 'ICS', dateFormat: 'DD/MM/YYYY', retry: { maxAttempts: 5, baseMs: 20, maxMs: 100 }, settings: { url: sim.url, secretEnv: SECRET_ENV, timeoutMs: 2000 } })).status).toBe(201);
    expect((await integrator.put(`/api/sync/connectors/ics-http/mappings/${FORM}/1`, VISIT_MAPPING)).status).toBe(201);
    // The same form, delivered at submit and countersigned by any manager of the team.
    const atSubmit = schema() as Record<string, any>;
    atSubmit['x-review'] = { deliverAt: 'submit', stages: [{ id: 'countersign', name: 'Countersign', actor: { role: 'manager', relationship: 'team-manager' }, dueWorkingDays: 3 }] };
    delete atSubmit.properties.decision;
    expect((await designer.post('/api/forms', { id: SUBMIT_FORM, title: 'Visit, countersigned', category: 'case-record', team: 'children-in-need-north' })).status).toBe(201);
    const d2 = await designer.post(`/api/forms/${SUBMIT_FORM}/versions`, { schema: atSubmit, uischema: VISIT_UISCHEMA, changeNote: 'First' });
    expect(d2.body.violations, d2.text).toEqual([]);
    expect((await designer.post(`/api/forms/${SUBMIT_FORM}/versions/1/publish`, { changeNote: 'First' })).status).toBe(200);
    expect((await integrator.put(`/api/sync/connectors/ics-http/mappings/${SUBMIT_FORM}/1`, VISIT_MAPPING)).status).toBe(201);
    // A second manager of the same team, linked to the same line-managing worker (a deputy).
    second = await newAccount(srv, `deputy-${kind}`, 'children-in-need-north', 'manager', { workerId: 'W20001' });
  });
  afterAll(async () => {
    await srv?.close();
    await sim?.close();
  });

  const practitioner = () => srv.as('practitioner');
  const manager = () => srv.as('manager');
  const ifMatch = (rev: number) => ({ headers: { 'if-match': `"${rev}"` } });
  let n = 0;
  async function submit(overrides: Record<string, unknown> = {}): Promise<any> {
    const data = { visitDate: '2026-03-27', seenAlone: true, visitType: 'HV-ANN', actions: [{ action: 'Book a review meeting', ownerId: 'W20002', dueDate: past }, { action: 'Share the plan', ownerId: 'W20003', dueDate: '2099-01-01' }], ...overrides };
    const res = await practitioner().post('/api/submissions', { formId: FORM, subject: { childId: 'C9990001' }, data, status: 'submitted' }, { headers: { 'idempotency-key': `"rv-${kind}-${++n}"` } });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  it('waits for the line manager, is returned with a reason, resubmitted, signed off over its content, then delivered once and its actions tracked', async () => {
    // The author cannot answer the manager's section: it is left out of what is stored.
    const s = await submit({ decision: { outcome: 'I decide myself' } });
    expect(s.data.decision).toBeUndefined();
    expect(s.review).toMatchObject({ state: 'waiting', stage: 'manager-sign-off', dueOn: addWorkingDays(today(), 5), keys: ['manager|worker:W20001'], excluded: [s.createdBy], deliveryRevision: 0 });
    // Mapped to the ICS, but sent only once signed off.
    expect(s.delivery).toEqual({ toIcs: true, atSignOff: true, connectors: [] });
    expect(sim.records.filter((r) => r.submissionId === s.id)).toEqual([]);

    // In the manager's work list, not in the author's; the author may not sign.
    expect((await manager().get('/api/work')).body.waiting.items.map((r: any) => r.id)).toContain(s.id);
    expect((await practitioner().get('/api/work')).body.waiting.items.map((r: any) => r.id)).not.toContain(s.id);
    const view = await manager().get(`/api/submissions/${s.id}/review`);
    expect(view.body.you).toEqual({ may: 'sign', stage: 'manager-sign-off' });
    expect(view.body.stages).toEqual([{ id: 'manager-sign-off', name: 'Manager sign-off', dueWorkingDays: 5, section: 'decision', who: "a manager: the author's line manager" }]);
    expect((await practitioner().get(`/api/submissions/${s.id}/review`)).body.you.may).toBe('none');
    const refused = await practitioner().post(`/api/submissions/${s.id}/review/sign`, { stage: 'manager-sign-off', data: { outcome: 'x' } }, ifMatch(s.revision));
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('is for a manager');

    // Returned: a reason is needed; then it is the author's draft again, with the reason, and cannot be deleted.
    const noReason = await manager().post(`/api/submissions/${s.id}/review/return`, { stage: 'manager-sign-off', reason: '  ' }, ifMatch(s.revision));
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toEqual([{ pointer: '/reason', message: 'Enter what needs to change, so the author knows what to do.' }]);
    const returned = await manager().post(`/api/submissions/${s.id}/review/return`, { stage: 'manager-sign-off', reason: 'Say what the child said.' }, ifMatch(s.revision));
    expect(returned.status, returned.text).toBe(200);
    expect(returned.body).toMatchObject({ status: 'draft', review: { state: 'returned', stage: 'manager-sign-off', keys: [] } });
    expect(returned.body.review.history.map((h: any) => [h.action, h.reason])).toEqual([['submitted', undefined], ['returned', 'Say what the child said.']]);
    expect((await practitioner().get('/api/work')).body.returned.items.map((r: any) => r.id)).toEqual([s.id]);
    expect((await manager().get('/api/work')).body.waiting.items.map((r: any) => r.id)).not.toContain(s.id);
    const del = await practitioner().delete(`/api/submissions/${s.id}`, ifMatch(returned.body.revision));
    expect(del.status).toBe(409);
    expect(del.body.detail).toContain('returned for changes, so it cannot be deleted');

    // Amended and resubmitted: back at the stage that returned it.
    const saved = await practitioner().put(`/api/submissions/${s.id}`, { data: { ...s.data, observations: 'The child said she feels safe at home.' } }, ifMatch(returned.body.revision));
    expect(saved.status, saved.text).toBe(200);
    const again = await practitioner().post(`/api/submissions/${s.id}/submit`, {}, ifMatch(saved.body.revision));
    expect(again.status, again.text).toBe(200);
    expect(again.body.review).toMatchObject({ state: 'waiting', stage: 'manager-sign-off' });
    expect(again.body.review.history.map((h: any) => h.action)).toEqual(['submitted', 'returned', 'resubmitted']);

    // Signing needs the manager's section, checked at its own pointers.
    const empty = await manager().post(`/api/submissions/${s.id}/review/sign`, { stage: 'manager-sign-off' }, ifMatch(again.body.revision));
    expect(empty.status).toBe(422);
    expect(empty.body.errors.map((e: any) => e.pointer)).toEqual(['/decision/outcome']);
    const signed = await manager().post(`/api/submissions/${s.id}/review/sign`, { stage: 'manager-sign-off', data: { outcome: 'Agreed: keep visiting fortnightly.' } }, ifMatch(again.body.revision));
    expect(signed.status, signed.text).toBe(200);
    expect(signed.body.review).toMatchObject({ state: 'complete', deliveryRevision: 1 });
    expect(signed.body.data.decision).toEqual({ outcome: 'Agreed: keep visiting fortnightly.' });
    const [sig] = signed.body.signatures;
    expect(sig).toMatchObject({ stage: 'manager-sign-off', stageName: 'Manager sign-off', role: 'manager', workerId: 'W20001', contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), revision: signed.body.revision });
    expect((await practitioner().get(`/api/submissions/${s.id}/review`)).body.signatures[0].intact).toBe(true);

    // Delivered only now, once, with its signature.
    const [rec] = await eventually(() => Promise.resolve(sim.records.filter((r) => r.submissionId === s.id)), (r) => r.length === 1);
    expect(rec!.envelope).toMatchObject({ deliveryRevision: 1, review: { state: 'complete', signatures: [{ stage: 'manager-sign-off', contentHash: sig.contentHash, workerId: 'W20001' }] } });

    // Its rows are tracked actions: the past-due one overdue, owned by the demo practitioner (W20002);
    // Chris (W20003) has no account, so the record's author (Pat) holds his until someone reassigns it.
    const mine = (await practitioner().get('/api/actions?status=open')).body.items.filter((a: any) => a.submissionId === s.id);
    expect(mine.map((a: any) => [a.id, a.text, a.dueOn, a.overdue, a.ownerName])).toEqual([
      [`${s.id}.1`, 'Book a review meeting', past, true, 'Pat Singh'],
      [`${s.id}.2`, 'Share the plan', '2099-01-01', false, 'Chris Doyle'],
    ]);
    expect(mine[0].workingDaysOverdue).toBeGreaterThan(0);
    const team = (await manager().get('/api/work/team?view=workers')).body.items;
    expect(team.find((w: any) => w.workerId === 'W20002')).toMatchObject({ name: 'Pat Singh', overdue: expect.any(Number) });
    expect(team.find((w: any) => w.workerId === 'W20003')).toMatchObject({ name: 'Chris Doyle', open: expect.any(Number) });
  });

  it('delivered at submit: sent again with the same key and a higher delivery revision when resubmitted and when signed off, so the ICS updates its one record', async () => {
    const data = { visitDate: '2026-03-27', seenAlone: true, visitType: 'HV-ANN', observations: 'First account.' };
    const made = await practitioner().post('/api/submissions', { formId: SUBMIT_FORM, subject: { childId: 'C9990002' }, data, status: 'submitted' }, { headers: { 'idempotency-key': `"rv-${kind}-submit"` } });
    expect(made.status, made.text).toBe(201);
    const s = made.body;
    expect(s.review).toMatchObject({ state: 'waiting', stage: 'countersign', stageName: 'Countersign', keys: ['manager|team:children-in-need-north'], deliveryRevision: 1 });
    const mine = () => Promise.resolve(sim.records.filter((r) => r.submissionId === s.id));
    await eventually(mine, (r) => r.length === 1 && r[0]!.deliveryRevision === 1);
    const returned = await manager().post(`/api/submissions/${s.id}/review/return`, { stage: 'countersign', reason: 'Add what the child said.' }, ifMatch(s.revision));
    const saved = await practitioner().put(`/api/submissions/${s.id}`, { data: { ...data, observations: 'Second account, with the child’s words.' } }, ifMatch(returned.body.revision));
    const again = await practitioner().post(`/api/submissions/${s.id}/submit`, {}, ifMatch(saved.body.revision));
    expect(again.body.review.deliveryRevision).toBe(2);
    const [updated] = await eventually(mine, (r) => r[0]?.deliveryRevision === 2);
    expect(updated!.updates).toBe(1);
    expect(updated!.envelope).toMatchObject({ deliveryRevision: 2, review: { state: 'waiting', signatures: [] } });
    const signed = await manager().post(`/api/submissions/${s.id}/review/sign`, { stage: 'countersign' }, ifMatch(again.body.revision));
    expect(signed.status, signed.text).toBe(200);
    expect(signed.body.review).toMatchObject({ state: 'complete', deliveryRevision: 3 });
    const [final] = await eventually(mine, (r) => r[0]?.deliveryRevision === 3);
    // One record in the ICS, brought up to date twice, ending with what was signed.
    expect(sim.records.filter((r) => r.submissionId === s.id)).toHaveLength(1);
    expect(final!.envelope).toMatchObject({ deliveryRevision: 3, review: { state: 'complete', signatures: [{ stage: 'countersign', role: 'manager' }] } });
    expect(JSON.stringify(final!.envelope.fields)).toContain('Second account');
  });

  it('two managers signing at once: exactly one signature, the other told who signed first; a stale sign after that is a conflict too', async () => {
    const s = await submit();
    const sign = (who: Client) => who.post(`/api/submissions/${s.id}/review/sign`, { stage: 'manager-sign-off', data: { outcome: 'Agreed' } }, ifMatch(s.revision));
    const [a, b] = await Promise.all([sign(manager()), sign(second)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const lost = a.status === 409 ? a : b;
    expect(lost.body.detail).toMatch(/signed this record off at "Manager sign-off" \(.+\) before you/);
    const record = (await manager().get(`/api/submissions/${s.id}`)).body;
    expect(record.signatures).toHaveLength(1);
    expect((await sign(manager())).status).toBe(409);
    await eventually(() => Promise.resolve(sim.records.filter((r) => r.submissionId === s.id)), (r) => r.length === 1);
  });

  it('actions: the owner marks one done with a note; the manager reassigns and moves a due date with reasons; refusals say why', async () => {
    const s = await submit();
    const signed = await manager().post(`/api/submissions/${s.id}/review/sign`, { stage: 'manager-sign-off', data: { outcome: 'Agreed' } }, ifMatch(s.revision));
    expect(signed.status).toBe(200);
    const [first, other] = [`${s.id}.1`, `${s.id}.2`];
    const a = (await practitioner().get(`/api/actions/${first}`)).body;
    expect(a.you).toEqual({ mayComplete: true, mayCancel: true, mayReassign: false });
    const noNote = await practitioner().post(`/api/actions/${first}/done`, { doneOn: today() }, ifMatch(a.revision));
    expect(noNote.status).toBe(422);
    expect(noNote.body.errors).toEqual([{ pointer: '/note', message: 'Enter what was done.' }]);
    const done = await practitioner().post(`/api/actions/${first}/done`, { note: 'Meeting booked for Tuesday.' }, ifMatch(a.revision));
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', doneOn: today(), daysToClose: 0, note: 'Meeting booked for Tuesday.', overdue: false });
    expect((await practitioner().post(`/api/actions/${first}/done`, { note: 'again' }, ifMatch(done.body.revision))).status).toBe(403);

    // The other action is Chris's: Pat (not the owner's manager) may not reassign it, the manager may.
    const o = (await manager().get(`/api/actions/${other}`)).body;
    expect(o.you.mayReassign).toBe(true);
    expect((await practitioner().post(`/api/actions/${other}/reassign`, { ownerWorkerId: 'W20002', reason: 'x' }, ifMatch(o.revision))).status).toBe(403);
    const unknown = await manager().post(`/api/actions/${other}/reassign`, { ownerWorkerId: 'W99999', reason: 'Chris is away' }, ifMatch(o.revision));
    expect(unknown.body.errors).toEqual([{ pointer: '/ownerWorkerId', message: 'There is no worker with ICS id W99999 in the directory. Check the id.' }]);
    const moved = await manager().post(`/api/actions/${other}/reassign`, { ownerWorkerId: 'W20002', reason: 'Chris is away' }, ifMatch(o.revision));
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ ownerWorkerId: 'W20002', ownerName: 'Pat Singh', reason: 'Chris is away' });
    const stale = await manager().post(`/api/actions/${other}/due`, { dueOn: '2099-02-01', reason: 'Later' }, ifMatch(o.revision));
    expect(stale.status).toBe(412);
    const due = await manager().post(`/api/actions/${other}/due`, { dueOn: past, reason: 'Needed sooner' }, ifMatch(moved.body.revision));
    expect(due.body).toMatchObject({ dueOn: past, overdue: true });
    expect(due.body.history.map((h: any) => h.action)).toEqual(['created', 'reassigned', 'due-moved']);
    // Now Pat's: in her list, overdue first.
    const list = (await practitioner().get('/api/work')).body.actions.items;
    expect(list[0].overdue).toBe(true);
    expect(list.map((x: any) => x.id)).toContain(other);
  });
});
