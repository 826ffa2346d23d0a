/**
 * Issue 13, part 2, through the real server on both stores: finding a child in the ICS directory
 * (by id, name or date of birth; restricted children only for those who may read them), unknown
 * child ids refused once a directory is loaded, and the directory's names beside the ids in
 * lists, record reads and exports.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPractitioner, startTestServer, type Client, type TestServer } from '../support/api.js';
import { linkWorker, loadDirectory } from '../support/directory.js';
import { STORE_KINDS } from '../support/stores.js';

type Json = Record<string, any>;

const C1_CARD = {
  id: 'C1',
  name: 'Jordan Smith',
  dateOfBirth: '2015-03-02',
  legalStatus: 'CIN',
  legalStatusTitle: 'Child in need',
  allocatedWorker: { id: 'W2', name: 'Priya Practitioner' },
  team: { id: 'cin-north', name: 'Children in need north' },
  restricted: false,
};

describe.each(STORE_KINDS)('the child search and the directory in records (%s store)', (kind) => {
  let srv: TestServer;
  /** Priya (W2), to whom C1–C3 are allocated; the demo practitioner is Sam (W3). */
  let w2: Client;
  let n = 0;
  const key = () => ({ headers: { 'idempotency-key': `"dir-${kind}-${++n}"` } });
  const start = (who: Client, childId: string, status: 'draft' | 'submitted' = 'draft') =>
    who.post('/api/submissions', { formId: 'case-supervision', subject: { childId }, data: { meeting: { childId } }, status }, key());
  const search = (who: Client, q: string, extra = '') => who.get(`/api/directory/children?q=${encodeURIComponent(q)}${extra}`);

  beforeAll(async () => {
    srv = await startTestServer(kind);
    w2 = await newPractitioner(srv, 'priya.w2', 'cin-north');
    await linkWorker(srv.running.ctx.store, 'priya.w2', 'W2');
    await linkWorker(srv.running.ctx.store, 'pat.practitioner', 'W3');
    await linkWorker(srv.running.ctx.store, 'mo.manager', 'W1');
  });
  afterAll(async () => srv?.close());

  it('before any import: the search says no directory is loaded, and any child id is accepted', async () => {
    expect((await search(w2, 'jordan')).body).toEqual({ loaded: false, items: [] });
    const made = await start(w2, 'ANY123');
    expect(made.status, made.text).toBe(201);
    expect((await w2.get(`/api/submissions/${made.body.id}`)).body.subjectNames).toBeUndefined();
  });

  it('finds a child by id (or its start), by name words and by date of birth, with the worker and team by name', async () => {
    await loadDirectory(srv.running.ctx.store);
    const byId = await search(w2, 'c1');
    expect(byId.status, byId.text).toBe(200);
    expect(byId.body).toEqual({ loaded: true, items: [C1_CARD] });
    const byName = await search(w2, 'jor smi');
    expect(byName.body.items.map((c: Json) => [c.id, c.mergedInto])).toEqual([['C1', undefined], ['C7', 'C1']]);
    expect((await search(w2, 'jordan')).body.items.map((c: Json) => c.id).sort()).toEqual(['C1', 'C6', 'C7']);
    expect((await search(w2, '2/3/2015')).body.items.map((c: Json) => c.id).sort()).toEqual(['C1', 'C7']);
    expect((await search(w2, '2015-03-02')).body.items.map((c: Json) => c.id).sort()).toEqual(['C1', 'C7']);
    expect((await search(w2, 'jordan 14/2/2006')).body.items.map((c: Json) => c.id)).toEqual(['C6']);
    expect((await search(w2, 'jordan', '&limit=1')).body.items).toHaveLength(1);
    expect((await w2.get('/api/directory/children/C1')).body).toEqual(C1_CARD);
    expect((await w2.get('/api/directory/children/C7')).body).toMatchObject({ id: 'C7', name: 'Jordan Smith', mergedInto: 'C1' });
  });

  it('refuses a date that does not exist, a limit out of range and an unknown parameter, each in words', async () => {
    const bad = await search(w2, '31/2/2015');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ pointer: '/query/q', message: expect.stringContaining('There is no 31 February 2015') }]);
    expect((await search(w2, 'jordan', '&limit=21')).status).toBe(400);
    expect((await w2.get('/api/directory/children?name=jordan')).status).toBe(400);
    expect((await srv.as('designer').get('/api/directory/children?q=jordan')).status).toBe(403);
  });

  it('a restricted child is found only by those who may read its records; for anyone else it is not found, like an unknown id', async () => {
    const sam = srv.as('practitioner');
    expect((await search(sam, 'robin')).body.items).toEqual([]);
    expect((await search(w2, 'robin')).body.items.map((c: Json) => c.id)).toEqual(['C3']);
    expect((await search(srv.as('manager'), 'robin')).body.items.map((c: Json) => c.id)).toEqual(['C3']);
    expect((await search(srv.as('integrator'), 'C3')).body.items.map((c: Json) => [c.id, c.restricted])).toEqual([['C3', true]]);
    const hidden = await sam.get('/api/directory/children/C3');
    const unknown = await sam.get('/api/directory/children/NOPE1');
    expect([hidden.status, unknown.status]).toEqual([404, 404]);
    expect(hidden.body.detail).toBe('There is no child with ICS person id C3 that you may see in the directory.');
    expect(unknown.body.detail).toBe(hidden.body.detail.replace('C3', 'NOPE1'));
    expect((await w2.get('/api/directory/children/C3')).body).toMatchObject({ id: 'C3', restricted: true });
  });

  it('each search is in the event log with its kind and count, never the words typed', async () => {
    await search(w2, 'casey 9/7/2018');
    const events = await srv.running.ctx.store.listEvents({ action: 'directory.searched' });
    const last = events.at(-1)!;
    expect(last.details).toEqual({ kinds: ['date', 'name'], count: 1 });
    expect(JSON.stringify(events)).not.toMatch(/casey|robin|jordan/i);
  });

  it('once loaded, a record about a child the directory does not know is refused at /subject/childId; a known or merged child is accepted', async () => {
    const refused = await start(w2, 'C9999');
    expect(refused.status).toBe(422);
    const words = 'There is no child with ICS person id C9999 in the directory. Check the id, or search by name.';
    expect(refused.body.errors).toEqual([{ pointer: '/subject/childId', message: words }]);
    expect((await start(w2, 'C1')).status).toBe(201);
    const merged = await start(w2, 'C7');
    expect(merged.status).toBe(201);
    // The record keeps the id typed; the name shown is the kept record's.
    const read = await w2.get(`/api/submissions/${merged.body.id}`);
    expect(read.body.subject).toEqual({ childId: 'C7' });
    expect(read.body.subjectNames).toEqual({ child: 'Jordan Smith' });
  });

  it('a draft saved with another child must name one the directory knows too', async () => {
    const draft = await start(w2, 'C2');
    const save = (childId: string, etag: string) => w2.put(`/api/submissions/${draft.body.id}`, { data: { meeting: { childId } }, subject: { childId } }, { headers: { 'if-match': etag } });
    const refused = await save('C9998', draft.headers.get('etag')!);
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: Json) => e.pointer)).toEqual(['/subject/childId']);
    const saved = await save('C4', draft.headers.get('etag')!);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.subject).toEqual({ childId: 'C4' });
  });

  it('once loaded, a record about a worker the directory does not know (a name typed for the id) is refused at /subject/workerId, at start and when a draft moves to it', async () => {
    const manager = srv.as('manager');
    const begin = (workerId: string) =>
      manager.post('/api/submissions', { formId: 'return-to-work', data: {}, subject: { workerId }, status: 'draft' }, { headers: { 'idempotency-key': `"rtw-${n++}"` } });
    const refused = await begin('Pat');
    expect(refused.status).toBe(422);
    const words = 'There is no worker with ICS worker id "Pat" in the directory. Enter the id from the worker\'s ICS record, not their name.';
    expect(refused.body.errors).toEqual([{ pointer: '/subject/workerId', message: words }]);
    const draft = await begin('W2');
    expect(draft.status, draft.text).toBe(201);
    const move = (workerId: string) => manager.put(`/api/submissions/${draft.body.id}`, { data: { employee: { workerId } }, subject: { workerId } }, { headers: { 'if-match': draft.headers.get('etag')! } });
    const moved = await move('Priya');
    expect(moved.status).toBe(422);
    expect(moved.body.errors.map((e: Json) => e.pointer)).toEqual(['/subject/workerId']);
    expect((await move('W3')).status).toBe(200);
  });

  it('the answer that shows who a record is about says its subject when not given, and must say the same: advice on a draft, a refusal at submit', async () => {
    const manager = srv.as('manager');
    const rtw = JSON.parse(JSON.stringify((await manager.get('/api/forms/return-to-work')).body.subject));
    expect(rtw).toEqual({ workerId: '/employee/workerId' });
    const draft = await manager.post('/api/submissions', { formId: 'return-to-work', data: {}, subject: { workerId: 'W2' }, status: 'draft' }, { headers: { 'idempotency-key': `"rtw-${n++}"` } });
    expect(draft.status, draft.text).toBe(201);
    const read = await manager.get(`/api/submissions/${draft.body.id}`);
    expect(read.body.data.employee.workerId).toBe('W2');
    expect(read.body.form).toMatchObject({ subject: { workerId: '/employee/workerId' } });
    const words = 'This record is about the worker with ICS worker id W2, chosen when it was started, so this answer must be W2. To write about someone else, start a new record.';
    // Saved saying W3: kept (a draft keeps what is typed), with the advice at the answer.
    const saved = await manager.put(`/api/submissions/${draft.body.id}`, { data: { ...read.body.data, employee: { ...read.body.data.employee, workerId: 'W3' } } }, { headers: { 'if-match': read.headers.get('etag')! } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.subject).toEqual({ workerId: 'W2' });
    expect(saved.body.advisory).toContainEqual({ pointer: '/employee/workerId', message: words });
    expect((await manager.get(`/api/submissions/${draft.body.id}`)).body.advisory).toContainEqual({ pointer: '/employee/workerId', message: words });
    const submit = await manager.post(`/api/submissions/${draft.body.id}/submit`, undefined, { headers: { 'if-match': saved.headers.get('etag')! } });
    expect(submit.status).toBe(422);
    expect(submit.body.errors).toContainEqual({ pointer: '/employee/workerId', message: words });
    // Made through the API with the subject alone: its answer says it too.
    expect((await manager.post('/api/submissions', { formId: 'return-to-work', data: { employee: { jobTitle: 'Social worker' } }, subject: { workerId: 'W3' }, status: 'draft' }, { headers: { 'idempotency-key': `"rtw-${n++}"` } })).body.data.employee).toMatchObject({ jobTitle: 'Social worker', workerId: 'W3' });
  });

  it('made through the API with only the answer that shows who it is about, that answer is its subject: checked as a given one, refused at the answer', async () => {
    const words = (id: string) => `There is no child with ICS person id ${id} in the directory. Check the id, or search by name.`;
    const made = await w2.post('/api/submissions', { formId: 'case-supervision', data: { meeting: { childId: 'C1' } }, status: 'draft' }, key());
    expect(made.status, made.text).toBe(201);
    expect(made.body.subject).toEqual({ childId: 'C1' });
    expect((await w2.get(`/api/submissions/${made.body.id}`)).body.subjectNames).toEqual({ child: 'Jordan Smith' });
    // Before, such a record was about no one: unchecked, and unseen by those the child is allocated to.
    const unknown = await w2.post('/api/submissions', { formId: 'case-supervision', data: { meeting: { childId: 'C9999' } }, status: 'draft' }, key());
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ pointer: '/meeting/childId', message: words('C9999') }]);
    // A restricted child the writer may not read: refused in the same words (leaving out the subject is no way round it).
    const restricted = await srv.as('practitioner').post('/api/submissions', { formId: 'case-supervision', data: { meeting: { childId: 'C3' } }, status: 'draft' }, key());
    expect(restricted.status).toBe(422);
    expect(restricted.body.errors).toEqual([{ pointer: '/meeting/childId', message: words('C3') }]);
    // A return-to-work interview with the employee's worker id only is about that worker, who signs it.
    const rtw = await srv.as('manager').post('/api/submissions', { formId: 'return-to-work', data: { employee: { workerId: 'W2' } }, status: 'draft' }, key());
    expect(rtw.status, rtw.text).toBe(201);
    expect(rtw.body.subject).toEqual({ workerId: 'W2' });
    const nobody = await srv.as('manager').post('/api/submissions', { formId: 'return-to-work', data: { employee: { workerId: 'Pat' } }, status: 'draft' }, key());
    expect(nobody.status).toBe(422);
    expect(nobody.body.errors.map((e: Json) => e.pointer)).toEqual(['/employee/workerId']);
    // A draft started about no one is about the child its answer names once saved with it, and stays so.
    const none = await w2.post('/api/submissions', { formId: 'case-supervision', data: {}, status: 'draft' }, key());
    expect(none.status, none.text).toBe(201);
    expect(none.body.subject).toEqual({});
    const refusedSave = await w2.put(`/api/submissions/${none.body.id}`, { data: { meeting: { childId: 'C9998' } } }, { headers: { 'if-match': none.headers.get('etag')! } });
    expect(refusedSave.status).toBe(422);
    expect(refusedSave.body.errors).toEqual([{ pointer: '/meeting/childId', message: words('C9998') }]);
    const saved = await w2.put(`/api/submissions/${none.body.id}`, { data: { meeting: { childId: 'C2' } } }, { headers: { 'if-match': none.headers.get('etag')! } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.subject).toEqual({ childId: 'C2' });
    const again = await w2.put(`/api/submissions/${none.body.id}`, { data: { meeting: { childId: 'C4' } } }, { headers: { 'if-match': saved.headers.get('etag')! } });
    expect(again.body.subject).toEqual({ childId: 'C2' });
    expect(again.body.advisory.map((e: Json) => e.pointer)).toContain('/meeting/childId');
    // A subject given wins over the answer, as before: the answer is then advice to fix.
    const both = await w2.post('/api/submissions', { formId: 'case-supervision', subject: { childId: 'C1' }, data: { meeting: { childId: 'C2' } }, status: 'draft' }, key());
    expect(both.body.subject).toEqual({ childId: 'C1' });
  });

  it('a list says who started each record, by the name of their account', async () => {
    const priya = await srv.running.ctx.store.getAccountByUsername('priya.w2');
    const page = await srv.as('manager').get('/api/submissions?order=newest&limit=200');
    expect(page.status).toBe(200);
    const mine = page.body.items.filter((s: Json) => s.createdBy === priya!.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((s: Json) => s.createdByName))).toEqual(new Set([priya!.displayName]));
    // And a record's own read.
    expect((await srv.as('manager').get(`/api/submissions/${mine[0].id}`)).body.createdByName).toBe(priya!.displayName);
  });

  it('lists, record reads and the export carry the directory’s names; an id it does not know has none', async () => {
    const page = await w2.get('/api/submissions?order=newest&limit=200');
    const names = new Map(page.body.items.map((s: Json) => [s.subject.childId, s.subjectNames]));
    expect(names.get('C1')).toEqual({ child: 'Jordan Smith' });
    expect(names.get('C4')).toEqual({ child: 'Casey Brown' });
    expect(names.get('ANY123')).toBeUndefined();
    const csv = await srv.as('integrator').get('/api/forms/case-supervision/export?format=csv');
    const [header, ...rows] = parseCsv(csv.text.replace(/^\ufeff/, '')) as string[][];
    const at = header!.indexOf('subject.childId');
    expect(header![at + 1]).toBe('childName');
    expect(rows.filter((r) => r[at] === 'C7').map((r) => r[at + 1])).toEqual(['Jordan Smith']);
    expect(rows.filter((r) => r[at] === 'ANY123').map((r) => r[at + 1])).toEqual(['']);
    const json = await srv.as('integrator').get('/api/forms/case-supervision/export?format=json');
    expect((json.body as Json[]).find((s) => s.subject.childId === 'C4')?.subjectNames).toEqual({ child: 'Casey Brown' });
  });
});

