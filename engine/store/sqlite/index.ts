/**
 * The embedded store: one SQLite file (WAL), better-sqlite3. Every method is one transaction,
 * so each change and its event (and outbox entries) are written together or not at all.
 * Write transactions are IMMEDIATE, so several processes can share the file safely.
 */
import type { FileStore } from '../files.js';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { isEnabledAdmin, type Account, type ApiToken, type Session } from '../../accounts/model.js';
import { ConflictError } from '../../errors.js';
import { formWithRevision, type Form, type FormVersion, type StoredForm } from '../../forms/model.js';
import { summaryOf, type OptionListSummary, type OptionListVersion } from '../../forms/option-lists.js';
import type { Submission, SubmissionStatus } from '../../submissions/model.js';
import type { Connector, ConnectorPatch, Mapping } from '../../sync/model.js';
import type { AccountPatch, CreateSubmissionOptions, FormPatch, LimitHit, MappingQuery, Page, Store, ReviewQueueQuery, SubmissionPatch, SubmissionQuery, VersionPatch } from '../contract.js';
import type { ActionPatch, ActionQuery, OwnerActionCount, TrackedAction } from '../../actions/model.js';

import { patchedConnector } from '../connectors.js';
import type { EventQuery, EventRecord } from '../events.js';
import type { StoreHooks } from '../hooks.js';
import { cursor, isoTime, refuse } from '../messages.js';
import { leaseEnd } from '../lease.js';
import {
  leased,
  newOutboxEntries,
  released,
  replayable,
  sortCounts,
  WAITING_STATES,
  type ClaimRequest,
  type OutboxCount,
  type OutboxEntry,
  type OutboxQuery,
  type OutboxSeed,
  type OutboxState,
} from '../outbox.js';
import { migrate } from './migrations.js';
import { keptTeamSql, SqliteDirectory } from './directory.js';
import { SqliteAudits } from './audits.js';
import type { AssignmentPatch, AssignmentQuery, AuditAssignment, AuditSample } from '../../audits/model.js';
import type { AppliedBatch, Child, ChildSearch, DirectoryBatch, DirectoryCounts, DirectoryKind, Team as DirectoryTeam, Worker } from '../../directory/model.js';
import { nearerBound, reachBoundSql, submissionPageSql, submissionWhere } from './submission-list.js';
import { dueOf, reviewColumns, reviewQueueCountSql, reviewQueuePageSql } from './review-queue.js';
import { actionCountSql, actionCountsByOwnerSql, actionPageSql, insertAction, updateAction } from './actions.js';
import { dueCursor } from '../due-cursor.js';
import { formatReference, referenceSeriesOf } from '../../submissions/reference.js';
import type { TallyQuery, TallyRow } from '../../timeliness/model.js';
import { checkChildPage } from '../tally.js';
import { runTally } from './tally.js';
import { measureKeys, withMeasures } from '../../timeliness/measure-keys.js';
import { SqliteNotifications } from './notifications.js';
import { SqliteFiles } from './files.js';
import { WalSync } from './wal-sync.js';
import { StoreNotifications } from '../notifications.js';

/** SQLite's page cache, as `cache_size` takes it (negative: KiB): usually, and while a directory batch runs. */
const PAGE_CACHE_KIB = -8192;
const BATCH_PAGE_CACHE_KIB = -32768;

/** Records filled in per write by fillMeasures. */
const FILL_BATCH = 200;

export interface SqliteStoreOptions {
  file: string;
  hooks?: StoreHooks;
  /** How long a writer waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
}

/**
 * The store's folder and files hold every record and every password and session hash: they are
 * made the owner's alone (folder 0700, files 0600) whatever the umask, and files an older
 * version left readable are closed up. SQLite gives the -wal and -shm files the main file's mode.
 */
function makePrivate(file: string): void {
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    closeSync(openSync(file, 'a', 0o600));
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(f)) chmodSync(f, 0o600);
  } catch (err) {
    throw new Error(`The data folder ${dir} cannot be made private to this service's user (folder 0700, files 0600): ${(err as Error).message}. Use a folder this user owns (CASEFORMS_DATA_DIR).`, { cause: err });
  }
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  makePrivate(options.file);
  const db = new Database(options.file);
  let wal = false;
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    wal = db.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    // A committed write survives power loss too, not only a process crash: in WAL mode COMMIT does
    // not wait for the disk (NORMAL), but no write is acknowledged before its WAL frames are
    // fsynced, off the event loop (./wal-sync.ts; FULL did that fsync inside COMMIT, blocking
    // every request). Without WAL (a file system that cannot share memory), FULL as before.
    db.pragma(wal ? 'synchronous = NORMAL' : 'synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // 8 MB of pages: an export reading every record (issue 17) fills whatever this is, and counts in
    // the server's memory. A directory batch gets more while it runs (applyDirectoryBatch).
    db.pragma(`cache_size = ${PAGE_CACHE_KIB}`);
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  // Also makes what the migrations wrote durable.
  const sync = wal ? new WalSync(options.file) : null;
  // Uploaded files' bytes live beside the database (see ./files.ts for why not BLOBs).
  return new SqliteStore(db, options.hooks ?? {}, join(dirname(options.file), 'files'), sync);
}

type Row = { doc: string };

/** What a step on a record writes with it (updateDraft, updateSubmitted). */
type StepOptions = { outbox: OutboxSeed[]; event: EventRecord; actions?: TrackedAction[] };

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
const parse = <T>(row: Row | undefined): T | null => (row ? (JSON.parse(row.doc) as T) : null);

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** The `table.column` a unique violation names ("UNIQUE constraint failed: accounts.username"). */
function violatedColumn(err: unknown): string | null {
  const m = /constraint failed: (\S+)/.exec((err as Error).message ?? '');
  return m ? m[1]! : null;
}

/** A JSON round trip: what a later read gives back (no `undefined` keys). */
const asStored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

// messages.ts has no wording for these (a SHA-256 collision, or the same record inserted twice).
const tokenExists = () => new ConflictError('This API token is already stored.');
const sessionExists = () => new ConflictError('This session is already stored.');

/** Events per INSERT statement when many are appended at once. */
const EVENT_ROWS = 64;

// The email notification methods are StoreNotifications' (../notifications.ts), on this.notifications.
class SqliteStore extends StoreNotifications implements Store {
  readonly kind = 'sqlite' as const;
  readonly files: FileStore;

