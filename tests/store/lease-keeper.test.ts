/**
 * A worker's LeaseKeeper against each real store: it renews the leases it holds every third of a
 * lease, so another claimer finds nothing long after the first lease would have run out; when a
 * renewal finds an item taken over, it says so once, stops renewing it, and the item is marked
 * lost (its outcome must not be recorded); a released item is no longer renewed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeaseKeeper } from '../../engine/store/lease.js';
import type { Store } from '../../engine/store/contract.js';
import type { OutboxEntry } from '../../engine/store/outbox.js';
import { at, event, submission } from '../support/records.js';
import { STORE_KINDS, newLocation } from '../support/stores.js';

const LEASE_MS = 900;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(STORE_KINDS)('%s store: a worker keeps its leases while it works', (kind) => {
  let store: Store;
  beforeEach(async () => {
    store = await newLocation(kind).open();
  });
  afterEach(async () => {
    await store.close();
  });

  async function queued(childId: string): Promise<void> {
    const s = submission({ status: 'submitted', submittedAt: at(0), submittedBy: 'u-worker', subject: { childId } });
    await store.createSubmission(s, { outbox: [{ connector: 'ics-http' }], event: event('submission.created', 'submission', s.id) });
  }

  it('renews until released; a renewal that finds the lease taken marks the item lost, once', async () => {
    await queued('C1');
    await queued('C2');
    const claim = (workerId: string, now = new Date()) => store.claimOutbox({ workerId, now: now.toISOString(), leaseMs: LEASE_MS, limit: 10 });
    const mine = await claim('w1');
    expect(mine).toHaveLength(2);
    const lost: string[] = [];
    const errors: unknown[] = [];
    const keeper = new LeaseKeeper({
      leaseMs: LEASE_MS,
      now: () => new Date(),
      renew: (id, token, until) => store.renewOutbox(id, token, until),
      onLost: (id) => lost.push(id),
      onError: (err) => errors.push(err),
    });
    keeper.hold(mine);
    try {
      // Three leases on, both entries are still w1's first attempt.
      await sleep(3 * LEASE_MS);
      expect(await claim('w2')).toEqual([]);
      for (const e of mine) expect(await store.getOutbox(e.id)).toMatchObject({ state: 'leased', leaseOwner: 'w1', attempts: 1, leaseToken: e.leaseToken });

      // The first is taken over (as if w1 had stalled past its lease): the next renewal finds out.
      // (A claim that meets a renewal in flight loses that entry, as a claim racing any change does: try again.)
      let taken: OutboxEntry | undefined;
      for (let i = 0; i < 5 && !taken; i++) [taken] = await store.claimOutbox({ workerId: 'w2', now: new Date(Date.now() + 10 * LEASE_MS).toISOString(), leaseMs: 60_000, limit: 1 });
      const a = mine.find((e) => e.id === taken!.id);
      const b = mine.find((e) => e.id !== taken!.id);
      await sleep(LEASE_MS);
      expect(lost).toEqual([a!.id]);
      expect(keeper.isLost(a!.id)).toBe(true);
      expect(keeper.isLost(b!.id)).toBe(false);
      expect(await store.getOutbox(a!.id)).toMatchObject({ leaseOwner: 'w2', leaseToken: taken!.leaseToken });

      // Released (its outcome is being recorded): no longer renewed, so its lease runs out.
      await keeper.release(b!.id);
      await store.completeOutbox(taken!.id, taken!.leaseToken!, new Date().toISOString());
      const leasedUntil = (await store.getOutbox(b!.id))!.leaseUntil!;
      await sleep(LEASE_MS);
      expect((await store.getOutbox(b!.id))!.leaseUntil).toBe(leasedUntil);
      expect(lost).toEqual([a!.id]);
      expect(errors).toEqual([]);
    } finally {
      await keeper.close();
    }
  });
});
