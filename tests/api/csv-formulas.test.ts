/**
 * The API's CSV export never writes a cell a spreadsheet would run: list answers included
 * (issue 11, item 3) — on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/api.js';

const FORM = 'csv-formulas';
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    note: { type: 'string', title: 'Note', maxLength: 200 },
    score: { type: 'integer', title: 'Score', minimum: -10, maximum: 10 },
    tags: { type: 'array', title: 'Tags', maxItems: 5, items: { type: 'string', maxLength: 200 } },
  },
};
const uischema = { type: 'VerticalLayout', elements: ['note', 'score', 'tags'].map((k) => ({ type: 'Control', scope: `#/properties/${k}` })) };

describe.each(STORE_KINDS)('CSV export and formulas (%s store)', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(kind);
    const designer = srv.as('designer');
    expect((await designer.post('/api/forms', { id: FORM, title: 'CSV formulas', category: 'case-record', team: 'cin-north' })).status).toBe(201);
    const draft = await designer.post(`/api/forms/${FORM}/versions`, { schema, uischema, changeNote: 'First' });
    expect(draft.status, draft.text).toBe(201);
    const published = await designer.post(`/api/forms/${FORM}/versions/1/publish`, { changeNote: 'First' });
    expect(published.status, published.text).toBe(200);
  });
  afterAll(async () => srv?.close());

  it('escapes formulas in list answers as in every other cell; numbers stay numbers', async () => {
    const data = { note: '＝1+1', score: -5, tags: ['=HYPERLINK(L2)', 'ok', '@SUM(A1)'] };
    const created = await srv.as('practitioner').post('/api/submissions', { formId: FORM, subject: { childId: 'C1' }, data, status: 'submitted' }, { headers: { 'idempotency-key': '"csv-1"' } });
    expect(created.status, created.text).toBe(201);
    const csv = await srv.as('integrator').get(`/api/forms/${FORM}/export?format=csv`);
    expect(csv.status).toBe(200);
    const [header, row] = csv.text.replace(/^\ufeff/, '').trim().split('\n').map((l) => l.split(','));
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell('tags')).toBe("'=HYPERLINK(L2); ok; '@SUM(A1)");
    expect(cell('note')).toBe("'＝1+1");
    expect(cell('score')).toBe('-5');
  });
});
