import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Form } from '../../engine/forms/model.js';
import type { FormPatch, Store } from '../../engine/store/contract.js';
import { ConflictError, InvalidStateError, NotFoundError, StaleRevisionError } from '../../engine/errors.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';
import { T0, at, event, form, version } from '../support/records.js';

describe.each(STORE_KINDS)('%s store: forms and versions', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores a form and reads it back exactly, and lists forms by id', async () => {
    const b = form({ id: 'return-to-work', title: 'Return-to-work interview', category: 'return-to-work' });
    const a = form({ id: 'case-file-audit', title: 'Case-file audit — “QA”', category: 'audit' });
    await store.insertForm(b, event('form.created', 'form', b.id));
    await store.insertForm(a, event('form.created', 'form', a.id));
    expect(await store.getForm('case-file-audit')).toEqual(a);
    expect((await store.listForms()).map((f) => f.id)).toEqual(['case-file-audit', 'return-to-work']);
    expect(await store.getForm('missing-form')).toBeNull();
  });

  it('refuses a second form with the same id and keeps the first', async () => {
    const f = form({ id: 'case-supervision' });
    await store.insertForm(f, event('form.created', 'form', f.id));
    await expect(store.insertForm({ ...f, title: 'Other' }, event('form.created', 'form', f.id))).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getForm(f.id))?.title).toBe(f.title);
  });

  // A form's settings

  const formUpdated = (id: string) => event('form.updated', 'form', id, 'u-analyst2');

  it("updates a form's settings with compare-and-set on its revision", async () => {
    const f = form({ subject: { childId: '/header/childId' } });
    await store.insertForm(f, event('form.created', 'form', f.id));
    const patch: FormPatch = {
      title: 'Case supervision — “new” title',
      category: 'case-record',
      description: '',
      team: 'team-cp-south',
      subject: { episodeId: '' },
      updatedBy: 'u-analyst2',
      updatedAt: at(1000),
    };
    const next = await store.updateForm(f.id, 1, patch, formUpdated(f.id));
    // The subject is replaced as a whole, not merged.
    expect(next).toStrictEqual({ ...f, ...patch, revision: 2 });
    expect(await store.getForm(f.id)).toStrictEqual(next);
    expect(await store.listForms()).toStrictEqual([next]);

    // A writer still holding revision 1 is refused, told the current revision, and changes nothing.
    await expect(store.updateForm(f.id, 1, { title: 'stale write' }, formUpdated(f.id))).rejects.toBeInstanceOf(StaleRevisionError);
    await expect(store.updateForm(f.id, 1, { title: 'stale write' }, formUpdated(f.id))).rejects.toMatchObject({ currentRevision: 2 });
    expect(await store.getForm(f.id)).toStrictEqual(next);

    // The current revision goes through, and only the patched fields change.
    const third = await store.updateForm(f.id, 2, { description: 'Decisions made in supervision.' }, formUpdated(f.id));
    expect(third).toStrictEqual({ ...next, description: 'Decisions made in supervision.', revision: 3 });
    expect(await store.getForm(f.id)).toStrictEqual(third);
  });

  it('never changes the id or the creation of a form, whatever the patch holds', async () => {
    // @ts-expect-error the id is not patchable
    const typed: FormPatch = { id: 'renamed' };
    expect(typed).toBeDefined();
    const f = form();
    await store.insertForm(f, event('form.created', 'form', f.id));
    const sneaky = { title: 'Renamed', id: 'other-form', createdBy: 'u-mallory', createdAt: at(5), revision: 40 } as unknown as FormPatch;
    const next = await store.updateForm(f.id, 1, sneaky, formUpdated(f.id));
    expect(next).toStrictEqual({ ...f, title: 'Renamed', revision: 2 });
    expect(await store.getForm(f.id)).toStrictEqual(next);
    expect(await store.getForm('other-form')).toBeNull();
  });

  it('reports an update of a missing form as not found, and logs nothing', async () => {
    await expect(store.updateForm('no-such-form', 1, { title: 'x' }, formUpdated('no-such-form'))).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.getForm('no-such-form')).toBeNull();
    expect(await store.listEvents({})).toEqual([]);
  });

  it('appends one form.updated event with each change of settings, and none for a refused one', async () => {
    const f = form();
    await store.insertForm(f, event('form.created', 'form', f.id));
    const e = { ...formUpdated(f.id), details: { changed: ['category', 'title'] } };
    await store.updateForm(f.id, 1, { title: 'x', category: 'other' }, e);
    await store.updateForm(f.id, 1, { title: 'stale' }, formUpdated(f.id)).catch(() => {});
    expect((await store.listEvents({ entityId: f.id })).map((x) => x.action)).toEqual(['form.created', 'form.updated']);
    expect((await store.listEvents({ entityId: f.id, action: 'form.updated' }))[0]).toStrictEqual(e);
  });

  it('of 10 concurrent updates of a form on one revision exactly one wins', async () => {
    const f = form();
    await store.insertForm(f, event('form.created', 'form', f.id));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => store.updateForm(f.id, 1, { title: `writer ${i}`, updatedAt: at(i) }, formUpdated(f.id))),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<Form> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StaleRevisionError);
    expect(won[0]!.value.revision).toBe(2);
    expect(await store.getForm(f.id)).toStrictEqual(won[0]!.value);
    expect((await store.listEvents({ entityId: f.id })).map((e) => e.action)).toEqual(['form.created', 'form.updated']);
  });

  it('reads a form stored before forms had a revision as revision 1, and updates it', async () => {
    const { revision: _r, ...old } = form();
    await store.insertForm(old as Form, event('form.created', 'form', old.id));
    expect(await store.getForm(old.id)).toStrictEqual({ ...old, revision: 1 });
    expect(await store.listForms()).toStrictEqual([{ ...old, revision: 1 }]);
    await expect(store.updateForm(old.id, 2, { title: 'x' }, formUpdated(old.id))).rejects.toMatchObject({ currentRevision: 1 });
    const next = await store.updateForm(old.id, 1, { title: 'Now revised' }, formUpdated(old.id));
    expect(next).toStrictEqual({ ...old, title: 'Now revised', revision: 2 });
    expect(await store.getForm(old.id)).toStrictEqual(next);
  });

  it('stores versions with their definitions intact and lists them newest first', async () => {
    const f = form();
    await store.insertForm(f, event('form.created', 'form', f.id));
    const v1 = version(f.id, 1, {
      status: 'published',
      publishedAt: T0,
      publishedBy: 'u-analyst',
      schema: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        additionalProperties: false,
        properties: { ünïcode: { type: 'number', minimum: -1.5, default: 0 }, list: { type: 'array', maxItems: 3, items: { type: 'string', maxLength: 5 } } },
      },
    });
    await store.insertVersion(v1, event('version.created', 'version', `${f.id}@1`));
    await store.insertVersion(version(f.id, 2), event('version.created', 'version', `${f.id}@2`));
    expect(await store.getVersion(f.id, 1)).toEqual(v1);
    expect((await store.listVersions(f.id)).map((v) => v.version)).toEqual([2, 1]);
    expect(await store.getVersion(f.id, 3)).toBeNull();
    expect(await store.listVersions('no-such-form')).toEqual([]);
  });

  it('refuses a duplicate version number', async () => {
    const f = form();
    await store.insertForm(f, event('form.created', 'form', f.id));
    await store.insertVersion(version(f.id, 1, { status: 'published' }), event('version.created', 'version', 'x'));
    await expect(store.insertVersion(version(f.id, 1, { status: 'published', changeNote: 'dup' }), event('version.created', 'version', 'x'))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await store.getVersion(f.id, 1))?.changeNote).toBe('version 1');
  });

  it('allows at most one draft per form, and a new draft once the old one is published', async () => {
    const f = form();
    await store.insertForm(f, event('form.created', 'form', f.id));
    await store.insertVersion(version(f.id, 1), event('version.created', 'version', 'x'));
    await expect(store.insertVersion(version(f.id, 2), event('version.created', 'version', 'x'))).rejects.toBeInstanceOf(ConflictError);
    await store.updateVersion(f.id, 1, { status: 'draft', revision: 1 }, { status: 'published', publishedAt: T0, publishedBy: 'u' }, event('version.published', 'version', 'x'));
    await store.insertVersion(version(f.id, 2), event('version.created', 'version', 'x'));
    // Another form's draft is independent.
    const g = form();
    await store.insertForm(g, event('form.created', 'form', g.id));
    await store.insertVersion(version(g.id, 1), event('version.created', 'version', 'x'));
    expect((await store.listVersions(f.id)).map((v) => [v.version, v.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
  });

  it('only one of many concurrent draft creations for a form succeeds', async () => {
    const f = form();
    await store.insertForm(f, event('form.created', 'form', f.id));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => store.insertVersion(version(f.id, i + 1), event('version.created', 'version', 'x'))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
    expect((await store.listVersions(f.id)).filter((v) => v.status === 'draft')).toHaveLength(1);
  });

  it('updates a draft with compare-and-set on its revision', async () => {
    const f = form();
    await store.insertForm(f, event('form.created', 'form', f.id));
    await store.insertVersion(version(f.id, 1), event('version.created', 'version', 'x'));
    const updated = await store.updateVersion(
      f.id,
      1,
      { status: 'draft', revision: 1 },
      { changeNote: 'Added a note field', updatedAt: at(1000), updatedBy: 'u-other' },
      event('version.updated', 'version', 'x'),
    );
    expect(updated).toMatchObject({ revision: 2, changeNote: 'Added a note field', updatedBy: 'u-other', status: 'draft' });
    expect(await store.getVersion(f.id, 1)).toEqual(updated);
    // A writer still holding revision 1 is refused and changes nothing.
    await expect(
      store.updateVersion(f.id, 1, { status: 'draft', revision: 1 }, { changeNote: 'stale' }, event('version.updated', 'version', 'x')),
    ).rejects.toBeInstanceOf(StaleRevisionError);
    expect((await store.getVersion(f.id, 1))?.changeNote).toBe('Added a note field');
  });

  it('refuses any write to a published version, whatever revision is given', async () => {
    const f = form();
    await store.insertForm(f, event('form.created', 'form', f.id));
    await store.insertVersion(version(f.id, 1), event('version.created', 'version', 'x'));
    const pub = await store.updateVersion(f.id, 1, { status: 'draft', revision: 1 }, { status: 'published', publishedAt: T0 }, event('version.published', 'version', 'x'));
    await expect(
      store.updateVersion(f.id, 1, { status: 'draft', revision: pub.revision }, { changeNote: 'sneaky edit' }, event('version.updated', 'version', 'x')),
    ).rejects.toBeInstanceOf(InvalidStateError);
    expect(await store.getVersion(f.id, 1)).toEqual(pub);
  });

  it('reports a missing version as not found', async () => {
    await expect(
      store.updateVersion('nothing-here', 1, { status: 'draft', revision: 1 }, { changeNote: 'x' }, event('version.updated', 'version', 'x')),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('writes an event with every form and version change', async () => {
    const f = form();
    await store.insertForm(f, event('form.created', 'form', f.id));
    await store.insertVersion(version(f.id, 1), event('version.created', 'version', `${f.id}@1`));
    await store.updateVersion(f.id, 1, { status: 'draft', revision: 1 }, { status: 'published' }, event('version.published', 'version', `${f.id}@1`));
    // A refused write leaves no event behind.
    await store.insertForm(f, event('form.created', 'form', f.id)).catch(() => {});
    expect((await store.listEvents({ entityId: f.id })).map((e) => e.action)).toEqual(['form.created']);
    expect((await store.listEvents({ entityId: `${f.id}@1` })).map((e) => e.action)).toEqual(['version.created', 'version.published']);
  });

  it('keeps everything across close and reopen', async () => {
    const f = form();
    await store.insertForm(f, event('form.created', 'form', f.id));
    const v = version(f.id, 1);
    await store.insertVersion(v, event('version.created', 'version', 'x'));
    const g = await store.updateForm(f.id, 1, { title: 'Kept' }, event('form.updated', 'form', f.id));
    await store.close();
    store = await loc.open();
    expect(await store.getForm(f.id)).toEqual(g);
    await expect(store.updateForm(f.id, 1, { title: 'stale' }, event('form.updated', 'form', f.id))).rejects.toBeInstanceOf(StaleRevisionError);
    expect(await store.getVersion(f.id, 1)).toEqual(v);
  });
});
