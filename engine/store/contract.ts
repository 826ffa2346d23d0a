import type { Account, ApiToken, Session } from '../accounts/model.js';
import type { Form, FormVersion } from '../forms/model.js';
import type { OptionListSummary, OptionListVersion } from '../forms/option-lists.js';
import type { Submission, SubmissionStatus } from '../submissions/model.js';
import type { ActionPatch, ActionQuery, OwnerActionCount, TrackedAction } from '../actions/model.js';
import type { AssignmentPatch, AssignmentQuery, AuditAssignment, AuditSample } from '../audits/model.js';
import type { AppliedBatch, Child, ChildSearch, DirectoryBatch, DirectoryCounts, DirectoryKind, Team as DirectoryTeam, Worker } from '../directory/model.js';
import type { Connector, ConnectorPatch, Mapping } from '../sync/model.js';
import type { EventQuery, EventRecord } from './events.js';
import type { FileStore } from './files.js';
import type { TallyQuery, TallyRow } from '../timeliness/model.js';
import type { ClaimRequest, OutboxCount, OutboxEntry, OutboxQuery, OutboxSeed } from './outbox.js';
import type { DeliveryChoice, Notification, NotificationClaim, NotificationCount, NotificationOutcome, NotificationQuery } from '../notifications/model.js';

/**
 * The one storage contract. Both adapters (sqlite/, mongo/) implement it and pass the same
 * contract suite (tests/store). Rules every adapter keeps:
 * - each method is all-or-nothing: after a crash a change is either wholly there (with its
 *   event and outbox entries) or not at all, and what a method acknowledged survives;
 * - uniqueness (ids, one draft per form, idempotency keys, one mapping per connector, form and
 *   version) is enforced by the database, not by read-then-write in the process, so any number
 *   of processes can share one store;
 * - errors are the domain errors from ../errors.ts (NotFound, Conflict, StaleRevision, InvalidState).
 */
export interface Store {
  readonly kind: 'sqlite' | 'mongo';
  /** Uploaded files (./files.ts). */
  readonly files: FileStore;

  /** Resolves when the database answers; rejects when it cannot be reached. */
  ping(): Promise<void>;

  // Forms
  /** ConflictError if the id is taken. */
  insertForm(form: Form, event: EventRecord): Promise<void>;
  /** A form stored without a revision (before forms had one) reads as revision 1. */
  getForm(id: string): Promise<Form | null>;
  listForms(): Promise<Form[]>;
  /**
   * Compare-and-set on revision (NotFound; StaleRevision): applies `patch`, bumps the revision and
   * returns the new record. The id and who created the form and when never change.
   */
  updateForm(id: string, expectedRevision: number, patch: FormPatch, event: EventRecord): Promise<Form>;

  // Versions
  /** ConflictError if that version number exists, or the form already has a draft. */
  insertVersion(version: FormVersion, event: EventRecord): Promise<void>;
  getVersion(formId: string, version: number): Promise<FormVersion | null>;
  /** Newest first. */
  listVersions(formId: string): Promise<FormVersion[]>;
  /**
   * Compare-and-set on (status, revision): applies `patch`, bumps the revision and returns the
   * new record. NotFound if absent; StaleRevision if the revision moved; InvalidState if the
   * status is not `expected.status`.
   */
  updateVersion(
    formId: string,
    version: number,
    expected: { status: FormVersion['status']; revision: number },
    patch: VersionPatch,
    event: EventRecord,
  ): Promise<FormVersion>;

