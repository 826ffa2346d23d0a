/** Submissions: creates (with idempotency keys), draft saves, submits and deletes, as commits (see commits.ts). */
import type { Filter } from 'mongodb';
import type { Submission } from '../../submissions/model.js';
import type { TrackedAction } from '../../actions/model.js';
import type { CreateSubmissionOptions, ReviewQueueQuery, SubmissionPatch, SubmissionQuery } from '../contract.js';
import type { EventRecord } from '../events.js';
import { isoTime, refuse } from '../messages.js';
import { newOutboxEntries, type OutboxSeed } from '../outbox.js';
import { isDuplicateKey, type Collections, type RelayEntry, type SubmissionDoc } from './collections.js';
import { MAX_ATTEMPTS, type CommitLog } from './commits.js';
import { ReferenceNumbers } from './references.js';
import { referenceSeriesOf } from '../../submissions/reference.js';
import { keysetPage } from './keyset.js';
import { withMeasures } from '../../timeliness/measure-keys.js';
import { actionToDoc, applyPatch, logged, NO_DUE_DATE, outboxToDoc, submissionFromDoc, submissionToDoc, submissionTombstone } from './mapping.js';

const entityOf = (id: string): string => `submission:${id}`;

type UpdateOptions = { outbox: OutboxSeed[]; event: EventRecord; actions?: TrackedAction[] };

export class Submissions {
  private readonly references: ReferenceNumbers;

  constructor(
    private readonly c: Collections,
    private readonly log: CommitLog,
    private readonly step: (name: string) => void,
  ) {
    this.references = new ReferenceNumbers(c, step);
  }

  /** The view document of a record that is there (not a deleted draft's tombstone). */
  private async live(id: string): Promise<SubmissionDoc | null> {
    const doc = await this.c.submissions.findOne({ _id: id });
    return doc && !doc.deleted ? doc : null;
  }

  async get(id: string): Promise<Submission | null> {
    const doc = await this.live(id);
    return doc ? submissionFromDoc(doc) : null;
  }

  /** The highest submit sequence this process knows is taken; null until read, or after losing one. */
  private seqHint: number | null = null;
  /** One read of the highest sequence at a time, shared by every submit waiting for it. */
  private seqRead: Promise<number> | null = null;

  /**
   * The next submit sequence. It is claimed by a unique index in the submit's own commit, so two
   * submits can never share one: the loser forgets its hint and reads the highest taken again.
   * Reading it is a scan on FerretDB, so it is done only then, not for every submit, and
   * concurrent submits share one read instead of all racing for the same number.
   */
  private async nextSeq(): Promise<number> {
    if (this.seqHint === null) {
      this.seqRead ??= this.c.commits
        .find({ submitSeq: { $exists: true } }, { projection: { submitSeq: 1 } })
        .sort({ submitSeq: -1 })
        .limit(1)
        .toArray()
        .then(([top]) => top?.submitSeq ?? 0)
        .finally(() => (this.seqRead = null));
      const top = await this.seqRead;
      // Another submit may have moved the hint on while this one waited.
      this.seqHint = Math.max(this.seqHint ?? 0, top);
    }
    return ++this.seqHint;
  }

  /**
   * What a change of `s` relays: its event; when it queues the record for the ICS (a submit, or a
   * review step with outbox seeds), its outbox entries at the record's submit sequence, due from
   * `at`; and the tracked actions it raises, at their first revision.
   */
  private relayFor(s: Submission, queued: { seeds: OutboxSeed[]; at: string } | null, event: EventRecord, actions: TrackedAction[] = []): RelayEntry[] {
    const outbox: RelayEntry[] = queued
      ? newOutboxEntries({ id: s.id, subject: s.subject }, s.submitSeq!, queued.seeds, queued.at).map((e) => ({ to: 'outbox', doc: outboxToDoc(e, 1) }))
      : [];
    return [...logged(event), ...outbox, ...actions.map((a): RelayEntry => ({ to: 'actions', doc: actionToDoc(a, 1) }))];
  }

