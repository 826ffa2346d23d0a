/**
 * "Your work" in full (GET /api/work/records), on both stores: /api/work shows the first 20 of
 * the records waiting for you and of those returned to you; a manager with a backlog pages
 * through every one of them here (found walking: 36 waiting, "20 of 36 shown", and no way to the
 * other 16). Records the reader may not act on (their own) are left out, and the page is filled
 * up from the pages after rather than coming back short or empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api.js';
import { STORE_KINDS } from '../support/stores.js';
import { VISIT_SCHEMA, VISIT_UISCHEMA } from '../support/sync.js';

const FORM = 'visit-countersigned-list';
const OWN = 12;
const WAITING = 27;

describe.each(STORE_KINDS)('your work in full, a page at a time (%s store)', (kind) => {
  let srv: TestServer;
  const mine: string[] = [];
  const own: string[] = [];

  beforeAll(async () => {
    srv = await startTestServer(kind, { demoDirectory: true });
    const designer = srv.as('designer');
    const schema = structuredClone(VISIT_SCHEMA) as Record<string, any>;
    // Countersigned by a manager of the author's team: the manager's own records wait at a stage
    // that is theirs, but they may not countersign what they wrote.
    schema['x-review'] = { deliverAt: 'submit', stages: [{ id: 'countersign', name: 'Countersign', actor: { role: 'manager', relationship: 'team-manager' }, dueWorkingDays: 3 }] };
    expect((await designer.post('/api/forms', { id: FORM, title: 'Visit, countersigned', category: 'case-record', team: 'children-in-need-north' })).status).toBe(201);
    const draft = await designer.post(`/api/forms/${FORM}/versions`, { schema, uischema: VISIT_UISCHEMA, changeNote: 'First' });
    expect(draft.body.violations, draft.text).toEqual([]);
    expect((await designer.post(`/api/forms/${FORM}/versions/1/publish`, { changeNote: 'First' })).status).toBe(200);
    const data = { visitDate: '2026-03-27', seenAlone: true, visitType: 'HV-ANN' };
    // The manager's own first: they are at the head of the queue, and none of them is the manager's to act on.
    for (let i = 0; i < OWN; i++) {
      const res = await srv.as('manager').post('/api/submissions', { formId: FORM, subject: { childId: 'C9990001' }, data, status: 'submitted' }, { headers: { 'idempotency-key': `"own-${i}"` } });
      expect(res.status, res.text).toBe(201);
      own.push(res.body.id);
    }
    for (let i = 0; i < WAITING; i++) {
      const res = await srv.as('practitioner').post('/api/submissions', { formId: FORM, subject: { childId: 'C9990001' }, data, status: 'submitted' }, { headers: { 'idempotency-key': `"theirs-${i}"` } });
      expect(res.status, res.text).toBe(201);
      mine.push(res.body.id);
    }
  });
  afterAll(async () => {
    await srv?.close();
  });

  async function all(role: 'manager' | 'practitioner', list: string, limit: number): Promise<{ ids: string[]; pages: number[] }> {
    const ids: string[] = [];
    const pages: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/work/records?list=${list}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await srv.as(role).get(url);
      expect(res.status, res.text).toBe(200);
      expect(res.body.list).toBe(list);
      ids.push(...res.body.items.map((s: { id: string }) => s.id));
      pages.push(res.body.items.length);
      cursor = res.body.nextCursor;
      expect(pages.length).toBeLessThan(20);
    } while (cursor);
    return { ids, pages };
  }

  it('pages through every record waiting for the manager, leaving out their own, each page full but the last', async () => {
    // "Your work" shows the first 20 that are the manager's to act on, and counts those (found
    // walking: the manager's own, first in the queue, filled its page and its count: 8 of 39).
    const work = await srv.as('manager').get('/api/work');
    expect(work.body.waiting.items).toHaveLength(20);
    expect(work.body.waiting.count).toBe(WAITING);
    const { ids, pages } = await all('manager', 'waiting', 10);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(mine));
    expect(ids.some((id) => own.includes(id))).toBe(false);
    // 12 of the manager's own come first in the queue: the first page is filled from the pages after them.
    expect(pages).toEqual([10, 10, 7]);
    // What "Your work" shows is where the full list starts.
    expect(ids.slice(0, 20)).toEqual(work.body.waiting.items.map((s: { id: string }) => s.id));
    // Summaries, as the lists give them: where each waits, no answers.
    const first = (await srv.as('manager').get('/api/work/records?list=waiting&limit=1')).body.items[0];
    expect(first.review).toMatchObject({ state: 'waiting', stage: 'countersign' });
    expect(first.data).toBeUndefined();
  });

  it('lists the records returned to their author, and to no one else', async () => {
    const returned = mine.slice(0, 3);
    for (const id of returned) {
      const s = await srv.as('manager').get(`/api/submissions/${id}`);
      const res = await srv.as('manager').post(`/api/submissions/${id}/review/return`, { stage: 'countersign', reason: 'Add who was present.' }, { headers: { 'if-match': `"${s.body.revision}"` } });
      expect(res.status, res.text).toBe(200);
    }
    const { ids } = await all('practitioner', 'returned', 2);
    expect(new Set(ids)).toEqual(new Set(returned));
    expect((await all('manager', 'returned', 5)).ids).toEqual([]);
    // No longer waiting for the manager.
    expect((await all('manager', 'waiting', 25)).ids.filter((id) => returned.includes(id))).toEqual([]);
    // Nothing waits for the practitioner: their own records are left out.
    expect((await all('practitioner', 'waiting', 25)).ids).toEqual([]);
  });

  it('says which list to ask for, and refuses a bad one', async () => {
    const none = await srv.as('manager').get('/api/work/records');
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([{ pointer: '/query/list', message: 'Say which list: "waiting" (records waiting for you to act on) or "returned" (records returned to you for changes).' }]);
    const bad = await srv.as('manager').get('/api/work/records?list=everything&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/query/list', '/query/limit']);
    expect((await srv.as('integrator').get('/api/work/records?list=waiting')).status).toBe(403);
  });
});