  // Shared option lists: each version an immutable snapshot, keyed by (listId, version)
  /**
   * Version 1 creates the list (ConflictError if the id is taken). A later version must be the
   * next one: StaleRevision when version n is there already (someone saved first; its
   * `currentRevision` is the newest version), NotFound when there is no such list, ConflictError
   * when version n - 1 is missing. Decided by the database, so of two writers saving the same
   * version exactly one wins.
   */
  insertOptionListVersion(v: OptionListVersion, event: EventRecord): Promise<void>;
  /** The newest version when `version` is left out; null when there is no such list or version. */
  getOptionList(id: string, version?: number): Promise<OptionListVersion | null>;
  /** Every list's newest version, with who made the list and when; by id. */
  listOptionLists(): Promise<OptionListSummary[]>;
  /** Newest first; empty when there is no such list. */
  listOptionListVersions(id: string): Promise<OptionListVersion[]>;

  // Submissions
  /**
   * Stores a new submission. With an idempotency key, the first call stores and later calls
   * with the same key return that same record (`replayed: true`) when the fingerprint matches,
   * and ConflictError('idempotency-key-reused') when it does not; DraftDeletedError when the
   * record it made was a draft that has since been deleted (the key stays taken for good, so a
   * late retry never brings a deleted draft back). A submission created as `submitted` gets its
   * submit sequence and outbox entries in the same step.
   *
   * Every new record gets its `reference` here (whatever `submission.reference` holds):
   * `<prefix>-<year>-<n>` (engine/submissions/reference.ts), the year `createdAt`'s in
   * Europe/London and `n` the next number of that prefix and year — across all forms, so two
   * forms sharing a prefix never share a reference. The database decides the number with the
   * record, so no two records ever get the same reference, whatever the processes; a number is
   * never given again, not even after the draft that had it is deleted; numbers may be skipped
   * (a create that failed, a crash). A replayed create returns the original record with its
   * original reference. `referencePrefix` defaults to the form id's initials.
   */
  createSubmission(submission: Submission, options: CreateSubmissionOptions): Promise<{ submission: Submission; replayed: boolean }>;
  getSubmission(id: string): Promise<Submission | null>;
  /**
   * Compare-and-set on revision for a draft: applies the patch and bumps the revision (the
   * reference never changes). Moving to
   * `status: 'submitted'` assigns the submit sequence and writes the outbox entries atomically.
   * NotFound; StaleRevision; InvalidState if the record is no longer a draft.
   */
  updateDraft(
    id: string,
    expectedRevision: number,
    patch: SubmissionPatch,
    options: { outbox: OutboxSeed[]; event: EventRecord; actions?: TrackedAction[] },
  ): Promise<Submission>;
  /**
   * Compare-and-set on revision for a submitted record (a review step: signed, returned, a
   * stage's answers saved): applies the patch and bumps the revision, with its event, outbox
   * entries and tracked actions, all at once. The patch may make it a draft again (returned for
   * changes). Outbox entries give the record a new submit sequence (their order in its
   * partition); actions whose id is there already are left as they are. NotFound; StaleRevision;
   * InvalidState (refuse.submissionNotSubmitted) if the record is a draft.
   */
  updateSubmitted(
    id: string,
    expectedRevision: number,
    patch: SubmissionPatch,
    options: { outbox: OutboxSeed[]; event: EventRecord; actions?: TrackedAction[] },
  ): Promise<Submission>;
  /**
   * Compare-and-delete of a draft, with its event, in one step: afterwards it is gone from every
   * read and list, its answers with it. NotFound (no such record, or deleted already);
   * InvalidState if it has been submitted (records are never deleted), also when it is a draft
   * again because it was returned for changes (it has `review`); StaleRevision. Of a
   * delete and a save (or submit) on the same revision, only one succeeds.
   */
  deleteDraft(id: string, expectedRevision: number, event: EventRecord): Promise<void>;
  /** A page in id (creation) order, `oldest` first unless asked; `next` continues it in the same order. */
  listSubmissions(query: SubmissionQuery, page: Page): Promise<{ items: Submission[]; next: string | null }>;
  countSubmissions(query: SubmissionQuery): Promise<number>;
  /**
   * Records in review: waiting at a stage (`review.state` 'waiting'; with `keys`, only those any
   * of the keys may act on) or returned to their author ('returned'). Ordered by `review.dueOn`
   * (soonest first; none last), then id; `after` is the `next` of the page before. Index-backed.
   */
  listReviewQueue(query: ReviewQueueQuery, page: { limit: number; after?: string }): Promise<{ items: Submission[]; next: string | null }>;
  countReviewQueue(query: ReviewQueueQuery): Promise<number>;

