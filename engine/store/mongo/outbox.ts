/**
 * The delivery outbox: claims, lease-held transitions and replays. Each state change of an entry
 * is a commit on its revision (see commits.ts), so two claimers never lease the same entry and a
 * lost lease can never be completed.
 */
import type { Filter } from 'mongodb';
import { leaseEnd } from '../lease.js';
import { isoTime, refuse } from '../messages.js';
import {
  leased,
  released,
  replayable,
  sortCounts,
  WAITING_STATES,
  type ClaimRequest,
  type OutboxCount,
  type OutboxEntry,
  type OutboxQuery,
  type OutboxState,
} from '../outbox.js';
import { insertIfAbsent, type Collections, type OutboxDoc } from './collections.js';
import type { EventRecord } from '../events.js';
import { commitId, MAX_ATTEMPTS, type CommitLog } from './commits.js';
import { applyPatch, eventToDoc, outboxFromDoc, outboxToDoc } from './mapping.js';

const entityOf = (id: string): string => `outbox:${id}`;

/** How many of the oldest waiting entries (of every connector) the first look for their age reads. */
const AGE_LOOKAHEAD = 200;

type AgeDoc = Pick<OutboxDoc, 'connector' | 'state' | 'createdAt' | 'createdKey'>;
const groupOf = (connector: string, state: OutboxState): string => JSON.stringify([connector, state]);

export class Outbox {
  constructor(
    private readonly c: Collections,
    private readonly log: CommitLog,
  ) {}

  /** Moves the entry from view revision `rev` to `next`; false if someone else moved it first. */
  private transition(rev: number, next: OutboxEntry): Promise<boolean> {
    return this.log.commit({ entity: entityOf(next.id), rev: rev + 1, view: 'outbox', state: outboxToDoc(next, rev + 1), relay: [], light: true }, 'outbox.updated');
  }

  /**
   * One read of the waiting and in-flight entries, in submit order: the first of each child's
   * (and connector's) is its head, and only a head that is due may be leased — so a later record
   * waits while an earlier one is retrying or in flight. (A query per candidate would read the
   * whole collection each time on FerretDB, which uses no index but `_id`.)
   */
  async claim(request: ClaimRequest): Promise<OutboxEntry[]> {
    const now = isoTime(request.now);
    const leaseUntil = leaseEnd(now, request.leaseMs);
    const limit = request.limit ?? 10;
    const claimed: OutboxEntry[] = [];
    if (limit <= 0) return claimed;
    const active: Filter<OutboxDoc> = { state: { $in: ['pending', 'leased'] }, ...(request.connector !== undefined ? { connector: request.connector } : {}) };
    const seen = new Set<string>();
    for await (const doc of this.c.outbox.find(active).sort({ seq: 1, _id: 1 })) {
      const partition = JSON.stringify([doc.connector, doc.partitionKey]);
      if (seen.has(partition)) continue;
      seen.add(partition);
      const due = doc.state === 'pending' ? doc.dueAt <= now : doc.leaseUntil !== undefined && doc.leaseUntil <= now;
      if (!due) continue;
      const next = leased(outboxFromDoc(doc), request.workerId, leaseUntil);
      // Losing means another claimer took it (or it changed): make sure that change reached the
      // view (its writer may have died in between), and move on to the next.
      if (await this.transition(doc.rev, next)) claimed.push(next);
      else await this.log.settle(entityOf(doc._id), doc.rev + 1);
      if (claimed.length >= limit) break;
    }
    return claimed;
  }

  /** Applies `change` to an entry the caller's lease still holds, and drops the lease (unless `keep`: a renewal). */
  async withLease(id: string, leaseToken: string, change: (e: OutboxEntry) => OutboxEntry, keep = false): Promise<OutboxEntry> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.c.outbox.findOne({ _id: id });
      if (!doc) throw refuse.outboxMissing(id);
      const cur = outboxFromDoc(doc);
      if (cur.state !== 'leased' || cur.leaseToken !== leaseToken) throw refuse.leaseLost(id);
      const next = applyPatch(change(keep ? cur : released(cur)), {});
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

