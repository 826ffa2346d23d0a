/**
 * The store's part in review stages and tracked actions (issue 14), the same on both stores: a
 * submitted record changed by compare-and-set (signed, returned, answers saved) with its event,
 * outbox entries and actions in one step; the review queue by work-list key, team, author and
 * form, soonest due first; tracked actions by owner, team, child, record, status and due date.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionQuery, TrackedAction } from '../../engine/actions/model.js';
import { InvalidRequestError, InvalidStateError, NotFoundError, StaleRevisionError } from '../../engine/errors.js';
import { newId } from '../../engine/ids.js';
import type { ReviewStatus } from '../../engine/review/model.js';
import type { ReviewQueueQuery, Store, SubmissionPatch } from '../../engine/store/contract.js';
import { refuse } from '../../engine/store/messages.js';
import type { OutboxSeed } from '../../engine/store/outbox.js';
import type { Submission } from '../../engine/submissions/model.js';
import { STORE_KINDS, newLocation } from '../support/stores.js';
import { at, event, submission, trackedAction } from '../support/records.js';

const STAGE = 'manager-sign-off';
const TEAM_N = 'team-cin-north';
const TEAM_S = 'team-cin-south';
const KEY_TEAM_N = `manager|team:${TEAM_N}`;
const KEY_W20 = 'manager|worker:W20';
const KEY_QA = 'practitioner|group:qa-moderators';
const KEY_TEAM_S = `manager|team:${TEAM_S}`;

function waiting(keys: string[], dueOn: string | undefined, overrides: Partial<ReviewStatus> = {}): ReviewStatus {
  return {
    state: 'waiting',
    stage: STAGE,
    stageIndex: 0,
    arrivedAt: at(60_000),
    ...(dueOn ? { dueOn } : {}),
    keys,
    excluded: ['u-worker'],
    history: [{ at: at(60_000), by: 'u-worker', name: 'Sam Okafor', role: 'practitioner', action: 'submitted', revision: 1 }],
    deliveryRevision: 1,
    ...overrides,
  };
}

const returned = (dueOn?: string): ReviewStatus => waiting([], dueOn, { state: 'returned' });
const complete = (): ReviewStatus => waiting([], undefined, { state: 'complete', stage: undefined, stageIndex: undefined });

/** A record submitted and in review. */
function inReview(review: ReviewStatus, overrides: Partial<Submission> = {}): Submission {
  return submission({ status: 'submitted', submittedAt: at(60_000), submittedBy: 'u-worker', review, ...overrides });
}

const action = trackedAction;

