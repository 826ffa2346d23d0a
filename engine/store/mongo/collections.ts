/**
 * Collection names, stored document shapes and indexes of the MongoDB store.
 *
 * Views (`forms`, `versions`, `submissions`, `outbox`, `accounts`, `tokens`, `connectors`,
 * `mappings`, `optionLists`, `actions`) hold the current state of each record for reading and querying; `commits` holds the
 * changes that decide it (see commits.ts). `usernames` is a lookup written from account commits,
 * `optionListVersions` every version of every shared list, written from that version's commit;
 * `referenceClaims` and `referenceCounters` number record references (references.ts);
 * `sessions` are plain documents.
 */
import { MongoBulkWriteError, MongoServerError, type Collection, type Db, type Document, type IndexDescription } from 'mongodb';
import type { Account, ApiToken, Session } from '../../accounts/model.js';
import type { TrackedAction } from '../../actions/model.js';
import type { AuditAssignment, AuditSample } from '../../audits/model.js';
import type { FormVersion, StoredForm } from '../../forms/model.js';
import type { OptionListVersion } from '../../forms/option-lists.js';
import type { Submission } from '../../submissions/model.js';
import type { Connector, Mapping } from '../../sync/model.js';
import type { EventRecord } from '../events.js';
import type { OutboxEntry } from '../outbox.js';

/** Every view document carries its commit revision, so a late write can never move it back. */
interface ViewInternals {
  _id: string;
  rev: number;
}

/** Forms stored before forms had a revision have none (`rev` is the commit revision, not that). */
export type FormDoc = ViewInternals & Omit<StoredForm, 'id'>;

/** Schemas hold `$schema` (and any key), which MongoDB field names may not: kept as JSON text. */
export type VersionDoc = ViewInternals & Omit<FormVersion, 'schema' | 'uischema'> & { schemaJson: string; uischemaJson: string };

/**
 * `createdKey` is `createdAt` in the one ISO form, for range queries. `reviewDue` is
 * `review.dueOn`, or `9999-12-31` when it has none, on every record in review, so the review queue
 * is one index walk in due order with the undated ones last. A deleted draft leaves a
 * tombstone, `{ _id, rev, deleted: true }` and nothing else (see `submissionTombstone`): its commit
 * revision goes on, so a late write of an older state cannot bring the draft back.
 */
export type SubmissionDoc = ViewInternals & Omit<Submission, 'id'> & { createdKey: string; reviewDue?: string; deleted?: true };

/** A tracked action (engine/actions): made by its record's commit (relayed), then changed by commits of its own. */
export type ActionDoc = ViewInternals & Omit<TrackedAction, 'id'>;

/** An audit assignment (engine/audits), its fields at top level (the dashboards count on them): made by the commit that made its batch, then changed by commits of its own. */
export type AuditAssignmentDoc = ViewInternals & Omit<AuditAssignment, 'id'>;
/** An audit sample as drawn; never changed. */
export type AuditSampleDoc = ViewInternals & Omit<AuditSample, 'id'>;

/**
 * `dueAt` is `nextAttemptAt` and `createdKey` is `createdAt`, each in the one ISO form; `result` is
 * the receiver's own JSON, kept as text. Entries stored before `createdKey` existed lack it.
 */
export type OutboxDoc = ViewInternals & Omit<OutboxEntry, 'id' | 'result'> & { dueAt: string; createdKey?: string; resultJson?: string };

/** Event details are free-form, so they are kept as JSON text. */
export type EventDoc = { _id: string } & Omit<EventRecord, 'id' | 'details'> & { detailsJson?: string };

export type AccountDoc = ViewInternals & Omit<Account, 'id'>;

/** `_id` is the token's hash; `createdKey` is `createdAt` in the one ISO form, for ordering. */
export type TokenDoc = ViewInternals & Omit<ApiToken, 'hash'> & { createdKey: string };

/** A connector's settings belong to its kind (any keys), so they are kept as JSON text. */
export type ConnectorDoc = ViewInternals & Omit<Connector, 'id' | 'settings'> & { settingsJson: string };

/**
 * `_id` is `mappingDocId(connector, formId, version)`; the rules are kept as JSON text, exactly as
 * given. A deleted mapping stays as a tombstone (`deleted: true`, no rules) so the commit revisions
 * of its key go on if it is made again.
 */
export type MappingDoc = ViewInternals &
  Pick<Mapping, 'connector' | 'formId' | 'version'> &
  Partial<Pick<Mapping, 'revision' | 'updatedBy' | 'updatedAt'>> & { fieldsJson?: string; deleted?: true };

