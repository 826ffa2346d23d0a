/**
 * The audit programme in the MongoDB store. One call's assignments, sample and events are one
 * commit (commits.ts): the sample's (`auditSample:<id>`), or the first assignment's
 * (`audit:<id>`) when assigned by hand, relaying the other assignments and the events; so they
 * are all written or none. That commit also takes the next audit sequence (a unique claim), which
 * is how a child never has two open audits on one form: see `insert`. Each later change of an
 * assignment is a commit of its own (`audit:<id>`). Lists read one index each (collections.ts) in
 * due date, then id, order.
 */
import type { Filter } from 'mongodb';
import type { AssignmentPatch, AssignmentQuery, AuditAssignment, AuditSample } from '../../audits/model.js';
import type { EventRecord } from '../events.js';
import { refuse } from '../messages.js';
import type { AuditAssignmentDoc, AuditSampleDoc, Collections, RelayEntry } from './collections.js';
import { MAX_ATTEMPTS, type CommitLog, type NewCommit } from './commits.js';
import { keysetPage } from './keyset.js';
import { applyPatch, logged } from './mapping.js';

const entityOf = (id: string): string => `audit:${id}`;

const toDoc = (a: AuditAssignment, rev: number): AuditAssignmentDoc => {
  const { id, ...rest } = JSON.parse(JSON.stringify(a)) as AuditAssignment;
  return { _id: id, rev, ...rest };
};
const fromDoc = (doc: AuditAssignmentDoc): AuditAssignment => {
  const { _id, rev: _rev, ...rest } = doc;
  return { id: _id, ...rest };
};
const sampleFromDoc = (doc: AuditSampleDoc): AuditSample => {
  const { _id, rev: _rev, ...rest } = doc;
  return { id: _id, ...rest };
};

export class Audits {
  constructor(
    private readonly c: Collections,
    private readonly log: CommitLog,
  ) {}

  /** The highest audit sequence this process took or read, already rolled forward; null until read, or after losing one. */
  private seqHint: number | null = null;

  /**
   * The highest audit sequence taken (0: none yet), its insert rolled forward. Every insert before
   * it is in the views too: each one rolled forward the one before it before it was made.
   */
  private async settledTop(): Promise<number> {
    if (this.seqHint !== null) return this.seqHint;
    const [top] = await this.c.commits.find({ auditSeq: { $exists: true } }).sort({ auditSeq: -1 }).limit(1).toArray();
    if (top) await this.log.rollForward(top);
    this.seqHint = Math.max(this.seqHint ?? 0, top?.auditSeq ?? 0);
    return this.seqHint;
  }

  /** Conflict if any open one is of a child and form with an open assignment, in the views or earlier in `items`. */
  private async refuseOpenTwice(items: AuditAssignment[]): Promise<void> {
    const open = items.filter((a) => a.status === 'open');
    if (!open.length) return;
    const key = (a: { formId: string; childId: string }) => `${a.formId}\u0000${a.childId}`;
    const taken = new Set<string>();
    const childIds = [...new Set(open.map((a) => a.childId))];
    for (let i = 0; i < childIds.length; i += 500) {
      const docs = await this.c.auditAssignments.find({ childId: { $in: childIds.slice(i, i + 500) }, status: 'open' }, { projection: { formId: 1, childId: 1 } }).toArray();
      for (const d of docs) taken.add(key(d));
    }
    for (const a of open) {
      if (taken.has(key(a))) throw refuse.assignmentOpen(a.formId, a.childId);
      taken.add(key(a));
    }
  }

