import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/contract.js';
import type { OutboxEntry } from '../../engine/store/outbox.js';
import { createEngine } from '../../engine/engine.js';
import { archiveDelivered } from '../../engine/sync/outbox-archive.js';
import { recordDelivery } from '../../engine/submissions/delivery.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';
import { at, event, submission } from '../support/records.js';

const DAY = 24 * 60 * 60 * 1000;

describe.each(STORE_KINDS)('%s store: archiving delivered outbox entries', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
  });
  afterEach(async () => {
    await store.close();
  });

  async function submitted(childId: string): Promise<string> {
    const s = submission({ status: 'submitted', submittedAt: at(0), submittedBy: 'u-worker', subject: { childId } });
    await store.createSubmission(s, { outbox: [{ connector: 'ics-http' }], event: event('submission.created', 'submission', s.id) });
    return s.id;
  }
  /** Claims the record's entry and ends it as asked, at `when`. */
  async function ended(submissionId: string, how: 'delivered' | 'dead' | 'retrying' | 'leased', when: number): Promise<OutboxEntry> {
    const [e] = (await store.claimOutbox({ workerId: 'w1', now: at(when), leaseMs: 30_000, limit: 50 })).filter((x) => x.submissionId === submissionId);
    if (how === 'delivered') return store.completeOutbox(e!.id, e!.leaseToken!, at(when), { recordId: `ICS-${submissionId}` });
    if (how === 'dead') return store.deadLetterOutbox(e!.id, e!.leaseToken!, 'ICS refused it', at(when));
    if (how === 'retrying') return store.retryOutbox(e!.id, e!.leaseToken!, 'ICS answered 503', at(when + 400 * DAY));
    return e!;
  }
  const archivedEvent = (e: OutboxEntry) => ({ ...event('delivery.archived', 'submission', e.submissionId, 'system'), details: { outboxId: e.id, deliveredAt: e.deliveredAt, result: e.result } });

  it('archives only entries delivered before the cutoff, oldest first, each with its event, and never one waiting, in flight or dead', async () => {
    // Each claimed and ended before the next is submitted, so a claim takes only its own.
    const old1 = await submitted('C1');
    const a = await ended(old1, 'delivered', 1000);
    const old2 = await submitted('C2');
    const b = await ended(old2, 'delivered', 2000);
    const recent = await submitted('C3');
    await ended(recent, 'delivered', 100 * DAY);
    const dead = await submitted('C4');
    await ended(dead, 'dead', 3000);
    const retrying = await submitted('C5');
    await ended(retrying, 'retrying', 4000);
    const leased = await submitted('C6');
    await ended(leased, 'leased', 100 * DAY);
    const pending = await submitted('C7');

    // One at a time: the oldest delivered first.
    expect(await store.trimDeliveredOutbox(at(90 * DAY), 1, archivedEvent)).toBe(1);
    expect(await store.getOutbox(a.id)).toBeNull();
    expect(await store.getOutbox(b.id)).not.toBeNull();
    expect(await store.trimDeliveredOutbox(at(90 * DAY), 500, archivedEvent)).toBe(1);
    expect(await store.trimDeliveredOutbox(at(90 * DAY), 500, archivedEvent)).toBe(0);

    const left = await store.listOutbox({});
    expect(left.map((e) => [e.submissionId, e.state]).sort()).toEqual(
      [
        [recent, 'delivered'],
        [dead, 'dead'],
        [retrying, 'pending'],
        [leased, 'leased'],
        [pending, 'pending'],
      ].sort(),
    );
    expect(await store.listOutbox({ submissionId: old1 })).toEqual([]);

    // The delivery still shows, in the event log.
    for (const e of [a, b]) {
      const history = await store.listEvents({ entityKind: 'submission', entityId: e.submissionId, action: 'delivery.archived' });
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ actor: 'system', details: { outboxId: e.id, deliveredAt: e.deliveredAt, result: { recordId: `ICS-${e.submissionId}` } } });
    }
    expect((await store.listEvents({ action: 'delivery.archived' })).map((x) => x.entity.id).sort()).toEqual([old1, old2].sort());
  });

  it('an archived entry leaves the counts, and a later pass archives nothing more', async () => {
    const id = await submitted('C1');
    const first = await ended(id, 'delivered', 1000);
    expect(await store.trimDeliveredOutbox(at(2000), 10, archivedEvent)).toBe(1);
    expect(await store.outboxCounts()).toEqual([]);
    expect(await store.getOutbox(first.id)).toBeNull();
    expect(await store.trimDeliveredOutbox(at(400 * DAY), 10, archivedEvent)).toBe(0);
  });

  it('two workers archiving at once, or an archive logged twice, still show each delivery once', async () => {
    const id = await submitted('C1');
    const e = await ended(id, 'delivered', 1000);
    const ctx = createEngine({ store, now: () => new Date(at(1000 + 91 * DAY)) });
    const [one, two] = await Promise.all([archiveDelivered(ctx, 90), archiveDelivered(ctx, 90)]);
    expect(one + two).toBeGreaterThanOrEqual(1);
    expect(await store.getOutbox(e.id)).toBeNull();
    // As a crash between the event and the delete leaves it: the same entry's event a second time.
    await store.appendEvent({ ...event('delivery.archived', 'submission', id, 'system'), details: { outboxId: e.id, connector: 'ics-http', state: 'delivered', deliveredAt: at(1000), attempts: 1, result: { recordId: `ICS-${id}` } } });
    const record = (await store.getSubmission(id))!;
    expect(await recordDelivery(ctx, record)).toEqual({ toIcs: true, connectors: [{ connector: 'ics-http', title: 'ics-http', state: 'delivered', icsRecordId: `ICS-${id}`, deliveredAt: at(1000) }] });
  });

  it('the policy keeps entries for CASEFORMS_OUTBOX_KEEP_DAYS after delivery, and for ever with 0', async () => {
    const id = await submitted('C1');
    const e = await ended(id, 'delivered', 1000);
    let now = new Date(at(1000 + 89 * DAY));
    const ctx = createEngine({ store, now: () => now });
    expect(await archiveDelivered(ctx, 90)).toBe(0);
    now = new Date(at(1000 + 91 * DAY));
    expect(await archiveDelivered(ctx, 0)).toBe(0);
    expect(await store.getOutbox(e.id)).not.toBeNull();
    expect(await archiveDelivered(ctx, 90)).toBe(1);
    expect(await store.getOutbox(e.id)).toBeNull();
    // The record still shows it delivered, with the ICS's id for it.
    const record = (await store.getSubmission(id))!;
    expect(await recordDelivery(ctx, record)).toEqual({ toIcs: true, connectors: [{ connector: 'ics-http', title: 'ics-http', state: 'delivered', icsRecordId: `ICS-${id}`, deliveredAt: at(1000) }] });
    const [logged] = await store.listEvents({ entityKind: 'submission', entityId: id, action: 'delivery.archived' });
    expect(logged).toMatchObject({ at: now.toISOString(), details: { outboxId: e.id, connector: 'ics-http', state: 'delivered', deliveredAt: at(1000), attempts: 1, result: { recordId: `ICS-${id}` } } });
  });
});
