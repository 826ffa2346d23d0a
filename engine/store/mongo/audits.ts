/**
 * The audit programme in the MongoDB store. One call's assignments, sample and events are one
 * commit (commits.ts): the sample's (`auditSample:<id>`), or the first assignment's
 * (`audit:<id>`) when assigned by hand, relaying the other assignments and the events; so they
 * are all written or none. Each later change of an assignment is a commit of its own
 * (`audit:<id>`). Lists read one index each (collections.ts) in due date, then id, order.
 */
import type { Filter } from 'mongodb';
import type { AssignmentPatch, AssignmentQuery, AuditAssignment, AuditSample } from '../../audits/model.js';
import type { EventRecord } from '../events.js';
import { refuse } from '../messages.js';
import type { AuditAssignmentDoc, AuditSampleDoc, Collections, RelayEntry } from './collections.js';
import type { CommitLog } from './commits.js';
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

  async insert(items: AuditAssignment[], sample: AuditSample | null, events: EventRecord[]): Promise<void> {
    const relayed = (list: AuditAssignment[]): RelayEntry[] => list.map((a) => ({ to: 'auditAssignments', doc: toDoc(a, 1) }));
    const relayEvents = events.flatMap(logged);
    let done: boolean;
    if (sample) {
      const { id, ...rest } = JSON.parse(JSON.stringify(sample)) as AuditSample;
      const state: AuditSampleDoc = { _id: id, rev: 1, ...rest };
      done = await this.log.commit({ entity: `auditSample:${id}`, rev: 1, view: 'auditSamples', state, relay: [...relayed(items), ...relayEvents] }, 'audit-sample.committed');
      if (!done) throw refuse.assignmentExists(id);
      return;
    }
    const [first, ...rest] = items;
    // Nothing assigned and no sample: nothing to write (the engine never asks for that).
    if (!first) return;
    done = await this.log.commit({ entity: entityOf(first.id), rev: 1, view: 'auditAssignments', state: toDoc(first, 1), relay: [...relayed(rest), ...relayEvents] }, 'audit-assignments.committed');
    if (!done) throw refuse.assignmentExists(first.id);
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