/** One hit against a limit (Store.addLimitHit): inserted and deleted, never changed. */
export interface LimitHitDoc {
  _id: string;
  key: string;
  expiresAt: string;
}

/** `_id` is the session's hash. Not a view: sessions are inserted and deleted, never changed. */
export type SessionDoc = { _id: string } & Omit<Session, 'hash'>;

/**
 * Username to account id, so a sign-in finds the account by `_id`. Written from the account's
 * create commit (which is what claims the username, see `accountUsername`), never changed.
 */
export interface UsernameDoc {
  _id: string;
  accountId: string;
}

/**
 * A shared list's newest version (`_id` is the list id; `rev` its version number, the commit
 * revision of `optionlist:<id>`), with who made the list and when.
 */
export type OptionListDoc = ViewInternals & OptionListVersion & { listCreatedBy: string; listCreatedAt: string };

/** One version of a shared list; `_id` is `<listId>#<version>`. Written once, never changed. */
export type OptionListVersionDoc = { _id: string } & OptionListVersion;

export interface IdempotencyDoc {
  _id: string;
  fingerprint: string;
  submissionId: string;
}

/**
 * One record reference number, claimed for good: `_id` is `<series>:<n>` (`SUP-2026:123`), so the
 * insert decides who has it (see references.ts). Never changed or deleted.
 */
export interface ReferenceClaimDoc {
  _id: string;
  series: string;
  n: number;
  submissionId: string;
}

/** The highest number claimed in a series (`_id`), as far as claimers have said: a hint only. */
export interface ReferenceCounterDoc {
  _id: string;
  value: number;
}

export type ViewName = 'forms' | 'versions' | 'submissions' | 'outbox' | 'accounts' | 'tokens' | 'connectors' | 'mappings' | 'optionLists' | 'actions' | 'auditAssignments' | 'auditSamples'
  // Email notifications (notifications.ts): views of their own, indexed there.
  | 'notifications'
  | 'notificationCursors'
  | 'notificationChoices';

/** A write a commit carries to another collection once it is decided. */
export type RelayEntry =
  | { to: 'events'; doc: EventDoc }
  | { to: 'outbox'; doc: OutboxDoc }
  /** A tracked action the change raises, at its first revision; one already there is left as it is. */
  | { to: 'actions'; doc: ActionDoc }
  /** An audit assignment made with others in one call (engine/store/mongo/audits.ts), at its first revision. */
  | { to: 'auditAssignments'; doc: AuditAssignmentDoc }
  | { to: 'usernames'; doc: UsernameDoc }
  | { to: 'optionListVersions'; doc: OptionListVersionDoc };

/**
 * One decided change of one record: `_id` is `<entity>#<rev>`, so inserting it is the
 * compare-and-set (only one writer can take a given revision). See commits.ts.
 */
export interface CommitDoc {
  _id: string;
  entity: string;
  rev: number;
  view: ViewName;
  /** The view document at this revision; dropped once a newer commit is finished. */
  state?: Document;
  /** Events and outbox entries still to be written; dropped when finished. */
  relay?: RelayEntry[];
  /** Present until the view and relay are written. */
  open?: true;
  /** One-draft-per-form chain: `<formId>#<draftRev>` is unique, `draftVersion` the form's draft after it. */
  draftForm?: string;
  draftRev?: number;
  draftKey?: string;
  draftVersion?: number | null;
  /** Unique across commits: the submit sequence this submit takes. */
  submitSeq?: number;
  /** The idempotency key a create was made under. */
  idempotencyKey?: string;
  /** Unique across commits: the username an account's create commit takes (for good). */
  accountUsername?: string;
  /**
   * Unique across commits: taken, 1, 2, 3…, by each account change that leaves one fewer enabled
   * administrator, so such changes are decided one at a time (see Accounts.updateAccount).
   */
  adminStep?: number;
  /**
   * Unique across commits: taken, 1, 2, 3…, by each insert of audit assignments, so inserts are
   * decided one at a time, each after the one before is in the views (see Audits.insert).
   */
  auditSeq?: number;
}

