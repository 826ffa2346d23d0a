/**
 * Record references through the real service on both stores: the form's prefix (set by the
 * designer, or made from the id), a reference on every record from its creation, unique, kept by
 * a retried create, found with `?reference=` by those who may read the record and by nobody
 * else, in the exports and in what every connector kind sends to the ICS.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv, verifyFolder } from '../../engine/sync/connectors/file-drop-verify.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceYear } from '../../engine/submissions/reference.js';
import { checkInput } from '../../engine/validation/requests.js';
import { Client, startTestServer, type TestServer } from '../support/api.js';
import { startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { STORE_KINDS } from '../support/stores.js';
import { FORM_ID, SECRET, VISIT_MAPPING, connectHttp, eventually, publishVisitForm, visitData } from '../support/sync.js';

describe.each(STORE_KINDS)('record references (%s store)', (kind) => {
  let srv: TestServer;
  let sim: IcsSimulator;
  /** A practitioner in another team. */
  let other: Client;
  let n = 0;
  const year = referenceYear(new Date());

  beforeAll(async () => {
    srv = await startTestServer(kind);
    sim = await startIcsSimulator({ secret: SECRET });
    await publishVisitForm(srv);
    const password = 'correct horse battery staple';
    expect((await srv.as('admin').post('/api/accounts', { username: 'olu.other', displayName: 'Olu', role: 'practitioner', team: 'cin-south', password })).status).toBe(201);
    const signIn = await new Client(srv.url, null).post('/api/session', { username: 'olu.other', password });
    const token = await new Client(srv.url, null, { cookie: signIn.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': signIn.body.csrfToken }).post('/api/me/tokens', { name: 'tests' });
    other = new Client(srv.url, token.body.token);
  });
  afterAll(async () => {
    await srv?.close();
    await sim?.close();
  });

  async function record(who: Client, status: 'draft' | 'submitted') {
    n++;
    const res = await who.post('/api/submissions', { formId: FORM_ID, subject: { childId: `C-${n}` }, data: status === 'submitted' ? visitData(n) : { childName: `Draft ${n}` }, status }, { headers: { 'idempotency-key': `"ref-${kind}-${n}"` } });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; reference: string; status: string };
  }
  const find = async (who: Client, reference: string) => {
    const res = await who.get(`/api/submissions?reference=${encodeURIComponent(reference)}`);
    expect(res.status, res.text).toBe(200);
    return (res.body.items as Array<{ id: string; reference: string }>).map((s) => s.id);
  };

  it('gives a form the prefix made from its id until the designer sets one, and refuses a bad one in words', async () => {
    const designer = srv.as('designer');
    expect((await designer.get(`/api/forms/${FORM_ID}`)).body.referencePrefix).toBe('HV');
    const created = await designer.post('/api/forms', { id: 'visit-note-refs', title: 'Visit note', category: 'case-record', team: 'cin-north', referencePrefix: 'VNR' });
    expect(created.status, created.text).toBe(201);
    expect(created.body.referencePrefix).toBe('VNR');
    const cases: Array<[unknown, string]> = [
      ['hv', 'The reference prefix must be in capital letters, like SUP.'],
      ['1HV', 'The reference prefix must start with a letter.'],
      ['HOMEVISIT', 'The reference prefix must be 8 characters or fewer.'],
      ['H-V', 'The reference prefix can only hold capital letters A to Z and digits 0 to 9.'],
      ['', 'Enter a reference prefix, or leave the setting out to use the one made from the form id.'],
    ];
    for (const [referencePrefix, message] of cases) {
      const res = await designer.patch(`/api/forms/${FORM_ID}`, { referencePrefix });
      expect(res.status, res.text).toBe(400);
      expect(res.body.errors).toEqual([{ pointer: '/referencePrefix', message }]);
      const made = await designer.post('/api/forms', { id: 'visit-note-bad', title: 'x', category: 'other', team: 'cin-north', referencePrefix });
      expect(made.body.errors).toEqual([{ pointer: '/referencePrefix', message }]);
    }
    expect((await designer.get(`/api/forms/${FORM_ID}`)).body.referencePrefix).toBe('HV');
  });

  it('gives every record its reference when it is created, draft or submitted, unique and kept by a retried create', async () => {
    const draft = await record(srv.as('practitioner'), 'draft');
    const body = { formId: FORM_ID, subject: { childId: 'C-retried' }, data: visitData(1), status: 'submitted' };
    const first = await srv.as('practitioner').post('/api/submissions', body, { headers: { 'idempotency-key': '"ref-retried"' } });
    expect(first.status, first.text).toBe(201);
    const submitted = first.body as { id: string; reference: string };
    expect(draft.reference).toMatch(new RegExp(`^HV-${year}-\\d{6}$`));
    expect(submitted.reference).toMatch(new RegExp(`^HV-${year}-\\d{6}$`));
    expect(submitted.reference).not.toBe(draft.reference);
    const retry = await srv.as('practitioner').post('/api/submissions', body, { headers: { 'idempotency-key': '"ref-retried"' } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toMatchObject({ id: submitted.id, reference: submitted.reference });
    // The draft keeps it through a save and the submit; a read shows it.
    const saved = await srv.as('practitioner').put(`/api/submissions/${draft.id}`, { data: visitData(2) }, { headers: { 'if-match': '"1"' } });
    expect(saved.body.reference).toBe(draft.reference);
    const sent = await srv.as('practitioner').post(`/api/submissions/${draft.id}/submit`, undefined, { headers: { 'if-match': '"2"' } });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.reference).toBe(draft.reference);
    expect((await srv.as('practitioner').get(`/api/submissions/${draft.id}`)).body.reference).toBe(draft.reference);
  });

  it('numbers a form’s new records with a prefix it is given from then on; earlier ones keep theirs', async () => {
    const before = await record(srv.as('practitioner'), 'draft');
    const changed = await srv.as('designer').patch('/api/forms/visit-note-refs', { referencePrefix: 'VISIT' });
    expect(changed.status, changed.text).toBe(200);
    const res = await srv.as('designer').patch(`/api/forms/${FORM_ID}`, { referencePrefix: 'HVX' });
    expect(res.status, res.text).toBe(200);
    const after = await record(srv.as('practitioner'), 'draft');
    expect(after.reference).toBe(`HVX-${year}-000001`);
    expect((await srv.as('practitioner').get(`/api/submissions/${before.id}`)).body.reference).toBe(before.reference);
    await srv.as('designer').patch(`/api/forms/${FORM_ID}`, { referencePrefix: 'HV' });
  });

  it('finds a record by its reference, in any case, only for those who may read it', async () => {
    const mine = await record(srv.as('practitioner'), 'submitted');
    const theirs = await record(other, 'submitted');
    expect(await find(srv.as('practitioner'), mine.reference)).toEqual([mine.id]);
    expect(await find(srv.as('practitioner'), mine.reference.toLowerCase())).toEqual([mine.id]);
    expect(await find(srv.as('integrator'), mine.reference)).toEqual([mine.id]);
    // Someone else's record is simply not found: the same answer as a reference nobody has.
    expect(await find(srv.as('practitioner'), theirs.reference)).toEqual([]);
    expect(await find(other, mine.reference)).toEqual([]);
    expect(await find(srv.as('practitioner'), `HV-${year}-999999`)).toEqual([]);
    const bad = await srv.as('practitioner').get('/api/submissions?reference=HV-12');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ pointer: '/query/reference', message: '"reference" must be a record reference, like SUP-2026-000123.' }]);
  });

  it('exports the reference as a column of the CSV and a member of the JSON', async () => {
    const r = await record(srv.as('practitioner'), 'submitted');
    const csv = await srv.as('integrator').get(`/api/forms/${FORM_ID}/export?format=csv`);
    const [header, ...rows] = parseCsv(csv.text.replace(/^\ufeff/, '')) as string[][];
    expect(header!.slice(0, 2)).toEqual(['id', 'reference']);
    expect(rows.find((row) => row[0] === r.id)?.[1]).toBe(r.reference);
    const json = await srv.as('integrator').get(`/api/forms/${FORM_ID}/export?format=json`);
    expect((json.body as Array<{ id: string; reference: string }>).find((s) => s.id === r.id)?.reference).toBe(r.reference);
  });

  it('sends the reference in the envelope of every connector kind', async () => {
    await connectHttp(srv, sim);
    const folder = mkdtempSync(join(tmpdir(), 'caseforms-drop-'));
    const c = await srv.as('integrator').post('/api/sync/connectors', { id: 'ics-files', kind: 'file-drop', title: 'ICS batch import', settings: { folder }, retry: { maxAttempts: 3, baseMs: 20, maxMs: 100 } });
    expect(c.status, c.text).toBe(201);
    // The whole mapping, the actions' rows included: their cells verify against the JSON lines.
    expect((await srv.as('integrator').put(`/api/sync/connectors/ics-files/mappings/${FORM_ID}/1`, { fields: VISIT_MAPPING.fields })).status).toBe(201);
    const r = await record(srv.as('practitioner'), 'submitted');
    await eventually(
      async () => (await srv.as('integrator').get(`/api/sync/deliveries?submissionId=${r.id}`)).body.items as Array<{ state: string }>,
      (ds) => ds.length === 2 && ds.every((d) => d.state === 'delivered'),
    );
    const sent = sim.records.find((x) => x.submissionId === r.id)!;
    expect(checkInput('ics-envelope', sent.envelope, 'envelope').reference).toBe(r.reference);
    const files = readdirSync(folder);
    expect((await verifyFolder(folder)).map((b) => b.problems)).toEqual([[]]);
    const line = JSON.parse(readFileSync(join(folder, files.find((f) => f.endsWith('.jsonl'))!), 'utf8').trim()) as { reference: string; fields: Record<string, unknown> };
    expect(line.reference).toBe(r.reference);
    const [header, row] = parseCsv(readFileSync(join(folder, files.find((f) => f.endsWith('.csv'))!), 'utf8')) as string[][];
    expect(row![header!.indexOf('reference')]).toBe(r.reference);
    expect(JSON.parse(row![header!.indexOf('ACTIONS')]!)).toEqual(line.fields.ACTIONS);
  });
});
