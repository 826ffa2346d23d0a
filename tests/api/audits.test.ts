/**
 * The audit programme through the API, on both stores (issue 15), over the demo directory
 * (engine/directory/demo.ts: children in need north holds Pat's children C9990001-5 and 17,
 * Chris Doyle's 6-9 and 18, restricted 19 (Chris's) and 20 merged into 1).
 * A manager draws a sample by rule — the same seed draws the same children, a preview saves
 * nothing, the auditor's own cases, restricted and merged children, children audited lately and
 * those with an open audit are left out and counted — and assigns by hand, refused with a pointer
 * for each wrong input; the auditor's list; an assignment done when the auditor's record completes
 * (on submit, and at the final sign-off), and repaired when that step was lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../engine/forms/calculations/dates.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';
import { newId } from '../../engine/ids.js';
import { newEvent } from '../../engine/store/events.js';
import { Client, newAccount, publishForm, startTestServer, type TestServer } from '../support/api.js';
import { STORE_KINDS } from '../support/stores.js';

const TEAM = 'children-in-need-north';
const QUICK = 'audit-quick';
const SIGNED = 'audit-signed';

function auditForm(stages: boolean) {
  return {
    schema: {
      type: 'object',
      properties: {
        header: { type: 'object', title: 'Child', properties: { childId: { type: 'string', title: 'Child', maxLength: 20 } } },
        audit: { type: 'object', title: 'Audit', properties: { grade: { type: 'string', title: 'Overall grade', maxLength: 40 } }, required: ['grade'] },
        decision: { type: 'object', title: 'Sign-off', properties: { note: { type: 'string', title: 'Note', maxLength: 200 } } },
      },
      required: ['audit'],
      ...(stages ? { 'x-review': { deliverAt: 'final-sign-off', stages: [{ id: 'manager-sign-off', name: 'Manager sign-off', actor: { role: 'manager', relationship: 'line-manager' }, dueWorkingDays: 5, section: 'decision' }] } } : {}),
    },
    uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/header' }, { type: 'Control', scope: '#/properties/audit' }, { type: 'Control', scope: '#/properties/decision' }] },
  };
}

const today = () => londonToday(new Date());
const due = () => addWorkingDays(today(), 10);
const ifMatch = (rev: number) => ({ headers: { 'if-match': `"${rev}"` } });
const pointers = (body: { errors?: Array<{ pointer: string; message: string }> }) => (body.errors ?? []).map((e) => e.pointer);

describe.each(STORE_KINDS)('the audit programme (%s store)', (kind) => {
  let srv: TestServer;
  let pat: string;
  let mo: string;
  let designerId: string;
  let qa: Client;
  let lac: Client;
  const manager = () => srv.as('manager');
  const practitioner = () => srv.as('practitioner');

  beforeAll(async () => {
    srv = await startTestServer(kind, { demoDirectory: true });
    await publishForm(srv, { id: QUICK, title: 'Quick audit', category: 'audit', team: TEAM, subject: { childId: '/header/childId' } }, auditForm(false));
    await publishForm(srv, { id: SIGNED, title: 'Signed audit', category: 'audit', team: TEAM, subject: { childId: '/header/childId' } }, auditForm(true));
    pat = (await practitioner().get('/api/session')).body.account.id;
    mo = (await manager().get('/api/session')).body.account.id;
    designerId = (await srv.as('designer').get('/api/session')).body.account.id;
    qa = await newAccount(srv, 'quinn.qa', 'quality-assurance', 'manager', { groups: ['qa'], workerId: 'W20007' });
    lac = await newAccount(srv, 'sasha.lac', 'children-looked-after', 'manager', { workerId: 'W20004' });
  });
  afterAll(async () => srv?.close());

  async function submitAudit(childId: string, formId = QUICK) {
    const res = await practitioner().post('/api/submissions', { formId, subject: { childId }, data: { header: { childId }, audit: { grade: 'Good' } }, status: 'submitted' }, { headers: { 'idempotency-key': `"${newId()}"` } });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  async function assign(childId: string, formId = QUICK, auditorAccountId = pat) {
    // Quality assurance plans for every team (these children are with children looked after).
    const res = await qa.post('/api/audits/assignments', { assignments: [{ childId, auditorAccountId, dueOn: due(), formId }] });
    expect(res.status, res.text).toBe(201);
    return res.body.items[0];
  }

  it('draws the same sample from the same seed, saves nothing in a preview, and counts why children were left out', async () => {
    const rule = { formId: QUICK, perTeam: 3, auditorAccountIds: [pat], dueOn: due(), seed: 7 };
    const first = await manager().post('/api/audits/samples', { ...rule, preview: true });
    expect(first.status, first.text).toBe(200);
    const again = await manager().post('/api/audits/samples', { ...rule, preview: true });
    expect(again.body.sample.chosen).toEqual(first.body.sample.chosen);
    expect(first.body.assignments).toEqual([]);
    expect((await manager().get('/api/audits/assignments')).body.count).toBe(0);
    const s = first.body.sample;
    // Thirteen children in the team: Pat's six are her own cases, 19 is restricted from her, 20 merged; five could be drawn.
    expect(s).toMatchObject({ considered: 13, seed: 7, rule: { perTeam: 3, notAuditedMonths: 12, excludeOwnCases: true } });
    expect(s.leftOut).toEqual({ merged: 1, legalStatus: 0, recentlyAudited: 0, alreadyAssigned: 0, ownCase: 6, restricted: 1, notDrawn: 2 });
    expect(s.teams).toEqual([{ team: TEAM, considered: 13, eligible: 5, chosen: 3 }]);
    for (const c of s.chosen) expect(['C9990006', 'C9990007', 'C9990008', 'C9990009', 'C9990018']).toContain(c.childId);

    const drawn = await manager().post('/api/audits/samples', rule);
    expect(drawn.status, drawn.text).toBe(201);
    expect(drawn.body.sample.chosen.map((c: { childId: string }) => c.childId)).toEqual(s.chosen.map((c: { childId: string }) => c.childId));
    expect(drawn.body.assignments).toHaveLength(3);
    for (const a of drawn.body.assignments) expect(a).toMatchObject({ auditorAccountId: pat, status: 'open', sampleId: drawn.body.sample.id, team: TEAM, formId: QUICK, revision: 1 });
    expect((await manager().get(`/api/audits/samples/${drawn.body.sample.id}`)).body).toEqual(drawn.body.sample);
    expect((await manager().get('/api/audits/samples')).body.items.map((x: { id: string }) => x.id)).toContain(drawn.body.sample.id);
    // Another team's manager does not see it.
    expect((await lac.get(`/api/audits/samples/${drawn.body.sample.id}`)).status).toBe(404);

    // The auditor sees them in their work; the event that emails them names no child.
    const work = await practitioner().get('/api/work');
    expect(work.body.audits.count).toBe(3);
    expect(work.body.audits.items[0].childName).toBeTruthy();
    const events = await srv.running.ctx.store.listEvents({ action: 'audit.assigned' });
    const one = events.find((e) => e.entity.id === drawn.body.assignments[0].id)!;
    expect(one.details).toMatchObject({ assignmentId: one.entity.id, auditorAccountId: pat, dueOn: rule.dueOn, formId: QUICK });
    expect(JSON.stringify(one.details)).not.toMatch(/Oscar|Ruby|Tyler|Zara|Ethan|C999/);

    // Drawn again: the three with an open audit are left out; by legal status only the one on a plan is left.
    const next = await manager().post('/api/audits/samples', { ...rule, perTeam: 20, preview: true });
    expect(next.body.sample.leftOut).toMatchObject({ alreadyAssigned: 3, ownCase: 6, notDrawn: 0 });
    const cp = await manager().post('/api/audits/samples', { ...rule, legalStatuses: ['CP'], excludeOwnCases: false, perTeam: 20, preview: true });
    expect(cp.body.sample.chosen.map((c: { childId: string }) => c.childId).sort()).toEqual(['C9990002', 'C9990004', 'C9990007'].filter((id) => !drawn.body.assignments.some((a: { childId: string }) => a.childId === id)).sort());
    // A manager auditor's own cases are those of the workers they line-manage: every child of the team.
    const mine = await manager().post('/api/audits/samples', { ...rule, auditorAccountIds: [mo], preview: true });
    expect(mine.body.sample.chosen).toEqual([]);
    expect(mine.body.sample.leftOut.ownCase).toBe(13 - 1 - 3);

    // Round-robin over two auditors; quality assurance draws from every team.
    const both = await qa.post('/api/audits/samples', { formId: QUICK, perTeam: 2, auditorAccountIds: [pat, mo], dueOn: due(), seed: 11, teams: ['children-looked-after'], preview: true });
    expect(both.status, both.text).toBe(200);
    expect(both.body.sample.chosen.map((c: { auditorAccountId: string }) => c.auditorAccountId)).toEqual([pat, mo]);
  });

  it('leaves out children audited in the last months, and not when asked for none', async () => {
    await submitAudit('C9990012', QUICK);
    const rule = { formId: QUICK, perTeam: 20, auditorAccountIds: [pat], dueOn: due(), teams: ['children-looked-after'], preview: true };
    const lately = await qa.post('/api/audits/samples', rule);
    expect(lately.status, lately.text).toBe(200);
    expect(lately.body.sample.leftOut.recentlyAudited).toBe(1);
    expect(lately.body.sample.chosen.map((c: { childId: string }) => c.childId)).not.toContain('C9990012');
    const any = await qa.post('/api/audits/samples', { ...rule, notAuditedMonths: 0 });
    expect(any.body.sample.leftOut.recentlyAudited).toBe(0);
    expect(any.body.sample.chosen.map((c: { childId: string }) => c.childId)).toContain('C9990012');
  });

  it('is done when the auditor submits the audit, on time', async () => {
    const a = await assign('C9990013');
    const record = await submitAudit('C9990013');
    const after = (await practitioner().get('/api/audits/assignments?auditor=me&status=done')).body.items.find((x: { id: string }) => x.id === a.id);
    expect(after).toMatchObject({ status: 'done', doneOn: today(), onTime: true, submissionId: record.id, revision: 2 });
    expect((await practitioner().get('/api/work')).body.audits.items.map((x: { id: string }) => x.id)).not.toContain(a.id);
    const events = await srv.running.ctx.store.listEvents({ entityId: a.id });
    expect(events.map((e) => e.action)).toEqual(['audit.assigned', 'audit.completed']);
  });

  it('is done at the final sign-off of a form with stages, not at submit', async () => {
    const a = await assign('C9990014', SIGNED);
    const record = await submitAudit('C9990014', SIGNED);
    expect((await qa.get(`/api/audits/assignments?child=C9990014&form=${SIGNED}`)).body.items[0]).toMatchObject({ id: a.id, status: 'open' });
    // Pat's line manager signs it off.
    const signed = await manager().post(`/api/submissions/${record.id}/review/sign`, { stage: 'manager-sign-off', data: { note: 'Agreed' } }, ifMatch(record.revision));
    expect(signed.status, signed.text).toBe(200);
    expect((await qa.get(`/api/audits/assignments?child=C9990014&form=${SIGNED}`)).body.items[0]).toMatchObject({ id: a.id, status: 'done', onTime: true, submissionId: record.id });
  });

  it('repairs an assignment whose record completed when the step after it was lost', async () => {
    const a = await assign('C9990015');
    // The record is stored as the completing step would, but the assignment is not told.
    const now = new Date().toISOString();
    const store = srv.running.ctx.store;
    const id = newId();
    await store.createSubmission(
      { id, formId: QUICK, version: 1, status: 'submitted', subject: { childId: 'C9990015' }, data: { header: { childId: 'C9990015' }, audit: { grade: 'Good' } }, revision: 1, team: TEAM, createdBy: pat, createdAt: now, updatedBy: pat, updatedAt: now, submittedBy: pat, submittedAt: now },
      { outbox: [], event: newEvent(new Date(), pat, 'submission.submitted', 'submission', id) },
    );
    expect((await store.getAssignment(a.id))!.status).toBe('open');
    const work = await practitioner().get('/api/work');
    expect(work.body.audits.items.map((x: { id: string }) => x.id)).not.toContain(a.id);
    expect(await store.getAssignment(a.id)).toMatchObject({ status: 'done', submissionId: id, onTime: true });
  });

  it('opens one audit for its auditor and for a planner of its team, and for no one else (404 alike)', async () => {
    const a = await assign('C9990010', SIGNED);
    const mine = await practitioner().get(`/api/audits/assignments/${a.id}`);
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body).toMatchObject({ id: a.id, childId: 'C9990010', childName: 'Noah Wright', auditorAccountId: pat, status: 'open', revision: 1 });
    expect(mine.headers.get('etag')).toMatch(/^"1\b/);
    // Sasha manages children looked after (the child's team); Mo plans for another team only.
    expect((await lac.get(`/api/audits/assignments/${a.id}`)).body).toMatchObject({ id: a.id });
    const other = await manager().get(`/api/audits/assignments/${a.id}`);
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect((await manager().get('/api/audits/assignments/no-such-audit')).status).toBe(404);
    expect((await srv.as('designer').get(`/api/audits/assignments/${a.id}`)).status).toBe(403);
  });

  it('refuses wrong assignments with a pointer each, and makes none of them', async () => {
    const past = '2020-01-06';
    const res = await manager().post('/api/audits/assignments', {
      assignments: [
        { childId: 'C0000000', auditorAccountId: pat, dueOn: due(), formId: QUICK },
        { childId: 'C9990010', auditorAccountId: pat, dueOn: due(), formId: QUICK },
        { childId: 'C9990019', auditorAccountId: pat, dueOn: due(), formId: QUICK },
        { childId: 'C9990006', auditorAccountId: 'no-such-account', dueOn: due(), formId: QUICK },
        { childId: 'C9990006', auditorAccountId: designerId, dueOn: due(), formId: QUICK },
        { childId: 'C9990006', auditorAccountId: pat, dueOn: past, formId: QUICK },
        { childId: 'C9990020', auditorAccountId: pat, dueOn: due(), formId: QUICK },
        { childId: 'C9990006', auditorAccountId: pat, dueOn: due(), formId: 'no-such-form' },
      ],
    });
    expect(res.status, res.text).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(pointers(res.body)).toEqual([
      '/assignments/0/childId',
      '/assignments/1/childId',
      '/assignments/2/auditorAccountId',
      '/assignments/3/auditorAccountId',
      '/assignments/4/auditorAccountId',
      '/assignments/5/dueOn',
      '/assignments/6/childId',
      '/assignments/7/formId',
    ]);
    const messages = res.body.errors.map((e: { message: string }) => e.message).join('\n');
    expect(messages).toMatch(/no child with ICS person ID C0000000/);
    expect(messages).toMatch(/team you do not plan audits for/);
    expect(messages).toMatch(/may not read this child’s records/);
    expect(messages).toMatch(/due date is in the past/);
    expect(messages).toMatch(/merged C9990020 into C9990001/);
    expect((await manager().get('/api/audits/assignments?child=C9990006')).body.items.filter((x: { status: string }) => x.status === 'open').length).toBeLessThanOrEqual(1);

    // A second open audit of the same child on the same form.
    expect((await qa.post('/api/audits/assignments', { assignments: [{ childId: 'C9990016', auditorAccountId: pat, dueOn: due(), formId: QUICK }] })).status).toBe(201);
    const dup = await qa.post('/api/audits/assignments', { assignments: [{ childId: 'C9990016', auditorAccountId: pat, dueOn: due(), formId: QUICK }] });
    expect(dup.status).toBe(422);
    expect(pointers(dup.body)).toEqual(['/assignments/0/childId']);
    expect(dup.body.errors[0].message).toMatch(/already open/);

    // The rule of a sample, each member.
    const rule = await manager().post('/api/audits/samples', { formId: QUICK, perTeam: 0, auditorAccountIds: [], dueOn: past, teams: ['children-looked-after'] });
    expect(rule.status).toBe(422);
    expect(pointers(rule.body)).toEqual(['/perTeam', '/teams/0', '/auditorAccountIds', '/dueOn']);
    // Practitioners do not plan.
    expect((await practitioner().post('/api/audits/assignments', { assignments: [] })).status).toBe(403);
    expect((await practitioner().get('/api/audits/assignments?team=children-in-need-north')).status).toBe(400);
  });

  it('cancels, reassigns and moves the due date of an open audit (If-Match), with its history', async () => {
    // C9990011's case is with children looked after: quality assurance plans for every team, Mo for his own only.
    const made = (await qa.post('/api/audits/assignments', { assignments: [{ childId: 'C9990011', auditorAccountId: pat, dueOn: due(), formId: SIGNED }] })).body.items[0];
    const later = addWorkingDays(today(), 20);
    const moved = await qa.post(`/api/audits/assignments/${made.id}/due`, { dueOn: later, reason: 'Worker on leave' }, ifMatch(made.revision));
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ dueOn: later, dueMonth: later.slice(0, 7), revision: 2 });
    const stale = await qa.post(`/api/audits/assignments/${made.id}/cancel`, { reason: 'x' }, ifMatch(1));
    expect([409, 412]).toContain(stale.status);
    const given = await qa.post(`/api/audits/assignments/${made.id}/reassign`, { auditorAccountId: mo, reason: 'Balance the load' }, ifMatch(2));
    expect(given.status, given.text).toBe(200);
    expect(given.body).toMatchObject({ auditorAccountId: mo, auditorWorkerId: 'W20001', revision: 3 });
    expect((await manager().post(`/api/audits/assignments/${made.id}/cancel`, { reason: 'x' }, ifMatch(3))).status).toBe(404);
    const cancelled = await qa.post(`/api/audits/assignments/${made.id}/cancel`, { reason: 'Case closed' }, ifMatch(3));
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'Case closed' });
    expect(cancelled.body.history.map((h: { action: string }) => h.action)).toEqual(['assigned', 'due-moved', 'reassigned', 'cancelled']);
    expect((await qa.post(`/api/audits/assignments/${made.id}/cancel`, { reason: 'again' }, ifMatch(4))).status).toBe(403);
  });
});
