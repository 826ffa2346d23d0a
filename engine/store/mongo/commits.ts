/**
 * The commit log: how each change is all-or-nothing and compare-and-set without transactions.
 *
 * FerretDB 1.x applies `update`/`findAndModify` as read, modify, write-back-by-`_id`, so their
 * filters are not atomic; only a unique insert is. So a change to a record is decided by
 * inserting one commit document `<entity>#<rev>` holding the record's new state and the events
 * and outbox entries that go with it. Whoever inserts it has made the change; everyone else
 * who read the same revision gets a duplicate key. Then, before the method returns, the commit
 * is rolled forward: the view is written, the relay entries (events, outbox entries, tracked
 * actions…) inserted (deterministic ids, so a repeat is a no-op), and the commit marked finished. A crash after the insert loses nothing:
 * open commits are rolled forward on open and before the outbox or event log is read.
 * Commits stay as tombstones (without their state), so a revision can never be taken twice.
 */
import type { Document } from 'mongodb';
import { insertIfAbsent, isDuplicateKey, type CommitDoc, type Collections, type RelayEntry, type ViewName } from './collections.js';

/** What every view document has in common. */
type ViewDoc = Document & { _id: string; rev: number };

export const commitId = (entity: string, rev: number): string => `${entity}#${rev}`;

export interface NewCommit {
  entity: string;
  rev: number;
  view: ViewName;
  state: Document;
  relay: RelayEntry[];
  /**
   * A change of one record with nothing to relay, whose every writer settles a commit it trips
   * over (the outbox's leases): stored already finished, so it costs two fewer writes. A crash
   * before its view is written leaves the view one step behind until the next writer settles it.
   */
  light?: boolean;
  /** Extra unique claims decided together with the change (draft slot, submit sequence, username, audit sequence). */
  claims?: Pick<CommitDoc, 'draftForm' | 'draftRev' | 'draftKey' | 'draftVersion' | 'submitSeq' | 'idempotencyKey' | 'accountUsername' | 'adminStep' | 'auditSeq'>;
}

/** Bound on compare-and-set retries, so a bug shows as an error rather than a spin. */
export const MAX_ATTEMPTS = 100;

export class CommitLog {
  constructor(
    private readonly c: Collections,
    private readonly step: (name: string) => void,
  ) {}

  /**
   * Inserts the commit and rolls it forward. False, with nothing written, if that revision of the
   * entity or one of its claims is already taken.
   */
  async commit(change: NewCommit, stepName: string): Promise<boolean> {
    const doc: CommitDoc = {
      _id: commitId(change.entity, change.rev),
      entity: change.entity,
      rev: change.rev,
      view: change.view,
      state: change.state,
      relay: change.relay,
      ...(change.light ? {} : { open: true }),
      ...change.claims,
    };
    try {
      await this.c.commits.insertOne(doc);
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    this.step(stepName);
    await this.rollForward(doc);
    return true;
  }

  /**
   * A compare-and-set change of one record: `read` its view document, `decide` its state at the
   * next commit revision `rev` with the relay entries that go with it (a refusal, such as a stale
   * revision, is thrown from there), and commit that. When another writer took `rev` first,
   * their commit is finished and the change decided again on what is there now.
   */
  async change<D extends ViewDoc>(
    target: { entity: string; view: ViewName; read: () => Promise<D | null>; missing: () => Error },
    decide: (doc: D, rev: number) => { state: D; relay: RelayEntry[] },
    stepName: string,
  ): Promise<D> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await target.read();
      if (!doc) throw target.missing();
      const rev = doc.rev + 1;
      const { state, relay } = decide(doc, rev);
      if (await this.commit({ entity: target.entity, rev, view: target.view, state, relay }, stepName)) return state;
      // Someone else changed it first: read again (most often now stale).
      await this.settle(target.entity, rev);
    }
    throw new Error(`MongoDB store: could not change ${target.entity} after ${MAX_ATTEMPTS} attempts.`);
  }

  async get(entity: string, rev: number): Promise<CommitDoc | null> {
    return this.c.commits.findOne({ _id: commitId(entity, rev) });
  }

  /** Makes sure the commit for `rev` (if any) has reached the view, e.g. after losing a race to it. */
  async settle(entity: string, rev: number): Promise<void> {
    const c = await this.get(entity, rev);
    if (c) await this.rollForward(c);
  }

  /** Finishes every open commit (left by a crash, or still in flight elsewhere: both are safe). */
  async sweep(): Promise<void> {
    for (const c of await this.c.commits.find({ open: true }).toArray()) await this.rollForward(c);
  }

  /** Writes a commit's view, relays its entries, marks it finished. Idempotent. */
  async rollForward(c: CommitDoc): Promise<void> {
    await this.putThrough(c);
    for (const entry of c.relay ?? []) {
      if (entry.to === 'events') await insertIfAbsent(this.c.events, entry.doc);
      else if (entry.to === 'outbox') await insertIfAbsent(this.c.outbox, entry.doc);
      else if (entry.to === 'actions') await insertIfAbsent(this.c.actions, entry.doc);
      else if (entry.to === 'auditAssignments') await insertIfAbsent(this.c.auditAssignments, entry.doc);
      else if (entry.to === 'optionListVersions') await insertIfAbsent(this.c.optionListVersions, entry.doc);
      else await insertIfAbsent(this.c.usernames, entry.doc);
      this.step(`relay.${entry.to}`);
    }
    if (c.open) {
      await this.c.commits.updateOne({ _id: c._id }, { $unset: { open: '', relay: '' } });
      this.step('commit.finished');
    }
    // Only the newest commit's state can be needed to repair a view. (Outbox entries keep theirs:
    // a handful each, and skipping the write speeds up every delivery.)
    if (c.rev > 1 && c.view !== 'outbox') await this.c.commits.updateOne({ _id: commitId(c.entity, c.rev - 1) }, { $unset: { state: '' } });
  }

  /**
   * Puts the commit's state into its view, then any newer commits' too. On FerretDB a put's
   * condition is not atomic, so a slow put can land over a newer one; walking on to the newest
   * commit after each put repairs that.
   */
  private async putThrough(first: CommitDoc): Promise<void> {
    let c: CommitDoc | null = first;
    while (c) {
      if (c.state) {
        await this.put(c.view, c.state, c.rev);
        if (c === first) this.step('view.put');
        // A record's first state is put with a plain insert, which can never land over a newer
        // one (it fails when the view is there), so there is nothing to repair after it. A newer
        // commit not yet in the view is rolled forward by its writer, the sweep (open commits)
        // or the next writer who trips over it (light ones). Skipping the look-ahead matters on
        // FerretDB, where looking for a document that is not there reads the whole collection.
        if (c.rev === 1) return;
      }
      c = await this.get(c.entity, c.rev + 1);
    }
  }

  private async put(view: ViewName, state: Document, rev: number): Promise<void> {
    const coll = this.c.db.collection<ViewDoc>(view);
    try {
      // A record's first state is a plain insert (cheap everywhere; FerretDB scans on every update).
      if (rev === 1) await coll.insertOne(state as ViewDoc);
      else {
        // Only moves the view forward. Both steps filter on `_id` alone: FerretDB reads the whole
        // collection for any other filter. A newer put landing in between is repaired by the
        // walk on in putThrough, as a non-atomic conditional put always needed here.
        const current = await coll.findOne({ _id: state._id as string }, { projection: { rev: 1 } });
        if (current && current.rev >= rev) return;
        await coll.replaceOne({ _id: state._id as string }, state, { upsert: true });
      }
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
