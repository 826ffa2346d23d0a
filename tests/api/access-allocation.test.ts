/**
 * Issue 13 §3: access follows allocation, through the real server on both stores, with the test
 * directory (tests/support/directory.ts: W1 manages cin-north with W2 and W3; W5 manages
 * cla-south with W6; W9 is QA; C1–C3 allocated to W2, C3 restricted and naming W9; C4 to W3;
 * C5–C6 to W6; C7 merged into C1). Accounts are linked to workers by an administrator.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../engine/accounts/model.js';
import { NO_LONGER_READABLE, mayCreateAbout, readerFor } from '../../engine/directory/access.js';
import { newEvent } from '../../engine/store/events.js';
import { Client, startTestServer, type TestServer } from '../support/api.js';
import { CHILDREN, batchOf, loadDirectory } from '../support/directory.js';
import { STORE_KINDS } from '../support/stores.js';

type Json = Record<string, any>;
const FORM = 'case-supervision';

/** The accounts of this test: username → [role, team, worker]. */
const PEOPLE = {
  w1: ['manager', 'cin-north', 'W1'],
  w2: ['practitioner', 'cin-north', 'W2'],
  w3: ['practitioner', 'cin-north', 'W3'],
  w5: ['manager', 'cla-south', 'W5'],
  w6: ['practitioner', 'cla-south', 'W6'],
  w9: ['practitioner', 'quality-assurance', 'W9'],
} as const;
type Person = keyof typeof PEOPLE;