  // Tracked actions (made with the record's completing step: createSubmission, updateDraft, updateSubmitted)
  getAction(id: string): Promise<TrackedAction | null>;
  /** Compare-and-set on revision, with its event: NotFound; StaleRevision. */
  updateAction(id: string, expectedRevision: number, patch: ActionPatch, event: EventRecord): Promise<TrackedAction>;
  /** Ordered by due date (soonest first), then id; `after` is the `next` of the page before. Index-backed. */
  listActions(query: ActionQuery, page: { limit: number; after?: string }): Promise<{ items: TrackedAction[]; next: string | null }>;
  countActions(query: ActionQuery): Promise<number>;
  /** A team's open actions per owner, with how many are due before `today` (overdue). Counted in the database. */
  actionCountsByOwner(query: { team: string; today: string }): Promise<OwnerActionCount[]>;

  // Audit programme (engine/audits): assignments made by hand or by a sample; each then changed by compare-and-set.
  /**
   * Inserts the assignments (at revision 1) and the sample that drew them, if any, with their
   * events (one `audit.assigned` per assignment, `audit.sample-drawn`), all or none. An id already
   * there, or an open assignment of a child on a form that has one open already (or twice in the
   * call): Conflict, and nothing is written. Decided by the database, so of two racing writers one
   * makes it.
   */
  insertAssignments(items: AuditAssignment[], sample: AuditSample | null, events: EventRecord[]): Promise<void>;
  getAssignment(id: string): Promise<AuditAssignment | null>;
  /** Compare-and-set on revision, with its event: NotFound; StaleRevision. */
  updateAssignment(id: string, expectedRevision: number, patch: AssignmentPatch, event: EventRecord): Promise<AuditAssignment>;
  /** Ordered by due date (soonest first), then id; `after` is the `next` of the page before. Index-backed. */
  listAssignments(query: AssignmentQuery, page: { limit: number; after?: string }): Promise<{ items: AuditAssignment[]; next: string | null }>;
  countAssignments(query: AssignmentQuery): Promise<number>;
  getSample(id: string): Promise<AuditSample | null>;
  /** Newest first; `after` is the `next` of the page before. */
  listSamples(page: { limit: number; after?: string }): Promise<{ items: AuditSample[]; next: string | null }>;

  // Event log (append-only)
  appendEvent(event: EventRecord): Promise<void>;
  /** Appends many at once (e.g. one per record in an export); all or none. */
  appendEvents(events: EventRecord[]): Promise<void>;
  listEvents(query: EventQuery): Promise<EventRecord[]>;