  /** A submit queues the record from when it was submitted (or, lacking that, last changed). */
  private static submitted(s: Submission, seeds: OutboxSeed[]): { seeds: OutboxSeed[]; at: string } | null {
    return s.status === 'submitted' ? { seeds, at: s.submittedAt ?? s.updatedAt } : null;
  }

  async create(
    submission: Submission,
    options: CreateSubmissionOptions,
  ): Promise<{ submission: Submission; replayed: boolean }> {
    const { idempotency } = options;
    let id = submission.id;
    let reserved = false;
    if (idempotency) {
      const prior = await this.reserve(idempotency, id);
      reserved = prior === null;
      if (prior !== null) id = prior;
    }
    // Storing under the id the key chose: the event names the record actually stored.
    const body: Submission = { ...submission, id };
    const event =
      id !== submission.id && options.event.entity.kind === 'submission' && options.event.entity.id === submission.id
        ? { ...options.event, entity: { ...options.event.entity, id } }
        : options.event;
    const entity = entityOf(id);
    const series = referenceSeriesOf(submission, options.referencePrefix);
    // Claimed once, before the record's commit, and kept through its retries (a lost submit
    // sequence): the claim names this record. Lost for good only if this create never commits.
    let reference: string | undefined;

    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // A retry whose key was taken already: the record may be stored, so claim no number for it yet.
      const earlier = idempotency && !reserved ? await this.log.get(entity, 1) : null;
      if (!earlier) {
        // The submit sequence first: the fewer steps between the caller stamping submittedAt and
        // the sequence, the less often two records about one child submitted at the same moment
        // get their sequence (the delivery order) and their times the other way round.
        const submitSeq = body.status === 'submitted' ? await this.nextSeq() : undefined;
        reference ??= await this.references.claim(series, id);
        const stored: Submission = { ...body, reference, ...(submitSeq !== undefined ? { submitSeq } : {}) };
        const state = submissionToDoc(stored, 1);
        const won = await this.log.commit(
          {
            entity,
            rev: 1,
            view: 'submissions',
            state,
            relay: this.relayFor(stored, Submissions.submitted(stored, options.outbox), event, options.actions),
            claims: {
              ...(stored.submitSeq !== undefined ? { submitSeq: stored.submitSeq } : {}),
              ...(idempotency ? { idempotencyKey: idempotency.key } : {}),
            },
          },
          'submission.inserted',
        );
        // Exactly one caller stores the record; that one reports `replayed: false`.
        if (won) return { submission: submissionFromDoc(state), replayed: false };
      }

      const first = earlier ?? (await this.log.get(entity, 1));
      if (!first) {
        this.seqHint = null; // only the submit sequence was taken (by another process): look again
        continue;
      }
      if (!idempotency || first.idempotencyKey !== idempotency.key) {
        // The id belongs to another record: give the key back, as a rolled-back transaction would.
        if (reserved && idempotency) await this.c.idempotency.deleteOne({ _id: idempotency.key, submissionId: id });
        throw refuse.submissionExists(id);
      }
      // Stored by an earlier or concurrent call with this key (perhaps one that crashed): finish it.
      await this.log.rollForward(first);
      const view = await this.c.submissions.findOne({ _id: id });
      // Its author deleted it since: the key stays taken, and nothing is made again.
      if (view?.deleted) throw refuse.draftDeleted();
      if (view) return { submission: submissionFromDoc(view), replayed: true };
    }
    throw new Error(`MongoDB store: could not store submission "${id}" after ${MAX_ATTEMPTS} attempts.`);
  }

  /** Takes the key for `id`; if it is already taken, the id it was taken for (same request only). */
  private async reserve(idempotency: { key: string; fingerprint: string }, id: string): Promise<string | null> {
    for (;;) {
      try {
        await this.c.idempotency.insertOne({ _id: idempotency.key, fingerprint: idempotency.fingerprint, submissionId: id });
        this.step('idempotency.reserved');
        return null;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const prior = await this.c.idempotency.findOne({ _id: idempotency.key });
      if (!prior) continue; // given back just now by a create that found its id taken
      if (prior.fingerprint !== idempotency.fingerprint) throw refuse.keyReused();
      return prior.submissionId;
    }
  }

  updateDraft(id: string, expectedRevision: number, patch: SubmissionPatch, options: UpdateOptions): Promise<Submission> {
    return this.update(id, expectedRevision, patch, options, 'draft');
  }

  /** A review step on a submitted record (signed, returned, a stage's answers saved). */
  updateSubmitted(id: string, expectedRevision: number, patch: SubmissionPatch, options: UpdateOptions): Promise<Submission> {
    return this.update(id, expectedRevision, patch, options, 'submitted');
  }

  /**
   * Compare-and-set of a draft (`from` 'draft') or a submitted record, as one commit with its
   * event, outbox entries and tracked actions. A submit, or a review step with outbox seeds (the
   * record queued for the ICS again), takes a new submit sequence in that same commit.
   */
  private async update(id: string, expectedRevision: number, patch: SubmissionPatch, options: UpdateOptions, from: 'draft' | 'submitted'): Promise<Submission> {
    const entity = entityOf(id);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.live(id);
      if (!doc) throw refuse.submissionMissing(id);
      const cur = submissionFromDoc(doc);
      if (cur.status !== from) throw from === 'draft' ? refuse.submissionNotDraft(id) : refuse.submissionNotSubmitted(id);
      if (cur.revision !== expectedRevision) throw refuse.submissionStale(id, cur.revision);
      const next = applyPatch(cur, { ...patch, revision: cur.revision + 1 });
      // A review step queues the record from the moment of the step, not of its first submit.
      const queued = from === 'draft' ? Submissions.submitted(next, options.outbox) : options.outbox.length ? { seeds: options.outbox, at: next.updatedAt } : null;
      if (queued) next.submitSeq = await this.nextSeq();
      const state = submissionToDoc(next, doc.rev + 1);
      const won = await this.log.commit(
        {
          entity,
          rev: doc.rev + 1,
          view: 'submissions',
          state,
          relay: this.relayFor(next, queued, options.event, options.actions),
          claims: queued ? { submitSeq: next.submitSeq! } : {},
        },
        'submission.updated',
      );
      if (won) return submissionFromDoc(state);
      // Someone else changed it first (read again: now stale), or took the sequence number.
      const taken = await this.log.get(entity, doc.rev + 1);
      if (taken) await this.log.rollForward(taken);
      else this.seqHint = null;
    }
    throw new Error(`MongoDB store: could not save submission "${id}" after ${MAX_ATTEMPTS} attempts.`);
  }

  /**
   * Store.fillMeasures for one record: its stamp with the entries it lacks, as a commit of the
   * next commit revision (the record's own revision unchanged, no event), so the view is only ever
   * written by a commit's roll-forward. False when nothing was missing or it is gone.
   */
  async fillMeasures(id: string, pointers: readonly string[]): Promise<boolean> {
    const entity = entityOf(id);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.live(id);
      const next = doc ? withMeasures(submissionFromDoc(doc), pointers) : null;
      if (!doc || !next) return false;
      const rev = doc.rev + 1;
      if (await this.log.commit({ entity, rev, view: 'submissions', state: submissionToDoc(next, rev), relay: [] }, 'submission.measures-filled')) return true;
      await this.log.settle(entity, rev);
    }
    throw new Error(`MongoDB store: could not fill in the measures of submission "${id}" after ${MAX_ATTEMPTS} attempts.`);
  }

  /**
   * Replaces the draft's view with a tombstone at the next commit revision, so a save or submit
   * decided on the same revision loses (or wins, and then the delete is stale): never both.
   */
  async deleteDraft(id: string, expectedRevision: number, event: EventRecord): Promise<void> {
    const entity = entityOf(id);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.live(id);
      if (!doc) throw refuse.submissionMissing(id);
      const cur = submissionFromDoc(doc);
      if (cur.status !== 'draft') throw refuse.submissionNotDeletable(id);
      if (cur.review) throw refuse.returnedNotDeletable(id);
      if (cur.revision !== expectedRevision) throw refuse.submissionStale(id, cur.revision);
      const rev = doc.rev + 1;
      if (await this.log.commit({ entity, rev, view: 'submissions', state: submissionTombstone(id, rev), relay: logged(event) }, 'submission.deleted')) return;
      // Someone else changed it first: finish their change and decide again (most often now stale).
      await this.log.settle(entity, rev);
    }
    throw new Error(`MongoDB store: could not delete submission "${id}" after ${MAX_ATTEMPTS} attempts.`);
  }

  filter(query: SubmissionQuery): Filter<SubmissionDoc> {
    // Deleted drafts' tombstones are never listed or counted.
    const f: Filter<SubmissionDoc> = { deleted: { $exists: false } };
    if (query.formId !== undefined) f.formId = query.formId;
    if (query.version !== undefined) f.version = query.version;
    if (query.status !== undefined) f.status = query.status;
    if (query.childId !== undefined) f['subject.childId'] = query.childId;
    if (query.workerId !== undefined) f['subject.workerId'] = query.workerId;
    if (query.reference !== undefined) f.reference = query.reference;
    if (query.createdBy !== undefined) f.createdBy = query.createdBy;
    if (query.submittedBy !== undefined) f.submittedBy = query.submittedBy;
    if (query.team !== undefined) f.team = query.team;
    if (query.from !== undefined || query.to !== undefined) {
      f.createdKey = {
        ...(query.from !== undefined ? { $gte: isoTime(query.from) } : {}),
        ...(query.to !== undefined ? { $lt: isoTime(query.to) } : {}),
      };
    }
    // A reader's reach: each element an indexed match (createdBy, team, subject.childId $in).
    const and: Array<Filter<SubmissionDoc>> = [];
    if (query.anyOf !== undefined) {
      const arms = query.anyOf.map((e) => {
        const arm: Filter<SubmissionDoc> = {};
        if (e.createdBy !== undefined) arm.createdBy = e.createdBy;
        if (e.team !== undefined) arm.team = e.team;
        // `childTeams` is only how a store may find them: here they are read by child (no child-team field is kept).
        if (e.childIds !== undefined) arm['subject.childId'] = { $in: [...e.childIds] };
        return arm;
      });
      // $or refuses an empty list: no element matches nothing.
      and.push(arms.length ? { $or: arms } : { _id: { $in: [] } });
    }
    // $nin also keeps records with no child.
    if (query.notChildIds?.length) and.push({ 'subject.childId': { $nin: [...query.notChildIds] } });
    if (and.length) f.$and = and;
    return f;
  }

  /** Records in review in a state, for any of the keys, a team, an author or a form (each an index in collections.ts). */
  private reviewFilter(query: ReviewQueueQuery): Filter<SubmissionDoc> {
    const f: Filter<SubmissionDoc> = { 'review.state': query.state };
    // `review.keys` is an array: $in matches a record holding any of the keys (none given: nothing).
    if (query.keys !== undefined) f['review.keys'] = { $in: [...query.keys] };
    if (query.team !== undefined) f.team = query.team;
    if (query.createdBy !== undefined) f.createdBy = query.createdBy;
    if (query.formId !== undefined) f.formId = query.formId;
    return f;
  }

  /** Soonest due first, undated last (`reviewDue`, see submissionToDoc), then by id. */
  async reviewQueue(query: ReviewQueueQuery, page: { limit: number; after?: string }): Promise<{ items: Submission[]; next: string | null }> {
    const { docs, next } = await keysetPage<SubmissionDoc>(
      (f, limit) => this.c.submissions.find(f).sort({ reviewDue: 1, _id: 1 }).limit(limit).toArray(),
      this.reviewFilter(query),
      { field: 'reviewDue', of: (d) => d.reviewDue ?? NO_DUE_DATE, none: NO_DUE_DATE },
      page,
    );
    return { items: docs.map(submissionFromDoc), next };
  }

  countReviewQueue(query: ReviewQueueQuery): Promise<number> {
    return this.c.submissions.countDocuments(this.reviewFilter(query));
  }
}
