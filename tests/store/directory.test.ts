/**
 * The directory on both stores: batches applied whole and once (full and delta), the batch log
 * and counts, and every way children and workers are found.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/contract.js';
import type { Child, DirectoryBatch, DirectoryKind } from '../../engine/directory/model.js';
import { ConflictError } from '../../engine/errors.js';
import { newEvent } from '../../engine/store/events.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';
import { CHILDREN, TEAMS, WORKERS, batchOf, loadDirectory } from '../support/directory.js';
import { manyChildren } from '../support/directory-rows.js';

const T1 = new Date('2026-02-01T09:00:00.000Z');
const T2 = new Date('2026-02-02T09:00:00.000Z');
const T3 = new Date('2026-02-03T09:00:00.000Z');

const eventFor = (batch: DirectoryBatch) => newEvent(new Date(batch.appliedAt), 'tests', 'directory.batch-applied', 'directory', batch.kind, { key: batch.key });
const apply = (store: Store, batch: DirectoryBatch) => store.applyDirectoryBatch(batch, eventFor(batch));
const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
const child = (id: string) => CHILDREN.find((c) => c.id === id)!;

describe.each(STORE_KINDS)('%s store: the directory', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('is empty before any batch', async () => {
    expect(await store.directoryCounts()).toEqual({ children: 0, workers: 0, teams: 0, last: {} });
    expect(await store.searchChildren({}, 10)).toEqual([]);
    expect(await store.listDirectoryBatches({})).toEqual([]);
    expect(await store.listDirectoryTeams()).toEqual([]);
  });

  it('applies a full batch, then a delta that replaces rows whole, adds and deletes; unchanged rows keep their time', async () => {
    const full = batchOf('children', CHILDREN, { at: T1 });
    const first = await apply(store, full);
    expect(first).toEqual({
      replayed: false,
      applied: { seq: 1, kind: 'children', mode: 'full', key: full.key, fingerprint: full.fingerprint, source: full.source, appliedAt: T1.toISOString(), upserted: 7, deleted: 0, total: 7 },
    });
    const all = await store.getChildren(ids(CHILDREN));
    expect(all.sort((a, b) => a.id.localeCompare(b.id))).toEqual(CHILDREN.map((c) => ({ ...c, updatedAt: T1.toISOString() })));

    // C1 sent again unchanged (keeps T1); C2 without its date of birth or status (replaced whole);
    // C8 new; C4 deleted; C99 deleted but never there.
    const { dateOfBirth: _d, legalStatus: _l, ...c2Bare } = child('C2');
    const delta = batchOf('children', [child('C1'), { ...c2Bare, name: 'Alex Jones-Smith' }, { id: 'C8', name: 'New Child', team: 'cin-north' }], {
      mode: 'delta',
      deletes: ['C4', 'C99'],
      at: T2,
    });
    const second = await apply(store, delta);
    expect(second.applied).toMatchObject({ seq: 2, mode: 'delta', upserted: 2, deleted: 1, total: 7 });
    const got = new Map((await store.getChildren(['C1', 'C2', 'C4', 'C8', 'C99'])).map((c) => [c.id, c]));
    expect([...got.keys()].sort()).toEqual(['C1', 'C2', 'C8']);
    expect(got.get('C1')).toEqual({ ...child('C1'), updatedAt: T1.toISOString() });
    expect(got.get('C2')).toEqual({ ...c2Bare, name: 'Alex Jones-Smith', updatedAt: T2.toISOString() });
    expect(got.get('C8')).toEqual({ id: 'C8', name: 'New Child', team: 'cin-north', restricted: false, updatedAt: T2.toISOString() });
    // The old name no longer finds C2, the new one does.
    expect(ids(await store.searchChildren({ name: 'jones-smith' }, 10))).toEqual(['C2']);
    expect(ids(await store.searchChildren({ name: 'alex' }, 10))).toEqual(['C2']);
    expect(ids(await store.searchChildren({ dateOfBirth: '2012-11-20' }, 10))).toEqual([]);

    // A full batch leaves exactly its rows.
    const again = batchOf('children', [child('C1'), { ...child('C5'), legalStatus: 'CL' }], { at: T3 });
    expect((await apply(store, again)).applied).toMatchObject({ seq: 3, mode: 'full', upserted: 1, deleted: 5, total: 2 });
    expect(ids(await store.searchChildren({}, 50))).toEqual(['C1', 'C5']);
    expect((await store.getChildren(['C5']))[0]).toEqual({ ...child('C5'), legalStatus: 'CL', updatedAt: T3.toISOString() });
    expect((await store.getChildren(['C1']))[0]!.updatedAt).toBe(T1.toISOString());
  });

  it('applies a batch once: the same key again changes nothing and answers the first record; another batch under it is refused', async () => {
    await loadDirectory(store);
    const delta = batchOf('children', [{ ...child('C1'), name: 'Jordan Smythe' }], { mode: 'delta', key: 'file:abc', at: T2 });
    const first = await apply(store, delta);
    const replay = await apply(store, { ...delta, appliedAt: T3.toISOString() });
    expect(replay).toEqual({ applied: first.applied, replayed: true });
    expect((await store.getChildren(['C1']))[0]).toMatchObject({ name: 'Jordan Smythe', updatedAt: T2.toISOString() });
    expect(await store.listDirectoryBatches({ kind: 'children' })).toHaveLength(2);
    expect((await store.listEvents({ entityKind: 'directory' })).filter((e) => (e.details as { key?: string })?.key === 'file:abc')).toHaveLength(1);

    for (const other of [
      { ...delta, fingerprint: 'f'.repeat(64) },
      { ...delta, kind: 'workers' as DirectoryKind, upserts: [] },
      { ...delta, mode: 'full' as const },
    ]) {
      const refused = await apply(store, other as DirectoryBatch).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConflictError);
      expect(refused).toMatchObject({ type: 'idempotency-key-reused' });
      expect((refused as Error).message).toMatch(/file:abc.*already used for a different batch/);
    }
    expect(await store.listDirectoryBatches({})).toHaveLength(4);
    expect((await store.getChildren(['C1']))[0]!.name).toBe('Jordan Smythe');
  });

  it('keeps a batch log, newest first, by kind, and counts from it', async () => {
    await loadDirectory(store);
    const log = await store.listDirectoryBatches({});
    expect(log.map((b) => [b.seq, b.kind, b.total])).toEqual([
      [3, 'children', 7],
      [2, 'workers', 7],
      [1, 'teams', 3],
    ]);
    expect((await store.listDirectoryBatches({ kind: 'workers' })).map((b) => b.seq)).toEqual([2]);
    expect((await store.listDirectoryBatches({ limit: 2 })).map((b) => b.seq)).toEqual([3, 2]);
    const counts = await store.directoryCounts();
    expect(counts).toEqual({ children: 7, workers: 7, teams: 3, last: { teams: log[2], workers: log[1], children: log[0] } });
    await apply(store, batchOf('workers', [WORKERS[0]!], { mode: 'delta', deletes: ['W8', 'W9'] }));
    expect(await store.directoryCounts()).toMatchObject({ workers: 5, last: { workers: { seq: 4, upserted: 0, deleted: 2, total: 5 } } });
    const events = await store.listEvents({ entityKind: 'directory' });
    expect(events.map((e) => e.entity.id)).toEqual(['teams', 'workers', 'children', 'workers']);
  });

  it('finds children by each search member and by several together, by name then id', async () => {
    await loadDirectory(store);
    const find = async (search: Parameters<Store['searchChildren']>[0], limit = 50) => ids(await store.searchChildren(search, limit));
    // Name: each word starts a word of the name, any case, any order; accents and apostrophes do not matter.
    expect(await find({ name: 'jor smi' })).toEqual(['C1', 'C7']);
    expect(await find({ name: 'SMI JOR' })).toEqual(['C1', 'C7']);
    expect(await find({ name: 'jordan' })).toEqual(['C6', 'C1', 'C7']);
    expect(await find({ name: 'ordan' })).toEqual([]);
    expect(await find({ name: 'social' })).toEqual([]);
    expect(await find({ name: 'jor smi' }, 1)).toEqual(['C1']);
    // Id: exact (any case) or the start of one.
    expect(await find({ id: 'c3' })).toEqual(['C3']);
    expect(await find({ id: 'C' })).toEqual(['C2', 'C4', 'C6', 'C1', 'C7', 'C5', 'C3']);
    expect(await find({ id: 'C3x' })).toEqual([]);
    expect(await find({ dateOfBirth: '2015-03-02' })).toEqual(['C1', 'C7']);
    expect(await find({ allocatedWorkerIds: ['W2'] })).toEqual(['C2', 'C1', 'C3']);
    expect(await find({ allocatedWorkerIds: ['W3', 'W6'] })).toEqual(['C4', 'C6', 'C5']);
    expect(await find({ allocatedWorkerIds: [] })).toEqual([]);
    expect(await find({ teams: ['cla-south'] })).toEqual(['C6', 'C5']);
    expect(await find({ restricted: true })).toEqual(['C3']);
    expect(await find({ restricted: false })).toEqual(['C2', 'C4', 'C6', 'C1', 'C7', 'C5']);
    expect(await find({ mergedInto: ['C1'] })).toEqual(['C7']);
    expect(await find({ name: 'jordan', teams: ['cin-north'] })).toEqual(['C1', 'C7']);
    expect(await find({ name: 'jordan', dateOfBirth: '2015-03-02', mergedInto: ['C1'] })).toEqual(['C7']);
    expect(await find({ allocatedWorkerIds: ['W2'], restricted: false })).toEqual(['C2', 'C1']);
    expect(await find({ id: 'c', name: 'robin', restricted: true, teams: ['cin-north'] })).toEqual(['C3']);
    const c3: Child[] = await store.searchChildren({ id: 'C3' }, 5);
    expect(c3[0]).toEqual({ ...child('C3'), updatedAt: expect.any(String) });
  });

  it('finds names with accents and apostrophes without them, and pages a large directory', async () => {
    await apply(store, batchOf('children', manyChildren(600)));
    const zoe = await store.searchChildren({ name: 'zoe obri' }, 100);
    expect(zoe.length).toBeGreaterThan(0);
    for (const c of zoe) expect(c.name).toMatch(/^Zoë O'Brien$/);
    const page = await store.searchChildren({ teams: ['T07'] }, 5);
    expect(page).toHaveLength(5);
    const names = page.map((c) => `${c.name}\u0000${c.id}`);
    expect(names).toEqual([...names].sort());
    expect(await store.searchChildren({ id: 'c000005' }, 20)).toHaveLength(10);
  });

  it('reads children and workers by id, skipping unknown ones; workers by email in any case; lists workers and teams', async () => {
    await loadDirectory(store);
    expect(ids(await store.getChildren(['C5', 'nobody', 'c5'])).sort()).toEqual(['C5']);
    expect(await store.getChildren([])).toEqual([]);
    const workers = await store.getWorkers(['W2', 'W404']);
    expect(workers).toEqual([{ ...WORKERS[1], updatedAt: expect.any(String) }]);
    expect(ids(await store.findWorkersByEmail('Priya.Practitioner@COUNCIL.example'))).toEqual(['W2']);
    expect(await store.findWorkersByEmail('nobody@council.example')).toEqual([]);
    expect(ids(await store.listWorkers({ team: 'cin-north' }, 50))).toEqual(['W8', 'W1', 'W2', 'W3']);
    expect(ids(await store.listWorkers({ managerId: 'W1' }, 50))).toEqual(['W8', 'W2', 'W3']);
    expect(ids(await store.listWorkers({ team: 'cin-north', managerId: 'W1' }, 2))).toEqual(['W8', 'W2']);
    expect(ids(await store.listWorkers({}, 3))).toEqual(['W8', 'W6', 'W5']);
    expect((await store.getWorkers(['W8']))[0]).toMatchObject({ active: false });
    expect((await store.listDirectoryTeams()).map((t) => t.name)).toEqual(['Children in need north', 'Children looked after south', 'Quality assurance']);
    expect((await store.listDirectoryTeams())[0]).toEqual({ ...TEAMS[0], updatedAt: expect.any(String) });
  });

  it('applies batches from two store instances on one database at the same time once each, in seq order', async () => {
    await loadDirectory(store);
    const other = await loc.open();
    try {
      const a = batchOf('children', [{ ...child('C1'), name: 'Name From A' }], { mode: 'delta', key: 'api:a' });
      const b = batchOf('children', [{ ...child('C1'), name: 'Name From B' }, { id: 'C9', name: 'Only In B' }], { mode: 'delta', key: 'api:b' });
      const w = batchOf('workers', [{ ...WORKERS[1]!, name: 'Priya Renamed' }], { mode: 'delta', key: 'api:w' });
      const results = await Promise.all([apply(store, a), apply(other, b), apply(other, w), apply(store, b)]);
      const seqs = results.map((r) => r.applied.seq);
      expect(new Set(seqs.slice(0, 3)).size).toBe(3);
      expect(seqs.slice(0, 3).every((s) => s >= 4 && s <= 6)).toBe(true);
      // b was sent twice: applied once, the other answer a replay of it.
      expect(results[3]!.applied).toEqual(results[1]!.applied);
      expect([results[1]!.replayed, results[3]!.replayed].sort()).toEqual([false, true]);
      const log = await store.listDirectoryBatches({});
      expect(log.map((x) => x.seq)).toEqual([6, 5, 4, 3, 2, 1]);
      // The later of a and b decides C1's name.
      const later = results[0]!.applied.seq > results[1]!.applied.seq ? 'Name From A' : 'Name From B';
      expect((await other.getChildren(['C1']))[0]!.name).toBe(later);
      expect(await store.directoryCounts()).toMatchObject({ children: 8, workers: 7 });
      expect((await store.getWorkers(['W2']))[0]!.name).toBe('Priya Renamed');
    } finally {
      await other.close();
    }
  });
});