  // Delivery outbox
  /**
   * Leases up to `limit` due entries (pending and due, or leased with an expired lease), never
   * one that another live lease holds, and never an entry while an earlier entry (lower seq) of
   * the same partition and connector is still pending or leased.
   */
  claimOutbox(request: ClaimRequest): Promise<OutboxEntry[]>;
  /** Marks delivered. InvalidState if the lease token no longer holds the entry. */
  completeOutbox(id: string, leaseToken: string, at: string, result?: Record<string, unknown>): Promise<OutboxEntry>;
  /** Extends the lease to `leaseUntil` while its holder works. InvalidState if the lease token no longer holds the entry. */
  renewOutbox(id: string, leaseToken: string, leaseUntil: string): Promise<OutboxEntry>;
  /** Releases for another attempt at `nextAttemptAt`, recording the reason. */
  retryOutbox(id: string, leaseToken: string, error: string, nextAttemptAt: string): Promise<OutboxEntry>;
  /** Gives up: state `dead` with the reason. */
  deadLetterOutbox(id: string, leaseToken: string, error: string, at: string): Promise<OutboxEntry>;
  /** Puts a dead (or delivered, when `force`) entry back to pending, due at `at`. */
  replayOutbox(id: string, at: string, options?: { force?: boolean }): Promise<OutboxEntry>;
  getOutbox(id: string): Promise<OutboxEntry | null>;
  /** In `seq, id` order (submit order), at most `limit` (default 1000); page on with `after`. */
  listOutbox(query: OutboxQuery): Promise<OutboxEntry[]>;
  /**
   * One row per (connector, state) that has entries, by connector and then state in lifecycle
   * order: the count and, for pending and leased, the oldest entry's `createdAt` (one ISO form).
   * Cheap enough to call on every metrics scrape with 100k entries.
   */
  outboxCounts(): Promise<OutboxCount[]>;
  /**
   * Archives up to `limit` delivered entries whose `deliveredAt` is before `before` (oldest
   * first): each leaves the outbox and `archived(entry)`, its event, goes into the event log, so
   * the delivery still shows there. Never an entry in any other state (pending, leased, dead).
   * Returns how many were archived.
   */
  trimDeliveredOutbox(before: string, limit: number, archived: (entry: OutboxEntry) => EventRecord): Promise<number>;

  // Email notifications (engine/notifications): a queue of their own, a cursor over the event
  // log, and each person's choice. Ids are deterministic, so producing twice never sends twice.
  /** Inserts each one whose id is not there yet (decided by the database); returns those inserted. */
  insertNotifications(items: Notification[]): Promise<Notification[]>;
  getNotification(id: string): Promise<Notification | null>;
  /** In id order, at most `limit` (default 1000). */
  listNotifications(query: NotificationQuery): Promise<Notification[]>;
  /**
   * Leases up to `limit` due notifications (pending and due, or leased with an expired lease),
   * soonest due first; never one another live lease holds.
   */
  claimNotifications(request: NotificationClaim): Promise<Notification[]>;
  /** Extends the lease to `leaseUntil` while its holder sends. InvalidState if the lease token no longer holds it. */
  renewNotification(id: string, leaseToken: string, leaseUntil: string): Promise<Notification>;
  /** Records the lease holder's outcome. InvalidState if the lease token no longer holds it. */
  settleNotification(id: string, leaseToken: string, outcome: NotificationOutcome): Promise<Notification>;
  /** Marks these held notifications as carried by a digest (those no longer held are left as they are). */
  markDigested(ids: readonly string[], digestId: string): Promise<void>;
  /** How many notifications are in each state that has any. */
  notificationCounts(): Promise<NotificationCount[]>;
  /** A named cursor's value (null before it was first set). */
  getNotificationCursor(name: string): Promise<string | null>;
  /** Compare-and-set: moves the cursor from `expected` (null: not set yet) to `next`; false when it had moved. */
  advanceNotificationCursor(name: string, expected: string | null, next: string): Promise<boolean>;
  /** How each of these accounts wants to be told (only those who chose; the rest get the default). */
  getDeliveryChoices(accountIds: readonly string[]): Promise<Map<string, DeliveryChoice>>;
  setDeliveryChoice(accountId: string, choice: DeliveryChoice, event: EventRecord): Promise<void>;

  // Connectors (ICS sync)
  /** ConflictError if the id is taken. */
  insertConnector(connector: Connector, event: EventRecord): Promise<void>;
  getConnector(id: string): Promise<Connector | null>;
  /** By id. */
  listConnectors(): Promise<Connector[]>;
  /**
   * Compare-and-set on revision (NotFound; StaleRevision): applies the patch, bumps the revision
   * and returns the new record. The id, the kind and who created it and when never change.
   */
  updateConnector(id: string, expectedRevision: number, patch: ConnectorPatch, event: EventRecord): Promise<Connector>;

