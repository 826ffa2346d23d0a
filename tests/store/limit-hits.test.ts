import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/contract.js';
import { SharedLimit } from '../../engine/accounts/shared-limit.js';
import { newId } from '../../engine/ids.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';

describe.each(STORE_KINDS)('%s store: limit hits counted across processes', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  let other: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
    // A second connection to the same store, as another web node has.
    other = await loc.open();
  });
  afterEach(async () => {
    await other.close();
    await store.close();
  });

  const NOW = '2026-03-01T10:00:00.000Z';
  const hit = (key: string, expiresAt = '2026-03-01T10:15:00.000Z') => ({ id: newId(), key, expiresAt });

  it('counts the hits of a key that have not run out, from either connection', async () => {
    expect(await store.addLimitHit(hit('a'), NOW)).toBe(1);
    expect(await other.addLimitHit(hit('a', '2026-03-01T10:05:00.000Z'), NOW)).toBe(2);
    expect(await store.addLimitHit(hit('b'), NOW)).toBe(1);
    expect(await other.liveLimitHits('a', NOW)).toEqual(['2026-03-01T10:05:00.000Z', '2026-03-01T10:15:00.000Z']);
    // At 10:05 the earlier one has run out.
    expect(await store.liveLimitHits('a', '2026-03-01T10:05:00.000Z')).toEqual(['2026-03-01T10:15:00.000Z']);
    expect(await store.addLimitHit(hit('a', '2026-03-01T10:20:00.000Z'), '2026-03-01T10:05:00.000Z')).toBe(2);
    expect(await store.liveLimitHits('c', NOW)).toEqual([]);
  });

  it('hits that have run out are deleted by a sweeping hit of any key, and only then', async () => {
    await store.addLimitHit(hit('old', '2026-03-01T09:00:00.000Z'), '2026-03-01T08:59:00.000Z');
    await other.addLimitHit(hit('new'), NOW);
    expect(await store.liveLimitHits('old', '2026-03-01T08:59:00.000Z')).toHaveLength(1);
    await other.addLimitHit(hit('newer'), NOW, true);
    expect(await store.liveLimitHits('old', '2026-03-01T08:59:00.000Z')).toHaveLength(0);
    expect(await store.liveLimitHits('new', NOW)).toHaveLength(1);
  });

  it('60 hits at once from two connections are all counted, none lost', async () => {
    const counts = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? store : other).addLimitHit(hit('busy'), NOW)));
    expect(await store.liveLimitHits('busy', NOW)).toHaveLength(60);
    expect(Math.max(...counts)).toBe(60);
  });

  it('failures recorded through either connection count against one limit, refused until enough run out', async () => {
    let clock = Date.parse(NOW);
    const at = () => new Date(clock);
    const limitOn = (s: Store) => new SharedLimit(s, 5, 15 * 60_000, at);
    const [a, b] = [limitOn(store), limitOn(other)];
    for (let i = 0; i < 4; i++) {
      expect(await (i % 2 ? a : b).check('address|name')).toEqual({ ok: true });
      await (i % 2 ? a : b).fail('address|name');
    }
    // Four failures, two in each process: one try left, in either.
    expect(await b.check('address|name')).toEqual({ ok: true });
    clock += 60_000;
    await Promise.all(Array.from({ length: 3 }, () => a.fail('address|name')));
    // Seven failures, the first four at 10:00: refused until two have run out, at 10:15, by every process.
    for (const p of [a, b, limitOn(other)]) expect(await p.check('address|name')).toEqual({ ok: false, retryAfterSeconds: 14 * 60 });
    // Another key is not held up.
    expect(await b.check('elsewhere')).toEqual({ ok: true });
    // At 10:15 the first four have run out; three remain, under the limit.
    clock = Date.parse('2026-03-01T10:15:00.000Z');
    expect(await limitOn(store).check('address|name')).toEqual({ ok: true });
  });
});
