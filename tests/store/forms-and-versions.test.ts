import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/contract.js';
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
    await store.close();
    store = await loc.open();
    expect(await store.getForm(f.id)).toEqual(f);
    expect(await store.getVersion(f.id, 1)).toEqual(v);
  });
});