export interface Collections {
  db: Db;
  forms: Collection<FormDoc>;
  versions: Collection<VersionDoc>;
  submissions: Collection<SubmissionDoc>;
  outbox: Collection<OutboxDoc>;
  events: Collection<EventDoc>;
  idempotency: Collection<IdempotencyDoc>;
  commits: Collection<CommitDoc>;
  accounts: Collection<AccountDoc>;
  usernames: Collection<UsernameDoc>;
  tokens: Collection<TokenDoc>;
  sessions: Collection<SessionDoc>;
  limitHits: Collection<LimitHitDoc>;
  connectors: Collection<ConnectorDoc>;
  mappings: Collection<MappingDoc>;
  optionLists: Collection<OptionListDoc>;
  optionListVersions: Collection<OptionListVersionDoc>;
  referenceClaims: Collection<ReferenceClaimDoc>;
  referenceCounters: Collection<ReferenceCounterDoc>;
  actions: Collection<ActionDoc>;
  auditAssignments: Collection<AuditAssignmentDoc>;
  auditSamples: Collection<AuditSampleDoc>;
}

/** FerretDB on SQLite refuses a write while another holds the database ("database is locked"). */
function isBusy(err: unknown): boolean {
  return err instanceof Error && /SQLITE_BUSY|database is locked/.test(err.message);
}

const RETRIED = new Set(['insertOne', 'insertMany', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'findOne', 'countDocuments', 'createIndexes', 'distinct']);

/**
 * A collection whose single operations are tried again, after a short random wait, while the
 * server answers "database is locked". A refused statement did nothing, so repeating it is safe.
 * (Cursors are not wrapped: a read that fails that way fails the call, and its caller retries.)
 */
function patient<T extends Document>(coll: Collection<T>): Collection<T> {
  return new Proxy(coll, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof key !== 'string' || !RETRIED.has(key) || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } catch (err) {
            if (!isBusy(err) || attempt >= 50) throw err;
            await new Promise((r) => setTimeout(r, Math.min(500, 5 * 2 ** Math.min(attempt, 6)) * Math.random() + 5));
          }
        }
      };
    },
  });
}

/** The database, handing out patient collections. */
function patientDb(db: Db): Db {
  return new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'collection') return <T extends Document>(name: string) => patient(target.collection<T>(name));
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

export function collectionsOf(raw: Db): Collections {
  const db = patientDb(raw);
  return {
    db,
    forms: db.collection<FormDoc>('forms'),
    versions: db.collection<VersionDoc>('versions'),
    submissions: db.collection<SubmissionDoc>('submissions'),
    outbox: db.collection<OutboxDoc>('outbox'),
    events: db.collection<EventDoc>('events'),
    idempotency: db.collection<IdempotencyDoc>('idempotency'),
    commits: db.collection<CommitDoc>('commits'),
    accounts: db.collection<AccountDoc>('accounts'),
    usernames: db.collection<UsernameDoc>('usernames'),
    tokens: db.collection<TokenDoc>('tokens'),
    sessions: db.collection<SessionDoc>('sessions'),
    limitHits: db.collection<LimitHitDoc>('limitHits'),
    connectors: db.collection<ConnectorDoc>('connectors'),
    mappings: db.collection<MappingDoc>('mappings'),
    optionLists: db.collection<OptionListDoc>('optionLists'),
    optionListVersions: db.collection<OptionListVersionDoc>('optionListVersions'),
    referenceClaims: db.collection<ReferenceClaimDoc>('referenceClaims'),
    referenceCounters: db.collection<ReferenceCounterDoc>('referenceCounters'),
    actions: db.collection<ActionDoc>('actions'),
    auditAssignments: db.collection<AuditAssignmentDoc>('auditAssignments'),
    auditSamples: db.collection<AuditSampleDoc>('auditSamples'),
  };
}

