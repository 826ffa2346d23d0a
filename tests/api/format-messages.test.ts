/**
 * Issue 10, item 8: a published form's own message for an answer in the wrong format is what the
 * API says in its problem+json errors (and in a draft's advice), and a named format is a real
 * check: an NHS number with a wrong check digit is refused, one with the right digit accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api.js';
import { STORE_KINDS } from '../support/stores.js';

const NHS_MESSAGE = "Enter the child's NHS number, like 943 476 5919";
const ID_MESSAGE = "Enter the child's ICS person id, like P1234567";

const definition = {
  schema: {
    type: 'object',
    required: ['childId', 'nhsNumber'],
    properties: {
      childId: { type: 'string', maxLength: 20, pattern: '^P[0-9]{7}$', 'x-format-message': ID_MESSAGE },
      nhsNumber: { type: 'string', maxLength: 14, format: 'nhs-number', 'x-format-message': NHS_MESSAGE },
      postcode: { type: 'string', maxLength: 12, format: 'uk-postcode' },
    },
  },
  uischema: {
    type: 'VerticalLayout',
    elements: [
      { type: 'Control', scope: '#/properties/childId', label: "Child's ICS person id" },
      { type: 'Control', scope: '#/properties/nhsNumber', label: "Child's NHS number" },
      { type: 'Control', scope: '#/properties/postcode', label: 'Postcode' },
    ],
  },
};

describe.each(STORE_KINDS)('messages for answers in the wrong format (%s store)', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(kind);
    const d = srv.as('designer');
    expect((await d.post('/api/forms', { id: 'child-health', title: 'Child health', category: 'other', team: 'qa' })).status).toBe(201);
    expect((await d.post('/api/forms/child-health/versions', { ...definition, changeNote: 'v1' })).status).toBe(201);
    expect((await d.post('/api/forms/child-health/versions/1/publish')).status).toBe(200);
  });
  afterAll(async () => srv?.close());

  it('a submit with wrong answers gets the form’s own messages, and the default for a named format without one', async () => {
    const worker = srv.as('practitioner');
    const bad = await worker.post('/api/submissions', { formId: 'child-health', data: { childId: 'C12', nhsNumber: '943 476 5918', postcode: 'SW1A' }, status: 'submitted' }, { headers: { 'idempotency-key': '"fm-1"' } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.type).toBe('/api/problems/validation-failed');
    expect(bad.body.errors.map(({ pointer, message }: { pointer: string; message: string }) => ({ pointer, message }))).toEqual([
      { pointer: '/childId', message: ID_MESSAGE },
      { pointer: '/nhsNumber', message: NHS_MESSAGE },
      { pointer: '/postcode', message: 'Enter the postcode in the correct format, like SW1A 2AA.' },
    ]);
  });

  it('a draft keeps the answers and says the same as advice; right answers submit', async () => {
    const worker = srv.as('practitioner');
    const draft = await worker.post('/api/submissions', { formId: 'child-health', data: { childId: 'P1234567', nhsNumber: '9434765918' }, status: 'draft' }, { headers: { 'idempotency-key': '"fm-2"' } });
    expect(draft.status).toBe(201);
    expect(draft.body.advisory).toEqual([expect.objectContaining({ pointer: '/nhsNumber', message: NHS_MESSAGE })]);
    const ok = await worker.post('/api/submissions', { formId: 'child-health', data: { childId: 'P1234567', nhsNumber: '943 476 5919', postcode: 'sw1a 2aa' }, status: 'submitted' }, { headers: { 'idempotency-key': '"fm-3"' } });
    expect(ok.status).toBe(201);
  });

  it('a message the policy does not allow is refused at publish, with its pointer', async () => {
    const d = srv.as('designer');
    await d.post('/api/forms', { id: 'bad-message', title: 'Bad', category: 'other', team: 'qa' });
    const bad = structuredClone(definition) as { schema: { properties: Record<string, Record<string, unknown>> } };
    bad.schema.properties.postcode!['x-format-message'] = 'x'.repeat(201);
    expect((await d.post('/api/forms/bad-message/versions', { ...bad, changeNote: 'v1' })).status).toBe(201);
    const res = await d.post('/api/forms/bad-message/versions/1/publish');
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('/api/problems/definition-rejected');
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/schema/properties/postcode/x-format-message', message: expect.stringMatching(/longer than 200 characters/) })]);
  });
});
