/** The store contract for shared option lists, on both stores. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, StaleRevisionError } from '../../engine/errors.js';
import { optionsHash, type ListOption, type OptionListVersion } from '../../engine/forms/option-lists.js';
import type { Store } from '../../engine/store/contract.js';
import type { EventRecord } from '../../engine/store/events.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';
import { T0, at, event } from '../support/records.js';

const OPTIONS: ListOption[] = [
  { code: 'WBRI', label: 'White British' },
  { code: 'WIRI', label: 'White Irish' },
];

function listVersion(listId: string, version: number, overrides: Partial<OptionListVersion> = {}): OptionListVersion {
  const options = overrides.options ?? [...OPTIONS, ...Array.from({ length: version - 1 }, (_, i) => ({ code: `X${i + 2}`, label: `Added in version ${i + 2}` }))];
  return {
    listId,
    version,
    name: 'Ethnicity',
    description: 'Census 2021 categories, with the ICS codes.',
    team: 'team-cin-north',
    options,
    changeNote: version === 1 ? '' : `Version ${version}`,
    hash: optionsHash(options),
    createdBy: version === 1 ? 'u-analyst' : `u-analyst-${version}`,
    createdAt: at(version * 1000, T0),
    ...overrides,
  };
}

const saved = (v: OptionListVersion): EventRecord => ({ ...event(v.version === 1 ? 'option-list.created' : 'option-list.changed', 'option-list', v.listId), details: { version: v.version } });

describe.each(STORE_KINDS)('%s store: shared option lists', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores versions and reads them back exactly: the newest, any one, all newest first, and a summary per list by id', async () => {
    const e1 = listVersion('ethnicity', 1);
    const e2 = listVersion('ethnicity', 2, { name: 'Ethnicity (Census 2021)' });
    const e3 = listVersion('ethnicity', 3);
    const legal = listVersion('legal-status', 1, { options: [{ code: 'C1', label: 'Interim care order' }], name: 'Legal status', team: 'team-cla' });
    for (const v of [legal, e1, e2, e3]) await store.insertOptionListVersion(v, saved(v));

    expect(await store.getOptionList('ethnicity')).toStrictEqual(e3);
    expect(await store.getOptionList('ethnicity', 2)).toStrictEqual(e2);
    expect(await store.getOptionList('ethnicity', 4)).toBeNull();
    expect(await store.getOptionList('religion')).toBeNull();
    expect(await store.listOptionListVersions('ethnicity')).toStrictEqual([e3, e2, e1]);
    expect(await store.listOptionListVersions('religion')).toEqual([]);
    expect(await store.listOptionLists()).toStrictEqual([
      { id: 'ethnicity', name: e3.name, description: e3.description, team: e3.team, version: 3, options: e3.options, updatedBy: e3.createdBy, updatedAt: e3.createdAt, createdBy: e1.createdBy, createdAt: e1.createdAt },
      { id: 'legal-status', name: 'Legal status', description: legal.description, team: 'team-cla', version: 1, options: legal.options, updatedBy: legal.createdBy, updatedAt: legal.createdAt, createdBy: legal.createdBy, createdAt: legal.createdAt },
    ]);
    expect((await store.listEvents({ entityKind: 'option-list' })).map((e) => [e.action, e.entity.id, e.details?.version])).toEqual([
      ['option-list.created', 'legal-status', 1],
      ['option-list.created', 'ethnicity', 1],
      ['option-list.changed', 'ethnicity', 2],
      ['option-list.changed', 'ethnicity', 3],
    ]);
  });

  it('lists nothing on a new store', async () => {
    expect(await store.listOptionLists()).toEqual([]);
  });

  it('refuses a second list with a taken id, a version of a list that does not exist, and a gap; and logs nothing for them', async () => {
    const v1 = listVersion('ethnicity', 1);
    await store.insertOptionListVersion(v1, saved(v1));
    const clash = listVersion('ethnicity', 1, { name: 'Other' });
    await expect(store.insertOptionListVersion(clash, saved(clash))).rejects.toBeInstanceOf(ConflictError);
    await expect(store.insertOptionListVersion(clash, saved(clash))).rejects.toThrow('A shared list with id "ethnicity" already exists.');
    const orphan = listVersion('religion', 2);
    await expect(store.insertOptionListVersion(orphan, saved(orphan))).rejects.toBeInstanceOf(NotFoundError);
    const gap = listVersion('ethnicity', 3);
    await expect(store.insertOptionListVersion(gap, saved(gap))).rejects.toBeInstanceOf(ConflictError);
    expect(await store.getOptionList('ethnicity')).toStrictEqual(v1);
    expect(await store.listOptionListVersions('ethnicity')).toStrictEqual([v1]);
    expect(await store.listEvents({ entityKind: 'option-list' })).toHaveLength(1);
  });

  it('refuses a version saved already as stale, naming the newest', async () => {
    const v1 = listVersion('ethnicity', 1);
    const v2 = listVersion('ethnicity', 2);
    await store.insertOptionListVersion(v1, saved(v1));
    await store.insertOptionListVersion(v2, saved(v2));
    const late = listVersion('ethnicity', 2, { changeNote: 'Mine, saved late' });
    const err = await store.insertOptionListVersion(late, saved(late)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StaleRevisionError);
    expect((err as StaleRevisionError).currentRevision).toBe(2);
    expect(await store.getOptionList('ethnicity', 2)).toStrictEqual(v2);
  });

  it('of writers saving the same next version at once, through separate connections, exactly one wins and the others are stale', async () => {
    const v1 = listVersion('ethnicity', 1);
    await store.insertOptionListVersion(v1, saved(v1));
    const other = await loc.open();
    try {
      for (const n of [2, 3]) {
        const attempts = [store, other, store, other].map((s, i) => {
          const v = listVersion('ethnicity', n, { changeNote: `Writer ${i}`, createdBy: `u-writer-${i}` });
          return s.insertOptionListVersion(v, saved(v)).then(() => v);
        });
        const results = await Promise.allSettled(attempts);
        const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        expect(won, `version ${n}`).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason, String(r.reason)).toBeInstanceOf(StaleRevisionError);
        expect(await store.getOptionList('ethnicity')).toStrictEqual(won[0]);
        expect(await other.getOptionList('ethnicity', n)).toStrictEqual(won[0]);
      }
      expect((await store.listOptionListVersions('ethnicity')).map((v) => v.version)).toEqual([3, 2, 1]);
      expect((await store.listEvents({ entityKind: 'option-list' })).map((e) => e.details?.version)).toEqual([1, 2, 3]);
      const [summary] = await other.listOptionLists();
      expect(summary).toMatchObject({ id: 'ethnicity', version: 3, createdBy: 'u-analyst' });
    } finally {
      await other.close();
    }
  });

  it('keeps what it acknowledged across a reopen', async () => {
    const v1 = listVersion('ethnicity', 1);
    const v2 = listVersion('ethnicity', 2);
    await store.insertOptionListVersion(v1, saved(v1));
    await store.insertOptionListVersion(v2, saved(v2));
    await store.close();
    store = await loc.open();
    expect(await store.listOptionListVersions('ethnicity')).toStrictEqual([v2, v1]);
    expect((await store.listOptionLists())[0]).toMatchObject({ version: 2, createdBy: v1.createdBy });
  });
});