/** Due date (none last), then id: the order both lists keep. */
function byDue<T extends { id: string }>(due: (x: T) => string | undefined) {
  return (a: T, b: T): number => {
    const da = due(a);
    const db = due(b);
    if (da !== db) {
      if (da === undefined) return 1;
      if (db === undefined) return -1;
      return da < db ? -1 : 1;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** Every page of a list, `limit` at a time. */
async function pages<T>(limit: number, read: (page: { limit: number; after?: string }) => Promise<{ items: T[]; next: string | null }>): Promise<T[][]> {
  const out: T[][] = [];
  let after: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await read({ limit, ...(after ? { after } : {}) });
    out.push(page.items);
    if (!page.next) return out;
    after = page.next;
  }
  throw new Error('the list never ended');
}

describe.each(STORE_KINDS)('%s store: review stages and tracked actions', (kind) => {
  let store: Store;
  beforeEach(async () => {
    store = await newLocation(kind).open();
  });
  afterEach(async () => {
    await store.close();
  });

  async function create(s: Submission, options: { outbox?: string[]; actions?: TrackedAction[] } = {}): Promise<Submission> {
    const res = await store.createSubmission(s, {
      outbox: (options.outbox ?? []).map((connector) => ({ connector })),
      event: event('submission.created', 'submission', s.id),
      ...(options.actions ? { actions: options.actions } : {}),
    });
    return res.submission;
  }

  function change(s: { id: string }, revision: number, patch: SubmissionPatch, options: { outbox?: OutboxSeed[]; actions?: TrackedAction[]; action?: string } = {}) {
    return store.updateSubmitted(s.id, revision, patch, {
      outbox: options.outbox ?? [],
      event: event(options.action ?? 'submission.signed', 'submission', s.id, 'u-manager'),
      ...(options.actions ? { actions: options.actions } : {}),
    });
  }

  const signedTo = (review: ReviewStatus, t: number): SubmissionPatch => ({ review, updatedAt: at(t), updatedBy: 'u-manager' });

  describe('updateSubmitted', () => {
    it('changes a submitted record by compare-and-set, with its event; refuses a stale revision, a missing record and a draft', async () => {
      const s = await create(inReview(waiting([KEY_TEAM_N], '2026-01-22')));
      const next = waiting([KEY_QA], '2026-01-29', { stage: 'qa', stageIndex: 1 });
      const signature = {
        id: newId(),
        stage: STAGE,
        stageName: 'Manager sign-off',
        by: 'u-manager',
        name: 'Mo Manager',
        role: 'manager' as const,
        at: at(120_000),
        contentHash: `sha256:${'a'.repeat(64)}`,
        revision: 1,
        statement: 'Signed off at Manager sign-off by Mo Manager',
      };
      const signed = await change(s, 1, { ...signedTo(next, 120_000), signatures: [signature] });
      expect(signed).toMatchObject({ id: s.id, status: 'submitted', revision: 2, review: next, signatures: [signature], updatedBy: 'u-manager', reference: s.reference, submitSeq: s.submitSeq });
      expect(await store.getSubmission(s.id)).toEqual(signed);
      expect((await store.listEvents({ entityId: s.id })).map((e) => e.action)).toEqual(['submission.created', 'submission.signed']);

      // A second manager still holding revision 1: refused, the first sign-off kept.
      const stale = change(s, 1, signedTo(waiting([KEY_W20], '2026-02-10'), 130_000));
      await expect(stale).rejects.toBeInstanceOf(StaleRevisionError);
      await expect(stale).rejects.toMatchObject({ currentRevision: 2 });
      expect(await store.getSubmission(s.id)).toEqual(signed);

      await expect(change({ id: newId() }, 1, signedTo(next, 130_000))).rejects.toBeInstanceOf(NotFoundError);

      const draft = await create(submission());
      const refused = change(draft, 1, signedTo(next, 130_000));
      await expect(refused).rejects.toBeInstanceOf(InvalidStateError);
      await expect(refused).rejects.toThrow(refuse.submissionNotSubmitted(draft.id).message);
      expect(await store.getSubmission(draft.id)).toEqual(draft);
      expect((await store.listEvents({ entityId: s.id })).map((e) => e.action)).toEqual(['submission.created', 'submission.signed']);
    });

    it('of concurrent changes on one revision exactly one wins; the others are told the record moved on', async () => {
      const s = await create(inReview(waiting([KEY_TEAM_N], '2026-01-22')));
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          change(s, 1, signedTo(complete(), 120_000 + i), { outbox: [{ connector: 'ics-http', deliveryRevision: 2 }], actions: [action(s, 1, { text: `from manager ${i}` })] }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StaleRevisionError);
      const winner = (won[0] as PromiseFulfilledResult<Submission>).value;
      expect(await store.getSubmission(s.id)).toEqual(winner);
      expect((await store.listEvents({ entityId: s.id })).map((e) => e.action)).toEqual(['submission.created', 'submission.signed']);
      expect((await store.listOutbox({ submissionId: s.id })).map((e) => e.id)).toEqual([`${s.id}:ics-http:r2`]);
      const i = Date.parse(winner.updatedAt) - Date.parse(at(120_000));
      expect((await store.listActions({ submissionId: s.id }, { limit: 10 })).items.map((a) => a.text)).toEqual([`from manager ${i}`]);
    });

    it('returning for changes makes it a draft that cannot be deleted; the author saves and resubmits it, with a new submit order and delivery revision 2', async () => {
      const s = await create(inReview(waiting([KEY_TEAM_N], '2026-01-22')), { outbox: ['ics-http'] });
      expect(s.submitSeq).toEqual(expect.any(Number));
      const back = await change(s, 1, { status: 'draft', review: returned('2026-01-22'), updatedAt: at(120_000), updatedBy: 'u-manager' }, { action: 'submission.returned' });
      expect(back).toMatchObject({ status: 'draft', revision: 2, review: { state: 'returned' } });

      const del = store.deleteDraft(s.id, 2, event('submission.deleted', 'submission', s.id, 'u-worker'));
      await expect(del).rejects.toBeInstanceOf(InvalidStateError);
      await expect(del).rejects.toThrow(refuse.returnedNotDeletable(s.id).message);
      expect(await store.getSubmission(s.id)).toEqual(back);
      // A returned record is a draft: review steps no longer apply to it.
      await expect(change(s, 2, signedTo(complete(), 130_000))).rejects.toBeInstanceOf(InvalidStateError);

      const saved = await store.updateDraft(s.id, 2, { data: { note: 'Changed as asked' }, updatedAt: at(130_000) }, { outbox: [], event: event('submission.saved', 'submission', s.id) });
      expect(saved).toMatchObject({ status: 'draft', revision: 3, review: { state: 'returned' } });
      const again = await store.updateDraft(
        s.id,
        3,
        { status: 'submitted', submittedAt: at(140_000), updatedAt: at(140_000), review: waiting([KEY_TEAM_N], '2026-01-23', { deliveryRevision: 2 }) },
        { outbox: [{ connector: 'ics-http', deliveryRevision: 2 }], event: event('submission.resubmitted', 'submission', s.id) },
      );
      expect(again).toMatchObject({ status: 'submitted', revision: 4, data: { note: 'Changed as asked' } });
      expect(again.submitSeq).toBeGreaterThan(s.submitSeq!);
      const outbox = await store.listOutbox({ submissionId: s.id });
      expect(outbox.map((e) => [e.id, e.seq, e.deliveryRevision ?? 1])).toEqual([
        [`${s.id}:ics-http`, s.submitSeq, 1],
        [`${s.id}:ics-http:r2`, again.submitSeq, 2],
      ]);
      expect(await store.listReviewQueue({ state: 'waiting', keys: [KEY_TEAM_N] }, { limit: 10 })).toEqual({ items: [again], next: null });
      expect(await store.countReviewQueue({ state: 'returned' })).toBe(0);
    });

    it('a later delivery of a record is queued after what its child already has queued, and an entry already there is not queued twice', async () => {
      const first = await create(inReview(waiting([KEY_TEAM_N], '2026-01-22'), { subject: { childId: 'C77' } }), { outbox: ['ics-http'] });
      const second = await create(submission({ status: 'submitted', submittedAt: at(70_000), submittedBy: 'u-worker', subject: { childId: 'C77' } }), { outbox: ['ics-http'] });
      const done = await change(first, 1, signedTo(complete(), 600_000), { outbox: [{ connector: 'ics-http', deliveryRevision: 2 }] });
      expect(done.submitSeq).toBeGreaterThan(second.submitSeq!);
      // The same step repeated (a retry after a lost answer) queues nothing more.
      await change(first, 2, signedTo(complete(), 700_000), { outbox: [{ connector: 'ics-http', deliveryRevision: 2 }] });

      const entries = await store.listOutbox({ partitionKey: 'C77' });
      expect(entries.map((e) => e.id)).toEqual([`${first.id}:ics-http`, `${second.id}:ics-http`, `${first.id}:ics-http:r2`]);
      expect(entries[2]).toMatchObject({ submissionId: first.id, deliveryRevision: 2, seq: done.submitSeq, state: 'pending', createdAt: at(600_000), nextAttemptAt: at(600_000) });

      // Delivered one at a time, in that order, per child and connector.
      const claimed: string[] = [];
      for (let i = 0; i < 3; i++) {
        const got = await store.claimOutbox({ workerId: 'w1', now: at(1_000_000), leaseMs: 30_000, limit: 10 });
        expect(got).toHaveLength(1);
        claimed.push(got[0]!.id);
        await store.completeOutbox(got[0]!.id, got[0]!.leaseToken!, at(1_000_001));
      }
      expect(claimed).toEqual(entries.map((e) => e.id));
    });

    it('tracked actions are stored with the step that completes the record (create, submit or sign-off), once', async () => {
      // A form without stages: actions with the submit, whether created submitted or submitted later.
      const direct = submission({ status: 'submitted', submittedAt: at(1000), submittedBy: 'u-worker' });
      await create(direct, { actions: [action(direct, 1)] });
      const draft = await create(submission());
      await store.updateDraft(draft.id, 1, { status: 'submitted', submittedAt: at(2000) }, { outbox: [], event: event('submission.submitted', 'submission', draft.id), actions: [action(draft, 1), action(draft, 2)] });
      // With stages: at the final sign-off; the same actions again (a repeated step) are left as they are.
      const reviewed = await create(inReview(waiting([KEY_TEAM_N], '2026-01-22')));
      await change(reviewed, 1, signedTo(complete(), 120_000), { actions: [action(reviewed, 1), action(reviewed, 2, { dueOn: '2026-01-05' })] });
      await change(reviewed, 2, signedTo(complete(), 130_000), { actions: [action(reviewed, 1, { text: 'changed' }), action(reviewed, 2, { text: 'changed' })] });

      expect(await store.getAction(`${direct.id}.1`)).toEqual(action(direct, 1));
      expect((await store.listActions({ submissionId: draft.id }, { limit: 10 })).items).toEqual([action(draft, 1), action(draft, 2)]);
      expect((await store.listActions({ submissionId: reviewed.id }, { limit: 10 })).items).toEqual([action(reviewed, 2, { dueOn: '2026-01-05' }), action(reviewed, 1)]);
      expect(await store.countActions({})).toBe(5);
      expect(await store.getAction(`${reviewed.id}.9`)).toBeNull();
    });
  });

  describe('the review queue', () => {
    /** What the queue holds: records in review (and some that are not), with what it is asked by. */
    async function seed(): Promise<Submission[]> {
      const made: Submission[] = [];
      const add = async (s: Submission) => made.push(await create(s));
      await add(inReview(waiting([KEY_TEAM_N], '2026-01-22')));
      await add(inReview(waiting([KEY_TEAM_N, KEY_W20], '2026-01-20')));
      await add(inReview(waiting([KEY_W20], '2026-01-22')));
      await add(inReview(waiting([KEY_QA], '2026-01-19'), { createdBy: 'u-ann' }));
      await add(inReview(waiting([KEY_TEAM_N], undefined)));
      await add(inReview(waiting([KEY_TEAM_S], '2026-01-21'), { team: TEAM_S, createdBy: 'u-ann' }));
      await add(inReview(waiting([KEY_TEAM_S, KEY_W20], '2026-01-30'), { team: TEAM_S, formId: 'staff-supervision' }));
      await add(inReview(waiting([KEY_TEAM_N], '2026-01-20')));
      await add(inReview(waiting([KEY_TEAM_N], undefined), { formId: 'staff-supervision' }));
      await add(inReview(waiting([KEY_QA, KEY_TEAM_N], '2026-01-25'), { createdBy: 'u-ann' }));
      // Returned to their authors, complete, and records without stages: in no waiting list.
      await add(submission({ review: returned('2026-01-24') }));
      await add(submission({ review: returned('2026-01-18'), createdBy: 'u-ann' }));
      await add(submission({ review: returned(undefined), team: TEAM_S }));
      await add(inReview(complete()));
      await add(submission({ status: 'submitted', submittedAt: at(1), submittedBy: 'u-worker' }));
      await add(submission());
      return made;
    }

    const matches = (q: ReviewQueueQuery) => (s: Submission) =>
      s.review?.state === q.state &&
      (q.keys === undefined || s.review.keys.some((k) => q.keys!.includes(k))) &&
      (q.team === undefined || s.team === q.team) &&
      (q.createdBy === undefined || s.createdBy === q.createdBy) &&
      (q.formId === undefined || s.formId === q.formId);

    it('lists waiting records by work-list key, team, author and form, and returned ones, soonest due first (none last), then by id, page by page', async () => {
      const all = await seed();
      const queries: ReviewQueueQuery[] = [
        { state: 'waiting' },
        { state: 'waiting', keys: [KEY_TEAM_N] },
        { state: 'waiting', keys: [KEY_TEAM_N, KEY_W20] },
        { state: 'waiting', keys: [KEY_W20, KEY_QA, 'manager|any'] },
        { state: 'waiting', keys: [KEY_TEAM_N, KEY_W20], team: TEAM_N },
        { state: 'waiting', keys: [KEY_W20], formId: 'staff-supervision' },
        { state: 'waiting', keys: [KEY_QA, KEY_TEAM_N], createdBy: 'u-ann' },
        { state: 'waiting', keys: ['manager|any'] },
        { state: 'waiting', keys: [] },
        { state: 'waiting', team: TEAM_S },
        { state: 'waiting', createdBy: 'u-ann' },
        { state: 'waiting', formId: 'staff-supervision' },
        { state: 'waiting', team: TEAM_N, createdBy: 'u-worker', formId: 'case-supervision' },
        { state: 'returned' },
        { state: 'returned', createdBy: 'u-worker' },
        { state: 'returned', team: TEAM_S },
        { state: 'returned', keys: [KEY_TEAM_N] },
      ];
      for (const q of queries) {
        const want = all.filter(matches(q)).sort(byDue((s) => s.review?.dueOn));
        const got = await pages(3, (page) => store.listReviewQueue(q, page));
        expect({ q, ids: got.flat().map((s) => s.id) }).toEqual({ q, ids: want.map((s) => s.id) });
        expect(got.flat()).toEqual(want);
        for (const p of got) expect(p.length).toBeLessThanOrEqual(3);
        expect({ q, n: await store.countReviewQueue(q) }).toEqual({ q, n: want.length });
      }
      // A sanity check on the seed: the lists above are not trivially empty.
      expect(all.filter(matches({ state: 'waiting', keys: [KEY_TEAM_N, KEY_W20] })).length).toBe(8);
    });

    it('refuses a cursor that no page of these lists gave, saying so', async () => {
      for (const after of ['not-a-cursor', Buffer.from('{"due":1}').toString('base64url')]) {
        await expect(store.listReviewQueue({ state: 'waiting' }, { limit: 2, after })).rejects.toBeInstanceOf(InvalidRequestError);
        await expect(store.listReviewQueue({ state: 'waiting', keys: [KEY_QA] }, { limit: 2, after })).rejects.toThrow('This cursor does not continue this list.');
        await expect(store.listActions({ status: 'open' }, { limit: 2, after })).rejects.toBeInstanceOf(InvalidRequestError);
      }
    });

    it('a record moves between lists with each step: to the next stage’s keys, back to its author, and out when complete', async () => {
      const s = await create(inReview(waiting([KEY_TEAM_N], '2026-01-22')));
      const ids = async (q: ReviewQueueQuery) => (await store.listReviewQueue(q, { limit: 10 })).items.map((x) => x.id);
      expect(await ids({ state: 'waiting', keys: [KEY_TEAM_N] })).toEqual([s.id]);

      await change(s, 1, signedTo(waiting([KEY_QA], '2026-01-29', { stage: 'qa', stageIndex: 1 }), 120_000));
      expect(await ids({ state: 'waiting', keys: [KEY_TEAM_N] })).toEqual([]);
      expect(await ids({ state: 'waiting', keys: [KEY_QA] })).toEqual([s.id]);

      await change(s, 2, { status: 'draft', review: returned('2026-01-29'), updatedAt: at(130_000) }, { action: 'submission.returned' });
      expect(await ids({ state: 'waiting', keys: [KEY_QA] })).toEqual([]);
      expect(await ids({ state: 'waiting' })).toEqual([]);
      expect(await ids({ state: 'returned', createdBy: 'u-worker' })).toEqual([s.id]);

      await store.updateDraft(s.id, 3, { status: 'submitted', review: waiting([KEY_QA], '2026-02-02', { stage: 'qa', stageIndex: 1 }) }, { outbox: [], event: event('submission.resubmitted', 'submission', s.id) });
      expect(await ids({ state: 'returned' })).toEqual([]);
      expect(await ids({ state: 'waiting', keys: [KEY_QA] })).toEqual([s.id]);
      expect(await store.countReviewQueue({ state: 'waiting', keys: [KEY_QA] })).toBe(1);

      await change(s, 4, signedTo(complete(), 140_000));
      expect(await ids({ state: 'waiting', keys: [KEY_QA] })).toEqual([]);
      expect(await ids({ state: 'waiting' })).toEqual([]);
      expect(await store.countReviewQueue({ state: 'waiting', keys: [KEY_QA] })).toBe(0);
    });
  });

  describe('tracked actions', () => {
    async function seed(): Promise<TrackedAction[]> {
      const one = submission({ status: 'submitted', submittedAt: at(1), submittedBy: 'u-worker', subject: { childId: 'C1' } });
      const two = await create(inReview(waiting([KEY_TEAM_N], '2026-01-22'), { subject: { childId: 'C2' } }));
      const three = submission({ status: 'submitted', submittedAt: at(2), submittedBy: 'u-worker', subject: {} });
      const first = [
        action(one, 1, { dueOn: '2026-02-01' }),
        action(one, 2, { ownerWorkerId: 'W2', ownerAccountId: 'u-bob', dueOn: '2026-01-20' }),
        action(one, 3, { dueOn: '2026-01-20', status: 'done', doneOn: '2026-01-18', note: 'Done at the visit' }),
        action(one, 4, { ownerWorkerId: 'W2', ownerAccountId: 'u-bob', dueOn: '2026-01-20' }),
      ];
      const second = [
        action(two, 1, { ownerWorkerId: 'W3', ownerAccountId: 'u-worker', team: TEAM_S, dueOn: '2026-03-01' }),
        action(two, 2, { ownerWorkerId: undefined, ownerAccountId: 'u-ann', dueOn: '2026-01-10' }),
        action(two, 3, { ownerWorkerId: 'W1', ownerAccountId: 'u-cal', dueOn: '2026-01-20', status: 'cancelled', reason: 'Not needed' }),
        action(two, 4, { ownerWorkerId: 'W4', ownerAccountId: undefined, team: undefined, dueOn: '2026-01-11' }),
      ];
      const third = [action(three, 1, { ownerWorkerId: 'W1', ownerAccountId: 'u-ann', dueOn: '2026-01-20', team: TEAM_S })];
      await create(one, { actions: first });
      await change(two, 1, signedTo(complete(), 120_000), { actions: second });
      await create(three, { actions: third });
      // As stored: no undefined members.
      return JSON.parse(JSON.stringify([...first, ...second, ...third])) as TrackedAction[];
    }

    const matches = (q: ActionQuery) => (a: TrackedAction) =>
      (q.status === undefined || a.status === q.status) &&
      (q.owners === undefined || (q.owners.accountId !== undefined && a.ownerAccountId === q.owners.accountId) || (q.owners.workerId !== undefined && a.ownerWorkerId === q.owners.workerId)) &&
      (q.team === undefined || a.team === q.team) &&
      (q.submissionId === undefined || a.submissionId === q.submissionId) &&
      (q.childId === undefined || a.childId === q.childId) &&
      (q.dueBefore === undefined || a.dueOn < q.dueBefore);

    it('lists actions by owner (account or worker), team, child, record, status and due date, soonest due first, then by id, page by page', async () => {
      const all = await seed();
      const queries: ActionQuery[] = [
        {},
        { status: 'open' },
        { status: 'done' },
        { owners: { accountId: 'u-ann', workerId: 'W1' } },
        { owners: { accountId: 'u-ann', workerId: 'W1' }, status: 'open' },
        { owners: { accountId: 'u-ann', workerId: 'W1' }, status: 'open', dueBefore: '2026-01-21' },
        { owners: { workerId: 'W2' } },
        { owners: { accountId: 'u-worker' } },
        { owners: {} },
        { team: TEAM_N, status: 'open' },
        { team: TEAM_N, status: 'open', dueBefore: '2026-01-20' },
        { team: TEAM_S },
        { childId: 'C1' },
        { childId: 'C2', status: 'open' },
        { submissionId: all[4]!.submissionId },
        { status: 'open', dueBefore: '2026-01-12' },
        { dueBefore: '2026-01-20' },
      ];
      for (const q of queries) {
        const want = all.filter(matches(q)).sort(byDue((a) => a.dueOn));
        const got = await pages(2, (page) => store.listActions(q, page));
        expect({ q, ids: got.flat().map((a) => a.id) }).toEqual({ q, ids: want.map((a) => a.id) });
        expect(got.flat()).toEqual(want);
        for (const p of got) expect(p.length).toBeLessThanOrEqual(2);
        expect({ q, n: await store.countActions(q) }).toEqual({ q, n: want.length });
      }
      expect(all.filter(matches({ owners: { accountId: 'u-ann', workerId: 'W1' } })).length).toBe(5);
    });

    it('changes an action by compare-and-set with its event: a stale revision and a missing action are refused, and of concurrent changes one wins', async () => {
      const all = await seed();
      const a = all[0]!;
      const done = await store.updateAction(
        a.id,
        1,
        { status: 'done', doneOn: '2026-01-19', note: 'Visited', history: [...a.history, { at: at(200_000), by: 'u-ann', name: 'Ann', action: 'done', note: 'Visited' }], updatedAt: at(200_000), updatedBy: 'u-ann' },
        event('action.done', 'submission', a.submissionId, 'u-ann'),
      );
      expect(done).toEqual({ ...a, status: 'done', doneOn: '2026-01-19', note: 'Visited', history: [...a.history, { at: at(200_000), by: 'u-ann', name: 'Ann', action: 'done', note: 'Visited' }], updatedAt: at(200_000), updatedBy: 'u-ann', revision: 2 });
      expect(await store.getAction(a.id)).toEqual(done);
      expect((await store.listEvents({ action: 'action.done' })).map((e) => e.entity.id)).toEqual([a.submissionId]);
      // The lists follow the change.
      expect((await store.listActions({ owners: { accountId: 'u-ann' }, status: 'open' }, { limit: 20 })).items.map((x) => x.id)).not.toContain(a.id);
      expect((await store.listActions({ owners: { accountId: 'u-ann' }, status: 'done' }, { limit: 20 })).items.map((x) => x.id)).toContain(a.id);

      const stale = store.updateAction(a.id, 1, { status: 'cancelled', reason: 'No' }, event('action.cancelled', 'submission', a.submissionId));
      await expect(stale).rejects.toBeInstanceOf(StaleRevisionError);
      await expect(stale).rejects.toMatchObject({ currentRevision: 2 });
      await expect(store.updateAction(`${a.submissionId}.99`, 1, { status: 'done' }, event('action.done', 'submission', a.submissionId))).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.getAction(a.id)).toEqual(done);

      // Reassigned: found under the new owner and team, no longer under the old.
      const b = all[1]!;
      await store.updateAction(b.id, 1, { ownerWorkerId: 'W9', ownerAccountId: 'u-zed', team: TEAM_S, dueOn: '2026-04-01', reason: 'Moved team' }, event('action.reassigned', 'submission', b.submissionId));
      expect((await store.listActions({ owners: { workerId: 'W9' } }, { limit: 20 })).items.map((x) => x.id)).toEqual([b.id]);
      expect((await store.listActions({ owners: { accountId: 'u-bob', workerId: 'W2' } }, { limit: 20 })).items.map((x) => x.id)).not.toContain(b.id);
      expect((await store.listActions({ team: TEAM_S, dueBefore: '2026-04-01' }, { limit: 20 })).items.map((x) => x.id)).not.toContain(b.id);
      expect((await store.listActions({ team: TEAM_S, dueBefore: '2026-04-02' }, { limit: 20 })).items.map((x) => x.id)).toContain(b.id);

      const c = all[3]!;
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => store.updateAction(c.id, 1, { note: `attempt ${i}`, status: 'done', doneOn: '2026-01-19' }, event('action.done', 'submission', c.submissionId))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StaleRevisionError);
      expect(await store.getAction(c.id)).toMatchObject({ revision: 2, status: 'done' });
    });

    it('counts a team’s open actions per owner, and how many of them are overdue', async () => {
      await seed();
      const sorted = (rows: Awaited<ReturnType<Store['actionCountsByOwner']>>) => rows.map((r) => JSON.stringify(r)).sort();
      expect(sorted(await store.actionCountsByOwner({ team: TEAM_N, today: '2026-01-20' }))).toEqual(
        sorted([
          { ownerWorkerId: 'W1', ownerAccountId: 'u-ann', open: 1, overdue: 0 },
          { ownerWorkerId: 'W2', ownerAccountId: 'u-bob', open: 2, overdue: 0 },
          { ownerAccountId: 'u-ann', open: 1, overdue: 1 },
        ]),
      );
      expect(sorted(await store.actionCountsByOwner({ team: TEAM_N, today: '2026-01-21' }))).toEqual(
        sorted([
          { ownerWorkerId: 'W1', ownerAccountId: 'u-ann', open: 1, overdue: 0 },
          { ownerWorkerId: 'W2', ownerAccountId: 'u-bob', open: 2, overdue: 2 },
          { ownerAccountId: 'u-ann', open: 1, overdue: 1 },
        ]),
      );
      expect(sorted(await store.actionCountsByOwner({ team: TEAM_S, today: '2026-03-02' }))).toEqual(
        sorted([
          { ownerWorkerId: 'W3', ownerAccountId: 'u-worker', open: 1, overdue: 1 },
          { ownerWorkerId: 'W1', ownerAccountId: 'u-ann', open: 1, overdue: 1 },
        ]),
      );
      expect(await store.actionCountsByOwner({ team: 'team-nobody', today: '2026-01-20' })).toEqual([]);
    });
  });
});
