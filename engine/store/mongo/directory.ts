/**
 * The directory in the MongoDB store, all-or-nothing without transactions (FerretDB 1.x has none,
 * and its conditional updates are not atomic; only a unique insert is).
 *
 * Each kind's rows live in a *generation*: a collection (`dir_<kind>_<time>_<random>`) holding
 * the whole kind as one batch left it. A batch never changes a generation readers can see:
 *  1. stage: it writes a new generation — the rows it leaves (a full batch's rows; for a delta,
 *     the current generation's rows with its changes made), unchanged rows keeping their
 *     `updatedAt` — with its indexes, in a collection nobody reads yet;
 *  2. decide: it inserts its batch log entry `{ _id: seq, key, generation }` into
 *     `directoryBatches`. `_id` (the next seq) and `key` are unique, so of two writers only one
 *     takes a seq, and a key is taken once. From that insert on, readers read the new generation;
 *  3. finish: the event is inserted (its id is fixed, so twice is once), the generation two
 *     batches back is dropped, and the entry loses its `open` mark.
 * A crash before 2 leaves the old generation current (the half-staged collection is dropped by a
 * later open, once it is an hour old: a live writer may still be staging it); a crash after 2
 * leaves the new one current, and whoever next sees the open entry (any reader, writer or open)
 * finishes it. Readers look up the current generation from the batch log (a cached head, moved
 * on by probing for the next seq, an `_id` lookup in a small collection), read it, and read
 * again in the rare case two newer batches were decided meanwhile (so theirs may be dropped).
 * The price: every batch writes its kind in full (a 1,000-row delta over 100,000 children copies
 * them); the gain: no row is ever updated in place, so nothing can be seen half-done.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Collection, Document, Filter, IndexDescription } from 'mongodb';
import type { AppliedBatch, Child, ChildSearch, DirectoryBatch, DirectoryCounts, DirectoryKind, Team, Worker } from '../../directory/model.js';
import { DIRECTORY_KINDS } from '../../directory/model.js';
import type { EventRecord } from '../events.js';
import {
  appliedBatch,
  emailKey,
  idKey,
  nameWords,
  planBatch,
  prefixEnd,
  replayOf,
  searchWords,
  touchedIds,
  type StoredRow,
} from '../directory.js';
import { insertIfAbsent, isDuplicateKey, type Collections, type EventDoc } from './collections.js';
import { eventToDoc } from './mapping.js';

/** One entry of the batch log; `generation` is the collection that holds its kind after it. */
export interface DirectoryBatchDoc {
  _id: number;
  key: string;
  kind: DirectoryKind;
  generation: string;
  applied: AppliedBatch;
  event: EventDoc;
  /** Until finished (event written, old generation dropped). */
  open?: true;
}

/** A row in a generation: the row's own fields, `_id` its id, and what it is found and compared by. */
type RowDoc = Document & { _id: string; updatedAt: string; hash: string; idKey: string; words?: string[]; emailKey?: string };
const INTERNAL = ['_id', 'hash', 'idKey', 'words', 'emailKey'] as const;

const INDEXES: Record<DirectoryKind, IndexDescription[]> = {
  children: [
    { key: { idKey: 1 } },
    { key: { words: 1 } },
    { key: { name: 1, _id: 1 } },
    { key: { dateOfBirth: 1, name: 1, _id: 1 } },
    { key: { allocatedWorkerId: 1, name: 1, _id: 1 } },
    { key: { team: 1, name: 1, _id: 1 } },
    // Children by team in id order, page by page (listChildren).
    { key: { team: 1, _id: 1 } },
    { key: { restricted: 1, name: 1, _id: 1 } },
    { key: { mergedInto: 1, name: 1, _id: 1 } },
  ],
  workers: [{ key: { emailKey: 1 } }, { key: { name: 1, _id: 1 } }, { key: { team: 1, name: 1, _id: 1 } }, { key: { managerId: 1, name: 1, _id: 1 } }],
  teams: [{ key: { name: 1, _id: 1 } }],
};

/** Rows per insert (unless a test seam says otherwise). */
const CHUNK = 1000;
/** A staged generation no batch names, this old, belongs to a writer that died: dropped on open. */
const ORPHAN_AFTER_MS = 60 * 60 * 1000;
/** A writer that took longer than this to stage stages again rather than decide (so orphan clean-up can never drop what it decides). */
const STAGE_FOR_AT_MOST_MS = ORPHAN_AFTER_MS / 2;
const MAX_ATTEMPTS = 50;

