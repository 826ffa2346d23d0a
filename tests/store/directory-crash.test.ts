/**
 * A directory batch is all-or-nothing through crashes: stopped at each step the adapter reports,
 * and SIGKILLed at several moments of a large batch (in a child process), the reopened store
 * holds exactly the old rows or exactly the new ones, never a mix, with the batch log, counts
 * and event agreeing.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/contract.js';
import type { DirectoryChild } from '../../engine/directory/model.js';
import { newEvent } from '../../engine/store/events.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';
import { batchOf } from '../support/directory.js';
import { manyChildren } from '../support/directory-rows.js';
import { startChild } from '../support/child.js';

class SimulatedCrash extends Error {}

const setA = (n: number) => manyChildren(n, { prefix: 'A', version: 0 });
const setB = (n: number) => manyChildren(n, { prefix: 'B', version: 1 });

/** Which whole set the store holds ('A' or 'B'), failing on anything else. */
async function holding(store: Store, sets: Record<'A' | 'B', DirectoryChild[]>): Promise<'A' | 'B'> {
  const n = sets.A.length;
  const found: Record<string, number> = {};
  for (const p of ['A', 'B'] as const) found[p] = (await store.searchChildren({ id: p }, n + 10)).length;
  const which = found.A === n && found.B === 0 ? 'A' : found.B === n && found.A === 0 ? 'B' : null;
  expect(which, `children with ids A… ${found.A}, B… ${found.B}; expected ${n} of one set and none of the other`).not.toBeNull();
  // Every row is that set's row, whole.
  const want = new Map(sets[which!].map((c) => [c.id, c]));
  for (const c of await store.searchChildren({ id: which! }, n + 10)) {
    const { updatedAt: _u, ...row } = c;
    expect(row).toEqual({ restricted: false, ...want.get(c.id) });
  }
  const counts = await store.directoryCounts();
  expect(counts.children).toBe(n);
  expect(counts.last.children?.key.startsWith(`key-${which}`)).toBe(true);
  // One event per batch in the log, never one for a batch that is not there.
  const batches = await store.listDirectoryBatches({ kind: 'children', limit: 1000 });
  const events = await store.listEvents({ entityKind: 'directory', limit: 10_000 });
  expect(events).toHaveLength(batches.length);
  return which!;
}

async function loadA(loc: StoreLocation, n: number): Promise<void> {
  const store = await loc.open();
  const batch = batchOf('children', setA(n), { key: 'key-A-0' });
  await store.applyDirectoryBatch(batch, newEvent(new Date(), 'tests', 'directory.batch-applied', 'directory', 'children'));
  await store.close();
}

describe.each(STORE_KINDS)('%s store: a directory batch survives crashes whole or not at all', (kind) => {
  it('stopped at each step it reports, leaves the old rows or the new ones, and applies once when sent again', async () => {
    // Enough rows for the MongoDB store to report a step mid-staging: it writes 1,000 at a time,
    // 100 here (a test seam: with 1,001 rows this test took 20 s on FerretDB, with 101 it takes 5).
    const chunk = 100;
    const n = chunk + 1;
    const sets = { A: setA(n), B: setB(n) };
    const batch = () => batchOf('children', sets.B, { key: 'key-B-1' });
    const ev = () => newEvent(new Date(), 'tests', 'directory.batch-applied', 'directory', 'children');
    const steps: string[] = [];
    {
      const loc = newLocation(kind);
      await loadA(loc, n);
      let armed = true;
      const store = await loc.open({ hooks: { directoryChunk: chunk, between: (s) => void (armed && steps.push(s)) } });
      await store.applyDirectoryBatch(batch(), ev());
      armed = false;
      expect(await holding(store, sets)).toBe('B');
      await store.close();
    }
    expect(steps.length).toBeGreaterThanOrEqual(3);
    if (kind === 'mongo') expect(steps).toContain('directory.staging');
    const outcomes: string[] = [];
    for (const step of steps) {
      const loc = newLocation(kind);
      await loadA(loc, n);
      let store = await loc.open({
        hooks: {
          directoryChunk: chunk,
          between: (s) => {
            if (s === step) throw new SimulatedCrash(`crash at ${s}`);
          },
        },
      });
      await expect(store.applyDirectoryBatch(batch(), ev())).rejects.toBeInstanceOf(SimulatedCrash);
      await store.close();
      store = await loc.open();
      const which = await holding(store, sets);
      outcomes.push(`${step}: ${which}`);
      // Sent again: applied now, or answered as the batch already applied — once either way.
      const again = await store.applyDirectoryBatch(batch(), ev());
      expect(again.replayed).toBe(which === 'B');
      expect(await holding(store, sets)).toBe('B');
      expect(await store.listDirectoryBatches({ kind: 'children' })).toHaveLength(2);
      await store.close();
    }
    // SQLite: one transaction, so every stop before its commit leaves the old rows. MongoDB: the
    // old rows before the batch log entry is inserted, the new ones from then on.
    if (kind === 'sqlite') expect(outcomes.every((o) => o.endsWith(': A'))).toBe(true);
    else expect(outcomes).toEqual(steps.map((s, i) => `${s}: ${i < steps.indexOf('directory.decided') ? 'A' : 'B'}`));
  }, 300_000);

  it('SIGKILLed at several moments of a large batch, the reopened store holds the old rows or the new ones', async () => {
    // FerretDB writes a few thousand rows a second; SQLite takes 8,000 replacing 8,000 in about a second.
    const n = kind === 'sqlite' ? 8_000 : 1_200;
    const sets = { A: setA(n), B: setB(n) };
    const loc = newLocation(kind);
    await loadA(loc, n);
    let current: 'A' | 'B' = 'A';
    let round = 0;
    /** Runs a child applying the other set; kills it `killAfterMs` after it starts applying (null: let it finish). */
    const run = async (killAfterMs: number | null): Promise<{ ms: number; acked: boolean }> => {
      const next = current === 'A' ? 'B' : 'A';
      const child = await startChild(loc.env, ['directory-full', String(n), next, next === 'A' ? '0' : '1', `key-${next}-${++round}`]);
      const started = Date.now();
      while (!child.lines.some((l) => l.applying) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 5));
      const applying = Date.now();
      if (killAfterMs !== null) {
        await new Promise((r) => setTimeout(r, killAfterMs));
        child.child.kill('SIGKILL');
      }
      await child.exited;
      const acked = child.lines.some((l) => l.applied);
      if (killAfterMs === null) expect(acked, JSON.stringify(child.lines.at(-1))).toBe(true);
      return { ms: Date.now() - applying, acked };
    };
    const check = async (acked: boolean) => {
      const store = await loc.open();
      try {
        const which = await holding(store, sets);
        if (acked) expect(which).not.toBe(current);
        current = which;
      } finally {
        await store.close();
      }
    };
    // One whole run to learn how long a batch takes here, then kills at moments through it.
    const whole = await run(null);
    await check(true);
    const seen: string[] = [];
    for (const fraction of [0.2, 0.6, 1.0]) {
      const before = current;
      const { acked } = await run(Math.round(whole.ms * fraction));
      await check(acked);
      seen.push(`${fraction}: ${before === current ? 'old' : 'new'}`);
    }
    expect(seen).toHaveLength(3);
  }, 600_000);
});
