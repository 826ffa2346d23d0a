/**
 * The delivery outbox: claims, lease-held transitions and replays. Each state change of an entry
 * is a commit on its revision (see commits.ts), so two claimers never lease the same entry and a
 * lost lease can never be completed.
 */
import type { Filter } from 'mongodb';
import { isoTime, refuse } from '../messages.js';
import { leased, released, replayable, type ClaimRequest, type OutboxEntry, type OutboxQuery } from '../outbox.js';
import type { Collections, OutboxDoc } from './collections.js';
import { MAX_ATTEMPTS, type CommitLog } from './commits.js';
import { applyPatch, outboxFromDoc, outboxToDoc } from './mapping.js';

const entityOf = (id: string): string => `outbox:${id}`;

export class Outbox {
  constructor(
    private readonly c: Collections,
    private readonly log: CommitLog,
  ) {}

  /** Moves the entry from view revision `rev` to `next`; false if someone else moved it first. */
  private transition(rev: number, next: OutboxEntry): Promise<boolean> {
    return this.log.commit({ entity: entityOf(next.id), rev: rev + 1, view: 'outbox', state: outboxToDoc(next, rev + 1), relay: [] }, 'outbox.updated');
  }

  async claim(request: ClaimRequest): Promise<OutboxEntry[]> {
    const now = isoTime(request.now);
    const leaseUntil = new Date(Date.parse(now) + request.leaseMs).toISOString();
    const limit = request.limit ?? 10;
    const due: Filter<OutboxDoc> = {
      $or: [
        { state: 'pending', dueAt: { $lte: now } },
        { state: 'leased', leaseUntil: { $lte: now } },
      ],
      ...(request.connector !== undefined ? { connector: request.connector } : {}),
    };
    const claimed: OutboxEntry[] = [];
    if (limit <= 0) return claimed;
    // Candidates come in seq order, so after a partition's first one (claimed, held or lost to
    // another claimer) every later one of it is held: at most one per partition per batch.
    const seen = new Set<string>();
    for await (const doc of this.c.outbox.find(due).sort({ seq: 1, _id: 1 })) {
      const partition = JSON.stringify([doc.connector, doc.partitionKey]);
      if (seen.has(partition)) continue;
      seen.add(partition);
      // An earlier entry of the same child and connector still waiting or in flight holds this one.
      const earlier = await this.c.outbox.findOne(
        { connector: doc.connector, partitionKey: doc.partitionKey, state: { $in: ['pending', 'leased'] }, seq: { $lt: doc.seq } },
        { projection: { _id: 1 } },
      );
      if (earlier) continue;
      const next = leased(outboxFromDoc(doc), request.workerId, leaseUntil);
      // Losing means another claimer took it (or it changed): move on to the next.
      if (await this.transition(doc.rev, next)) claimed.push(next);
      if (claimed.length >= limit) break;
    }
    return claimed;
  }

  /** Applies `change` to an entry the caller's lease still holds, and drops the lease. */
  async withLease(id: string, leaseToken: string, change: (e: OutboxEntry) => OutboxEntry): Promise<OutboxEntry> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.c.outbox.findOne({ _id: id });
      if (!doc) throw refuse.outboxMissing(id);
      const cur = outboxFromDoc(doc);
      if (cur.state !== 'leased' || cur.leaseToken !== leaseToken) throw refuse.leaseLost(id);
      const next = applyPatch(change(released(cur)), {});
      if (await this.transition(doc.rev, next)) return next;
      await this.log.settle(entityOf(id), doc.rev + 1);
    }
    throw new Error(`MongoDB store: could not update delivery "${id}" after ${MAX_ATTEMPTS} attempts.`);
  }

  async replay(id: string, at: string, options?: { force?: boolean }): Promise<OutboxEntry> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.c.outbox.findOne({ _id: id });
      if (!doc) throw refuse.outboxMissing(id);
      const cur = outboxFromDoc(doc);
      const next = replayable(cur, isoTime(at), options?.force);
      if (!next) throw refuse.outboxState(id, cur.state);
      if (await this.transition(doc.rev, next)) return next;
      await this.log.settle(entityOf(id), doc.rev + 1);
    }
    throw new Error(`MongoDB store: could not replay delivery "${id}" after ${MAX_ATTEMPTS} attempts.`);
  }

  async get(id: string): Promise<OutboxEntry | null> {
    const doc = await this.c.outbox.findOne({ _id: id });
    return doc ? outboxFromDoc(doc) : null;
  }

  async list(query: OutboxQuery): Promise<OutboxEntry[]> {
    const f: Filter<OutboxDoc> = {};
    if (query.submissionId !== undefined) f.submissionId = query.submissionId;
    if (query.connector !== undefined) f.connector = query.connector;
    if (query.state !== undefined) f.state = query.state;
    const docs = await this.c.outbox
      .find(f)
      .sort({ seq: 1, _id: 1 })
      .limit(query.limit ?? 1000)
      .toArray();
    return docs.map(outboxFromDoc);
  }
}