describe.each(STORE_KINDS)('the demo directory (%s store)', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(kind, { demoDirectory: true });
  });
  afterAll(async () => srv?.close());

  it('a new store started as npm start does has made-up children, and the demo practitioner and manager are workers in it', async () => {
    const store = srv.running.ctx.store;
    expect((await store.getAccountByUsername('pat.practitioner'))?.workerId).toBe('W20002');
    expect((await store.getAccountByUsername('mo.manager'))?.workerId).toBe('W20001');
    const found = await srv.as('practitioner').get('/api/directory/children?q=jordan');
    expect(found.body.loaded).toBe(true);
    expect(found.body.items.map((c: Json) => c.id).sort()).toEqual(['C9990001', 'C9990016', 'C9990020']);
    // The restricted child is allocated to a colleague: the practitioner does not find it, their manager does.
    expect((await srv.as('practitioner').get('/api/directory/children?q=restricted')).body.items).toEqual([]);
    expect((await srv.as('manager').get('/api/directory/children?q=restricted')).body.items.map((c: Json) => c.id)).toEqual(['C9990019']);
    const draft = await srv.as('practitioner').post('/api/submissions', { formId: 'case-file-audit', subject: { childId: 'C9990002' }, data: { header: { childId: 'C9990002' } }, status: 'draft' }, { headers: { 'idempotency-key': `"demo-${kind}"` } });
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body.data.header).toEqual({ childId: 'C9990002', allocatedWorkerId: 'W20002', teamId: 'children-in-need-north', caseType: 'CP', auditorId: 'W20002' });
  });

  it('test servers start without it unless they ask', async () => {
    const plain = await startTestServer(kind);
    try {
      expect(await plain.running.ctx.store.directoryCounts()).toMatchObject({ children: 0, workers: 0, teams: 0 });
    } finally {
      await plain.close();
    }
  });
});
