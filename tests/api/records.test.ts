/**
 * A practitioner's records through the real service on both stores: the list newest first (the
 * home page) or oldest first, paged either way within each reader's scope; deleting a draft.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPractitioner, startTestServer, type Client, type TestServer } from '../support/api.js';
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
    other = await newPractitioner(srv, 'olu.other', 'cin-south');
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

  /** A draft made with this Idempotency-Key as the demo practitioner. */
  async function draftWithKey(key: string, data: Record<string, unknown> = { childName: 'Ffion', observations: 'Private words about the family' }) {
    const res = await srv.as('practitioner').post('/api/submissions', { formId: FORM_ID, subject: { childId: 'C-DEL' }, data, status: 'draft' }, { headers: { 'idempotency-key': `"${key}"` } });
    expect(res.status, res.text).toBe(201);
    return res;
  }

  it('the author deletes a draft with If-Match: 204, then it is gone, and the log says who and when but not the answers', async () => {
    const practitioner = srv.as('practitioner');
    const made = await draftWithKey(`del-${kind}-1`);
    const id = made.body.id as string;
    const saved = await practitioner.put(`/api/submissions/${id}`, { data: { childName: 'Ffion', observations: 'Changed my mind' } }, { headers: { 'if-match': made.headers.get('etag')! } });
    expect(saved.status).toBe(200);

    expect((await practitioner.delete(`/api/submissions/${id}`)).status).toBe(428);
    const stale = await practitioner.delete(`/api/submissions/${id}`, { headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.type).toBe('/api/problems/stale-revision');
    expect((await practitioner.get(`/api/submissions/${id}`)).status).toBe(200);

    const gone = await practitioner.delete(`/api/submissions/${id}`, { headers: { 'if-match': saved.headers.get('etag')! } });
    expect(gone.status).toBe(204);
    expect(gone.text).toBe('');
    expect((await practitioner.get(`/api/submissions/${id}`)).status).toBe(404);
    expect((await practitioner.get(`/api/submissions?formId=${FORM_ID}&status=draft&limit=200`)).body.items.map((s: Summary) => s.id)).not.toContain(id);
    expect((await srv.as('integrator').get(`/api/forms/${FORM_ID}/export?format=json`)).body.map((s: { id: string }) => s.id)).not.toContain(id);
    expect((await practitioner.delete(`/api/submissions/${id}`, { headers: { 'if-match': saved.headers.get('etag')! } })).status).toBe(404);
    expect((await practitioner.put(`/api/submissions/${id}`, { data: {} }, { headers: { 'if-match': saved.headers.get('etag')! } })).status).toBe(404);

    const me = (await practitioner.get('/api/session')).body.account.id;
    const events = await srv.running.ctx.store.listEvents({ entityId: id });
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['submission.created', me],
      ['submission.saved', me],
      ['submission.read', me],
      ['submission.deleted', me],
    ]);
    expect(Date.parse(events.at(-1)!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(events)).not.toMatch(/Private words|Changed my mind|Ffion/);
  });

  it('a retried create with the key of a deleted draft is 410 draft-deleted and makes nothing; another body with that key is still refused', async () => {
    const key = `del-${kind}-2`;
    const made = await draftWithKey(key);
    expect((await srv.as('practitioner').delete(`/api/submissions/${made.body.id}`, { headers: { 'if-match': '"1"' } })).status).toBe(204);
    const before = await srv.running.ctx.store.countSubmissions({});
    const retry = await srv.as('practitioner').post('/api/submissions', { formId: FORM_ID, subject: { childId: 'C-DEL' }, data: { childName: 'Ffion', observations: 'Private words about the family' }, status: 'draft' }, { headers: { 'idempotency-key': `"${key}"` } });
    expect(retry.status).toBe(410);
    expect(retry.body).toMatchObject({ type: '/api/problems/draft-deleted', status: 410, detail: expect.stringMatching(/deleted by its author.*use a new key/) });
    expect(retry.text).not.toContain(made.body.id);
    expect(retry.text).not.toContain('Private words');
    const other = await srv.as('practitioner').post('/api/submissions', { formId: FORM_ID, data: { childName: 'Someone else' }, status: 'draft' }, { headers: { 'idempotency-key': `"${key}"` } });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/api/problems/idempotency-key-reused');
    expect(await srv.running.ctx.store.countSubmissions({})).toBe(before);
  });

  it('only the author may delete, only a draft: others are refused (and logged) without learning anything about the record', async () => {
    const draft = await draftWithKey(`del-${kind}-3`);
    const id = draft.body.id as string;
    for (const who of [other, srv.as('manager')]) {
      const refused = await who.delete(`/api/submissions/${id}`, { headers: { 'if-match': '"1"' } });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toBe('Only the person who started a draft can delete it, and only while it is a draft.');
      // A wrong revision says nothing more to a non-author.
      const wrongRevision = await who.delete(`/api/submissions/${id}`, { headers: { 'if-match': '"7"' } });
      expect([wrongRevision.status, wrongRevision.body.detail]).toEqual([403, refused.body.detail]);
    }
    for (const role of ['designer', 'integrator', 'admin'] as const) expect((await srv.as(role).delete(`/api/submissions/${id}`, { headers: { 'if-match': '"1"' } })).status).toBe(403);
    const refusals = await srv.running.ctx.store.listEvents({ entityId: id, action: 'submission.delete-refused' });
    expect(refusals).toHaveLength(4);
    expect((await srv.as('practitioner').get(`/api/submissions/${id}`)).body.revision).toBe(1);

    const submitted = await record(srv.as('practitioner'), 'submitted');
    const noDelete = await srv.as('practitioner').delete(`/api/submissions/${submitted}`, { headers: { 'if-match': '"1"' } });
    expect(noDelete.status).toBe(409);
    expect(noDelete.body).toMatchObject({ type: '/api/problems/invalid-state', detail: expect.stringMatching(/Submitted records are never deleted/) });
    // A submitted record refuses a non-author in the same words as a draft does.
    const theirs = await other.delete(`/api/submissions/${submitted}`, { headers: { 'if-match': '"1"' } });
    expect([theirs.status, theirs.body.detail]).toEqual([403, 'Only the person who started a draft can delete it, and only while it is a draft.']);
    expect((await srv.as('practitioner').get(`/api/submissions/${submitted}`)).status).toBe(200);
    expect((await srv.as('practitioner').delete('/api/submissions/0190a1b2-0000-7000-8000-000000000000', { headers: { 'if-match': '"1"' } })).status).toBe(404);
  });

  it('a save and a delete sent at once on the same revision: one succeeds, never both', async () => {
    const practitioner = srv.as('practitioner');
    for (let i = 0; i < 4; i++) {
      const draft = await draftWithKey(`del-${kind}-race-${i}`);
      const id = draft.body.id as string;
      const [save, del] = await Promise.all([
        practitioner.put(`/api/submissions/${id}`, { data: { childName: 'Saved' } }, { headers: { 'if-match': '"1"' } }),
        practitioner.delete(`/api/submissions/${id}`, { headers: { 'if-match': '"1"' } }),
      ]);
      const outcome = [save.status, del.status];
      expect([[200, 412], [412, 204], [404, 204]], JSON.stringify(outcome)).toContainEqual(outcome);
      const after = await practitioner.get(`/api/submissions/${id}`);
      expect(after.status).toBe(del.status === 204 ? 404 : 200);
    }
  });
});
