/**
 * Issue 12: calculated answers are worked out by the server at create, every draft save and
 * submit — a client's value is never kept, a blank result removes the answer — and they are
 * ordinary answers in types.d.ts and the exports. A formula the policy cannot accept is refused
 * with a pointer and a sentence. On both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/api.js';

const FORM = 'calc-absence';
const schema = () => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    absence: {
      type: 'object',
      title: 'Absence',
      additionalProperties: false,
      properties: {
        firstDay: { type: 'string', format: 'date', title: 'First day of absence' },
        lastDay: { type: 'string', format: 'date', title: 'Last day of absence' },
      },
    },
    hoursPerDay: { type: 'number', title: 'Contracted hours per day', minimum: 0, maximum: 24 },
    workingDaysLost: { type: 'integer', title: 'Working days lost', readOnly: true, 'x-calculate': 'workingDays(absence.firstDay, absence.lastDay)' },
    hoursLost: { type: 'number', title: 'Hours lost', readOnly: true, 'x-calculate': 'workingDaysLost * hoursPerDay' },
    overAWeek: { type: 'boolean', title: 'Longer than a week?', readOnly: true, 'x-calculate': 'workingDaysLost > 5' },
    longAbsenceNote: { type: 'string', title: 'Occupational health referral', maxLength: 500 },
  },
});
const uischema = () => ({
  type: 'VerticalLayout',
  elements: [
    { type: 'Control', scope: '#/properties/absence/properties/firstDay' },
    { type: 'Control', scope: '#/properties/absence/properties/lastDay' },
    { type: 'Control', scope: '#/properties/hoursPerDay' },
    { type: 'Control', scope: '#/properties/workingDaysLost' },
    { type: 'Control', scope: '#/properties/hoursLost' },
    { type: 'Control', scope: '#/properties/overAWeek' },
    { type: 'Control', scope: '#/properties/longAbsenceNote', rule: { effect: 'SHOW', condition: { scope: '#/properties/overAWeek', schema: { const: true } } } },
  ],
});

/** Christmas 2026: 21 December to 8 January is 15 weekdays less 25 and 28 December and 1 January. */
const CHRISTMAS = { firstDay: '2026-12-21', lastDay: '2027-01-08' };
const WRONG = { workingDaysLost: 99, hoursLost: 1, overAWeek: false };