const INDEXES: Record<Exclude<keyof Collections, 'db'>, IndexDescription[]> = {
  forms: [],
  versions: [{ name: 'versions_form', key: { formId: 1, version: -1 } }],
  // Each ends in _id, the list's order: a page newest or oldest first walks one either way.
  submissions: [
    { name: 'submissions_form', key: { formId: 1, version: 1, status: 1, _id: 1 } },
    { name: 'submissions_form_id', key: { formId: 1, _id: 1 } },
    { name: 'submissions_status', key: { status: 1, _id: 1 } },
    { name: 'submissions_child', key: { 'subject.childId': 1, _id: 1 } },
    { name: 'submissions_created_by', key: { createdBy: 1, _id: 1 } },
    // A practitioner's drafts or submitted records (their home page), and a team's.
    { name: 'submissions_created_by_status', key: { createdBy: 1, status: 1, _id: 1 } },
    { name: 'submissions_submitted_by', key: { submittedBy: 1, _id: 1 } },
    { name: 'submissions_team', key: { team: 1, _id: 1 } },
    { name: 'submissions_team_status', key: { team: 1, status: 1, _id: 1 } },
    { name: 'submissions_created', key: { createdKey: 1 } },
    // Finding a record by its reference; unique besides the claims that decide it (tombstones
    // and records from before references have none, hence sparse).
    { name: 'submissions_reference', key: { reference: 1 }, unique: true, sparse: true },
    // The review queue (state, then who may act, the team, the author or the form), each in due
    // order then id, the queue's order. `review.keys` is an array: a multikey index.
    { name: 'submissions_review', key: { 'review.state': 1, reviewDue: 1, _id: 1 } },
    { name: 'submissions_review_keys', key: { 'review.state': 1, 'review.keys': 1, reviewDue: 1, _id: 1 } },
    { name: 'submissions_review_team', key: { 'review.state': 1, team: 1, reviewDue: 1, _id: 1 } },
    { name: 'submissions_review_created_by', key: { 'review.state': 1, createdBy: 1, reviewDue: 1, _id: 1 } },
    { name: 'submissions_review_form', key: { 'review.state': 1, formId: 1, reviewDue: 1, _id: 1 } },
    // The dashboards' counts (tally.ts): a form's completed records by day done, by state and
    // month done; records by when they were started, with form and state.
    { name: 'submissions_done', key: { formId: 1, 'timeliness.doneOn': 1, 'subject.childId': 1 } },
    { name: 'submissions_month', key: { formId: 1, status: 1, 'timeliness.month': 1 } },
    { name: 'submissions_team_month', key: { formId: 1, team: 1, 'timeliness.month': 1 } },
    { name: 'submissions_started', key: { createdAt: 1, formId: 1, status: 1 } },
  ],
  outbox: [
    { name: 'outbox_pending', key: { state: 1, dueAt: 1 } },
    { name: 'outbox_leased', key: { state: 1, leaseUntil: 1 } },
    { name: 'outbox_partition', key: { connector: 1, partitionKey: 1, state: 1, seq: 1 } },
    { name: 'outbox_submission', key: { submissionId: 1 } },
    // Delivered entries by age, for archiving (issue 17).
    { name: 'outbox_delivered', key: { state: 1, deliveredAt: 1 } },
    { name: 'outbox_order', key: { seq: 1, _id: 1 } },
    // A worker's claim: its connector's pending and leased entries in submit order (two ranges merged in order).
    { name: 'outbox_claim', key: { connector: 1, state: 1, seq: 1, _id: 1 } },
    { name: 'outbox_partition_order', key: { partitionKey: 1, seq: 1, _id: 1 } },
    // The figures per connector and state, and the oldest waiting entry of each.
    { name: 'outbox_counts', key: { connector: 1, state: 1, createdKey: 1 } },
    // The oldest waiting entries across connectors.
    { name: 'outbox_age', key: { state: 1, createdKey: 1 } },
  ],
  events: [
    { name: 'events_entity', key: { 'entity.id': 1, _id: 1 } },
    { name: 'events_kind', key: { 'entity.kind': 1, _id: 1 } },
    { name: 'events_actor', key: { actor: 1, _id: 1 } },
    { name: 'events_action', key: { action: 1, _id: 1 } },
  ],
  idempotency: [],
  commits: [
    { name: 'commits_open', key: { open: 1 }, sparse: true },
    { name: 'commits_draft_slot', key: { draftKey: 1 }, unique: true, sparse: true },
    { name: 'commits_draft_chain', key: { draftForm: 1, draftRev: -1 }, sparse: true },
    { name: 'commits_submit_seq', key: { submitSeq: 1 }, unique: true, sparse: true },
    { name: 'commits_account_username', key: { accountUsername: 1 }, unique: true, sparse: true },
    { name: 'commits_admin_step', key: { adminStep: 1 }, unique: true, sparse: true },
    { name: 'commits_audit_seq', key: { auditSeq: 1 }, unique: true, sparse: true },
  ],
  accounts: [{ name: 'accounts_username', key: { username: 1 } }],
  usernames: [],
  tokens: [{ name: 'tokens_account', key: { accountId: 1, createdKey: -1, _id: -1 } }],
  sessions: [{ name: 'sessions_account', key: { accountId: 1 } }],
  limitHits: [
    { name: 'limit_hits_key', key: { key: 1, expiresAt: 1 } },
    { name: 'limit_hits_expiry', key: { expiresAt: 1 } },
  ],
  connectors: [],
  mappings: [
    { name: 'mappings_connector', key: { connector: 1, formId: 1, version: 1 } },
    { name: 'mappings_form', key: { formId: 1, connector: 1, version: 1 } },
  ],
  optionLists: [],
  optionListVersions: [{ name: 'option_list_versions_list', key: { listId: 1, version: -1 } }],
  // The highest number claimed in a series, read when a guess collides (references.ts).
  referenceClaims: [{ name: 'reference_claims_top', key: { series: 1, n: -1 } }],
  referenceCounters: [],
  // Each list shape in its order (due date, then id): an owner's, a team's, a record's, a child's,
  // everyone's; each with a status (the usual list) and without (every status).
  actions: [
    { name: 'actions_owner_account', key: { ownerAccountId: 1, status: 1, dueOn: 1, _id: 1 } },
    { name: 'actions_owner_worker', key: { ownerWorkerId: 1, status: 1, dueOn: 1, _id: 1 } },
    { name: 'actions_team', key: { team: 1, status: 1, dueOn: 1, _id: 1 } },
    { name: 'actions_child', key: { childId: 1, status: 1, dueOn: 1 } },
    { name: 'actions_status', key: { status: 1, dueOn: 1, _id: 1 } },
    { name: 'actions_owner_account_due', key: { ownerAccountId: 1, dueOn: 1, _id: 1 } },
    { name: 'actions_owner_worker_due', key: { ownerWorkerId: 1, dueOn: 1, _id: 1 } },
    { name: 'actions_team_due', key: { team: 1, dueOn: 1, _id: 1 } },
    { name: 'actions_submission_due', key: { submissionId: 1, dueOn: 1, _id: 1 } },
    { name: 'actions_child_due', key: { childId: 1, dueOn: 1, _id: 1 } },
    { name: 'actions_due', key: { dueOn: 1, _id: 1 } },
    // The dashboards' counts: open and overdue per team, days to close per team.
    { name: 'actions_status_team', key: { status: 1, team: 1, dueOn: 1 } },
    { name: 'actions_days_to_close', key: { status: 1, team: 1, daysToClose: 1 } },
  ],
  // The auditor's list, a team's, a child's (for a form), a form's, and all: each in due order.
  auditAssignments: [
    { name: 'audit_assignments_auditor', key: { auditorAccountId: 1, status: 1, dueOn: 1, _id: 1 } },
    { name: 'audit_assignments_team', key: { team: 1, status: 1, dueOn: 1, _id: 1 } },
    { name: 'audit_assignments_child', key: { childId: 1, formId: 1, status: 1, dueOn: 1, _id: 1 } },
    { name: 'audit_assignments_form', key: { formId: 1, status: 1, dueOn: 1, _id: 1 } },
    { name: 'audit_assignments_status', key: { status: 1, dueOn: 1, _id: 1 } },
    // …and without a status (every status).
    { name: 'audit_assignments_team_due', key: { team: 1, dueOn: 1, _id: 1 } },
    { name: 'audit_assignments_child_due', key: { childId: 1, formId: 1, dueOn: 1, _id: 1 } },
    { name: 'audit_assignments_due', key: { dueOn: 1, _id: 1 } },
  ],
  auditSamples: [],
};

/**
 * Creates the indexes (idempotent, safe to run from several processes at once). One at a time:
 * FerretDB 1.24 panics on a `createIndexes` listing more than one index that already exists.
 */
export async function ensureIndexes(c: Collections): Promise<void> {
  for (const [name, indexes] of Object.entries(INDEXES)) {
    for (const index of indexes) await c.db.collection(name).createIndexes([index]);
  }
}

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && (err.code === 11000 || err.code === 11001);
}

/** True if every write a bulk insert refused was refused for a duplicate key (nothing else went wrong). */
export function onlyDuplicateKeys(err: unknown): boolean {
  if (!(err instanceof MongoBulkWriteError)) return isDuplicateKey(err);
  if (err.err) return false; // a write concern error
  const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  return errors.length > 0 && errors.every((e) => e.code === 11000 || e.code === 11001);
}

/** Inserts unless a document with that `_id` is already there (a repeated write is a no-op); true when this call inserted it. */
export async function insertIfAbsent<T extends Document>(coll: Collection<T>, doc: T): Promise<boolean> {
  try {
    // The driver's insert type wants an optional `_id`; every document here has one.
    await coll.insertOne(doc as Parameters<Collection<T>['insertOne']>[0]);
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return false;
  }
}
