import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/contract.js';
import { InvalidStateError, NotFoundError } from '../../engine/errors.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';
import { at, event, submission } from '../support/records.js';
import { runChild } from '../support/child.js';

describe.each(STORE_KINDS)('%s store: delivery outbox', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
  });
  afterEach(async () => {
    await store.close();
  });

  /** Creates and submits a record for a child; returns its id. */
  async function submitted(childId: string | undefined, connectors = ['ics-http']): Promise<string> {
    const s = submission({ status: 'submitted', submittedAt: at(0), submittedBy: 'u-worker', subject: childId ? { childId } : {} });
    await store.createSubmission(s, { outbox: connectors.map((connector) => ({ connector })), event: event('submission.created', 'submission', s.id) });
    return s.id;
  }
  const claim = (now: string, limit = 10, workerId = 'w1', connector?: string) => store.claimOutbox({ workerId, now, leaseMs: 30_000, limit, connector });

  it('claims due entries with a lease, oldest submit first, and not again while the lease holds', async () => {
    const a = await submitted('C1');
    const b = await submitted('C2');
    const got = await claim(at(1000));
    expect(got.map((e) => e.submissionId)).toEqual([a, b]);
    for (const e of got) {
      expect(e).toMatchObject({ state: 'leased', leaseOwner: 'w1', leaseUntil: at(31_000), attempts: 1 });
      expect(e.leaseToken).toEqual(expect.any(String));
    }
    expect(await claim(at(2000), 10, 'w2')).toEqual([]);
  });

  it('an expired lease can be claimed by another worker, and the old token no longer works', async () => {
    await submitted('C1');
    const [first] = await claim(at(1000));
    const [second] = await claim(at(40_000), 10, 'w2');
    expect(second).toMatchObject({ id: first!.id, leaseOwner: 'w2', attempts: 2 });
    await expect(store.completeOutbox(first!.id, first!.leaseToken!, at(41_000))).rejects.toBeInstanceOf(InvalidStateError);
    const done = await store.completeOutbox(second!.id, second!.leaseToken!, at(41_000), { recordId: 'LCS-991' });
    expect(done).toMatchObject({ state: 'delivered', deliveredAt: at(41_000), result: { recordId: 'LCS-991' } });
    expect(done.leaseToken).toBeUndefined();
    expect(await claim(at(100_000))).toEqual([]);
  });

  it('a renewed lease holds past its first expiry; a renewal after the lease was taken over is refused, and the holder still settles', async () => {
    await submitted('C1');
    const [mine] = await claim(at(1000));
    // Renewed at 20 s, it holds until 50 s: another worker at 40 s finds nothing to claim.
    const renewed = await store.renewOutbox(mine!.id, mine!.leaseToken!, at(50_000));
    expect(renewed).toMatchObject({ state: 'leased', leaseOwner: 'w1', leaseToken: mine!.leaseToken, leaseUntil: at(50_000), attempts: 1 });
    expect(await claim(at(40_000), 10, 'w2')).toEqual([]);
    expect(await store.getOutbox(mine!.id)).toMatchObject({ state: 'leased', leaseUntil: at(50_000) });
    // Not renewed again: at 60 s it is taken over, and the first holder can neither renew nor complete it.
    const [theirs] = await claim(at(60_000), 10, 'w2');
    expect(theirs).toMatchObject({ id: mine!.id, leaseOwner: 'w2', attempts: 2 });
    await expect(store.renewOutbox(mine!.id, mine!.leaseToken!, at(90_000))).rejects.toBeInstanceOf(InvalidStateError);
    await expect(store.completeOutbox(mine!.id, mine!.leaseToken!, at(61_000))).rejects.toBeInstanceOf(InvalidStateError);
    await store.renewOutbox(theirs!.id, theirs!.leaseToken!, at(95_000));
    expect(await store.completeOutbox(theirs!.id, theirs!.leaseToken!, at(62_000))).toMatchObject({ state: 'delivered', deliveredAt: at(62_000) });
    // A settled entry has no lease to renew.
    await expect(store.renewOutbox(theirs!.id, theirs!.leaseToken!, at(99_000))).rejects.toBeInstanceOf(InvalidStateError);
    await expect(store.renewOutbox('nope:ics-http', 'token', at(99_000))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a retry waits until its next attempt time and keeps the reason', async () => {
    await submitted('C1');
    const [e] = await claim(at(1000));
    const r = await store.retryOutbox(e!.id, e!.leaseToken!, 'ICS answered 503 Service Unavailable', at(60_000));
    expect(r).toMatchObject({ state: 'pending', lastError: 'ICS answered 503 Service Unavailable', nextAttemptAt: at(60_000), attempts: 1 });
    expect(await claim(at(59_999))).toEqual([]);
    expect((await claim(at(60_000))).map((x) => x.id)).toEqual([e!.id]);
  });

  it('dead-letters with the reason, and replay puts it back in the queue', async () => {
    await submitted('C1');
    const [e] = await claim(at(1000));
    const dead = await store.deadLetterOutbox(e!.id, e!.leaseToken!, 'ICS answered 400: unknown person id', at(2000));
    expect(dead).toMatchObject({ state: 'dead', lastError: 'ICS answered 400: unknown person id', deadAt: at(2000) });
    expect(await claim(at(10_000))).toEqual([]);
    expect((await store.listOutbox({ state: 'dead' })).map((x) => x.id)).toEqual([e!.id]);
    const replayed = await store.replayOutbox(e!.id, at(20_000));
    expect(replayed).toMatchObject({ state: 'pending', nextAttemptAt: at(20_000) });
    expect((await claim(at(20_000))).map((x) => x.id)).toEqual([e!.id]);
  });

  it('replays a delivered entry only when forced', async () => {
    await submitted('C1');
    const [e] = await claim(at(1000));
    await store.completeOutbox(e!.id, e!.leaseToken!, at(2000));
    await expect(store.replayOutbox(e!.id, at(3000))).rejects.toBeInstanceOf(InvalidStateError);
    expect(await store.replayOutbox(e!.id, at(3000), { force: true })).toMatchObject({ state: 'pending' });
    await expect(store.replayOutbox('nope:ics-http', at(3000))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("holds a child's later record while an earlier one is pending, leased or retrying", async () => {
    const first = await submitted('C-ORDER');
    const second = await submitted('C-ORDER');
    const other = await submitted('C-OTHER');
    const round1 = await claim(at(1000));
    expect(round1.map((e) => e.submissionId)).toEqual([first, other]);
    const e1 = round1[0]!;
    // Leased: the second record still waits.
    expect(await claim(at(2000))).toEqual([]);
    // Retrying: still waits, even though its own time has come.
    await store.retryOutbox(e1.id, e1.leaseToken!, 'timeout', at(50_000));
    expect(await claim(at(3000))).toEqual([]);
    // The first comes round again before the second.
    const [again] = await claim(at(50_000));
    expect(again!.submissionId).toBe(first);
    await store.completeOutbox(again!.id, again!.leaseToken!, at(51_000));
    expect((await claim(at(52_000))).map((e) => e.submissionId)).toEqual([second]);
  });

  it("lets a child's later record go once the earlier one is dead-lettered", async () => {
    await submitted('C-DEAD');
    const second = await submitted('C-DEAD');
    const [e1] = await claim(at(1000));
    await store.deadLetterOutbox(e1!.id, e1!.leaseToken!, 'rejected', at(2000));
    expect((await claim(at(3000))).map((e) => e.submissionId)).toEqual([second]);
  });

  it('orders per connector: one connector failing does not hold the other', async () => {
    const first = await submitted('C1', ['ics-http', 'ics-file']);
    const second = await submitted('C1', ['ics-http', 'ics-file']);
    const http = await claim(at(1000), 10, 'w1', 'ics-http');
    expect(http.map((e) => e.id)).toEqual([`${first}:ics-http`]);
    await store.retryOutbox(http[0]!.id, http[0]!.leaseToken!, 'down', at(99_000));
    const file1 = await claim(at(2000), 10, 'w2', 'ics-file');
    expect(file1.map((e) => e.id)).toEqual([`${first}:ics-file`]);
    await store.completeOutbox(file1[0]!.id, file1[0]!.leaseToken!, at(2100));
    expect((await claim(at(3000), 10, 'w2', 'ics-file')).map((e) => e.id)).toEqual([`${second}:ics-file`]);
  });

  it('claims at most the limit', async () => {
    for (let i = 0; i < 5; i++) await submitted(`C${i}`);
    expect(await claim(at(1000), 3)).toHaveLength(3);
    expect(await claim(at(1000), 3)).toHaveLength(2);
  });

  it('many concurrent claimers in one process never get the same entry', async () => {
    for (let i = 0; i < 40; i++) await submitted(`C${i}`);
    const rounds = await Promise.all(Array.from({ length: 8 }, (_, w) => claim(at(1000), 10, `w${w}`)));
    const ids = rounds.flat().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(40);
  });

  it('two claimer processes never get the same entry and together take all of them', async () => {
    const expected: string[] = [];
    for (let i = 0; i < 60; i++) expected.push(`${await submitted(`C${i % 20}-${i}`)}:ics-http`);
    const [a, b] = await Promise.all(['pa', 'pb'].map((w) => runChild(loc.env, ['claim', w, '600000'])));
    const idsA = a!.filter((l) => l.claimed).map((l) => l.claimed as string);
    const idsB = b!.filter((l) => l.claimed).map((l) => l.claimed as string);
    expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
    expect([...idsA, ...idsB].sort()).toEqual(expected.sort());
  });
});