  // Mappings, keyed by (connector, formId, version)
  /**
   * `expectedRevision` null: create (ConflictError if one exists); a number: compare-and-set
   * (NotFound; StaleRevision). Sets the revision (1 on create, the next one on a change) and
   * returns the stored record. A mapping deleted and made again starts at revision 1.
   */
  putMapping(mapping: Omit<Mapping, 'revision'>, expectedRevision: number | null, event: EventRecord): Promise<Mapping>;
  getMapping(connector: string, formId: string, version: number): Promise<Mapping | null>;
  /** Ordered by connector, formId, version. */
  listMappings(query: MappingQuery): Promise<Mapping[]>;
  /** Compare-and-set delete (NotFound; StaleRevision). */
  deleteMapping(connector: string, formId: string, version: number, expectedRevision: number, event: EventRecord): Promise<void>;

  // Accounts
  /** ConflictError if the id or the username is taken. */
  insertAccount(account: Account, event: EventRecord): Promise<void>;
  getAccount(id: string): Promise<Account | null>;
  getAccountByUsername(username: string): Promise<Account | null>;
  /** By username. */
  listAccounts(): Promise<Account[]>;
  /** Compare-and-set on revision (NotFound; StaleRevision). The username never changes. */
  updateAccount(id: string, expectedRevision: number, patch: AccountPatch, event: EventRecord): Promise<Account>;

  // Personal API tokens (stored by hash)
  insertToken(token: ApiToken, event: EventRecord): Promise<void>;
  getToken(hash: string): Promise<ApiToken | null>;
  /** Newest first, revoked ones included. */
  listTokens(accountId: string): Promise<ApiToken[]>;
  /** Sets revokedAt (NotFound if absent; a second revoke keeps the first time). */
  revokeToken(hash: string, at: string, event: EventRecord): Promise<ApiToken>;

  // Browser sessions (stored by hash; no events: sign-in and sign-out are logged by the caller,
  // and a session's expiry moving on with use is not an event)
  insertSession(session: Session): Promise<void>;
  getSession(hash: string): Promise<Session | null>;
  /**
   * Moves a session's idle expiry on to `expiresAt` (one ISO form): never back, and nothing when
   * the session is gone, so a signed-out or ended session is never brought back.
   */
  touchSession(hash: string, expiresAt: string): Promise<void>;
  deleteSession(hash: string): Promise<void>;
  /** Ends every session of an account (password change, account disabled). */
  deleteSessionsOf(accountId: string): Promise<void>;

  // Hits counted against a limit across every process sharing the store (engine/accounts/shared-limit.ts).
  // Each hit is its own row, inserted and counted: correct without atomic conditional updates.
  /**
   * Inserts one hit and returns how many hits its key has that run out after `now`, this one
   * included. With `sweep`, first deletes every hit that ran out before `now`.
   */
  addLimitHit(hit: LimitHit, now: string, sweep?: boolean): Promise<number>;
  /** When each hit of `key` that runs out after `now` runs out (one ISO form), soonest first. */
  liveLimitHits(key: string, now: string): Promise<string[]>;