const hashOf = (content: string): string => createHash('sha1').update(content).digest('base64url');
const generationName = (kind: DirectoryKind, at: number): string => `dir_${kind}_${at}_${randomBytes(4).toString('hex')}`;
const generationTime = (name: string): number | null => {
  const m = /^dir_(?:children|workers|teams)_(\d+)_[0-9a-f]+$/.exec(name);
  return m ? Number(m[1]) : null;
};
const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function rowDoc(kind: DirectoryKind, row: StoredRow, content: string, updatedAt: string): RowDoc {
  const { id, ...rest } = row;
  const doc: RowDoc = { _id: id, ...rest, updatedAt, hash: hashOf(content), idKey: idKey(id) };
  if (kind === 'children') doc.words = nameWords(row.name as string);
  if (kind === 'workers' && typeof row.email === 'string') doc.emailKey = emailKey(row.email);
  return doc;
}

function rowOf<T>(doc: Document): T {
  const out: Record<string, unknown> = { id: doc._id };
  for (const [k, v] of Object.entries(doc)) if (!(INTERNAL as readonly string[]).includes(k)) out[k] = v;
  return out as T;
}

/** What this process knows of the batch log: the newest seq, and each kind's newest batches (newest first). */
interface Head {
  seq: number;
  recent: Record<DirectoryKind, DirectoryBatchDoc[]>;
}

function isMissingCollection(err: unknown): boolean {
  return err instanceof Error && /ns not found|NamespaceNotFound|not exist/i.test(err.message);
}