  constructor(
    private readonly db: Database.Database,
    private readonly hooks: StoreHooks,
    filesFolder: string,
    private readonly wal: WalSync | null,
  ) {
    super();
    this.files = new SqliteFiles(filesFolder, (text) => this.sql(text), (fn) => this.tx(fn), (e) => this.insertEvent(e), (name) => this.step(name));
    this.directory = new SqliteDirectory((text) => this.sql(text), (name) => this.step(name));
    this.audits = new SqliteAudits((text) => this.sql(text), (fn) => this.tx(fn), (e) => this.insertEvent(e), (name) => this.step(name));
    this.notifications = new SqliteNotifications((text) => this.sql(text), (fn) => this.tx(fn), (e) => this.insertEvent(e));
    this.savepoint = db.transaction((fn: () => unknown) => fn());
    this.batch = db.transaction((ops: Array<() => unknown>) =>
      ops.map((fn): { ok: true; value: unknown } | { ok: false; error: unknown } => {
        try {
          return { ok: true, value: this.savepoint(fn) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  private readonly directory: SqliteDirectory;
  private readonly audits: SqliteAudits;
  protected readonly notifications: SqliteNotifications;

  async ping(): Promise<void> {
    this.sql('SELECT 1').get();
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, prepared once per distinct SQL text. */
  private sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  private step(name: string): void {
    this.hooks.between?.(name);
  }

  private queue: Array<{ fn: () => unknown; resolve: (v: never) => void; reject: (e: unknown) => void }> = [];
  private flushScheduled = false;
  /** Directory batches running now: the page cache is larger until the last ends. */
  private batchesRunning = 0;
  /** Runs a function in a savepoint when called inside a transaction. */
  private readonly savepoint: (fn: () => unknown) => unknown;
  /** Runs each function in its own savepoint inside one transaction, collecting outcomes. */
  private readonly batch: Database.Transaction<(ops: Array<() => unknown>) => Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>>;

  /**
   * Runs `fn` as one all-or-nothing write. Writes queued in the same turn of the event loop
   * share one IMMEDIATE transaction, so one commit (one fsync) serves them all; each runs in its
   * own savepoint, so one that fails leaves the others whole. A write is acknowledged (or
   * refused) only after its batch has committed and the WAL has reached the disk.
   */
  private tx<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: never) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.queue.length) return;
    // While the last batch's fsync runs, writes gather for one commit after it (group commit).
    if (this.wal?.busy) {
      this.flushScheduled = true;
      return this.wal.whenSettled(() => this.flush());
    }
    const ops = this.queue.splice(0);
    let results: ReturnType<typeof this.batch>;
    try {
      results = this.batch.immediate(ops.map((op) => op.fn));
    } catch (error) {
      // The commit itself failed (disk full, file closed): nothing in the batch happened.
      for (const op of ops) op.reject(error);
      return;
    }
    const settle = (error: Error | null) => {
      if (error) {
        // Committed, but not known to be on disk: nobody is told it was saved.
        for (const op of ops) op.reject(error);
        return;
      }
      ops.forEach((op, i) => {
        const r = results[i]!;
        if (r.ok) op.resolve(r.value as never);
        else op.reject(r.error);
      });
    };
    if (this.wal) this.wal.after(settle);
    else settle(null);
  }

  private insertEvent(e: EventRecord): void {
    this.sql('INSERT INTO events (id, at, actor, action, entity_kind, entity_id, doc) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(e.id, e.at, e.actor, e.action, e.entity.kind, e.entity.id, JSON.stringify(e));
  }

  // Forms

  async insertForm(form: Form, event: EventRecord): Promise<void> {
    try {
      await this.tx(() => {
        this.sql('INSERT INTO forms (id, doc) VALUES (?, ?)').run(form.id, JSON.stringify(form));
        this.step('form.inserted');
        this.insertEvent(event);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw refuse.formExists(form.id);
      throw err;
    }
  }

  private readForm(id: string): Form | null {
    const stored = parse<StoredForm>(this.sql('SELECT doc FROM forms WHERE id = ?').get(id) as Row | undefined);
    return stored && formWithRevision(stored);
  }

  async getForm(id: string): Promise<Form | null> {
    return this.readForm(id);
  }

  async listForms(): Promise<Form[]> {
    return (this.sql('SELECT doc FROM forms ORDER BY id').all() as Row[]).map((r) => formWithRevision(JSON.parse(r.doc) as StoredForm));
  }

  async updateForm(id: string, expectedRevision: number, patch: FormPatch, event: EventRecord): Promise<Form> {
    return await this.tx(() => {
      const cur = this.readForm(id);
      if (!cur) throw refuse.formMissing(id);
      if (cur.revision !== expectedRevision) throw refuse.formStale(id, cur.revision);
      // The id and the creation are kept whatever the patch holds at run time.
      const next = asStored<Form>({ ...cur, ...patch, id: cur.id, createdBy: cur.createdBy, createdAt: cur.createdAt, revision: cur.revision + 1 });
      this.sql('UPDATE forms SET doc = ? WHERE id = ?').run(JSON.stringify(next), id);
      this.step('form.updated');
      this.insertEvent(event);
      return next;
    });
  }

  // Versions

  async insertVersion(v: FormVersion, event: EventRecord): Promise<void> {
    try {
      await this.tx(() => {
        this.sql('INSERT INTO form_versions (form_id, version, status, revision, doc) VALUES (?, ?, ?, ?, ?)')
          .run(v.formId, v.version, v.status, v.revision, JSON.stringify(v));
        this.step('version.inserted');
        this.insertEvent(event);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw refuse.versionExists(v.formId, v.version);
      throw err;
    }
  }

  /** Parsed versions by key and revision: definitions are large and read on every submission. */
  private readonly versions = new LRUCache<string, FormVersion>({ max: 500 });

  private readVersion(formId: string, version: number): FormVersion | null {
    const key = `${formId}@${version}`;
    const head = this.sql('SELECT revision FROM form_versions WHERE form_id = ? AND version = ?').get(formId, version) as { revision: number } | undefined;
    if (!head) return null;
    const cached = this.versions.get(key);
    if (cached?.revision === head.revision) return cached;
    const v = parse<FormVersion>(this.sql('SELECT doc FROM form_versions WHERE form_id = ? AND version = ?').get(formId, version) as Row | undefined);
    // Shared between callers, so frozen: nobody can change what another caller reads.
    if (v) this.versions.set(key, deepFreeze(v));
    return v;
  }

  async getVersion(formId: string, version: number): Promise<FormVersion | null> {
    return this.readVersion(formId, version);
  }

  async listVersions(formId: string): Promise<FormVersion[]> {
    return (this.sql('SELECT doc FROM form_versions WHERE form_id = ? ORDER BY version DESC').all(formId) as Row[]).map(
      (r) => JSON.parse(r.doc) as FormVersion,
    );
  }

  async updateVersion(
    formId: string,
    version: number,
    expected: { status: FormVersion['status']; revision: number },
    patch: VersionPatch,
    event: EventRecord,
  ): Promise<FormVersion> {
    try {
      return await this.tx(() => {
        const cur = this.readVersion(formId, version);
        if (!cur) throw refuse.versionMissing(formId, version);
        if (cur.status !== expected.status) throw refuse.versionState(formId, version, cur.status);
        if (cur.revision !== expected.revision) throw refuse.versionStale(formId, version, cur.revision);
        const next: FormVersion = { ...cur, ...patch, revision: cur.revision + 1 };
        this.sql('UPDATE form_versions SET status = ?, revision = ?, doc = ? WHERE form_id = ? AND version = ?')
          .run(next.status, next.revision, JSON.stringify(next), formId, version);
        this.step('version.updated');
        this.insertEvent(event);
        return next;
      });
    } catch (err) {
      // Moving a version back to draft while another draft exists.
      if (isUniqueViolation(err)) throw refuse.versionExists(formId, version);
      throw err;
    }
  }

  // Shared option lists

  async insertOptionListVersion(v: OptionListVersion, event: EventRecord): Promise<void> {
    try {
      await this.tx(() => {
        if (v.version > 1 && !this.sql('SELECT 1 FROM option_list_versions WHERE list_id = ? AND version = ?').get(v.listId, v.version - 1)) {
          const any = this.sql('SELECT 1 FROM option_list_versions WHERE list_id = ?').get(v.listId);
          throw any ? refuse.optionListGap(v.listId, v.version) : refuse.optionListMissing(v.listId);
        }
        this.sql('INSERT INTO option_list_versions (list_id, version, doc) VALUES (?, ?, ?)').run(v.listId, v.version, JSON.stringify(v));
        this.step('option-list.inserted');
        this.insertEvent(event);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (v.version === 1) throw refuse.optionListExists(v.listId);
      const newest = (this.sql('SELECT MAX(version) AS n FROM option_list_versions WHERE list_id = ?').get(v.listId) as { n: number }).n;
      throw refuse.optionListStale(v.listId, v.version, newest);
    }
  }

  async getOptionList(id: string, version?: number): Promise<OptionListVersion | null> {
    const row = version === undefined
      ? this.sql('SELECT doc FROM option_list_versions WHERE list_id = ? ORDER BY version DESC LIMIT 1').get(id)
      : this.sql('SELECT doc FROM option_list_versions WHERE list_id = ? AND version = ?').get(id, version);
    return parse<OptionListVersion>(row as Row | undefined);
  }

  async listOptionLists(): Promise<OptionListSummary[]> {
    const rows = this.sql(
      `SELECT newest.doc AS doc, first.doc AS first FROM option_list_versions AS newest
         JOIN option_list_versions AS first ON first.list_id = newest.list_id AND first.version = 1
        WHERE newest.version = (SELECT MAX(version) FROM option_list_versions WHERE list_id = newest.list_id)
        ORDER BY newest.list_id`,
    ).all() as Array<{ doc: string; first: string }>;
    return rows.map((r) => summaryOf(JSON.parse(r.doc) as OptionListVersion, JSON.parse(r.first) as OptionListVersion));
  }

  async listOptionListVersions(id: string): Promise<OptionListVersion[]> {
    return (this.sql('SELECT doc FROM option_list_versions WHERE list_id = ? ORDER BY version DESC').all(id) as Row[]).map((r) => JSON.parse(r.doc) as OptionListVersion);
  }

  // Submissions

  private readSubmission(id: string): Submission | null {
    return parse<Submission>(this.sql('SELECT doc FROM submissions WHERE id = ?').get(id) as Row | undefined);
  }

  private writeSubmission(s: Submission, insert: boolean): void {
    const review = reviewColumns(s.review);
    const cols = [
      s.formId,
      s.version,
      s.status,
      s.subject.childId ?? null,
      s.createdBy,
      s.submittedBy ?? null,
      s.team ?? null,
      s.createdAt,
      s.revision,
      s.submitSeq ?? null,
      s.reference ?? null,
      review.state,
      review.due,
      JSON.stringify(s),
      s.timeliness ? JSON.stringify(s.timeliness) : null,
      s.subject.workerId ?? null,
    ];
    if (insert) {
      this.sql(
          `INSERT INTO submissions (id, form_id, version, status, child_id, created_by, submitted_by, team, created_at, revision, submit_seq, reference,
             review_state, review_due, doc, stamp, worker_id, child_team)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, jsonb(?), ?, ${keptTeamSql('?')})`,
        )
        .run(s.id, ...cols, s.subject.childId ?? null);
    } else {
      this.sql(
          `UPDATE submissions SET form_id = ?, version = ?, status = ?, child_id = ?, created_by = ?, submitted_by = ?, team = ?,
             created_at = ?, revision = ?, submit_seq = ?, reference = ?, review_state = ?, review_due = ?, doc = ?, stamp = jsonb(?), worker_id = ?,
             child_team = ${keptTeamSql('?')}
             WHERE id = ?`,
        )
        .run(...cols, s.subject.childId ?? null, s.id);
      // The work-list keys follow the record: whatever it had goes, what it has now (while waiting) comes.
      this.sql('DELETE FROM review_keys WHERE submission_id = ?').run(s.id);
    }
    const key = this.sql('INSERT INTO review_keys (submission_id, key, due) VALUES (?, ?, ?)');
    for (const k of review.keys) key.run(s.id, k, review.due);
  }

  /** Tracked actions a step raised; an id already there is left as it is (a repeated step). */
  private insertActions(actions: TrackedAction[] | undefined): void {
    if (!actions?.length) return;
    const insert = this.sql(insertAction.sql);
    for (const a of actions) insert.run(...insertAction.params(a));
    this.step('actions.inserted');
  }

  /** The next number of a reference series, moved on in the caller's transaction (rolled back with it). */
  private nextReference(series: string): string {
    const row = this.sql(
      `INSERT INTO reference_counters (series, value) VALUES (?, 1)
       ON CONFLICT (series) DO UPDATE SET value = value + 1 RETURNING value`,
    ).get(series) as { value: number };
    return formatReference(series, row.value);
  }

  private nextSubmitSeq(): number {
    const row = this.sql("UPDATE counters SET value = value + 1 WHERE name = 'submit_seq' RETURNING value").get() as { value: number };
    return row.value;
  }

  /** Queues the record's entries at its submit sequence, made at `at` (default: when it was submitted); an id already there is skipped. */
  private enqueue(s: Submission, seeds: OutboxSeed[], at?: string): void {
    const insert = this.sql(
      `INSERT INTO outbox (id, submission_id, connector, partition_key, seq, state, next_attempt_at, created_at, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    for (const e of newOutboxEntries(at ? { ...s, submittedAt: at } : s, s.submitSeq!, seeds, s.updatedAt)) {
      insert.run(e.id, e.submissionId, e.connector, e.partitionKey, e.seq, e.state, isoTime(e.nextAttemptAt), isoTime(e.createdAt), JSON.stringify(e));
    }
  }

  async createSubmission(
    submission: Submission,
    options: CreateSubmissionOptions,
  ): Promise<{ submission: Submission; replayed: boolean }> {
    const { idempotency } = options;
    const series = referenceSeriesOf(submission, options.referencePrefix);
    try {
      return await this.tx(() => {
        if (idempotency) {
          const prior = this.sql('SELECT fingerprint, submission_id FROM idempotency_keys WHERE key = ?').get(idempotency.key) as
            | { fingerprint: string; submission_id: string }
            | undefined;
          if (prior) {
            if (prior.fingerprint !== idempotency.fingerprint) throw refuse.keyReused();
            // The key is taken with its record in one transaction, so a record gone is a deleted draft.
            const original = this.readSubmission(prior.submission_id);
            if (!original) throw refuse.draftDeleted();
            return { submission: original, replayed: true };
          }
          this.sql('INSERT INTO idempotency_keys (key, fingerprint, submission_id) VALUES (?, ?, ?)')
            .run(idempotency.key, idempotency.fingerprint, submission.id);
          this.step('idempotency.reserved');
        }
        const stored: Submission = { ...submission, reference: this.nextReference(series) };
        if (stored.status === 'submitted') stored.submitSeq = this.nextSubmitSeq();
        this.writeSubmission(stored, true);
        this.step('submission.inserted');
        if (stored.status === 'submitted') this.enqueue(stored, options.outbox);
        this.insertActions(options.actions);
        this.insertEvent(options.event);
        return { submission: stored, replayed: false };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw refuse.submissionExists(submission.id);
      throw err;
    }
  }

  async getSubmission(id: string): Promise<Submission | null> {
    return this.readSubmission(id);
  }

  /** The record at `expectedRevision` and in `status`, or the refusal (missing, then wrong state, then stale). */
  private heldSubmission(id: string, expectedRevision: number, status: SubmissionStatus): Submission {
    const cur = this.readSubmission(id);
    if (!cur) throw refuse.submissionMissing(id);
    if (cur.status !== status) throw status === 'draft' ? refuse.submissionNotDraft(id) : refuse.submissionNotSubmitted(id);
    if (cur.revision !== expectedRevision) throw refuse.submissionStale(id, cur.revision);
    return cur;
  }

  async updateDraft(id: string, expectedRevision: number, patch: SubmissionPatch, options: StepOptions): Promise<Submission> {
    return await this.tx(() => {
      const cur = this.heldSubmission(id, expectedRevision, 'draft');
      const next: Submission = { ...cur, ...patch, revision: cur.revision + 1 };
      if (next.status === 'submitted') next.submitSeq = this.nextSubmitSeq();
      this.writeSubmission(next, false);
      this.step('submission.updated');
      if (next.status === 'submitted') this.enqueue(next, options.outbox);
      this.insertActions(options.actions);
      this.insertEvent(options.event);
      return next;
    });
  }

  async updateSubmitted(id: string, expectedRevision: number, patch: SubmissionPatch, options: StepOptions): Promise<Submission> {
    return await this.tx(() => {
      const cur = this.heldSubmission(id, expectedRevision, 'submitted');
      // The id, reference and creation are kept whatever the patch holds at run time.
      const next = asStored<Submission>({ ...cur, ...patch, id: cur.id, reference: cur.reference, createdBy: cur.createdBy, createdAt: cur.createdAt, revision: cur.revision + 1 });
      // Delivered again: after everything its child already has queued.
      if (options.outbox.length) next.submitSeq = this.nextSubmitSeq();
      this.writeSubmission(next, false);
      this.step('submission.updated');
      if (options.outbox.length) {
        // Made now, not when the record was first submitted: the queue's age is this entry's.
        this.enqueue(next, options.outbox, next.updatedAt);
        this.step('outbox.enqueued');
      }
      this.insertActions(options.actions);
      this.insertEvent(options.event);
      return next;
    });
  }

  async deleteDraft(id: string, expectedRevision: number, event: EventRecord): Promise<void> {
    await this.tx(() => {
      const cur = this.readSubmission(id);
      if (!cur) throw refuse.submissionMissing(id);
      if (cur.status !== 'draft') throw refuse.submissionNotDeletable(id);
      if (cur.review) throw refuse.returnedNotDeletable(id);
      if (cur.revision !== expectedRevision) throw refuse.submissionStale(id, cur.revision);
      // The idempotency key stays: a late retry of the create must not make the draft again.
      this.sql('DELETE FROM submissions WHERE id = ?').run(id);
      this.step('submission.deleted');
      this.insertEvent(event);
    });
  }

  async listSubmissions(query: SubmissionQuery, page: Page): Promise<{ items: Submission[]; next: string | null }> {
    // A reach's page goes no further than its author's or team's own page would (submission-list.ts).
    let bound: string | undefined;
    for (const b of reachBoundSql(query, page)) {
      const row = this.sql(b.sql).get(...b.params) as { id: string } | undefined;
      if (row) bound = nearerBound(page.order ?? 'oldest', bound, row.id);
    }
    const { sql, params } = submissionPageSql(query, page, bound);
    const rows = this.sql(sql).all(...params) as Array<Row & { id: string }>;
    const more = rows.length > page.limit;
    const items = rows.slice(0, page.limit).map((r) => JSON.parse(r.doc) as Submission);
    return { items, next: more ? cursor.encode(items.at(-1)!.id, page.order) : null };
  }

  async countSubmissions(query: SubmissionQuery): Promise<number> {
    const { sql, params } = submissionWhere(query);
    return (this.sql(`SELECT count(*) AS n FROM submissions WHERE ${sql}`).get(...params) as { n: number }).n;
  }

  // Review queue (engine/store/sqlite/review-queue.ts)

  async listReviewQueue(query: ReviewQueueQuery, page: { limit: number; after?: string }): Promise<{ items: Submission[]; next: string | null }> {
    const built = reviewQueuePageSql(query, page);
    if (!built) return { items: [], next: null };
    const rows = this.sql(built.sql).all(...built.params) as Array<Row & { due: string }>;
    const items = rows.slice(0, page.limit).map((r) => JSON.parse(r.doc) as Submission);
    const last = rows.length > page.limit ? rows[page.limit - 1]! : null;
    return { items, next: last ? dueCursor.encode(dueOf(last.due), items.at(-1)!.id) : null };
  }

  async countReviewQueue(query: ReviewQueueQuery): Promise<number> {
    const built = reviewQueueCountSql(query);
    return built ? (this.sql(built.sql).get(...built.params) as { n: number }).n : 0;
  }

  // Tracked actions (engine/store/sqlite/actions.ts)

  private readAction(id: string): TrackedAction | null {
    return parse<TrackedAction>(this.sql('SELECT doc FROM actions WHERE id = ?').get(id) as Row | undefined);
  }

  async getAction(id: string): Promise<TrackedAction | null> {
    return this.readAction(id);
  }

  async updateAction(id: string, expectedRevision: number, patch: ActionPatch, event: EventRecord): Promise<TrackedAction> {
    return await this.tx(() => {
      const cur = this.readAction(id);
      if (!cur) throw refuse.actionMissing(id);
      if (cur.revision !== expectedRevision) throw refuse.actionStale(id, cur.revision);
      // Which record raised it, and when, never change whatever the patch holds at run time.
      const next = asStored<TrackedAction>({
        ...cur,
        ...patch,
        id: cur.id,
        submissionId: cur.submissionId,
        createdAt: cur.createdAt,
        createdBy: cur.createdBy,
        revision: cur.revision + 1,
      });
      this.sql(updateAction.sql).run(...updateAction.params(next));
      this.step('action.updated');
      this.insertEvent(event);
      return next;
    });
  }

  async listActions(query: ActionQuery, page: { limit: number; after?: string }): Promise<{ items: TrackedAction[]; next: string | null }> {
    const built = actionPageSql(query, page);
    if (!built) return { items: [], next: null };
    const rows = this.sql(built.sql).all(...built.params) as Array<Row & { due_on: string; id: string }>;
    const items = rows.slice(0, page.limit).map((r) => JSON.parse(r.doc) as TrackedAction);
    const last = rows.length > page.limit ? rows[page.limit - 1]! : null;
    return { items, next: last ? dueCursor.encode(last.due_on, last.id) : null };
  }

  async countActions(query: ActionQuery): Promise<number> {
    const built = actionCountSql(query);
    return built ? (this.sql(built.sql).get(...built.params) as { n: number }).n : 0;
  }

  async actionCountsByOwner(query: { team: string; today: string }): Promise<OwnerActionCount[]> {
    const rows = this.sql(actionCountsByOwnerSql).all(query.today, query.team) as Array<{ worker: string | null; account: string | null; open: number; overdue: number }>;
    return rows.map((r) => ({
      ...(r.worker !== null ? { ownerWorkerId: r.worker } : {}),
      ...(r.account !== null ? { ownerAccountId: r.account } : {}),
      open: r.open,
      overdue: r.overdue,
    }));
  }

  // Audit programme (engine/store/sqlite/audits.ts)

  insertAssignments(items: AuditAssignment[], sample: AuditSample | null, events: EventRecord[]): Promise<void> {
    return this.audits.insert(items, sample, events);
  }

  getAssignment(id: string): Promise<AuditAssignment | null> {
    return this.audits.get(id);
  }

  updateAssignment(id: string, expectedRevision: number, patch: AssignmentPatch, event: EventRecord): Promise<AuditAssignment> {
    return this.audits.update(id, expectedRevision, patch, event);
  }

  listAssignments(query: AssignmentQuery, page: { limit: number; after?: string }): Promise<{ items: AuditAssignment[]; next: string | null }> {
    return this.audits.list(query, page);
  }

  countAssignments(query: AssignmentQuery): Promise<number> {
    return this.audits.count(query);
  }

  getSample(id: string): Promise<AuditSample | null> {
    return this.audits.getSample(id);
  }

  listSamples(page: { limit: number; after?: string }): Promise<{ items: AuditSample[]; next: string | null }> {
    return this.audits.listSamples(page);
  }

  // Events

  async appendEvent(event: EventRecord): Promise<void> {
    await this.tx(() => this.insertEvent(event));
  }

  async appendEvents(events: EventRecord[]): Promise<void> {
    // An id already there is skipped, as in the MongoDB store, so repeating a batch is harmless.
    // Rows go EVENT_ROWS to a statement (issue 17: an export logs one event per record it sends).
    const values = (n: number) => Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
    const insert = (n: number) => this.sql(`INSERT INTO events (id, at, actor, action, entity_kind, entity_id, doc) VALUES ${values(n)} ON CONFLICT (id) DO NOTHING`);
    const params = (from: number, to: number) =>
      events.slice(from, to).flatMap((e) => [e.id, e.at, e.actor, e.action, e.entity.kind, e.entity.id, JSON.stringify(e)]);
    await this.tx(() => {
      let i = 0;
      for (; i + EVENT_ROWS <= events.length; i += EVENT_ROWS) insert(EVENT_ROWS).run(params(i, i + EVENT_ROWS));
      if (i < events.length) insert(1).run(...params(i, i + 1)), i++;
      for (; i < events.length; i++) insert(1).run(params(i, i + 1));
    });
  }

  async listEvents(query: EventQuery): Promise<EventRecord[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.entityKind !== undefined) (clauses.push('entity_kind = ?'), params.push(query.entityKind));
    if (query.entityId !== undefined) (clauses.push('entity_id = ?'), params.push(query.entityId));
    if (query.actor !== undefined) (clauses.push('actor = ?'), params.push(query.actor));
    if (query.action !== undefined) (clauses.push('action = ?'), params.push(query.action));
    if (query.after !== undefined) (clauses.push('id > ?'), params.push(query.after));
    const rows = this.sql(`SELECT doc FROM events WHERE ${clauses.length ? clauses.join(' AND ') : '1'} ORDER BY id LIMIT ?`)
      .all(...params, query.limit ?? 1000) as Row[];
    return rows.map((r) => JSON.parse(r.doc) as EventRecord);
  }

  // Outbox

  private readOutbox(id: string): OutboxEntry | null {
    return parse<OutboxEntry>(this.sql('SELECT doc FROM outbox WHERE id = ?').get(id) as Row | undefined);
  }

  private writeOutbox(e: OutboxEntry): void {
    this.sql('UPDATE outbox SET state = ?, next_attempt_at = ?, lease_until = ?, lease_token = ?, doc = ? WHERE id = ?')
      .run(e.state, isoTime(e.nextAttemptAt), e.leaseUntil ?? null, e.leaseToken ?? null, JSON.stringify(e), e.id);
  }

  async claimOutbox(request: ClaimRequest): Promise<OutboxEntry[]> {
    const now = isoTime(request.now);
    const leaseUntil = leaseEnd(now, request.leaseMs);
    return await this.tx(() => {
      // Due, and no earlier entry of the same child and connector still waiting or in flight.
      const rows = this.sql(
          `SELECT o.doc FROM outbox o
           WHERE ((o.state = 'pending' AND o.next_attempt_at <= @now) OR (o.state = 'leased' AND o.lease_until <= @now))
             AND (@connector IS NULL OR o.connector = @connector)
             AND NOT EXISTS (
               SELECT 1 FROM outbox p
               WHERE p.connector = o.connector AND p.partition_key = o.partition_key
                 AND p.state IN ('pending', 'leased') AND p.seq < o.seq)
           ORDER BY o.seq, o.id
           LIMIT @limit`,
        )
        .all({ now, connector: request.connector ?? null, limit: request.limit ?? 10 }) as Row[];
      return rows.map((r) => {
        const next = leased(JSON.parse(r.doc) as OutboxEntry, request.workerId, leaseUntil);
        this.writeOutbox(next);
        return next;
      });
    });
  }

  /** Applies `change` to an entry the caller's lease still holds (`keep`: the lease stays on it). */
  private async withLease(id: string, leaseToken: string, change: (e: OutboxEntry) => OutboxEntry, keep = false): Promise<OutboxEntry> {
    return await this.tx(() => {
      const cur = this.readOutbox(id);
      if (!cur) throw refuse.outboxMissing(id);
      if (cur.state !== 'leased' || cur.leaseToken !== leaseToken) throw refuse.leaseLost(id);
      const next = change(keep ? cur : released(cur));
      this.writeOutbox(next);
      return next;
    });
  }

  async completeOutbox(id: string, leaseToken: string, at: string, result?: Record<string, unknown>): Promise<OutboxEntry> {
    return this.withLease(id, leaseToken, (e) => ({ ...e, state: 'delivered', deliveredAt: at, ...(result ? { result } : {}) }));
  }

  async renewOutbox(id: string, leaseToken: string, leaseUntil: string): Promise<OutboxEntry> {
    return this.withLease(id, leaseToken, (e) => ({ ...e, leaseUntil: isoTime(leaseUntil) }), true);
  }

  async retryOutbox(id: string, leaseToken: string, error: string, nextAttemptAt: string): Promise<OutboxEntry> {
    return this.withLease(id, leaseToken, (e) => ({ ...e, state: 'pending', lastError: error, nextAttemptAt: isoTime(nextAttemptAt) }));
  }

  async deadLetterOutbox(id: string, leaseToken: string, error: string, at: string): Promise<OutboxEntry> {
    return this.withLease(id, leaseToken, (e) => ({ ...e, state: 'dead', lastError: error, deadAt: at }));
  }

  async replayOutbox(id: string, at: string, options?: { force?: boolean }): Promise<OutboxEntry> {
    return await this.tx(() => {
      const cur = this.readOutbox(id);
      if (!cur) throw refuse.outboxMissing(id);
      const next = replayable(cur, isoTime(at), options?.force);
      if (!next) throw refuse.outboxState(id, cur.state);
      this.writeOutbox(next);
      return next;
    });
  }

  async getOutbox(id: string): Promise<OutboxEntry | null> {
    return this.readOutbox(id);
  }

  async listOutbox(query: OutboxQuery): Promise<OutboxEntry[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.submissionId !== undefined) (clauses.push('submission_id = ?'), params.push(query.submissionId));
    if (query.connector !== undefined) (clauses.push('connector = ?'), params.push(query.connector));
    if (query.state !== undefined) (clauses.push('state = ?'), params.push(query.state));
    if (query.partitionKey !== undefined) (clauses.push('partition_key = ?'), params.push(query.partitionKey));
    // After that entry's place in (seq, id) order; an id that is not there matches nothing.
    if (query.after !== undefined) (clauses.push('(seq, id) > (SELECT seq, id FROM outbox WHERE id = ?)'), params.push(query.after));
    const rows = this.sql(`SELECT doc FROM outbox WHERE ${clauses.length ? clauses.join(' AND ') : '1'} ORDER BY seq, id LIMIT ?`)
      .all(...params, query.limit ?? 1000) as Row[];
    return rows.map((r) => JSON.parse(r.doc) as OutboxEntry);
  }

  async trimDeliveredOutbox(before: string, limit: number, archived: (entry: OutboxEntry) => EventRecord): Promise<number> {
    // The partial index outbox_delivered (migration 14) serves both the filter and the order.
    return await this.tx(() => {
      const rows = this.sql(
        `SELECT doc FROM outbox WHERE state = 'delivered' AND json_extract(doc, '$.deliveredAt') < ? ORDER BY json_extract(doc, '$.deliveredAt') LIMIT ?`,
      ).all(isoTime(before), limit) as Row[];
      const remove = this.sql(`DELETE FROM outbox WHERE id = ? AND state = 'delivered'`);
      for (const r of rows) {
        const entry = JSON.parse(r.doc) as OutboxEntry;
        this.insertEvent(archived(entry));
        remove.run(entry.id);
      }
      return rows.length;
    });
  }

  async outboxCounts(): Promise<OutboxCount[]> {
    // One pass over the (connector, state, created_at) index, which holds everything asked for.
    const rows = this.sql('SELECT connector, state, count(*) AS n, min(created_at) AS oldest FROM outbox GROUP BY connector, state').all() as Array<{
      connector: string;
      state: OutboxState;
      n: number;
      oldest: string | null;
    }>;
    return sortCounts(
      rows.map((r) => ({
        connector: r.connector,
        state: r.state,
        count: r.n,
        ...(WAITING_STATES.includes(r.state) && r.oldest !== null ? { oldestCreatedAt: r.oldest } : {}),
      })),
    );
  }

  // Connectors

  private readConnector(id: string): Connector | null {
    return parse<Connector>(this.sql('SELECT doc FROM connectors WHERE id = ?').get(id) as Row | undefined);
  }

  async insertConnector(connector: Connector, event: EventRecord): Promise<void> {
    try {
      await this.tx(() => {
        this.sql('INSERT INTO connectors (id, revision, doc) VALUES (?, ?, ?)').run(connector.id, connector.revision, JSON.stringify(connector));
        this.step('connector.inserted');
        this.insertEvent(event);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw refuse.connectorExists(connector.id);
      throw err;
    }
  }

  async getConnector(id: string): Promise<Connector | null> {
    return this.readConnector(id);
  }

  async listConnectors(): Promise<Connector[]> {
    return (this.sql('SELECT doc FROM connectors ORDER BY id').all() as Row[]).map((r) => JSON.parse(r.doc) as Connector);
  }

  async updateConnector(id: string, expectedRevision: number, patch: ConnectorPatch, event: EventRecord): Promise<Connector> {
    return await this.tx(() => {
      const cur = this.readConnector(id);
      if (!cur) throw refuse.connectorMissing(id);
      if (cur.revision !== expectedRevision) throw refuse.connectorStale(id, cur.revision);
      const next = asStored(patchedConnector(cur, patch));
      this.sql('UPDATE connectors SET revision = ?, doc = ? WHERE id = ?').run(next.revision, JSON.stringify(next), id);
      this.step('connector.updated');
      this.insertEvent(event);
      return next;
    });
  }

  // Mappings

  private readMapping(connector: string, formId: string, version: number): Mapping | null {
    return parse<Mapping>(
      this.sql('SELECT doc FROM mappings WHERE connector = ? AND form_id = ? AND version = ?').get(connector, formId, version) as Row | undefined,
    );
  }

  /** The current mapping at `expectedRevision`, or the refusal. */
  private heldMapping(connector: string, formId: string, version: number, expectedRevision: number): Mapping {
    const cur = this.readMapping(connector, formId, version);
    if (!cur) throw refuse.mappingMissing(connector, formId, version);
    if (cur.revision !== expectedRevision) throw refuse.mappingStale(connector, formId, version, cur.revision);
    return cur;
  }

  async putMapping(mapping: Omit<Mapping, 'revision'>, expectedRevision: number | null, event: EventRecord): Promise<Mapping> {
    const { connector, formId, version } = mapping;
    try {
      return await this.tx(() => {
        const revision = expectedRevision === null ? 1 : this.heldMapping(connector, formId, version, expectedRevision).revision + 1;
        const next = asStored<Mapping>({ ...mapping, revision });
        const args = [revision, JSON.stringify(next), connector, formId, version];
        // A create is a plain insert: the primary key refuses a second one.
        if (expectedRevision === null) this.sql('INSERT INTO mappings (revision, doc, connector, form_id, version) VALUES (?, ?, ?, ?, ?)').run(...args);
        else this.sql('UPDATE mappings SET revision = ?, doc = ? WHERE connector = ? AND form_id = ? AND version = ?').run(...args);
        this.step('mapping.put');
        this.insertEvent(event);
        return next;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw refuse.mappingExists(connector, formId, version);
      throw err;
    }
  }

  async getMapping(connector: string, formId: string, version: number): Promise<Mapping | null> {
    return this.readMapping(connector, formId, version);
  }

  async listMappings(query: MappingQuery): Promise<Mapping[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.connector !== undefined) (clauses.push('connector = ?'), params.push(query.connector));
    if (query.formId !== undefined) (clauses.push('form_id = ?'), params.push(query.formId));
    const rows = this.sql(`SELECT doc FROM mappings WHERE ${clauses.length ? clauses.join(' AND ') : '1'} ORDER BY connector, form_id, version`)
      .all(...params) as Row[];
    return rows.map((r) => JSON.parse(r.doc) as Mapping);
  }

  async deleteMapping(connector: string, formId: string, version: number, expectedRevision: number, event: EventRecord): Promise<void> {
    await this.tx(() => {
      this.heldMapping(connector, formId, version, expectedRevision);
      this.sql('DELETE FROM mappings WHERE connector = ? AND form_id = ? AND version = ?').run(connector, formId, version);
      this.step('mapping.deleted');
      this.insertEvent(event);
    });
  }

  // Accounts

  private readAccount(id: string): Account | null {
    return parse<Account>(this.sql('SELECT doc FROM accounts WHERE id = ?').get(id) as Row | undefined);
  }

  async insertAccount(account: Account, event: EventRecord): Promise<void> {
    try {
      await this.tx(() => {
        this.sql('INSERT INTO accounts (id, username, revision, doc) VALUES (?, ?, ?, ?)')
          .run(account.id, account.username, account.revision, JSON.stringify(account));
        this.step('account.inserted');
        this.insertEvent(event);
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        const column = violatedColumn(err);
        if (column === 'accounts.username') throw refuse.accountExists(`username "${account.username}"`);
        if (column === 'accounts.id') throw refuse.accountExists(`id "${account.id}"`);
      }
      throw err;
    }
  }

  async getAccount(id: string): Promise<Account | null> {
    return this.readAccount(id);
  }

  async getAccountByUsername(username: string): Promise<Account | null> {
    return parse<Account>(this.sql('SELECT doc FROM accounts WHERE username = ?').get(username) as Row | undefined);
  }

  async listAccounts(): Promise<Account[]> {
    return (this.sql('SELECT doc FROM accounts ORDER BY username').all() as Row[]).map((r) => JSON.parse(r.doc) as Account);
  }

  private anotherEnabledAdmin(id: string): boolean {
    return (this.sql('SELECT doc FROM accounts WHERE id != ?').all(id) as Row[]).some((r) => isEnabledAdmin(JSON.parse(r.doc) as Account));
  }

  async updateAccount(id: string, expectedRevision: number, patch: AccountPatch, event: EventRecord): Promise<Account> {
    return await this.tx(() => {
      const cur = this.readAccount(id);
      if (!cur) throw refuse.accountMissing(id);
      if (cur.revision !== expectedRevision) throw refuse.accountStale(id, cur.revision);
      // The id and username are kept whatever the patch holds at run time.
      const next = asStored<Account>({ ...cur, ...patch, id: cur.id, username: cur.username, revision: cur.revision + 1 });
      // Never the last enabled administrator: checked inside the (IMMEDIATE) write transaction, so
      // two administrators demoting each other at once cannot both pass.
      if (isEnabledAdmin(cur) && !isEnabledAdmin(next) && !this.anotherEnabledAdmin(id)) throw refuse.lastAdmin(cur.username);
      this.sql('UPDATE accounts SET revision = ?, doc = ? WHERE id = ?').run(next.revision, JSON.stringify(next), id);
      this.step('account.updated');
      this.insertEvent(event);
      return next;
    });
  }

  // API tokens

  private readToken(hash: string): ApiToken | null {
    return parse<ApiToken>(this.sql('SELECT doc FROM api_tokens WHERE hash = ?').get(hash) as Row | undefined);
  }

  async insertToken(token: ApiToken, event: EventRecord): Promise<void> {
    try {
      await this.tx(() => {
        this.sql('INSERT INTO api_tokens (hash, account_id, created_at, doc) VALUES (?, ?, ?, ?)')
          .run(token.hash, token.accountId, isoTime(token.createdAt), JSON.stringify(token));
        this.step('token.inserted');
        this.insertEvent(event);
      });
    } catch (err) {
      if (isUniqueViolation(err) && violatedColumn(err) === 'api_tokens.hash') throw tokenExists();
      throw err;
    }
  }

  async getToken(hash: string): Promise<ApiToken | null> {
    return this.readToken(hash);
  }

  async listTokens(accountId: string): Promise<ApiToken[]> {
    return (this.sql('SELECT doc FROM api_tokens WHERE account_id = ? ORDER BY created_at DESC, hash DESC').all(accountId) as Row[]).map(
      (r) => JSON.parse(r.doc) as ApiToken,
    );
  }

  async revokeToken(hash: string, at: string, event: EventRecord): Promise<ApiToken> {
    return await this.tx(() => {
      const cur = this.readToken(hash);
      if (!cur) throw refuse.tokenMissing();
      // Already revoked: nothing changes, so there is nothing to log either.
      if (cur.revokedAt !== undefined) return cur;
      const next = asStored<ApiToken>({ ...cur, revokedAt: at });
      this.sql('UPDATE api_tokens SET doc = ? WHERE hash = ?').run(JSON.stringify(next), hash);
      this.step('token.revoked');
      this.insertEvent(event);
      return next;
    });
  }

  // Sessions

  async insertSession(session: Session): Promise<void> {
    try {
      await this.tx(() => {
        this.sql('INSERT INTO sessions (hash, account_id, doc) VALUES (?, ?, ?)').run(session.hash, session.accountId, JSON.stringify(session));
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw sessionExists();
      throw err;
    }
  }

  async getSession(hash: string): Promise<Session | null> {
    return parse<Session>(this.sql('SELECT doc FROM sessions WHERE hash = ?').get(hash) as Row | undefined);
  }

  async touchSession(hash: string, expiresAt: string): Promise<void> {
    const at = isoTime(expiresAt);
    await this.tx(() =>
      this.sql("UPDATE sessions SET doc = json_set(doc, '$.expiresAt', ?) WHERE hash = ? AND json_extract(doc, '$.expiresAt') < ?").run(at, hash, at),
    );
  }

  async deleteSession(hash: string): Promise<void> {
    await this.tx(() => this.sql('DELETE FROM sessions WHERE hash = ?').run(hash));
  }

  async deleteSessionsOf(accountId: string): Promise<void> {
    await this.tx(() => this.sql('DELETE FROM sessions WHERE account_id = ?').run(accountId));
  }

  // Limit hits

  async addLimitHit(hit: LimitHit, now: string, sweep = false): Promise<number> {
    const at = isoTime(now);
    return this.tx(() => {
      if (sweep) this.sql('DELETE FROM limit_hits WHERE expires_at <= ?').run(at);
      this.sql('INSERT INTO limit_hits (id, key, expires_at) VALUES (?, ?, ?)').run(hit.id, hit.key, isoTime(hit.expiresAt));
      return (this.sql('SELECT count(*) AS n FROM limit_hits WHERE key = ? AND expires_at > ?').get(hit.key, at) as { n: number }).n;
    });
  }

  async liveLimitHits(key: string, now: string): Promise<string[]> {
    const rows = this.sql('SELECT expires_at FROM limit_hits WHERE key = ? AND expires_at > ? ORDER BY expires_at').all(key, isoTime(now)) as Array<{ expires_at: string }>;
    return rows.map((r) => r.expires_at);
  }

  // Directory (engine/store/sqlite/directory.ts)

  async applyDirectoryBatch(batch: DirectoryBatch, event: EventRecord): Promise<{ applied: AppliedBatch; replayed: boolean }> {
    // A batch (100,000 children and their indexes) is one transaction: room to build it in memory while it runs.
    if (this.batchesRunning++ === 0) this.db.pragma(`cache_size = ${BATCH_PAGE_CACHE_KIB}`);
    try {
      return await this.tx(() => {
        const result = this.directory.apply(batch);
        if (!result.replayed) this.insertEvent(event);
        return result;
      });
    } finally {
      if (--this.batchesRunning === 0 && this.db.open) this.db.pragma(`cache_size = ${PAGE_CACHE_KIB}`);
    }
  }

  async getChildren(ids: readonly string[]): Promise<Child[]> {
    return this.directory.getChildren(ids);
  }

  async searchChildren(search: ChildSearch, limit: number): Promise<Child[]> {
    return this.directory.searchChildren(search, limit);
  }

  async getWorkers(ids: readonly string[]): Promise<Worker[]> {
    return this.directory.getWorkers(ids);
  }

  async findWorkersByEmail(email: string): Promise<Worker[]> {
    return this.directory.findWorkersByEmail(email);
  }

  async listWorkers(query: { team?: string; managerId?: string }, limit: number): Promise<Worker[]> {
    return this.directory.listWorkers(query, limit);
  }

  async listDirectoryTeams(): Promise<DirectoryTeam[]> {
    return this.directory.listTeams();
  }

  async directoryCounts(): Promise<DirectoryCounts> {
    return this.directory.counts();
  }

  async listDirectoryBatches(query: { kind?: DirectoryKind; limit?: number }): Promise<AppliedBatch[]> {
    return this.directory.listBatches(query);
  }

  // Dashboards' counts (engine/store/sqlite/tally.ts) and children by team, page by page

  async tally(query: TallyQuery): Promise<TallyRow[]> {
    return runTally((text, params) => this.sql(text).all(...params), query);
  }

  async listChildren(query: { teams?: string[] }, page: { limit: number; after?: string }): Promise<{ items: Child[]; next: string | null }> {
    checkChildPage(query, page);
    return this.directory.listChildren(query, page);
  }

  async fillMeasures(formId: string, pointers: readonly string[]): Promise<number> {
    const keys = measureKeys(pointers);
    if (!keys.length) return 0;
    // Found from submissions_done alone (its stamps), then filled FILL_BATCH records to a write,
    // each read and written in that write's transaction (so never over a newer change).
    const lacking = keys.map(() => 'json_type(stamp, ?) IS NULL').join(' OR ');
    const rowids = this.sql(`SELECT rowid FROM submissions WHERE form_id = ? AND json_extract(stamp, '$.doneOn') IS NOT NULL AND (${lacking})`)
      .pluck()
      .all(formId, ...keys.map((k) => `$.measures.${k.key}`)) as number[];
    let filled = 0;
    for (let i = 0; i < rowids.length; i += FILL_BATCH) {
      const batch = rowids.slice(i, i + FILL_BATCH);
      filled += await this.tx(() => {
        let n = 0;
        for (const rowid of batch) {
          const row = this.sql('SELECT doc FROM submissions WHERE rowid = ?').get(rowid) as Row | undefined;
          const next = row ? withMeasures(JSON.parse(row.doc) as Submission, pointers) : null;
          if (!next) continue;
          this.sql('UPDATE submissions SET doc = ?, stamp = jsonb(?) WHERE rowid = ?').run(JSON.stringify(next), JSON.stringify(next.timeliness), rowid);
          n++;
        }
        return n;
      });
    }
    return filled;
  }

  async formsChangeMarker(): Promise<string> {
    // Forms and versions are never deleted, a version never goes back to draft, and every change
    // bumps a revision: count and sum only grow.
    const row = this.sql(
      `SELECT (SELECT count(*) || '.' || ifnull(sum(ifnull(json_extract(doc, '$.revision'), 1)), 0) FROM forms)
         || '/' || (SELECT count(*) || '.' || ifnull(sum(revision), 0) FROM form_versions WHERE status != 'draft') AS marker`,
    ).get() as { marker: string };
    return row.marker;
  }

  async close(): Promise<void> {
    // Writes already queued are committed (or refused) before the file closes.
    if (this.queue.length) this.flush();
    if (this.db.open) {
      await this.wal?.close();
      this.db.close();
    }
  }
}