  // Directory: children, workers and teams from the ICS (engine/directory). Only whole batches change it.
  /**
   * Applies one batch, all-or-nothing and once: after a crash either the whole batch is there
   * (with its batch log entry and event) or none of it, never a mix, and readers never see part
   * of a batch. A second batch with the same `key` and fingerprint changes nothing and returns the
   * first one's record (`replayed: true`); with another fingerprint: ConflictError
   * `idempotency-key-reused`. `full` leaves exactly the batch's rows of that kind; `delta` replaces
   * the rows it carries whole and removes `deletes`. Batches are applied one at a time, in `seq` order.
   */
  applyDirectoryBatch(batch: DirectoryBatch, event: EventRecord): Promise<{ applied: AppliedBatch; replayed: boolean }>;
  /** The children with these ids that exist (any order; ids compared exactly). At most 1000 ids. */
  getChildren(ids: readonly string[]): Promise<Child[]>;
  /**
   * Children matching every member given (see ChildSearch), by name then id, at most `limit`.
   * Index-served for each member alone (a name word prefix, an id prefix, a date of birth, an
   * allocated worker, a team, restricted), so it stays fast with 100,000 children.
   */
  searchChildren(search: ChildSearch, limit: number): Promise<Child[]>;
  /** The workers with these ids that exist. At most 1000 ids. */
  getWorkers(ids: readonly string[]): Promise<Worker[]>;
  /** Workers whose email is this one, compared without case (normally one). */
  findWorkersByEmail(email: string): Promise<Worker[]>;
  /** Workers in a team and/or managed by a worker, by name, at most `limit`. */
  listWorkers(query: { team?: string; managerId?: string }, limit: number): Promise<Worker[]>;
  /** Every directory team, by name. */
  listDirectoryTeams(): Promise<DirectoryTeam[]>;
  /** How many of each kind, and the newest batch of each. Cheap: called on every start of a form. */
  directoryCounts(): Promise<DirectoryCounts>;
  /** The batch log, newest first, of one kind or all, at most `limit` (default 50). */
  listDirectoryBatches(query: { kind?: DirectoryKind; limit?: number }): Promise<AppliedBatch[]>;

  // Dashboards (issue 15): counts made in the database, and children page by page
  /**
   * How many items of a source have each distinct combination of the `by` fields' values (SQL
   * GROUP BY; MongoDB `$match` + `$group` with `$sum`), among those meeting every condition.
   * Never loads the items. Fields are dotted paths on the stored item as the domain names them
   * (`formId`, `subject.childId`, `timeliness.month`, `data.overall.grade`; see TallyQuery).
   * Rules both adapters keep (tests/store/tally.test.ts):
   * - InvalidRequest for a field not matching SAFE_FIELD (nothing else is ever put into SQL
   *   text), more than 4 `by` fields or 8 conditions, an `in` list over 5,000 values, or a value
   *   that is not a string, number, boolean or null;
   * - a missing value and null are the same: a key holds null, `eq null` matches both, `exists`
   *   means "has a value other than null"; a list or object value counts as null;
   * - values keep their JSON type (true is not 1); `gte`/`lt` compare within the bound's type
   *   (a text bound never matches numbers, nor a number bound texts);
   * - rows are ordered by key (null, false, true, numbers, texts; field by field), one row per
   *   distinct key, none with a count of 0; `by: []` gives one row (or none) with the total;
   * - source `submissions`: a deleted draft never counts (its tombstone, on MongoDB, neither).
   */
  tally(query: TallyQuery): Promise<TallyRow[]>;
  /**
   * Children by id, `limit` (1 to 1,000) at a time; with `teams` (at most 100), only children in
   * one of them. `next` (the last id shown) continues after it; null on the last page.
   * Index-backed: one ordered range per team, merged.
   */
  listChildren(query: { teams?: string[] }, page: { limit: number; after?: string }): Promise<{ items: Child[]; next: string | null }>;
  /**
   * Completes the measures of a form's completed records: each whose stamp has no entry for one
   * of these `x-measures` field pointers (stamped before stamps carried measures, or on a version
   * that did not measure it) gets it from its answers (engine/timeliness/measure-keys.ts:
   * `withMeasures`); entries already there are kept. Not a change of the record: no revision, no
   * event. Returns how many records it filled in; 0 when none lacked any (then cheap: one
   * index-served read on SQLite).
   */
  fillMeasures(formId: string, pointers: readonly string[]): Promise<number>;
  /**
   * A text that changes whenever a form, or a version that is not a draft, is added or changed
   * (published, retired; a draft being edited does not move it): caches of published forms
   * compare it before trusting themselves.
   */
  formsChangeMarker(): Promise<string>;