export class MongoDirectory {
  private head: Head | null = null;
  private ready: Promise<void> | null = null;
  /** Batches from this process go one at a time (others are decided between by the unique seq). */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly c: Collections,
    private readonly step: (name: string) => void,
    private readonly chunk = CHUNK,
  ) {}

  private get batches(): Collection<DirectoryBatchDoc> {
    return this.c.db.collection<DirectoryBatchDoc>('directoryBatches');
  }

  private rows(name: string): Collection<RowDoc> {
    return this.c.db.collection<RowDoc>(name);
  }

  /** Indexes of the batch log, once per process. */
  private init(): Promise<void> {
    this.ready ??= (async () => {
      for (const index of [
        { name: 'directory_batches_key', key: { key: 1 }, unique: true },
        { name: 'directory_batches_kind', key: { kind: 1, _id: -1 } },
        { name: 'directory_batches_open', key: { open: 1 }, sparse: true },
      ] as IndexDescription[]) {
        await this.batches.createIndexes([index]);
      }
    })().catch((err: unknown) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  /**
   * On open: finishes batches a crash left decided but unfinished, and drops generations no
   * batch names that are old enough to be a dead writer's.
   */
  async sweep(options: { orphans?: boolean } = {}): Promise<void> {
    await this.init();
    for (const b of await this.batches.find({ open: true }).sort({ _id: 1 }).toArray()) await this.finish(b);
    if (!options.orphans) return;
    const head = await this.current();
    const live = new Set(DIRECTORY_KINDS.flatMap((k) => head.recent[k].map((b) => b.generation)));
    const names = (await this.c.db.listCollections({}, { nameOnly: true }).toArray()).map((x) => x.name);
    for (const name of names) {
      const at = generationTime(name);
      if (at === null || live.has(name) || Date.now() - at < ORPHAN_AFTER_MS) continue;
      await this.drop(name);
    }
  }

  private async drop(name: string): Promise<void> {
    try {
      await this.c.db.dropCollection(name);
    } catch (err) {
      if (!isMissingCollection(err)) throw err;
    }
  }

  /** The batch log's head, moved on to the newest decided batch (finishing any still open). */
  private async current(): Promise<Head> {
    await this.init();
    if (!this.head) {
      const [top] = await this.batches.find({}).sort({ _id: -1 }).limit(1).toArray();
      const recent = {} as Head['recent'];
      for (const kind of DIRECTORY_KINDS) recent[kind] = await this.batches.find({ kind }).sort({ _id: -1 }).limit(2).toArray();
      this.head = { seq: top?._id ?? 0, recent };
      for (const kind of DIRECTORY_KINDS) for (const b of recent[kind]) if (b.open) await this.finish(b);
    }
    for (;;) {
      const next = await this.batches.findOne({ _id: this.head.seq + 1 });
      if (!next) return this.head;
      this.learn(next);
      if (next.open) await this.finish(next);
    }
  }

  private learn(b: DirectoryBatchDoc): void {
    const head = this.head!;
    if (b._id > head.seq) head.seq = b._id;
    const list = head.recent[b.kind].filter((x) => x._id !== b._id);
    list.push(b);
    list.sort((x, y) => y._id - x._id);
    head.recent[b.kind] = list.slice(0, 3);
  }

  /** Writes the event, drops the generation two batches back, and marks the batch finished. Any number of times. */
  private async finish(b: DirectoryBatchDoc): Promise<void> {
    await insertIfAbsent(this.c.events, b.event);
    this.step('directory.event-logged');
    const older = await this.batches.find({ kind: b.kind, _id: { $lt: b._id } }).sort({ _id: -1 }).limit(2).toArray();
    if (older[1]) await this.drop(older[1].generation);
    await this.batches.updateOne({ _id: b._id }, { $unset: { open: '' } });
    this.step('directory.finished');
  }

  applyBatch(batch: DirectoryBatch, event: EventRecord): Promise<{ applied: AppliedBatch; replayed: boolean }> {
    const run = this.writing.then(() => this.apply(batch, event));
    this.writing = run.catch(() => {});
    return run;
  }

  private async apply(batch: DirectoryBatch, event: EventRecord): Promise<{ applied: AppliedBatch; replayed: boolean }> {
    let staged: { name: string; base: number | null; at: number; plan: ReturnType<typeof planBatch>; total: number } | null = null;
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const head = await this.current();
        const prior = await this.batches.findOne({ key: batch.key });
        if (prior) return replayOf(prior.applied, batch);
        const base = head.recent[batch.kind][0] ?? null;
        if (staged && (staged.base !== (base?._id ?? null) || Date.now() - staged.at > STAGE_FOR_AT_MOST_MS)) {
          await this.drop(staged.name);
          staged = null;
        }
        staged ??= await this.stage(batch, base);
        const seq = head.seq + 1;
        const doc: DirectoryBatchDoc = {
          _id: seq,
          key: batch.key,
          kind: batch.kind,
          generation: staged.name,
          applied: appliedBatch(batch, seq, staged.plan, staged.total),
          event: eventToDoc(event),
          open: true,
        };
        try {
          await this.batches.insertOne(doc);
        } catch (err) {
          // Another batch took this seq (or this key) first: look again.
          if (isDuplicateKey(err)) continue;
          throw err;
        }
        staged = null;
        this.step('directory.decided');
        this.learn(doc);
        await this.finish(doc);
        return { applied: doc.applied, replayed: false };
      }
      throw new Error(`MongoDB store: could not apply directory batch "${batch.key}" after ${MAX_ATTEMPTS} attempts.`);
    } finally {
      // Not decided (replayed, refused or failed): nobody will read it.
      if (staged) await this.drop(staged.name).catch(() => {});
    }
  }

  /** Writes the generation this batch leaves, in a collection nobody reads yet. */
  private async stage(batch: DirectoryBatch, base: DirectoryBatchDoc | null) {
    const at = Date.now();
    const name = generationName(batch.kind, at);
    const target = this.rows(name);
    for (const index of INDEXES[batch.kind]) await target.createIndexes([index]);
    const from = base ? this.rows(base.generation) : null;

    // What is stored now, as id → hash (and each row's time, which unchanged rows keep).
    const existing = new Map<string, string>();
    const times = new Map<string, string>();
    if (from) {
      const filter: Filter<RowDoc> = batch.mode === 'full' ? {} : { _id: { $in: touchedIds(batch) } };
      for await (const d of from.find(filter, { projection: { hash: 1, updatedAt: 1 } })) {
        existing.set(d._id, d.hash);
        times.set(d._id, d.updatedAt);
      }
    }
    const plan = planBatch(batch, existing, hashOf);

    let buffer: RowDoc[] = [];
    let total = 0;
    const flush = async () => {
      if (!buffer.length) return;
      await target.insertMany(buffer, { ordered: false });
      total += buffer.length;
      buffer = [];
      if (total >= this.chunk && total < 2 * this.chunk) this.step('directory.staging');
    };
    const put = async (doc: RowDoc) => {
      buffer.push(doc);
      if (buffer.length >= this.chunk) await flush();
    };

    if (batch.mode === 'full') {
      for (const p of plan.puts) await put(rowDoc(batch.kind, p.row, p.content, batch.appliedAt));
      // Unchanged rows as they were, with their time.
      for (const u of plan.unchanged) await put(rowDoc(batch.kind, u.row, u.content, times.get(u.row.id)!));
    } else {
      const dropped = new Set([...plan.deletes, ...plan.puts.map((p) => p.row.id)]);
      if (from) for await (const d of from.find({})) if (!dropped.has(d._id)) await put(d);
      for (const p of plan.puts) await put(rowDoc(batch.kind, p.row, p.content, batch.appliedAt));
    }
    await flush();
    this.step('directory.staged');
    return { name, base: base?._id ?? null, at, plan, total };
  }

  /**
   * Runs a read on the kind's current generation. A generation is dropped only once two newer
   * batches of its kind are decided, so when that has not happened by the end, what was read is
   * one whole generation; otherwise it is read again.
   */
  private async read<T>(kind: DirectoryKind, empty: T, fn: (rows: Collection<RowDoc>) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const gen = (await this.current()).recent[kind][0];
      if (!gen) return empty;
      let result: T;
      try {
        result = await fn(this.rows(gen.generation));
      } catch (err) {
        if (attempt < 5 && (await this.current()).recent[kind][0]?._id !== gen._id) continue;
        throw err;
      }
      const newer = (await this.current()).recent[kind].filter((b) => b._id > gen._id).length;
      if (newer < 2 || attempt >= 5) return result;
    }
  }

  getChildren(ids: readonly string[]): Promise<Child[]> {
    return this.byIds<Child>('children', ids);
  }

  getWorkers(ids: readonly string[]): Promise<Worker[]> {
    return this.byIds<Worker>('workers', ids);
  }

  private byIds<T>(kind: DirectoryKind, ids: readonly string[]): Promise<T[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.read(kind, [] as T[], async (rows) => (await rows.find({ _id: { $in: [...ids] } }).sort({ _id: 1 }).toArray()).map(rowOf<T>));
  }

  searchChildren(search: ChildSearch, limit: number): Promise<Child[]> {
    const and: Filter<RowDoc>[] = [];
    if (search.id !== undefined && search.id.trim() !== '') {
      const k = idKey(search.id.trim());
      and.push({ idKey: { $gte: k, $lt: prefixEnd(k) } });
    }
    for (const w of searchWords(search.name ?? '')) and.push({ words: { $regex: `^${escapeRegex(w)}` } });
    if (search.dateOfBirth !== undefined) and.push({ dateOfBirth: search.dateOfBirth });
    if (search.allocatedWorkerIds !== undefined) and.push({ allocatedWorkerId: { $in: search.allocatedWorkerIds } });
    if (search.teams !== undefined) and.push({ team: { $in: search.teams } });
    if (search.mergedInto !== undefined) and.push({ mergedInto: { $in: search.mergedInto } });
    if (search.restricted !== undefined) and.push({ restricted: search.restricted });
    const n = Math.max(0, Math.floor(limit));
    if (n === 0) return Promise.resolve([]);
    return this.read('children', [] as Child[], async (rows) =>
      (await rows.find(and.length ? { $and: and } : {}).sort({ name: 1, _id: 1 }).limit(n).toArray()).map(rowOf<Child>),
    );
  }

  /** Children by id, only those in `teams` when given; `next` is the last id shown. */
  listChildren(query: { teams?: readonly string[] }, page: { limit: number; after?: string }): Promise<{ items: Child[]; next: string | null }> {
    const and: Filter<RowDoc>[] = [];
    if (query.teams !== undefined) and.push({ team: { $in: [...query.teams] } });
    if (page.after !== undefined) and.push({ _id: { $gt: page.after } });
    const none = { items: [] as Child[], next: null };
    return this.read('children', none, async (rows) => {
      const docs = await rows.find(and.length ? { $and: and } : {}).sort({ _id: 1 }).limit(page.limit + 1).toArray();
      const items = docs.slice(0, page.limit).map(rowOf<Child>);
      return { items, next: docs.length > page.limit ? items.at(-1)!.id : null };
    });
  }

  findWorkersByEmail(email: string): Promise<Worker[]> {
    return this.read('workers', [] as Worker[], async (rows) => (await rows.find({ emailKey: emailKey(email) }).sort({ _id: 1 }).toArray()).map(rowOf<Worker>));
  }

  listWorkers(query: { team?: string; managerId?: string }, limit: number): Promise<Worker[]> {
    const filter: Filter<RowDoc> = {};
    if (query.team !== undefined) filter.team = query.team;
    if (query.managerId !== undefined) filter.managerId = query.managerId;
    const n = Math.max(0, Math.floor(limit));
    if (n === 0) return Promise.resolve([]);
    return this.read('workers', [] as Worker[], async (rows) => (await rows.find(filter).sort({ name: 1, _id: 1 }).limit(n).toArray()).map(rowOf<Worker>));
  }

  listTeams(): Promise<Team[]> {
    return this.read('teams', [] as Team[], async (rows) => (await rows.find({}).sort({ name: 1, _id: 1 }).toArray()).map(rowOf<Team>));
  }

  /** From the batch log's head alone. */
  async counts(): Promise<DirectoryCounts> {
    const head = await this.current();
    const out: DirectoryCounts = { children: 0, workers: 0, teams: 0, last: {} };
    for (const kind of DIRECTORY_KINDS) {
      const b = head.recent[kind][0];
      if (!b) continue;
      out[kind] = b.applied.total;
      out.last[kind] = b.applied;
    }
    return out;
  }

  async listBatches(query: { kind?: DirectoryKind; limit?: number }): Promise<AppliedBatch[]> {
    await this.current();
    const limit = Math.max(0, Math.floor(query.limit ?? 50));
    if (limit === 0) return [];
    const docs = await this.batches
      .find(query.kind === undefined ? {} : { kind: query.kind }, { projection: { applied: 1 } })
      .sort({ _id: -1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => d.applied);
  }
}