  /**
   * Archives delivered entries older than `before` (the outbox_delivered index, oldest first).
   * For each: its event first (so a crash never loses the delivery from the history; a crash
   * before the delete at worst logs it twice), then the view, only at the revision read and only
   * while delivered, then its commits. A replay that forced the entry back at the next revision
   * meanwhile is rolled forward again, so it is never lost (on FerretDB the conditional delete is
   * not atomic; the put upserts the view back).
   */
  async trimDelivered(before: string, limit: number, archived: (entry: OutboxEntry) => EventRecord): Promise<number> {
    let n = 0;
    const docs = await this.c.outbox.find({ state: 'delivered', deliveredAt: { $lt: isoTime(before) } }).sort({ state: 1, deliveredAt: 1 }).limit(limit).toArray();
    for (const doc of docs) {
      await insertIfAbsent(this.c.events, eventToDoc(archived(outboxFromDoc(doc))));
      const gone = await this.c.outbox.deleteOne({ _id: doc._id, rev: doc.rev, state: 'delivered' });
      if (gone.deletedCount === 0) continue;
      await this.c.commits.deleteMany({ _id: { $in: Array.from({ length: doc.rev }, (_, i) => commitId(entityOf(doc._id), i + 1)) } });
      await this.log.settle(entityOf(doc._id), doc.rev + 1);
      n++;
    }
    return n;
  }

  async list(query: OutboxQuery): Promise<OutboxEntry[]> {
    const f: Filter<OutboxDoc> = {};
    if (query.submissionId !== undefined) f.submissionId = query.submissionId;
    if (query.connector !== undefined) f.connector = query.connector;
    if (query.state !== undefined) f.state = query.state;
    if (query.partitionKey !== undefined) f.partitionKey = query.partitionKey;
    if (query.after !== undefined) {
      // After that entry's place in (seq, _id) order; an id that is not there matches nothing.
      const from = await this.c.outbox.findOne({ _id: query.after }, { projection: { seq: 1 } });
      if (!from) return [];
      f.$or = [{ seq: { $gt: from.seq } }, { seq: from.seq, _id: { $gt: query.after } }];
    }
    const docs = await this.c.outbox
      .find(f)
      .sort({ seq: 1, _id: 1 })
      .limit(query.limit ?? 1000)
      .toArray();
    return docs.map(outboxFromDoc);
  }

  /**
   * The figures per (connector, state). FerretDB 1.24 has `$group` with `$sum` but no `$min` or
   * `$first` (and uses no index: every query reads the whole collection), so the counts are one
   * `$group` and the ages one look at the oldest waiting entries, with a look per connector and
   * state only for what that first look did not settle. On MongoDB each of those reads an index.
   */
  async counts(): Promise<OutboxCount[]> {
    const groups = await this.c.outbox
      .aggregate<{ _id: { connector: string; state: OutboxState }; count: number }>([
        { $group: { _id: { connector: '$connector', state: '$state' }, count: { $sum: 1 } } },
      ])
      .toArray();
    const oldest = await this.oldestWaiting(groups.map((g) => g._id).filter((g) => WAITING_STATES.includes(g.state)));
    return sortCounts(
      groups.map(({ _id: { connector, state }, count }) => {
        const at = oldest.get(groupOf(connector, state));
        return { connector, state, count, ...(at !== undefined ? { oldestCreatedAt: at } : {}) };
      }),
    );
  }

  /**
   * The oldest `createdKey` of each waiting (connector, state). Entries are read oldest first; a
   * group is settled at its first entry with a `createdKey`. Entries stored before `createdKey`
   * existed sort before every other, so by then all of them have been seen (and compared by
   * their `createdAt`).
   */
  private async oldestWaiting(groups: Array<{ connector: string; state: OutboxState }>): Promise<Map<string, string>> {
    const oldest = new Map<string, string>();
    const settled = new Set<string>();
    const note = (d: AgeDoc): void => {
      const g = groupOf(d.connector, d.state);
      if (settled.has(g)) return;
      const at = d.createdKey ?? isoTime(d.createdAt);
      const seen = oldest.get(g);
      if (seen === undefined || at < seen) oldest.set(g, at);
      if (d.createdKey !== undefined) settled.add(g);
    };
    const oldestFirst = (filter: Filter<OutboxDoc>) =>
      this.c.outbox.find(filter, { projection: { _id: 0, connector: 1, state: 1, createdAt: 1, createdKey: 1 } }).sort({ createdKey: 1 });
    if (groups.length === 0) return oldest;
    for (const d of await oldestFirst({ state: { $in: [...WAITING_STATES] } }).limit(AGE_LOOKAHEAD).toArray()) note(d);
    // A group the first look did not reach (another connector's long queue filled it) on its own.
    for (const { connector, state } of groups) {
      const g = groupOf(connector, state);
      if (settled.has(g)) continue;
      for await (const d of oldestFirst({ connector, state })) {
        note(d);
        if (settled.has(g)) break;
      }
    }
    return oldest;
  }
}