  /**
   * No two open assignments of one child on one form, without transactions: every insert takes
   * the next audit sequence (a unique claim in its commit) after checking the views as they were
   * at the sequence before it, so of two racing inserts the second is decided again after the
   * first, and sees it.
   */
  async insert(items: AuditAssignment[], sample: AuditSample | null, events: EventRecord[]): Promise<void> {
    const relayed = (list: AuditAssignment[]): RelayEntry[] => list.map((a) => ({ to: 'auditAssignments', doc: toDoc(a, 1) }));
    const relayEvents = events.flatMap(logged);
    const [first, ...rest] = items;
    // Nothing assigned and no sample: nothing to write (the engine never asks for that).
    if (!sample && !first) return;
    let commit: NewCommit;
    if (sample) {
      const { id, ...fields } = JSON.parse(JSON.stringify(sample)) as AuditSample;
      const state: AuditSampleDoc = { _id: id, rev: 1, ...fields };
      commit = { entity: `auditSample:${id}`, rev: 1, view: 'auditSamples', state, relay: [...relayed(items), ...relayEvents] };
    } else commit = { entity: entityOf(first!.id), rev: 1, view: 'auditAssignments', state: toDoc(first!, 1), relay: [...relayed(rest), ...relayEvents] };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const seq = (await this.settledTop()) + 1;
      await this.refuseOpenTwice(items);
      if (await this.log.commit({ ...commit, claims: { auditSeq: seq } }, sample ? 'audit-sample.committed' : 'audit-assignments.committed')) {
        this.seqHint = Math.max(this.seqHint ?? 0, seq);
        return;
      }
      if (await this.log.get(commit.entity, 1)) throw refuse.assignmentExists(sample ? sample.id : first!.id);
      // Another insert took that sequence: decide again after it.
      this.seqHint = null;
    }
    throw new Error(`MongoDB store: could not insert audit assignments after ${MAX_ATTEMPTS} attempts.`);
  }

  async get(id: string): Promise<AuditAssignment | null> {
    const doc = await this.c.auditAssignments.findOne({ _id: id });
    return doc ? fromDoc(doc) : null;
  }

  async update(id: string, expectedRevision: number, patch: AssignmentPatch, event: EventRecord): Promise<AuditAssignment> {
    const state = await this.log.change(
      { entity: entityOf(id), view: 'auditAssignments', read: () => this.c.auditAssignments.findOne({ _id: id }), missing: () => refuse.assignmentMissing(id) },
      (doc, rev) => {
        const cur = fromDoc(doc);
        if (cur.revision !== expectedRevision) throw refuse.assignmentStale(id, cur.revision);
        const next = applyPatch(cur, { ...patch, id: cur.id, formId: cur.formId, childId: cur.childId, createdAt: cur.createdAt, createdBy: cur.createdBy, revision: cur.revision + 1 });
        return { state: toDoc(next, rev), relay: logged(event) };
      },
      'audit-assignment.updated',
    );
    return fromDoc(state);
  }

  private filter(query: AssignmentQuery): Filter<AuditAssignmentDoc> {
    const f: Filter<AuditAssignmentDoc> = {};
    if (query.auditorAccountId !== undefined) f.auditorAccountId = query.auditorAccountId;
    if (query.teams !== undefined) f.team = query.teams.length === 1 ? query.teams[0]! : { $in: [...query.teams] };
    if (query.status !== undefined) f.status = query.status;
    if (query.childId !== undefined) f.childId = query.childId;
    if (query.formId !== undefined) f.formId = query.formId;
    if (query.dueBefore !== undefined) f.dueOn = { $lt: query.dueBefore };
    return f;
  }

  async list(query: AssignmentQuery, page: { limit: number; after?: string }): Promise<{ items: AuditAssignment[]; next: string | null }> {
    if (query.teams && !query.teams.length) return { items: [], next: null };
    const { docs, next } = await keysetPage<AuditAssignmentDoc>(
      (f, limit) => this.c.auditAssignments.find(f).sort({ dueOn: 1, _id: 1 }).limit(limit).toArray(),
      this.filter(query),
      { field: 'dueOn', of: (d) => d.dueOn },
      page,
    );
    return { items: docs.map(fromDoc), next };
  }

  async count(query: AssignmentQuery): Promise<number> {
    if (query.teams && !query.teams.length) return 0;
    return this.c.auditAssignments.countDocuments(this.filter(query));
  }

  async getSample(id: string): Promise<AuditSample | null> {
    const doc = await this.c.auditSamples.findOne({ _id: id });
    return doc ? sampleFromDoc(doc) : null;
  }

  async listSamples(page: { limit: number; after?: string }): Promise<{ items: AuditSample[]; next: string | null }> {
    const docs = await this.c.auditSamples
      .find(page.after ? { _id: { $lt: page.after } } : {})
      .sort({ _id: -1 })
      .limit(page.limit + 1)
      .toArray();
    const items = docs.slice(0, page.limit).map(sampleFromDoc);
    return { items, next: docs.length > page.limit ? items.at(-1)!.id : null };
  }
}
