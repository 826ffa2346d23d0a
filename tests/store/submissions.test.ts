import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/contract.js';
import { ConflictError, InvalidRequestError, InvalidStateError, NotFoundError, StaleRevisionError } from '../../engine/errors.js';
import type { Submission } from '../../engine/submissions/model.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';
import { T0, at, event, submission } from '../support/records.js';

const created = (s: Submission) => event('submission.created', 'submission', s.id);

describe.each(STORE_KINDS)('%s store: submissions', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
  });
  afterEach(async () => {
    await store.close();
  });

  async function submit(s: Submission, connectors: string[] = ['ics-http']) {
    return store.updateDraft(
      s.id,
      s.revision,
      { status: 'submitted', submittedAt: at(60_000), submittedBy: s.createdBy, updatedAt: at(60_000), updatedBy: s.createdBy },
      { outbox: connectors.map((connector) => ({ connector })), event: event('submission.submitted', 'submission', s.id) },
    );
  }

  it('stores a draft and reads back exactly the data given, unicode and nesting included', async () => {
    const s = submission({
      data: {
        header: { childId: 'C0042', periodFrom: '2025-11-01' },
        notes: 'Ffion’s view: “I like my foster carer” — 😊',
        score: 7.5,
        seenAlone: false,
        actions: [{ action: 'Update chronology', dueDate: '2026-12-01' }, { action: 'Book CP review' }],
        empty: {},
      },
    });
    const res = await store.createSubmission(s, { outbox: [], event: created(s) });
    // The store gives it its reference (tests/store/references.test.ts).
    expect(res).toEqual({ submission: { ...s, reference: 'CS-2026-000001' }, replayed: false });
    expect(await store.getSubmission(s.id)).toEqual({ ...s, reference: 'CS-2026-000001' });
    expect(await store.getSubmission('00000000-0000-7000-8000-000000000000')).toBeNull();
  });

  it('refuses a second submission with the same id', async () => {
    const s = submission();
    await store.createSubmission(s, { outbox: [], event: created(s) });
    await expect(store.createSubmission({ ...s, data: { note: 'other' } }, { outbox: [], event: created(s) })).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getSubmission(s.id))?.data).toEqual(s.data);
  });

  it('saves a draft with compare-and-set on the revision and refuses a stale one', async () => {
    const s = submission();
    await store.createSubmission(s, { outbox: [], event: created(s) });
    const saved = await store.updateDraft(s.id, 1, { data: { note: 'second save' }, updatedAt: at(1000) }, { outbox: [], event: event('submission.saved', 'submission', s.id) });
    expect(saved).toMatchObject({ revision: 2, data: { note: 'second save' }, updatedAt: at(1000), status: 'draft' });
    // The other tab still holds revision 1: refused, and the newer save is kept.
    const stale = store.updateDraft(s.id, 1, { data: { note: 'from the other tab' } }, { outbox: [], event: event('submission.saved', 'submission', s.id) });
    await expect(stale).rejects.toBeInstanceOf(StaleRevisionError);
    await expect(stale).rejects.toMatchObject({ currentRevision: 2 });
    expect((await store.getSubmission(s.id))?.data).toEqual({ note: 'second save' });
  });

  it('replaces the data object wholly on save, so removed answers are gone', async () => {
    const s = submission({ data: { a: 'one', b: { c: 'two' } } });
    await store.createSubmission(s, { outbox: [], event: created(s) });
    await store.updateDraft(s.id, 1, { data: { b: {} } }, { outbox: [], event: event('submission.saved', 'submission', s.id) });
    expect((await store.getSubmission(s.id))?.data).toEqual({ b: {} });
  });

  it('of many concurrent saves on one revision exactly one wins', async () => {
    const s = submission();
    await store.createSubmission(s, { outbox: [], event: created(s) });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.updateDraft(s.id, 1, { data: { note: `tab ${i}` } }, { outbox: [], event: event('submission.saved', 'submission', s.id) }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StaleRevisionError);
    const stored = await store.getSubmission(s.id);
    expect(stored?.revision).toBe(2);
    expect(stored?.data).toEqual((won[0] as PromiseFulfilledResult<Submission>).value.data);
  });

  it('submits: status, submit sequence and one outbox entry per connector, all at once', async () => {
    const s = submission({ subject: { childId: 'C77' } });
    await store.createSubmission(s, { outbox: [], event: created(s) });
    const done = await submit(s, ['ics-http', 'ics-file']);
    expect(done).toMatchObject({ status: 'submitted', revision: 2, submittedBy: 'u-worker' });
    expect(typeof done.submitSeq).toBe('number');
    const entries = await store.listOutbox({ submissionId: s.id });
    expect(entries.map((e) => e.id).sort()).toEqual([`${s.id}:ics-file`, `${s.id}:ics-http`]);
    for (const e of entries) expect(e).toMatchObject({ state: 'pending', attempts: 0, partitionKey: 'C77', seq: done.submitSeq, submissionId: s.id });
  });

  it('gives later submits a higher sequence', async () => {
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = submission();
      await store.createSubmission(s, { outbox: [], event: created(s) });
      seqs.push((await submit(s)).submitSeq!);
    }
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(5);
  });

  it('creates a record directly as submitted, with its outbox entries', async () => {
    const s = submission({ status: 'submitted', submittedAt: T0, submittedBy: 'u-worker', subject: {} });
    const res = await store.createSubmission(s, { outbox: [{ connector: 'ics-http' }], event: created(s) });
    expect(res.submission.submitSeq).toEqual(expect.any(Number));
    const [entry] = await store.listOutbox({ submissionId: s.id });
    // Without a child the record is its own partition.
    expect(entry).toMatchObject({ id: `${s.id}:ics-http`, partitionKey: s.id, state: 'pending' });
  });

  it('refuses to change a submitted record', async () => {
    const s = submission();
    await store.createSubmission(s, { outbox: [], event: created(s) });
    const done = await submit(s);
    await expect(
      store.updateDraft(s.id, done.revision, { data: { note: 'changed after submit' } }, { outbox: [], event: event('submission.saved', 'submission', s.id) }),
    ).rejects.toBeInstanceOf(InvalidStateError);
    await expect(submit({ ...s, revision: done.revision })).rejects.toBeInstanceOf(InvalidStateError);
    expect((await store.getSubmission(s.id))?.data).toEqual(s.data);
    expect(await store.listOutbox({ submissionId: s.id })).toHaveLength(1);
  });

  it('reports saving a missing record as not found', async () => {
    await expect(
      store.updateDraft('00000000-0000-7000-8000-000000000001', 1, { data: {} }, { outbox: [], event: event('submission.saved', 'submission', 'x') }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('moves a draft to another version', async () => {
    const s = submission({ version: 1 });
    await store.createSubmission(s, { outbox: [], event: created(s) });
    const moved = await store.updateDraft(s.id, 1, { version: 2 }, { outbox: [], event: event('submission.migrated', 'submission', s.id) });
    expect(moved).toMatchObject({ version: 2, revision: 2, data: s.data });
  });

  it('filters and pages the submission list', async () => {
    const rows: Submission[] = [];
    for (let i = 0; i < 12; i++) {
      const s = submission({
        formId: i % 3 === 0 ? 'return-to-work' : 'case-supervision',
        version: i % 2 ? 2 : 1,
        subject: { childId: i % 4 === 0 ? 'C-A' : 'C-B' },
        createdBy: i < 6 ? 'u-ann' : 'u-bob',
        team: i < 6 ? 'team-north' : 'team-south',
        createdAt: at(i * 60_000),
      });
      await store.createSubmission(s, { outbox: [], event: created(s) });
      rows.push(i % 5 === 0 ? await submit(s) : s);
    }
    const ids = (xs: Submission[]) => xs.map((x) => x.id);
    const all = await store.listSubmissions({}, { limit: 100 });
    expect(ids(all.items)).toEqual(ids(rows));
    expect(all.next).toBeNull();

    const pick = (f: (s: Submission) => boolean) => ids(rows.filter(f));
    const q = async (query: Parameters<Store['listSubmissions']>[0]) => ids((await store.listSubmissions(query, { limit: 100 })).items);
    expect(await q({ formId: 'return-to-work' })).toEqual(pick((s) => s.formId === 'return-to-work'));
    expect(await q({ formId: 'case-supervision', version: 2 })).toEqual(pick((s) => s.formId === 'case-supervision' && s.version === 2));
    expect(await q({ status: 'submitted' })).toEqual(pick((s) => s.status === 'submitted'));
    expect(await q({ childId: 'C-A' })).toEqual(pick((s) => s.subject.childId === 'C-A'));
    expect(await q({ createdBy: 'u-bob' })).toEqual(pick((s) => s.createdBy === 'u-bob'));
    expect(await q({ submittedBy: 'u-ann', status: 'submitted' })).toEqual(pick((s) => s.submittedBy === 'u-ann'));
    expect(await q({ team: 'team-south' })).toEqual(pick((s) => s.team === 'team-south'));
    expect(await q({ from: at(3 * 60_000), to: at(7 * 60_000) })).toEqual(
      pick((s) => s.createdAt >= at(3 * 60_000) && s.createdAt < at(7 * 60_000)),
    );
    expect(await store.countSubmissions({ team: 'team-south', status: 'draft' })).toBe(rows.filter((s) => s.team === 'team-south' && s.status === 'draft').length);

    // Pages of 5 cover every row once, in order.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Submission[]; next: string | null } = await store.listSubmissions({}, { limit: 5, cursor });
      seen.push(...ids(page.items));
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(seen).toEqual(ids(rows));
    expect(pages).toBe(3);
  });

  const deleted = (s: Submission, actor = 'u-worker') => ({ ...event('submission.deleted', 'submission', s.id, actor), details: { formId: s.formId, version: s.version } });

  it('deletes a draft at its revision, with its event: gone from every read, list and count', async () => {
    const keep = submission({ createdBy: 'u-worker' });
    const s = submission({ createdBy: 'u-worker', data: { note: 'Private note about the family' } });
    for (const x of [keep, s]) await store.createSubmission(x, { outbox: [], event: created(x) });
    await store.updateDraft(s.id, 1, { data: { note: 'Second thoughts' } }, { outbox: [], event: event('submission.saved', 'submission', s.id) });
    await store.deleteDraft(s.id, 2, deleted(s));
    expect(await store.getSubmission(s.id)).toBeNull();
    expect((await store.listSubmissions({}, { limit: 10 })).items.map((x) => x.id)).toEqual([keep.id]);
    expect((await store.listSubmissions({ createdBy: 'u-worker', status: 'draft' }, { limit: 10, order: 'newest' })).items.map((x) => x.id)).toEqual([keep.id]);
    expect(await store.countSubmissions({})).toBe(1);
    expect(await store.countSubmissions({ status: 'draft', formId: s.formId })).toBe(1);
    const events = await store.listEvents({ entityId: s.id });
    expect(events.map((e) => e.action)).toEqual(['submission.created', 'submission.saved', 'submission.deleted']);
    expect(JSON.stringify(events)).not.toMatch(/Private note|Second thoughts/);
    // Gone is gone: a second delete, a save and a submit all find nothing.
    await expect(store.deleteDraft(s.id, 2, deleted(s))).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.updateDraft(s.id, 2, { data: {} }, { outbox: [], event: event('submission.saved', 'submission', s.id) })).rejects.toBeInstanceOf(NotFoundError);
    await expect(submit({ ...s, revision: 2 })).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.getSubmission(s.id)).toBeNull();
    expect((await store.listEvents({ entityId: s.id })).map((e) => e.action)).toEqual(['submission.created', 'submission.saved', 'submission.deleted']);
  });

  it('never deletes a submitted record, a stale draft or a record that is not there, and logs nothing for a refusal', async () => {
    const s = submission();
    await store.createSubmission(s, { outbox: [], event: created(s) });
    const done = await submit(s);
    await expect(store.deleteDraft(s.id, done.revision, deleted(s))).rejects.toBeInstanceOf(InvalidStateError);
    expect(await store.getSubmission(s.id)).toEqual(done);
    expect(await store.listOutbox({ submissionId: s.id })).toHaveLength(1);

    const d = submission();
    await store.createSubmission(d, { outbox: [], event: created(d) });
    await store.updateDraft(d.id, 1, { data: { note: 'saved in the other tab' } }, { outbox: [], event: event('submission.saved', 'submission', d.id) });
    const stale = store.deleteDraft(d.id, 1, deleted(d));
    await expect(stale).rejects.toBeInstanceOf(StaleRevisionError);
    await expect(stale).rejects.toMatchObject({ currentRevision: 2 });
    expect((await store.getSubmission(d.id))?.data).toEqual({ note: 'saved in the other tab' });

    await expect(store.deleteDraft('00000000-0000-7000-8000-000000000009', 1, event('submission.deleted', 'submission', 'x'))).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.listEvents({ action: 'submission.deleted' }))).toEqual([]);
  });

  it('of a save, a submit and a delete on one revision exactly one wins, and never a save and a delete both', async () => {
    for (let round = 0; round < 6; round++) {
      const s = submission();
      await store.createSubmission(s, { outbox: [], event: created(s) });
      const results = await Promise.allSettled([
        store.deleteDraft(s.id, 1, deleted(s)),
        store.updateDraft(s.id, 1, { data: { note: `save ${round}` } }, { outbox: [], event: event('submission.saved', 'submission', s.id) }),
        submit(s),
        store.deleteDraft(s.id, 1, deleted(s)),
      ]);
      const won = results.map((r) => r.status === 'fulfilled');
      expect(won.filter(Boolean), `round ${round}`).toHaveLength(1);
      // The losers find the record changed (stale), gone (deleted) or no longer a draft (submitted).
      for (const r of results) if (r.status === 'rejected') expect([StaleRevisionError, NotFoundError, InvalidStateError].some((E) => r.reason instanceof E), String(r.reason)).toBe(true);
      const stored = await store.getSubmission(s.id);
      const actions = (await store.listEvents({ entityId: s.id })).map((e) => e.action);
      if (won[0] || won[3]) {
        expect(stored).toBeNull();
        expect(actions).toEqual(['submission.created', 'submission.deleted']);
        expect(await store.listOutbox({ submissionId: s.id })).toEqual([]);
      } else {
        expect(stored?.revision).toBe(2);
        expect(actions).toHaveLength(2);
        expect(actions).not.toContain('submission.deleted');
      }
    }
  });

  it('pages newest first or oldest first, through several pages each way, with every filter', async () => {
    const rows: Submission[] = [];
    for (let i = 0; i < 14; i++) {
      const s = submission({
        formId: i % 3 === 0 ? 'return-to-work' : 'case-supervision',
        version: i % 2 ? 2 : 1,
        subject: { childId: i % 4 === 0 ? 'C-A' : 'C-B' },
        createdBy: i % 2 ? 'u-ann' : 'u-bob',
        team: i < 7 ? 'team-north' : 'team-south',
        createdAt: at(i * 60_000),
      });
      await store.createSubmission(s, { outbox: [], event: created(s) });
      rows.push(i % 3 !== 1 ? await submit(s) : s);
    }
    type Query = Parameters<Store['listSubmissions']>[0];
    const walk = async (query: Query, order: 'oldest' | 'newest', limit: number) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: Submission[]; next: string | null } = await store.listSubmissions(query, { limit, cursor, order });
        seen.push(...page.items.map((s) => s.id));
        cursor = page.next;
        pages++;
      } while (cursor && pages < 50);
      return { seen, pages };
    };
    const cases: Array<[Query, (s: Submission) => boolean]> = [
      [{}, () => true],
      [{ status: 'submitted' }, (s) => s.status === 'submitted'],
      // A practitioner's home page: their own submitted records.
      [{ createdBy: 'u-ann', status: 'submitted' }, (s) => s.createdBy === 'u-ann' && s.status === 'submitted'],
      [{ team: 'team-north', status: 'draft' }, (s) => s.team === 'team-north' && s.status === 'draft'],
      [{ formId: 'case-supervision', version: 2 }, (s) => s.formId === 'case-supervision' && s.version === 2],
      [{ childId: 'C-B', createdBy: 'u-bob' }, (s) => s.subject.childId === 'C-B' && s.createdBy === 'u-bob'],
      [{ submittedBy: 'u-bob', status: 'submitted' }, (s) => s.submittedBy === 'u-bob'],
      [{ from: at(2 * 60_000), to: at(11 * 60_000), team: 'team-south' }, (s) => s.createdAt >= at(2 * 60_000) && s.createdAt < at(11 * 60_000) && s.team === 'team-south'],
    ];
    for (const [query, match] of cases) {
      const oldest = rows.filter(match).map((s) => s.id);
      expect(oldest.length, JSON.stringify(query)).toBeGreaterThan(1);
      const newest = [...oldest].reverse();
      for (const limit of [1, 2, 100]) {
        expect((await walk(query, 'oldest', limit)).seen, `oldest ${JSON.stringify(query)} by ${limit}`).toEqual(oldest);
        const down = await walk(query, 'newest', limit);
        expect(down.seen, `newest ${JSON.stringify(query)} by ${limit}`).toEqual(newest);
        expect(down.pages).toBe(Math.max(1, Math.ceil(newest.length / limit)));
      }
    }
    // Without an order, oldest first, as before there was a choice.
    expect((await store.listSubmissions({}, { limit: 3 })).items.map((s) => s.id)).toEqual(rows.slice(0, 3).map((s) => s.id));
  });

  it('refuses to continue a page in the other order than its cursor was made for', async () => {
    for (let i = 0; i < 4; i++) {
      const s = submission({ createdAt: at(i * 1000) });
      await store.createSubmission(s, { outbox: [], event: created(s) });
    }
    const newest = await store.listSubmissions({}, { limit: 2, order: 'newest' });
    const oldest = await store.listSubmissions({}, { limit: 2, order: 'oldest' });
    await expect(store.listSubmissions({}, { limit: 2, order: 'oldest', cursor: newest.next })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(store.listSubmissions({}, { limit: 2, cursor: newest.next })).rejects.toMatchObject({ type: 'invalid-request' });
    await expect(store.listSubmissions({}, { limit: 2, order: 'newest', cursor: oldest.next })).rejects.toBeInstanceOf(InvalidRequestError);
    // An oldest-first cursor is the bare id, as cursors were before orders existed.
    const legacy = Buffer.from(oldest.items[1]!.id, 'utf8').toString('base64url');
    expect(oldest.next).toBe(legacy);
    expect((await store.listSubmissions({}, { limit: 2, cursor: legacy })).items.map((s) => s.id)).toEqual(
      (await store.listSubmissions({}, { limit: 2, order: 'newest' })).items.map((s) => s.id).reverse(),
    );
  });

  it('writes an event with each submission change, and none for a refused one', async () => {
    const s = submission();
    await store.createSubmission(s, { outbox: [], event: created(s) });
    await store.updateDraft(s.id, 1, { data: {} }, { outbox: [], event: event('submission.saved', 'submission', s.id) });
    await store.updateDraft(s.id, 1, { data: {} }, { outbox: [], event: event('submission.saved', 'submission', s.id) }).catch(() => {});
    await submit({ ...s, revision: 2 });
    await store.appendEvent(event('submission.read', 'submission', s.id, 'u-manager'));
    const events = await store.listEvents({ entityKind: 'submission', entityId: s.id });
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['submission.created', 'u-analyst'],
      ['submission.saved', 'u-analyst'],
      ['submission.submitted', 'u-analyst'],
      ['submission.read', 'u-manager'],
    ]);
    expect((await store.listEvents({ actor: 'u-manager' })).map((e) => e.action)).toEqual(['submission.read']);
    const firstTwo = await store.listEvents({ entityId: s.id, limit: 2 });
    expect((await store.listEvents({ entityId: s.id, after: firstTwo[1]!.id })).map((e) => e.action)).toEqual(['submission.submitted', 'submission.read']);
  });
});