  close(): Promise<void>;
}

export interface CreateSubmissionOptions {
  idempotency?: { key: string; fingerprint: string };
  outbox: OutboxSeed[];
  event: EventRecord;
  /** Tracked actions a record submitted at once (on a form without stages) raises. */
  actions?: TrackedAction[];
  /** The form's reference prefix; left out, the form id's initials. */
  referencePrefix?: string;
}

export type AccountPatch = Partial<Pick<Account, 'displayName' | 'role' | 'team' | 'workerId' | 'groups' | 'passwordHash' | 'disabled' | 'updatedBy' | 'updatedAt'>>;

export type FormPatch = Partial<Pick<Form, 'title' | 'category' | 'description' | 'team' | 'subject' | 'referencePrefix' | 'updatedBy' | 'updatedAt'>>;

export type VersionPatch = Partial<
  Pick<
    FormVersion,
    | 'status'
    | 'schema'
    | 'uischema'
    | 'changeNote'
    | 'hash'
    | 'updatedBy'
    | 'updatedAt'
    | 'publishedBy'
    | 'publishedAt'
    | 'retiredBy'
    | 'retiredAt'
  >
>;

export type SubmissionPatch = Partial<
  Pick<Submission, 'version' | 'status' | 'subject' | 'data' | 'updatedBy' | 'updatedAt' | 'submittedBy' | 'submittedAt' | 'review' | 'signatures' | 'timeliness'>
>;

export interface ReviewQueueQuery {
  state: 'waiting' | 'returned';
  /** Waiting records any of these work-list keys may act on (engine/review/keys.ts). */
  keys?: string[];
  team?: string;
  createdBy?: string;
  formId?: string;
}

export interface SubmissionQuery {
  formId?: string;
  version?: number;
  status?: SubmissionStatus;
  childId?: string;
  /**
   * The worker a staff record is about. Not indexed (SQLite reads it from the record's JSON):
   * combine it with `formId` and a small page, as carry-forward does.
   */
  workerId?: string;
  /** The one record with this reference (as stored: capitals). Served by a unique index. */
  reference?: string;
  createdBy?: string;
  submittedBy?: string;
  team?: string;
  /**
   * A reader's reach (engine/directory/access.ts): only records matching at least one element,
   * each element's members all holding (`childIds`: the record's child is one of them; at most
   * 5,000). Left out: no limit.
   *
   * `childTeams` (only beside `childIds`, at most 100) says how to find them, not which: each of
   * those children is, in the directory, in one of these teams (a merged child: the child it was
   * merged into). A store may read the records by their child's team — the SQLite store keeps
   * each record's child's team in a column, changed with the directory in the batch's own
   * transaction, so the team's children are one index range however many there are — and must
   * still keep only records about `childIds`; the MongoDB store reads them by child.
   */
  anyOf?: ReadonlyArray<{ createdBy?: string; team?: string; childIds?: readonly string[]; childTeams?: readonly string[] }>;
  /** Never records about these children (restricted children the reader may not see); at most 5,000. */
  notChildIds?: readonly string[];
  /** Inclusive lower bound on createdAt (ISO). */
  from?: string;
  /** Exclusive upper bound on createdAt (ISO). */
  to?: string;
}

/** One hit counted against a limit, until `expiresAt` (one ISO form). */
export interface LimitHit {
  id: string;
  key: string;
  expiresAt: string;
}

export interface MappingQuery {
  connector?: string;
  formId?: string;
}

/** Records by id, which is by creation time (ids are UUIDv7). */
export type ListOrder = 'oldest' | 'newest';

export interface Page {
  limit: number;
  /** Opaque cursor from a previous page; it carries its order (InvalidRequest when used with the other one). */
  cursor?: string | null;
  /** Default `oldest`. Both orders are index-served in both adapters. */
  order?: ListOrder;
}