describe.each(STORE_KINDS)('access follows allocation (%s store)', (kind) => {
  let srv: TestServer;
  const as = {} as Record<Person, Client>;
  const accountIds = {} as Record<Person, string>;
  /** Records by name: `C1byW3` is W3's draft about C1. */
  const rec: Record<string, string> = {};
  let n = 0;

  beforeAll(async () => {
    srv = await startTestServer(kind);
    const admin = srv.as('admin');
    const password = 'correct horse battery staple';
    for (const [username, [role, team, workerId]] of Object.entries(PEOPLE) as Array<[Person, (typeof PEOPLE)[Person]]>) {
      const made = await admin.post('/api/accounts', { username: `acc.${username}`, displayName: username, role, team, workerId, password });
      expect(made.status, made.text).toBe(201);
      expect(made.body.workerId).toBe(workerId);
      accountIds[username] = made.body.id;
      const signIn = await new Client(srv.url, null).post('/api/session', { username: `acc.${username}`, password });
      const token = await new Client(srv.url, null, { cookie: signIn.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': signIn.body.csrfToken }).post('/api/me/tokens', { name: 'tests' });
      as[username] = new Client(srv.url, token.body.token);
    }
    // Written before the directory is loaded (before C3 became restricted).
    for (const [name, by, childId] of [
      ['C1byW3', 'w3', 'C1'],
      ['C1byW2', 'w2', 'C1'],
      ['C3byW3', 'w3', 'C3'],
      ['C4byW1', 'w1', 'C4'],
      ['C4byW3', 'w3', 'C4'],
      ['C5byW6', 'w6', 'C5'],
      ['C7byW3', 'w3', 'C7'],
      ['staffByW3', 'w3', undefined],
    ] as Array<[string, Person, string | undefined]>) {
      rec[name] = (await draft(by, childId)).id;
    }
  });
  afterAll(async () => srv?.close());

  async function draft(by: Person, childId: string | undefined): Promise<Json> {
    const res = await as[by].post('/api/submissions', { formId: FORM, subject: childId ? { childId } : {}, data: childId ? { meeting: { childId } } : {}, status: 'draft' }, { headers: { 'idempotency-key': `"acc-${kind}-${++n}"` } });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  /** Who of `people` can read record `name` (200), the others being told it is not there (404). */
  async function readers(name: string, people: Person[] = ['w1', 'w2', 'w3', 'w5', 'w6', 'w9']): Promise<Person[]> {
    const out: Person[] = [];
    for (const p of people) {
      const res = await as[p].get(`/api/submissions/${rec[name]}`);
      expect([200, 404], `${p} reading ${name}`).toContain(res.status);
      if (res.status === 200) out.push(p);
      else expect(res.body.detail).toBe(`There is no record "${rec[name]}" that you can open. Check the link, or find the record from your forms.`);
    }
    return out;
  }

  /** The records `p` lists (by name, sorted), after checking the store counts as many in the same reach. */
  async function listed(p: Person): Promise<string[]> {
    const res = await as[p].get('/api/submissions?limit=200');
    expect(res.status, res.text).toBe(200);
    const ids = new Set(res.body.items.map((s: Json) => s.id));
    expect(ids.size).toBe(res.body.items.length);
    const account = (await srv.running.ctx.store.getAccount(accountIds[p])) as Account;
    const within = (await readerFor(srv.running.ctx, account)).narrow({});
    expect(await srv.running.ctx.store.countSubmissions(within!)).toBe(ids.size);
    return Object.keys(rec).filter((k) => ids.has(rec[k])).sort();
  }

  it('no directory loaded: the rules from before — own records; a manager their team’s', async () => {
    expect(await readers('C1byW3')).toEqual(['w1', 'w3']);
    expect(await readers('C3byW3')).toEqual(['w1', 'w3']);
    expect(await readers('C5byW6')).toEqual(['w5', 'w6']);
    expect(await listed('w3')).toEqual(['C1byW3', 'C3byW3', 'C4byW3', 'C7byW3', 'staffByW3']);
    expect(await listed('w2')).toEqual(['C1byW2']);
    expect(await listed('w1')).toEqual(['C1byW2', 'C1byW3', 'C3byW3', 'C4byW1', 'C4byW3', 'C7byW3', 'staffByW3']);
  });

  it('an account’s worker id: set by an administrator, checked for its form, and said whether the directory has it', async () => {
    const admin = srv.as('admin');
    const bad = await admin.post('/api/accounts', { username: 'acc.bad', displayName: 'Bad', role: 'practitioner', team: 'cin-north', workerId: 'W 12!', password: 'correct horse battery staple' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/workerId', message: 'Enter the ICS worker id in the correct format, like W0042.' })]);
    // Before the directory is loaded: linked, not found.
    const before = await admin.get(`/api/accounts/${accountIds.w9}`);
    expect(before.body).toMatchObject({ workerId: 'W9', worker: { found: false } });
    await loadDirectory(srv.running.ctx.store);
    const after = await admin.get(`/api/accounts/${accountIds.w9}`);
    expect(after.body).toMatchObject({ workerId: 'W9', worker: { found: true, name: 'Quinn Quality', team: 'quality-assurance', active: true } });
    // Changed and unlinked (null), then linked again.
    const changed = await admin.patch(`/api/accounts/${accountIds.w9}`, { workerId: 'W99' }, { headers: { 'if-match': after.headers.get('etag')! } });
    expect(changed.body.workerId).toBe('W99');
    const unlinked = await admin.patch(`/api/accounts/${accountIds.w9}`, { workerId: null }, { headers: { 'if-match': changed.headers.get('etag')! } });
    expect(unlinked.status, unlinked.text).toBe(200);
    expect(unlinked.body).not.toHaveProperty('workerId');
    expect((await admin.patch(`/api/accounts/${accountIds.w9}`, { workerId: 'W9' }, { headers: { 'if-match': unlinked.headers.get('etag')! } })).body.workerId).toBe('W9');
  });

  it('with the directory: practitioners read their allocated children’s records and their own; others get the 404 of a missing record, logged with the reason', async () => {
    // W2 reads C1's record written by W3; W3 cannot read C1's record written by W2, only their own.
    expect(await readers('C1byW3')).toEqual(['w1', 'w2', 'w3']);
    expect(await readers('C1byW2')).toEqual(['w1', 'w2']);
    const refused = await srv.running.ctx.store.listEvents({ entityId: rec.C1byW2!, action: 'submission.read-refused' });
    expect(refused.filter((e) => e.actor === accountIds.w3).map((e) => e.details)).toContainEqual({ reason: 'not-in-reach' });
    const read = await srv.running.ctx.store.listEvents({ entityId: rec.C1byW3!, action: 'submission.read' });
    expect(read.filter((e) => e.actor === accountIds.w2).map((e) => e.details)).toEqual([{ reason: 'allocated' }]);
    // Staff records (no child): as before.
    expect(await readers('staffByW3')).toEqual(['w1', 'w3']);
  });

  it('a manager reads their team’s children’s records, written by anyone; another team’s manager does not', async () => {
    expect(await readers('C4byW1')).toEqual(['w1', 'w3']);
    expect(await readers('C5byW6')).toEqual(['w5', 'w6']);
    const w5 = await as.w5.get(`/api/submissions/${rec.C1byW3}`);
    expect(w5.status).toBe(404);
  });

  it('a restricted child (C3): only its allocated worker W2, their manager W1 and W9 whom it names — not W3 who wrote the record, not W5', async () => {
    expect(await readers('C3byW3')).toEqual(['w1', 'w2', 'w9']);
    const events = await srv.running.ctx.store.listEvents({ entityId: rec.C3byW3!, action: 'submission.read-refused' });
    expect(events.filter((e) => e.actor === accountIds.w3).map((e) => e.details)).toContainEqual({ reason: 'restricted' });
    expect((await srv.as('integrator').get(`/api/submissions/${rec.C3byW3}`)).status).toBe(200);
    // Its author can no longer change, submit or delete the draft, and starts nothing new about C3.
    const save = await as.w3.put(`/api/submissions/${rec.C3byW3}`, { data: {} }, { headers: { 'if-match': '"1"' } });
    expect([save.status, save.body.detail]).toEqual([403, NO_LONGER_READABLE]);
    const del = await as.w3.delete(`/api/submissions/${rec.C3byW3}`, { headers: { 'if-match': '"1"' } });
    expect([del.status, del.body.detail]).toEqual([403, NO_LONGER_READABLE]);
    const start = await as.w3.post('/api/submissions', { formId: FORM, subject: { childId: 'C3' }, data: {}, status: 'draft' }, { headers: { 'idempotency-key': `"acc-${kind}-c3"` } });
    expect(start.status).toBe(422);
    expect(start.body.errors).toEqual([expect.objectContaining({ pointer: '/subject/childId', message: 'There is no child with ICS person id C3 in the directory. Check the id, or search by name.' })]);
    // Nor moves a draft of theirs to C3.
    const move = await as.w3.put(`/api/submissions/${rec.C4byW3}`, { data: {}, subject: { childId: 'C3' } }, { headers: { 'if-match': '"1"' } });
    expect(move.status).toBe(422);
  });

  it('a merged child’s records (C7, merged into C1) are read as C1’s: by W2', async () => {
    expect(await readers('C7byW3')).toEqual(['w1', 'w2', 'w3']);
  });

  it('lists (and counts, and a search by reference) hold exactly the readable records', async () => {
    expect(await listed('w2')).toEqual(['C1byW2', 'C1byW3', 'C3byW3', 'C7byW3']);
    expect(await listed('w3')).toEqual(['C1byW3', 'C4byW1', 'C4byW3', 'C7byW3', 'staffByW3']);
    expect(await listed('w9')).toEqual(['C3byW3']);
    expect(await listed('w1')).toEqual(['C1byW2', 'C1byW3', 'C3byW3', 'C4byW1', 'C4byW3', 'C7byW3', 'staffByW3']);
    expect(await listed('w5')).toEqual(['C5byW6']);
    expect(await listed('w6')).toEqual(['C5byW6']);
    const integrator = await srv.as('integrator').get('/api/submissions?limit=200');
    expect(integrator.body.items.map((s: Json) => s.id)).toEqual(expect.arrayContaining(Object.values(rec)));
    // By reference: found only by those who may read it.
    const ref = (await as.w2.get(`/api/submissions/${rec.C1byW2}`)).body.reference as string;
    expect((await as.w2.get(`/api/submissions?reference=${ref}`)).body.items).toHaveLength(1);
    expect((await as.w3.get(`/api/submissions?reference=${ref}`)).body.items).toEqual([]);
    expect((await as.w3.get(`/api/submissions?status=draft&childId=C3`)).body.items).toEqual([]);
  });

  it('carry-forward takes answers only from records the person may read', async () => {
    const d = JSON.parse(readFileSync(new URL('../schemas/fixtures/case-supervision/valid-planned-child-protection.json', import.meta.url), 'utf8')) as Json;
    d.meeting.childId = 'C2';
    d.meeting.meetingAt = '2026-10-03T14:30:00+01:00';
    delete d.meeting.lastCaseSupervisionOn;
    const done = await as.w1.post('/api/submissions', { formId: FORM, subject: { childId: 'C2' }, data: d, status: 'submitted' }, { headers: { 'idempotency-key': `"acc-${kind}-carry"` } });
    expect(done.status, done.text).toBe(201);
    expect((await draft('w2', 'C2')).data.meeting.lastCaseSupervisionOn).toBe('2026-10-03');
    expect((await draft('w3', 'C2')).data.meeting.lastCaseSupervisionOn).toBeUndefined();
    expect((await draft('w5', 'C2')).data.meeting.lastCaseSupervisionOn).toBeUndefined();
  });

  it('a new batch moving C4 from W3 to W6 moves access: W6 reads C4’s records now; W3 only those W3 wrote', async () => {
    const c4 = CHILDREN.find((c) => c.id === 'C4')!;
    const batch = batchOf('children', [{ ...c4, allocatedWorkerId: 'W6', team: 'cla-south' }], { mode: 'delta' });
    await srv.running.ctx.store.applyDirectoryBatch(batch, newEvent(new Date(), 'tests', 'directory.batch-applied', 'directory', 'children', { key: batch.key }));
    expect(await readers('C4byW1')).toEqual(['w1', 'w5', 'w6']);
    expect(await readers('C4byW3')).toEqual(['w1', 'w3', 'w5', 'w6']);
  });

  it('starting a record about a child: the few reads by id (mayCreateAbout) answer as the whole reach does, for everyone and every child, merged chains and restriction included', async () => {
    // C8 merged into restricted C3, C9 into C8 (read as C3's); C10 merged into C11, which is merged into C10 (a loop).
    const extra = [
      { id: 'C8', name: 'Robin Hidden', dateOfBirth: '2010-01-15', team: 'cin-north', mergedInto: 'C3' },
      { id: 'C9', name: 'Robin Hidden', dateOfBirth: '2010-01-15', team: 'cin-north', mergedInto: 'C8' },
      { id: 'C10', name: 'Loop One', dateOfBirth: '2011-01-01', restricted: true, mergedInto: 'C11' },
      { id: 'C11', name: 'Loop Two', dateOfBirth: '2011-01-01', restricted: true, mergedInto: 'C10' },
      { id: 'C12', name: 'Kept Elsewhere', dateOfBirth: '2012-01-01', allocatedWorkerId: 'W6', team: 'cla-south', restricted: true },
    ];
    const batch = batchOf('children', extra, { mode: 'delta' });
    await srv.running.ctx.store.applyDirectoryBatch(batch, newEvent(new Date(), 'tests', 'directory.batch-applied', 'directory', 'children', { key: batch.key }));
    const demo = await Promise.all((['integrator', 'designer', 'manager', 'practitioner'] as const).map((role) => srv.running.ctx.store.getAccountByUsername(srv.demo[role].username)));
    const accounts = [...Object.values(accountIds), ...demo.map((a) => a!.id)];
    const subjects = [...CHILDREN.map((c) => c.id), ...extra.map((c) => c.id), 'C404', undefined];
    const answers: string[] = [];
    for (const id of accounts) {
      const account = (await srv.running.ctx.store.getAccount(id)) as Account;
      const reader = await readerFor(srv.running.ctx, account);
      for (const childId of subjects) {
        const subject = childId ? { childId } : {};
        const whole = reader.mayCreate({ createdBy: account.id, ...(account.team ? { team: account.team } : {}), subject });
        expect(await mayCreateAbout(srv.running.ctx, account, subject), `${account.username} about ${childId}`).toBe(whole);
        if (!whole) answers.push(`${account.username}:${childId}`);
      }
    }
    // The comparison is not empty: some are refused (restricted children and those merged into them).
    expect(answers).toEqual(expect.arrayContaining(['acc.w3:C3', 'acc.w3:C8', 'acc.w3:C9', 'acc.w2:C12']));
    expect(answers).not.toContain('acc.w2:C3');
    expect(answers).not.toContain('acc.w9:C9');
  });
});