describe.each(STORE_KINDS)('calculated answers (%s store)', (kind) => {
  let srv: TestServer;
  let n = 0;
  const key = () => ({ headers: { 'idempotency-key': `"calc-${kind}-${++n}"` } });

  beforeAll(async () => {
    srv = await startTestServer(kind);
    const designer = srv.as('designer');
    expect((await designer.post('/api/forms', { id: FORM, title: 'Absence', category: 'return-to-work', team: 'cin-north' })).status).toBe(201);
    const draft = await designer.post(`/api/forms/${FORM}/versions`, { schema: schema(), uischema: uischema(), changeNote: 'First' });
    expect(draft.status, draft.text).toBe(201);
    const published = await designer.post(`/api/forms/${FORM}/versions/1/publish`, { changeNote: 'First' });
    expect(published.status, published.text).toBe(200);
  });
  afterAll(async () => srv?.close());

  it('works calculated answers out at create, save and submit, whatever the client sends', async () => {
    const worker = srv.as('practitioner');
    const created = await worker.post('/api/submissions', { formId: FORM, subject: { childId: 'C1' }, data: { absence: CHRISTMAS, hoursPerDay: 7.5, ...WRONG }, status: 'draft' }, key());
    expect(created.status, created.text).toBe(201);
    expect(created.body.data).toEqual({ absence: CHRISTMAS, hoursPerDay: 7.5, workingDaysLost: 12, hoursLost: 90, overAWeek: true });

    // A blank input removes what it was worked out from; a client's value for it is not kept.
    const saved = await worker.put(`/api/submissions/${created.body.id}`, { data: { absence: { firstDay: CHRISTMAS.firstDay }, hoursPerDay: 7.5, ...WRONG } }, { headers: { 'if-match': '"1"' } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.data).toEqual({ absence: { firstDay: CHRISTMAS.firstDay }, hoursPerDay: 7.5 });
    expect((await worker.get(`/api/submissions/${created.body.id}`)).body.data).toEqual({ absence: { firstDay: CHRISTMAS.firstDay }, hoursPerDay: 7.5 });

    const submitted = await worker.post(`/api/submissions/${created.body.id}/submit`, { data: { absence: { firstDay: '2026-03-30', lastDay: '2026-04-10' }, hoursPerDay: 6, ...WRONG } }, { headers: { 'if-match': '"2"' } });
    expect(submitted.status, submitted.text).toBe(200);
    // Easter 2026: ten weekdays less Good Friday and Easter Monday.
    expect(submitted.body.data).toMatchObject({ workingDaysLost: 8, hoursLost: 48, overAWeek: true });
  });

  it('at submit, an answer a calculation hides is left out; calculations are done again on what is left', async () => {
    const worker = srv.as('practitioner');
    const short = { absence: { firstDay: '2026-03-02', lastDay: '2026-03-04' }, hoursPerDay: 7, overAWeek: true, longAbsenceNote: 'Refer to occupational health' };
    const created = await worker.post('/api/submissions', { formId: FORM, subject: { childId: 'C2' }, data: short, status: 'draft' }, key());
    expect(created.body.data).toMatchObject({ workingDaysLost: 3, overAWeek: false, longAbsenceNote: 'Refer to occupational health' });
    const submitted = await worker.post(`/api/submissions/${created.body.id}/submit`, undefined, { headers: { 'if-match': '"1"' } });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body.data).toEqual({ absence: short.absence, hoursPerDay: 7, workingDaysLost: 3, hoursLost: 21, overAWeek: false });
  });

  it('calculated answers are in types.d.ts and the exports like any answer', async () => {
    const created = await srv.as('practitioner').post('/api/submissions', { formId: FORM, subject: { childId: 'C3' }, data: { absence: CHRISTMAS, hoursPerDay: 7.5 }, status: 'submitted' }, key());
    expect(created.status, created.text).toBe(201);
    const types = await srv.as('integrator').get(`/api/forms/${FORM}/versions/1/types.d.ts`);
    expect(types.status, types.text).toBe(200);
    // Titled fields get a named type (json-schema-to-typescript): `workingDaysLost?: WorkingDaysLost` with `type WorkingDaysLost = number`.
    expect(types.text).toMatch(/workingDaysLost\?: WorkingDaysLost;/);
    expect(types.text).toMatch(/export type WorkingDaysLost = number;/);
    expect(types.text).toMatch(/hoursLost\?: HoursLost;/);
    expect(types.text).toMatch(/export type LongerThanAWeek = boolean;/);

    const json = await srv.as('integrator').get(`/api/forms/${FORM}/export?format=json`);
    expect(json.status).toBe(200);
    expect(json.body.find((s: { id: string }) => s.id === created.body.id).data).toMatchObject({ workingDaysLost: 12, hoursLost: 90, overAWeek: true });
    const csv = await srv.as('integrator').get(`/api/forms/${FORM}/export?format=csv`);
    const [header, ...rows] = csv.text.replace(/^\ufeff/, '').trim().split('\n').map((l) => l.split(','));
    const row = rows.find((r) => r.includes(created.body.id))!;
    const cell = (name: string) => row[header!.findIndex((h) => h === name || h.endsWith(name))];
    expect([cell('workingDaysLost'), cell('hoursLost')]).toEqual(['12', '90']);
  });

  it('refuses a formula that does not check, and calculated answers that use each other, with a pointer and a sentence', async () => {
    const designer = srv.as('designer');
    const bad = schema();
    bad.properties.workingDaysLost['x-calculate'] = 'workingDays(absence.firstDay, absence.lastDy)';
    const draft = await designer.post(`/api/forms/${FORM}/versions`, { schema: bad, uischema: uischema(), changeNote: 'Typo' });
    expect(draft.status, draft.text).toBe(201);
    const typo = { pointer: '/schema/properties/workingDaysLost/x-calculate', message: '"Working days lost": “absence” has no question called “lastDy”.' };
    expect(draft.body.violations).toContainEqual(typo);
    const refused = await designer.post(`/api/forms/${FORM}/versions/2/publish`, { changeNote: 'Typo' });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.body.errors).toContainEqual(expect.objectContaining(typo));

    const cycle = schema();
    cycle.properties.workingDaysLost['x-calculate'] = 'round(hoursLost / hoursPerDay)';
    const changed = await designer.put(`/api/forms/${FORM}/versions/2`, { schema: cycle, uischema: uischema(), changeNote: 'Circle' }, { headers: { 'if-match': draft.headers.get('etag')! } });
    expect(changed.status, changed.text).toBe(200);
    const circular = await designer.post(`/api/forms/${FORM}/versions/2/publish`, { changeNote: 'Circle' });
    expect(circular.status).toBe(422);
    expect(circular.body.errors).toEqual([
      expect.objectContaining({ pointer: '/schema/properties/workingDaysLost/x-calculate', message: '"Working days lost" and "Hours lost" each use the other, so neither can be worked out.' }),
    ]);
  });
});
