/** Shared option lists over HTTP: create, versions with If-Match, the check, usage, and forms that use a list. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api.js';
import { STORE_KINDS } from '../support/stores.js';

const ETHNICITY = [
  { code: 'WBRI', label: 'White British' },
  { code: 'WIRI', label: 'White Irish' },
  { code: 'MWBC', label: 'White and Black Caribbean' },
];

/** A form whose one choice question (and a "choose several" list of them) use the ethnicity list. */
function definitionUsing(version: number, embedded: unknown[] = [{ const: 'STALE', title: 'Stale option the engine replaces' }]) {
  return {
    schema: {
      type: 'object',
      properties: {
        ethnicity: { type: 'string', title: 'Ethnicity', 'x-option-list': { id: 'ethnicity', version }, oneOf: embedded },
        others: { type: 'array', title: 'Other ethnicities in the household', uniqueItems: true, items: { type: 'string', 'x-option-list': { id: 'ethnicity', version } } },
      },
    },
    uischema: {
      type: 'VerticalLayout',
      elements: [
        { type: 'Control', scope: '#/properties/ethnicity', label: 'Ethnicity' },
        { type: 'Control', scope: '#/properties/others', label: 'Other ethnicities in the household' },
      ],
    },
  };
}

const codes = (node: { oneOf: Array<{ const: string }> }) => node.oneOf.map((o) => o.const);

