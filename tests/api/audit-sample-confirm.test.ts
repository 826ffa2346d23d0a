/**
 * What a planner reads and confirms on the audit programme, found walking it (issue 15): the
 * auditors offered by name with their team's name; a sample's children by name as well as ICS
 * id; and "Assign these audits" assigns the children the preview showed, or none — when the same
 * draw now chooses others (another tab or planner assigned some of them meanwhile), it is refused
 * with 409 and nothing is saved, instead of assigning children the planner never saw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../engine/forms/calculations/dates.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';
import { startTestServer, type TestServer } from '../support/api.js';

const FORM = 'case-file-audit';

describe('planning audits', () => {
  let srv: TestServer;
  let pat: string;
  const manager = () => srv.as('manager');
  const due = () => addWorkingDays(londonToday(new Date()), 10);

  beforeAll(async () => {
    srv = await startTestServer('sqlite', { demoDirectory: true });
    pat = (await srv.as('practitioner').get('/api/session')).body.account.id;
  });
  afterAll(async () => srv?.close());

  it('offers each auditor by name with their team’s name', async () => {
    const options = await manager().get('/api/audits/options');
    expect(options.status, options.text).toBe(200);
    const mo = options.body.auditors.find((a: { displayName: string }) => a.displayName === 'Mo (team manager)');
    expect(mo).toMatchObject({ team: 'children-in-need-north', teamName: 'Children in need north' });
  });

  it('names the children a sample chose', async () => {
    const preview = await manager().post('/api/audits/samples', { formId: FORM, perTeam: 2, auditorAccountIds: [pat], dueOn: due(), seed: 5, preview: true });
    expect(preview.status, preview.text).toBe(200);
    const names = new Map((await srv.running.ctx.store.getChildren(preview.body.sample.chosen.map((c: { childId: string }) => c.childId))).map((c) => [c.id, c.name]));
    expect(preview.body.sample.chosen.map((c: { childId: string; childName?: string }) => [c.childId, c.childName])).toEqual(preview.body.sample.chosen.map((c: { childId: string }) => [c.childId, names.get(c.childId)]));
    expect(names.size).toBe(2);
  });

  it('assigns the children previewed, or refuses and assigns none when the draw has changed since', async () => {
    const rule = { formId: FORM, perTeam: 2, auditorAccountIds: [pat], dueOn: due(), seed: 9 };
    const preview = await manager().post('/api/audits/samples', { ...rule, preview: true });
    const shown: string[] = preview.body.sample.chosen.map((c: { childId: string }) => c.childId);
    expect(shown).toHaveLength(2);
    // Meanwhile, in another tab, one of them is given an audit by hand.
    const byHand = await manager().post('/api/audits/assignments', { assignments: [{ childId: shown[0], auditorAccountId: pat, dueOn: rule.dueOn, formId: FORM }] });
    expect(byHand.status, byHand.text).toBe(201);
    const before = (await manager().get('/api/audits/assignments')).body.count;

    const changed = await manager().post('/api/audits/samples', { ...rule, previewed: shown });
    expect(changed.status, changed.text).toBe(409);
    expect(changed.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(changed.body.detail).toContain('Preview the sample again');
    expect(changed.body.errors).toEqual([{ pointer: '/previewed', message: expect.any(String) }]);
    expect((await manager().get('/api/audits/assignments')).body.count).toBe(before);

    // Previewed again and confirmed: exactly the children shown.
    const again = await manager().post('/api/audits/samples', { ...rule, preview: true });
    const now: string[] = again.body.sample.chosen.map((c: { childId: string }) => c.childId);
    const saved = await manager().post('/api/audits/samples', { ...rule, previewed: now });
    expect(saved.status, saved.text).toBe(201);
    expect(saved.body.assignments.map((a: { childId: string }) => a.childId)).toEqual(now);
  });

  it('refuses a confirmation that names the previewed children without the seed that drew them', async () => {
    const res = await manager().post('/api/audits/samples', { formId: FORM, perTeam: 1, auditorAccountIds: [pat], dueOn: due(), previewed: ['C9990006'] });
    expect(res.status, res.text).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/seed');
  });
});
