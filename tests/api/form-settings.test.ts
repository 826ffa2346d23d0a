/** PATCH /api/forms/{formId}: an analyst changes a form's settings after creating it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api.js';
import { sampleDefinition } from '../support/definitions.js';
import { STORE_KINDS } from '../support/stores.js';

const FORM = 'settings-form';

describe.each(STORE_KINDS)("changing a form's settings (%s store)", (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(kind);
    const d = srv.as('designer');
    const created = await d.post('/api/forms', { id: FORM, title: 'Settings', category: 'other', team: 'qa' });
    expect(created.headers.get('etag')).toBe('"1"');
    await d.post(`/api/forms/${FORM}/versions`, { ...sampleDefinition(), changeNote: 'v1' });
    await d.post(`/api/forms/${FORM}/versions/1/publish`);
  });
  afterAll(async () => srv?.close());

  it('a designer changes the settings with If-Match and gets the new ETag; everyone reads them', async () => {
    const d = srv.as('designer');
    const before = await d.get(`/api/forms/${FORM}`);
    // A read's ETag is the revision and a digest of what it shows (its versions too).
    expect(before.headers.get('etag')).toMatch(/^"1\.[\w-]{16}"$/);
    expect(before.body.revision).toBe(1);

    const res = await d.patch(
      `/api/forms/${FORM}`,
      { title: 'Home visit record', category: 'case-record', description: 'A visit to the child at home.', team: 'children-in-need-north', subject: { childId: '/childId' } },
      { headers: { 'if-match': '"1"' } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    const me = await d.get('/api/session');
    expect(res.body).toMatchObject({
      id: FORM,
      title: 'Home visit record',
      category: 'case-record',
      description: 'A visit to the child at home.',
      team: 'children-in-need-north',
      subject: { childId: '/childId' },
      revision: 2,
      updatedBy: me.body.account.id,
      currentVersion: 1,
    });

    // The start page reads the form as a practitioner: the new settings at the new revision.
    const read = await srv.as('practitioner').get(`/api/forms/${FORM}`);
    expect(read.headers.get('etag')).toMatch(/^"2\.[\w-]{16}"$/);
    expect(read.body).toMatchObject({ title: 'Home visit record', subject: { childId: '/childId' }, revision: 2 });

    // If-Match is optional: without it the change applies to whatever is there.
    const blind = await d.patch(`/api/forms/${FORM}`, { subject: { childId: '/childId', episodeId: '' } });
    expect(blind.status).toBe(200);
    expect(blind.headers.get('etag')).toBe('"3"');
    expect(blind.body.subject).toEqual({ childId: '/childId', episodeId: '' });
  });

  it('a stale If-Match is refused with 412 and changes nothing; a weak one cannot match', async () => {
    const d = srv.as('designer');
    const current = await d.get(`/api/forms/${FORM}`);
    const stale = await d.patch(`/api/forms/${FORM}`, { title: 'Lost update' }, { headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ type: '/api/problems/stale-revision', status: 412 });
    expect(stale.body.detail).toMatch(/changed by someone else/);
    const weak = await d.patch(`/api/forms/${FORM}`, { title: 'Lost update' }, { headers: { 'if-match': `W/${current.headers.get('etag')}` } });
    expect(weak.status).toBe(412);
    expect(weak.body.type).toBe('/api/problems/precondition-failed');
    const after = await d.get(`/api/forms/${FORM}`);
    expect(after.body).toStrictEqual(current.body);
    expect(after.headers.get('etag')).toBe(current.headers.get('etag'));
  });

  it('only designers may change a form: 403 for a practitioner, 401 for nobody', async () => {
    const practitioner = await srv.as('practitioner').patch(`/api/forms/${FORM}`, { title: 'Mine now' });
    expect(practitioner.status).toBe(403);
    const anonymous = await srv.as('anonymous').patch(`/api/forms/${FORM}`, { title: 'Mine now' });
    expect(anonymous.status).toBe(401);
    expect((await srv.as('designer').get(`/api/forms/${FORM}`)).body.title).not.toBe('Mine now');
  });

  it('bad settings are refused with a pointer to each: category, unknown keys, the id', async () => {
    const d = srv.as('designer');
    const before = await d.get(`/api/forms/${FORM}`);
    const bad = await d.patch(`/api/forms/${FORM}`, { category: 'misc', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(bad.body).toMatchObject({ type: '/api/problems/invalid-request', detail: 'The change to the form is not valid.' });
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/category', '/colour']);

    const renamed = await d.patch(`/api/forms/${FORM}`, { id: 'other-form', title: 'Renamed' });
    expect(renamed.status).toBe(400);
    expect(renamed.body.errors).toEqual([expect.objectContaining({ pointer: '/id', message: expect.stringMatching(/id never changes/) })]);
    expect((await d.get('/api/forms/other-form')).status).toBe(404);

    expect((await d.patch(`/api/forms/${FORM}`, {})).status).toBe(400);
    expect((await d.get(`/api/forms/${FORM}`)).body).toStrictEqual(before.body);
  });

  it('an id asked at start must pre-fill a short text question of the form', async () => {
    const d = srv.as('designer');
    const res = await d.patch(`/api/forms/${FORM}`, { subject: { childId: '/x/y', workerId: '/escalatedTo' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { pointer: '/subject/childId', message: "The child's id must come from a short text question of the form; /x/y is not one." },
    ]);
    const choice = await d.patch(`/api/forms/${FORM}`, { subject: { episodeId: '/caseType' } });
    expect(choice.body.errors).toEqual([
      { pointer: '/subject/episodeId', message: 'The episode id must come from a short text question of the form; /caseType is not one.' },
    ]);
    const notPointer = await d.patch(`/api/forms/${FORM}`, { subject: { childId: 'childId' } });
    expect(notPointer.status).toBe(400);
    expect(notPointer.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/subject/childId']);
  });

  it('a form that does not exist is a 404', async () => {
    const res = await srv.as('designer').patch('/api/forms/no-such-form', { title: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('There is no form "no-such-form".');
  });

  it('the change is in the event log', async () => {
    const events = await srv.running.ctx.store.listEvents({ entityId: FORM, action: 'form.updated' });
    expect(events.map((e) => e.details)).toEqual([
      { changed: ['category', 'description', 'subject', 'team', 'title'] },
      { changed: ['subject'] },
    ]);
  });
});