describe.each(STORE_KINDS)('shared option lists (%s store)', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(kind);
  });
  afterAll(async () => srv?.close());

  it('creates a list, reads it, and refuses a taken id and bad options in words with pointers', async () => {
    const d = srv.as('designer');
    const made = await d.post('/api/option-lists', { id: 'ethnicity', name: ' Ethnicity ', team: 'qa', options: ETHNICITY });
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe('/api/option-lists/ethnicity');
    expect(made.headers.get('etag')).toBe('"1"');
    expect(made.body).toMatchObject({ listId: 'ethnicity', version: 1, name: 'Ethnicity', description: '', team: 'qa', options: ETHNICITY, changeNote: '' });
    expect(made.body.hash).toMatch(/^sha256:[0-9a-f]{64}$/);

    const read = await srv.as('integrator').get('/api/option-lists/ethnicity');
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toMatch(/^"1\./);
    expect(read.body).toMatchObject({ listId: 'ethnicity', version: 1, options: ETHNICITY, usage: [] });

    const list = await d.get('/api/option-lists');
    expect(list.body.items).toEqual([expect.objectContaining({ id: 'ethnicity', name: 'Ethnicity', version: 1, createdBy: made.body.createdBy, updatedBy: made.body.createdBy, usedBy: 0 })]);

    const again = await d.post('/api/option-lists', { id: 'ethnicity', name: 'Again', team: 'qa', options: ETHNICITY });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('A shared list with id "ethnicity" already exists.');

    const bad = await d.post('/api/option-lists', { id: 'legal-status', name: '  ', team: 'qa', options: [{ code: 'C1', label: 'Care order' }, { code: 'C 2', label: 'x' }, { code: 'C1', label: ' ' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { pointer: '/name', message: 'Enter a name for the list, like “Ethnicity”.' },
      { pointer: '/options/1/code', message: expect.stringContaining('Option 2: a code is 1 to 40 letters, digits, hyphens or underscores') },
      { pointer: '/options/2/code', message: 'Option 3 has the code “C1”, which option 1 already has; each option needs its own code.' },
      { pointer: '/options/2/label', message: 'Option 3: enter the label people see for the code “C1”.' },
    ]);
    expect((await d.get('/api/option-lists/legal-status')).status).toBe(404);
  });

  it('saves the next version only with If-Match of the newest (428 without, 412 when stale)', async () => {
    const d = srv.as('designer');
    const body = { name: 'Ethnicity', team: 'qa', options: [...ETHNICITY, { code: 'WIRT', label: 'Traveller of Irish heritage' }], changeNote: 'Added Traveller of Irish heritage' };
    const none = await d.post('/api/option-lists/ethnicity/versions', body);
    expect(none.status).toBe(428);
    const read = await d.get('/api/option-lists/ethnicity');
    const v2 = await d.post('/api/option-lists/ethnicity/versions', body, { headers: { 'if-match': read.headers.get('etag')! } });
    expect(v2.status).toBe(201);
    expect(v2.headers.get('etag')).toBe('"2"');
    expect(v2.headers.get('location')).toBe('/api/option-lists/ethnicity/versions/2');
    expect(v2.body).toMatchObject({ listId: 'ethnicity', version: 2, changeNote: 'Added Traveller of Irish heritage' });

    const stale = await d.post('/api/option-lists/ethnicity/versions', { ...body, changeNote: 'Mine' }, { headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.detail).toMatch(/newer version \(2\)/);

    const noNote = await d.post('/api/option-lists/ethnicity/versions', { ...body, changeNote: ' ' }, { headers: { 'if-match': '"2"' } });
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors).toEqual([{ pointer: '/changeNote', message: expect.stringMatching(/^Say what changed/) }]);
    const same = await d.post('/api/option-lists/ethnicity/versions', body, { headers: { 'if-match': '"2"' } });
    expect(same.status).toBe(400);

    const versions = await d.get('/api/option-lists/ethnicity/versions');
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await d.get('/api/option-lists/ethnicity/versions/1')).body.options).toEqual(ETHNICITY);
    expect((await d.get('/api/option-lists/ethnicity/versions/9')).status).toBe(404);
    expect((await d.get('/api/option-lists/no-such-list/versions')).status).toBe(404);
  });

  it('expands a form draft’s references from the list (replacing stale embedded options), and refuses an unknown list or version with a pointer', async () => {
    const d = srv.as('designer');
    await d.post('/api/forms', { id: 'family-details', title: 'Family details', category: 'case-record', team: 'qa' });
    const draft = await d.post('/api/forms/family-details/versions', { ...definitionUsing(1), changeNote: 'First version' });
    expect(draft.status).toBe(201);
    const props = draft.body.version.schema.properties;
    expect(props.ethnicity.oneOf).toEqual(ETHNICITY.map((o) => ({ const: o.code, title: o.label })));
    expect(codes(props.others.items)).toEqual(['WBRI', 'WIRI', 'MWBC']);
    expect(draft.body.violations).toEqual([]);

    const unknown = definitionUsing(9);
    const refused = await d.put('/api/forms/family-details/versions/1', unknown, { headers: { 'if-match': draft.headers.get('etag')! } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { pointer: '/schema/properties/ethnicity/x-option-list', message: 'The shared list "ethnicity" has no version 9.' },
      { pointer: '/schema/properties/others/items/x-option-list', message: 'The shared list "ethnicity" has no version 9.' },
    ]);
    const noList = definitionUsing(1);
    (noList.schema.properties.ethnicity['x-option-list'] as { id: string }).id = 'religion';
    const missing = await d.put('/api/forms/family-details/versions/1', noList, { headers: { 'if-match': draft.headers.get('etag')! } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ pointer: '/schema/properties/ethnicity/x-option-list', message: 'There is no shared list "religion".' }]);

    const malformed = definitionUsing(1);
    (malformed.schema.properties.ethnicity as Record<string, unknown>)['x-option-list'] = { id: 'ethnicity', version: 0 };
    const saved = await d.put('/api/forms/family-details/versions/1', malformed, { headers: { 'if-match': draft.headers.get('etag')! } });
    expect(saved.status).toBe(200);
    expect(saved.body.violations).toEqual([{ pointer: '/schema/properties/ethnicity/x-option-list', message: expect.stringContaining('must say which version it uses') }]);
  });

  it('a published form keeps its pinned list version after a newer one is saved; its next draft adopts it with the change analysis', async () => {
    const d = srv.as('designer');
    const current = await d.get('/api/forms/family-details/versions/1');
    await d.put('/api/forms/family-details/versions/1', definitionUsing(1), { headers: { 'if-match': current.headers.get('etag')! } });
    expect((await d.post('/api/forms/family-details/versions/1/publish')).status).toBe(200);

    const latest = await d.get('/api/option-lists/ethnicity');
    const v3 = await d.post(
      '/api/option-lists/ethnicity/versions',
      { name: 'Ethnicity', team: 'qa', options: [{ code: 'WBRI', label: 'White: English, Welsh, Scottish, Northern Irish or British' }, ...ETHNICITY.slice(1, 2)], changeNote: 'Census 2021 wording' },
      { headers: { 'if-match': latest.headers.get('etag')! } },
    );
    expect(v3.status).toBe(201);

    const published = await srv.as('practitioner').get('/api/forms/family-details/versions/1');
    expect(codes(published.body.schema.properties.ethnicity)).toEqual(['WBRI', 'WIRI', 'MWBC']);
    expect(published.body.schema.properties.ethnicity['x-option-list']).toEqual({ id: 'ethnicity', version: 1 });
    // Records are still made against the pinned options: a code the newer list version dropped is accepted, one it never had is not.
    const worker = srv.as('practitioner');
    const ok = await worker.post('/api/submissions', { formId: 'family-details', data: { ethnicity: 'MWBC', others: ['WIRI'] }, status: 'submitted' }, { headers: { 'idempotency-key': '"lists-1"' } });
    expect(ok.status).toBe(201);
    const wrong = await worker.post('/api/submissions', { formId: 'family-details', data: { ethnicity: 'OTH' }, status: 'submitted' }, { headers: { 'idempotency-key': '"lists-2"' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/ethnicity']);

    // The next draft (a copy of version 1) still pins version 1 until it moves.
    const draft = await d.post('/api/forms/family-details/versions', {});
    expect(codes(draft.body.version.schema.properties.ethnicity)).toEqual(['WBRI', 'WIRI', 'MWBC']);
    const moved = await d.put('/api/forms/family-details/versions/2', { ...definitionUsing(3), changeNote: 'Census 2021 wording' }, { headers: { 'if-match': draft.headers.get('etag')! } });
    expect(moved.status).toBe(200);
    expect(codes(moved.body.version.schema.properties.ethnicity)).toEqual(['WBRI', 'WIRI']);
    const changes = await d.get('/api/forms/family-details/versions/2/changes');
    const about = (path: string) => changes.body.changes.filter((c: { path: string }) => c.path === path).map((c: { kind: string; breaking: boolean }) => [c.kind, c.breaking]);
    expect(about('/ethnicity')).toEqual([
      ['option-list-changed', false],
      ['option-label-changed', false],
      ['option-removed', true],
    ]);
    expect(changes.body.changes[0].message).toBe('“Ethnicity” now uses version 3 of the shared list “ethnicity” (was version 1).');
  });

  it('says which forms use the list and what a change would do, without saving it', async () => {
    const d = srv.as('designer');
    const read = await d.get('/api/option-lists/ethnicity');
    expect(read.body.usage).toEqual(
      expect.arrayContaining([
        { formId: 'family-details', formTitle: 'Family details', version: 2, status: 'draft', listVersion: 3, fieldPath: '/ethnicity', field: 'Ethnicity' },
        { formId: 'family-details', formTitle: 'Family details', version: 1, status: 'published', listVersion: 1, fieldPath: '/ethnicity', field: 'Ethnicity' },
        expect.objectContaining({ formId: 'family-details', version: 1, fieldPath: '/others/*', listVersion: 1 }),
      ]),
    );
    expect(read.body.usage).toHaveLength(4);
    expect((await d.get('/api/option-lists')).body.items[0].usedBy).toBe(1);

    const check = await d.post('/api/option-lists/ethnicity/versions/check', { name: 'Ethnicity', team: 'qa', options: [{ code: 'WBRI', label: 'White British' }, { code: 'OTH', label: 'Any other' }] });
    expect(check.status).toBe(200);
    expect(check.body.changes).toEqual([
      { kind: 'option-removed', code: 'WIRI', breaking: true, message: expect.stringMatching(/^The option “White Irish” \(code "WIRI"\) is removed from “Ethnicity”/) },
      { kind: 'option-label-changed', code: 'WBRI', breaking: false, message: 'The option "WBRI" of “Ethnicity” is now called “White British” (was “White: English, Welsh, Scottish, Northern Irish or British”).' },
      { kind: 'option-added', code: 'OTH', breaking: false, message: 'The option “Any other” (code "OTH") is added to “Ethnicity”.' },
    ]);
    expect(check.body.usage).toHaveLength(4);
    expect((await d.get('/api/option-lists/ethnicity')).body.version).toBe(3);
    expect((await d.post('/api/option-lists/no-such-list/versions/check', { name: 'x', team: 'qa', options: ETHNICITY })).status).toBe(404);
  });

  it('logs who created and changed a list', async () => {
    const events = await srv.running.ctx.store.listEvents({ entityId: 'ethnicity' });
    expect(events.map((e) => [e.action, e.details?.version])).toEqual([
      ['option-list.created', 1],
      ['option-list.changed', 2],
      ['option-list.changed', 3],
    ]);
    expect(events[2]!.details).toMatchObject({ added: 0, removed: 2, relabelled: 1 });
  });

  it('keeps lists from practitioners and managers (options reach them inside forms)', async () => {
    for (const role of ['practitioner', 'manager', 'admin'] as const) {
      const res = await srv.as(role).get('/api/option-lists/ethnicity');
      expect(res.status, role).toBe(403);
    }
    expect((await srv.as('integrator').post('/api/option-lists', { id: 'x-list', name: 'x', team: 'qa', options: ETHNICITY })).status).toBe(403);
    expect((await srv.as('anonymous').get('/api/option-lists')).status).toBe(401);
  });
});
