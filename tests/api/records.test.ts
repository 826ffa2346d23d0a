/**
 * A practitioner's records through the real service on both stores: the list newest first (the
 * home page) or oldest first, paged either way within each reader's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestServer, type TestServer } from '../support/api.js';
import { STORE_KINDS } from '../support/stores.js';
import { FORM_ID, publishVisitForm, visitData } from '../support/sync.js';

type Summary = { id: string; status: string; createdBy: string; data?: unknown };

describe.each(STORE_KINDS)('records: lists and drafts (%s store)', (kind) => {
  let srv: TestServer;
  /** A second practitioner, in another team. */
  let other: Client;
  let n = 0;

  beforeAll(async () => {
    srv = await startTestServer(kind);
    await publishVisitForm(srv);
    const password = 'correct horse battery staple';
    const made = await srv.as('admin').post('/api/accounts', { username: 'olu.other', displayName: 'Olu', role: 'practitioner', team: 'cin-south', password });
    expect(made.status, made.text).toBe(201);
    const signIn = await new Client(srv.url, null).post('/api/session', { username: 'olu.other', password });
    const token = await new Client(srv.url, null, { cookie: signIn.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': signIn.body.csrfToken }).post('/api/me/tokens', { name: 'tests' });
    other = new Client(srv.url, token.body.token);
  });
  afterAll(async () => srv?.close());

  /** A record made by `who`: submitted (valid answers) or a draft. */
  async function record(who: Client, status: 'draft' | 'submitted'): Promise<string> {
    n++;
    const res = await who.post('/api/submissions', { formId: FORM_ID, subject: { childId: `C-${n}` }, data: status === 'submitted' ? visitData(n) : { childName: `Draft ${n}` }, status }, { headers: { 'idempotency-key': `"rec-${kind}-${n}"` } });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  }

  /** Every page of a list, following nextCursor as a browser would (the first URL's other parameters kept, or not). */
  async function pages(who: Client, first: string, keepParams: boolean): Promise<{ ids: string[]; count: number }> {
    const ids: string[] = [];
    let url = first;
    let count = 0;
    for (;;) {
      const res = await who.get(url);
      expect(res.status, res.text).toBe(200);
      ids.push(...res.body.items.map((s: Summary) => s.id));
      count++;
      if (!res.body.nextCursor) return { ids, count };
      url = keepParams ? `${first}&cursor=${res.body.nextCursor}` : `/api/submissions?formId=${FORM_ID}&limit=2&cursor=${res.body.nextCursor}`;
    }
  }

  it('lists newest first when asked, page after page, within each reader’s scope; oldest first stays the default', async () => {
    const practitioner = srv.as('practitioner');
    const mine: Array<{ id: string; status: string }> = [];
    for (const status of ['submitted', 'draft', 'submitted', 'submitted', 'draft', 'submitted', 'submitted'] as const) {
      mine.push({ id: await record(practitioner, status), status });
      if (mine.length === 3) await record(other, 'submitted');
    }
    const submitted = mine.filter((r) => r.status === 'submitted').map((r) => r.id);
    const newest = [...submitted].reverse();

    // The home page: the newest 2 of what I submitted, then the next 2, and so on.
    const home = await practitioner.get(`/api/submissions?formId=${FORM_ID}&status=submitted&order=newest&limit=2`);
    expect(home.body.items.map((s: Summary) => s.id)).toEqual(newest.slice(0, 2));
    expect(home.body.items[0].data).toBeUndefined();
    expect((await pages(practitioner, `/api/submissions?formId=${FORM_ID}&status=submitted&order=newest&limit=2`, true)).ids).toEqual(newest);
    // The cursor carries its order: following it alone goes on newest first.
    const following = await pages(practitioner, `/api/submissions?formId=${FORM_ID}&order=newest&limit=2`, false);
    expect(following.ids).toEqual([...mine].reverse().map((r) => r.id));
    expect(following.count).toBe(4);

    // Without order: oldest first, as scripts that page today expect.
    expect((await pages(practitioner, `/api/submissions?formId=${FORM_ID}&status=submitted&limit=2`, true)).ids).toEqual(submitted);
    expect((await pages(practitioner, `/api/submissions?formId=${FORM_ID}&status=submitted&order=oldest&limit=3`, true)).ids).toEqual(submitted);

    // Scope holds in either order: the other practitioner's record is nobody's but theirs, a team's manager and integrators'.
    const theirs = (await pages(other, `/api/submissions?formId=${FORM_ID}&order=newest&limit=2`, true)).ids;
    expect(theirs).toHaveLength(1);
    expect(mine.map((r) => r.id)).not.toContain(theirs[0]);
    const managers = (await pages(srv.as('manager'), `/api/submissions?formId=${FORM_ID}&order=newest&limit=3`, true)).ids;
    expect(managers).toEqual([...mine].reverse().map((r) => r.id));
    const all = (await pages(srv.as('integrator'), `/api/submissions?formId=${FORM_ID}&order=newest&limit=3`, true)).ids;
    expect(all).toHaveLength(mine.length + 1);
    expect(all.indexOf(theirs[0]!)).toBe(all.indexOf(mine[3]!.id) + 1);

    // Filters keep working with it.
    const me = (await practitioner.get('/api/session')).body.account.id;
    const byMe = await srv.as('integrator').get(`/api/submissions?formId=${FORM_ID}&submittedBy=${me}&version=1&order=newest&limit=50`);
    expect(byMe.body.items.map((s: Summary) => s.id)).toEqual(newest);
    const child = await practitioner.get(`/api/submissions?childId=C-${n}&order=newest`);
    expect(child.body.items.map((s: Summary) => s.id)).toEqual([mine.at(-1)!.id]);
  });

  it('refuses a cursor with the other order, and an order that is not one, in words with pointers', async () => {
    const practitioner = srv.as('practitioner');
    const first = await practitioner.get(`/api/submissions?formId=${FORM_ID}&order=newest&limit=1`);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const mixed = await practitioner.get(`/api/submissions?formId=${FORM_ID}&order=oldest&limit=1&cursor=${first.body.nextCursor}`);
    expect(mixed.status).toBe(400);
    expect(mixed.body.type).toBe('/api/problems/invalid-request');
    expect(mixed.body.errors).toEqual([{ pointer: '/query/cursor', message: expect.stringMatching(/newest-first order; ask with order=newest/) }]);
    const older = await practitioner.get(`/api/submissions?formId=${FORM_ID}&limit=1`);
    expect((await practitioner.get(`/api/submissions?formId=${FORM_ID}&order=newest&cursor=${older.body.nextCursor}`)).status).toBe(400);
    const bad = await practitioner.get('/api/submissions?order=latest');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ pointer: '/query/order', message: '"order" must be one of: oldest, newest.' }]);
  });
});
