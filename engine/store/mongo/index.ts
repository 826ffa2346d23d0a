/**
 * The MongoDB store (MongoDB, or FerretDB 1.x over SQLite). Neither multi-document transactions
 * nor atomic conditional updates are assumed: every change is decided by one unique insert into
 * the commit log and then rolled forward (see commits.ts), which is what makes each method
 * all-or-nothing and safe with any number of processes sharing one database.
 */
import { MongoClient, type Filter } from 'mongodb';
import type { Account, ApiToken, Session } from '../../accounts/model.js';
import type { Form, FormVersion } from '../../forms/model.js';
import type { Submission } from '../../submissions/model.js';
import type { Connector, ConnectorPatch, Mapping } from '../../sync/model.js';
import type { AccountPatch, CreateSubmissionOptions, FormPatch, LimitHit, MappingQuery, Page, Store, ReviewQueueQuery, SubmissionPatch, SubmissionQuery, VersionPatch } from '../contract.js';
import type { ActionPatch, ActionQuery, OwnerActionCount, TrackedAction } from '../../actions/model.js';
import type { EventQuery, EventRecord } from '../events.js';
import type { StoreHooks } from '../hooks.js';
import { cursor, isoTime, pageStart } from '../messages.js';
import type { ClaimRequest, OutboxCount, OutboxEntry, OutboxQuery, OutboxSeed } from '../outbox.js';
import { Accounts } from './accounts.js';
import { Actions } from './actions.js';
import { Audits } from './audits.js';
import type { AssignmentPatch, AssignmentQuery, AuditAssignment, AuditSample } from '../../audits/model.js';
import { Connectors } from './connectors.js';
import { collectionsOf, ensureIndexes, onlyDuplicateKeys, type Collections, type EventDoc } from './collections.js';
import { CommitLog } from './commits.js';
import { eventFromDoc, eventToDoc, formFromDoc, submissionFromDoc, versionDocId, versionFromDoc } from './mapping.js';
import { Outbox } from './outbox.js';
import { Submissions } from './submissions.js';
import { FormsAndVersions } from './forms-and-versions.js';
import { OptionLists } from './option-lists.js';
import { MongoDirectory } from './directory.js';
import { MongoNotifications } from './notifications.js';
import { MongoFiles } from './files.js';
import type { Notification, NotificationClaim } from '../../notifications/model.js';
import { StoreNotifications } from '../notifications.js';
import type { AppliedBatch, Child, ChildSearch, DirectoryBatch, DirectoryCounts, DirectoryKind, Team as DirectoryTeam, Worker } from '../../directory/model.js';
import type { OptionListSummary, OptionListVersion } from '../../forms/option-lists.js';
import type { TallyQuery, TallyRow } from '../../timeliness/model.js';
import { checkChildPage } from '../tally.js';
import { mongoTally } from './tally.js';
import { measureKeys } from '../../timeliness/measure-keys.js';

export interface MongoStoreOptions {
  uri: string;
  dbName: string;
  hooks?: StoreHooks;
  /** How long to look for a reachable server before giving up (default 5 s). */
  serverSelectionTimeoutMS?: number;
  /** Told of every command sent to the server (a round trip), e.g. to count them per operation. */
  onCommand?: (command: { name: string; collection?: string }) => void;
}

/** The URI without its password, for error messages. */
function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const timeout = options.serverSelectionTimeoutMS ?? 5_000;
  const client = new MongoClient(options.uri, {
    serverSelectionTimeoutMS: timeout,
    connectTimeoutMS: timeout,
    // Acknowledged means on disk (and on a majority, on a replica set).
    writeConcern: { w: 'majority', journal: true },
    ignoreUndefined: true,
    ...(options.onCommand ? { monitorCommands: true } : {}),
  });
  const onCommand = options.onCommand;
  if (onCommand) {
    client.on('commandStarted', (e) => {
      const target = e.command[e.commandName];
      onCommand({ name: e.commandName, ...(typeof target === 'string' ? { collection: target } : {}) });
    });
  }
  try {
    await client.connect();
    await client.db(options.dbName).command({ ping: 1 });
  } catch (err) {
    await client.close().catch(() => {});
    throw new Error(`MongoDB store: cannot reach the server at ${redact(options.uri)}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const c = collectionsOf(client.db(options.dbName));
    await ensureIndexes(c);
    const store = new MongoStore(client, c, options.hooks ?? {});
    // Finish whatever a crashed process had decided but not yet written out.
    await store.sweep();
    return store;
  } catch (err) {
    await client.close().catch(() => {});
    throw err;
  }
}

/**
 * How often reads of the outbox and event log look for commits another process left unfinished.
 * On MongoDB that look is an index lookup; on FerretDB (no index use) it scans the whole commit
 * log, which with workers claiming many times a second was most of the database's work. An
 * unfinished commit is one whose writer died before acknowledging it, so rolling it forward
 * within seconds rather than at once loses nothing.
 */
const SWEEP_INTERVAL_MS = 10_000;

class MongoStore extends StoreNotifications implements Store {
  readonly kind = 'mongo' as const;
  readonly files: MongoFiles;
  private lastSweep = 0;
  private readonly log: CommitLog;
  private readonly forms: FormsAndVersions;
  private readonly submissions: Submissions;
  private readonly outbox: Outbox;
  private readonly accounts: Accounts;
  private readonly connectors: Connectors;
  private readonly optionLists: OptionLists;
  private readonly directory: MongoDirectory;
  private readonly actions: Actions;
  private readonly audits: Audits;
  protected readonly notifications: MongoNotifications;

  constructor(
    private readonly client: MongoClient,
    private readonly c: Collections,
    private readonly hooks: StoreHooks,
  ) {
    super();
    const step = (name: string) => this.hooks.between?.(name);
    this.log = new CommitLog(c, step);
    this.forms = new FormsAndVersions(c, this.log);
    this.submissions = new Submissions(c, this.log, step);
    this.outbox = new Outbox(c, this.log);
    this.accounts = new Accounts(c, this.log);
    this.connectors = new Connectors(c, this.log);
    this.optionLists = new OptionLists(c, this.log);
    this.directory = new MongoDirectory(c, step, hooks.directoryChunk);
    this.actions = new Actions(c, this.log);
    this.audits = new Audits(c, this.log);
    this.notifications = new MongoNotifications(c, this.log);
    this.files = new MongoFiles(c.db, c.events, step, async (name) => this.hooks.paused?.(name));
  }

  async ping(): Promise<void> {
    await this.c.db.command({ ping: 1 });
  }

  /** Finishes every unfinished commit; done on open, so a crash is always repaired by reopening. */
  async sweep(): Promise<void> {
    const opening = this.lastSweep === 0;
    this.lastSweep = Date.now();
    await this.log.sweep();
    await this.directory.sweep({ orphans: opening });
    await this.files.rollForward();
  }

  /** A sweep before reading the outbox or event log, at most once per interval. */
  private async sweepIfDue(): Promise<void> {
    if (Date.now() - this.lastSweep >= SWEEP_INTERVAL_MS) await this.sweep();
  }

  // Forms

  insertForm(form: Form, event: EventRecord): Promise<void> {
    return this.forms.insertForm(form, event);
  }

  async getForm(id: string): Promise<Form | null> {
    const doc = await this.c.forms.findOne({ _id: id });
    return doc ? formFromDoc(doc) : null;
  }

  async listForms(): Promise<Form[]> {
    return (await this.c.forms.find({}).sort({ _id: 1 }).toArray()).map(formFromDoc);
  }

  updateForm(id: string, expectedRevision: number, patch: FormPatch, event: EventRecord): Promise<Form> {
    return this.forms.updateForm(id, expectedRevision, patch, event);
  }

  // Versions

  insertVersion(version: FormVersion, event: EventRecord): Promise<void> {
    return this.forms.insertVersion(version, event);
  }

  async getVersion(formId: string, version: number): Promise<FormVersion | null> {
    const doc = await this.c.versions.findOne({ _id: versionDocId(formId, version) });
    return doc ? versionFromDoc(doc) : null;
  }

  async listVersions(formId: string): Promise<FormVersion[]> {
    return (await this.c.versions.find({ formId }).sort({ version: -1 }).toArray()).map(versionFromDoc);
  }

  updateVersion(
    formId: string,
    version: number,
    expected: { status: FormVersion['status']; revision: number },
    patch: VersionPatch,
    event: EventRecord,
  ): Promise<FormVersion> {
    return this.forms.updateVersion(formId, version, expected, patch, event);
  }

  // Shared option lists

  insertOptionListVersion(v: OptionListVersion, event: EventRecord): Promise<void> {
    return this.optionLists.insert(v, event);
  }

  getOptionList(id: string, version?: number): Promise<OptionListVersion | null> {
    return this.optionLists.get(id, version);
  }

  listOptionLists(): Promise<OptionListSummary[]> {
    return this.optionLists.list();
  }

  listOptionListVersions(id: string): Promise<OptionListVersion[]> {
    return this.optionLists.versions(id);
  }

  // Submissions

  createSubmission(
    submission: Submission,
    options: CreateSubmissionOptions,
  ): Promise<{ submission: Submission; replayed: boolean }> {
    return this.submissions.create(submission, options);
  }

  getSubmission(id: string): Promise<Submission | null> {
    return this.submissions.get(id);
  }

  updateDraft(id: string, expectedRevision: number, patch: SubmissionPatch, options: { outbox: OutboxSeed[]; event: EventRecord; actions?: TrackedAction[] }): Promise<Submission> {
    return this.submissions.updateDraft(id, expectedRevision, patch, options);
  }

  deleteDraft(id: string, expectedRevision: number, event: EventRecord): Promise<void> {
    return this.submissions.deleteDraft(id, expectedRevision, event);
  }

  async listSubmissions(query: SubmissionQuery, page: Page): Promise<{ items: Submission[]; next: string | null }> {
    const filter = this.submissions.filter(query);
    const { order, after } = pageStart(page);
    const newest = order === 'newest';
    if (after !== null) filter._id = newest ? { $lt: after } : { $gt: after };
    // The indexes in collections.ts end in _id, so either direction walks one of them.
    const docs = await this.c.submissions
      .find(filter)
      .sort({ _id: newest ? -1 : 1 })
      .limit(page.limit + 1)
      .toArray();
    const more = docs.length > page.limit;
    const items = docs.slice(0, page.limit).map(submissionFromDoc);
    return { items, next: more ? cursor.encode(items.at(-1)!.id, order) : null };
  }

  countSubmissions(query: SubmissionQuery): Promise<number> {
    return this.c.submissions.countDocuments(this.submissions.filter(query));
  }

  updateSubmitted(id: string, expectedRevision: number, patch: SubmissionPatch, options: { outbox: OutboxSeed[]; event: EventRecord; actions?: TrackedAction[] }): Promise<Submission> {
    return this.submissions.updateSubmitted(id, expectedRevision, patch, options);
  }

  listReviewQueue(query: ReviewQueueQuery, page: { limit: number; after?: string }): Promise<{ items: Submission[]; next: string | null }> {
    return this.submissions.reviewQueue(query, page);
  }

  countReviewQueue(query: ReviewQueueQuery): Promise<number> {
    return this.submissions.countReviewQueue(query);
  }

  // Tracked actions (actions.ts). Made by records' commits, so reads finish unfinished ones first, as the outbox's do.

  async getAction(id: string): Promise<TrackedAction | null> {
    await this.sweepIfDue();
    return this.actions.get(id);
  }

  updateAction(id: string, expectedRevision: number, patch: ActionPatch, event: EventRecord): Promise<TrackedAction> {
    return this.actions.update(id, expectedRevision, patch, event);
  }

  async listActions(query: ActionQuery, page: { limit: number; after?: string }): Promise<{ items: TrackedAction[]; next: string | null }> {
    await this.sweepIfDue();
    return this.actions.list(query, page);
  }

  async countActions(query: ActionQuery): Promise<number> {
    await this.sweepIfDue();
    return this.actions.count(query);
  }

  async actionCountsByOwner(query: { team: string; today: string }): Promise<OwnerActionCount[]> {
    await this.sweepIfDue();
    return this.actions.countsByOwner(query);
  }
  // Audit programme (audits.ts). A call's assignments are relayed by one commit, so reads finish unfinished ones first.

  insertAssignments(items: AuditAssignment[], sample: AuditSample | null, events: EventRecord[]): Promise<void> {
    return this.audits.insert(items, sample, events);
  }

  async getAssignment(id: string): Promise<AuditAssignment | null> {
    await this.sweepIfDue();
    return this.audits.get(id);
  }

  updateAssignment(id: string, expectedRevision: number, patch: AssignmentPatch, event: EventRecord): Promise<AuditAssignment> {
    return this.audits.update(id, expectedRevision, patch, event);
  }

  async listAssignments(query: AssignmentQuery, page: { limit: number; after?: string }): Promise<{ items: AuditAssignment[]; next: string | null }> {
    await this.sweepIfDue();
    return this.audits.list(query, page);
  }

  async countAssignments(query: AssignmentQuery): Promise<number> {
    await this.sweepIfDue();
    return this.audits.count(query);
  }

  async getSample(id: string): Promise<AuditSample | null> {
    await this.sweepIfDue();
    return this.audits.getSample(id);
  }

  async listSamples(page: { limit: number; after?: string }): Promise<{ items: AuditSample[]; next: string | null }> {
    await this.sweepIfDue();
    return this.audits.listSamples(page);
  }


  // Events

  async appendEvent(event: EventRecord): Promise<void> {
    await this.c.events.insertOne(eventToDoc(event));
  }

  /**
   * One unordered insert with the events' own ids: an id already there (a repeated batch, or
   * one that failed part way) is skipped, so repeating the call completes it. Without
   * transactions that is the all-or-none this store can give: a failed call is retried.
   */
  async appendEvents(events: EventRecord[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.c.events.insertMany(events.map(eventToDoc), { ordered: false });
    } catch (err) {
      if (!onlyDuplicateKeys(err)) throw err;
    }
  }

  async listEvents(query: EventQuery): Promise<EventRecord[]> {
    await this.sweepIfDue();
    const f: Filter<EventDoc> = {};
    if (query.entityKind !== undefined) f['entity.kind'] = query.entityKind;
    if (query.entityId !== undefined) f['entity.id'] = query.entityId;
    if (query.actor !== undefined) f.actor = query.actor;
    if (query.action !== undefined) f.action = query.action;
    if (query.after !== undefined) f._id = { $gt: query.after };
    const docs = await this.c.events
      .find(f)
      .sort({ _id: 1 })
      .limit(query.limit ?? 1000)
      .toArray();
    return docs.map(eventFromDoc);
  }

  // Outbox

  async claimOutbox(request: ClaimRequest): Promise<OutboxEntry[]> {
    await this.sweepIfDue();
    return this.outbox.claim(request);
  }

  completeOutbox(id: string, leaseToken: string, at: string, result?: Record<string, unknown>): Promise<OutboxEntry> {
    return this.outbox.withLease(id, leaseToken, (e) => ({ ...e, state: 'delivered', deliveredAt: at, ...(result ? { result } : {}) }));
  }

  renewOutbox(id: string, leaseToken: string, leaseUntil: string): Promise<OutboxEntry> {
    return this.outbox.withLease(id, leaseToken, (e) => ({ ...e, leaseUntil: isoTime(leaseUntil) }), true);
  }

  retryOutbox(id: string, leaseToken: string, error: string, nextAttemptAt: string): Promise<OutboxEntry> {
    return this.outbox.withLease(id, leaseToken, (e) => ({ ...e, state: 'pending', lastError: error, nextAttemptAt: isoTime(nextAttemptAt) }));
  }

  deadLetterOutbox(id: string, leaseToken: string, error: string, at: string): Promise<OutboxEntry> {
    return this.outbox.withLease(id, leaseToken, (e) => ({ ...e, state: 'dead', lastError: error, deadAt: at }));
  }

  replayOutbox(id: string, at: string, options?: { force?: boolean }): Promise<OutboxEntry> {
    return this.outbox.replay(id, at, options);
  }

  getOutbox(id: string): Promise<OutboxEntry | null> {
    return this.outbox.get(id);
  }

  async listOutbox(query: OutboxQuery): Promise<OutboxEntry[]> {
    await this.sweepIfDue();
    return this.outbox.list(query);
  }

  /**
   * Without the sweep the other outbox reads make: figures are read often (every metrics scrape),
   * on FerretDB a sweep reads the whole commit log, and the claims workers make keep sweeping.
   */
  outboxCounts(): Promise<OutboxCount[]> {
    return this.outbox.counts();
  }

  async trimDeliveredOutbox(before: string, limit: number, archived: (entry: OutboxEntry) => EventRecord): Promise<number> {
    await this.sweepIfDue();
    return this.outbox.trimDelivered(before, limit, archived);
  }

  // Email notifications: StoreNotifications' methods (../notifications.ts) on this.notifications, but for the sweep.

  override async claimNotifications(request: NotificationClaim): Promise<Notification[]> {
    await this.sweepIfDue();
    return super.claimNotifications(request);
  }

  // Connectors

  insertConnector(connector: Connector, event: EventRecord): Promise<void> {
    return this.connectors.insertConnector(connector, event);
  }

  getConnector(id: string): Promise<Connector | null> {
    return this.connectors.getConnector(id);
  }

  listConnectors(): Promise<Connector[]> {
    return this.connectors.listConnectors();
  }

  updateConnector(id: string, expectedRevision: number, patch: ConnectorPatch, event: EventRecord): Promise<Connector> {
    return this.connectors.updateConnector(id, expectedRevision, patch, event);
  }

  // Mappings

  putMapping(mapping: Omit<Mapping, 'revision'>, expectedRevision: number | null, event: EventRecord): Promise<Mapping> {
    return this.connectors.putMapping(mapping, expectedRevision, event);
  }

  getMapping(connector: string, formId: string, version: number): Promise<Mapping | null> {
    return this.connectors.getMapping(connector, formId, version);
  }

  listMappings(query: MappingQuery): Promise<Mapping[]> {
    return this.connectors.listMappings(query);
  }

  deleteMapping(connector: string, formId: string, version: number, expectedRevision: number, event: EventRecord): Promise<void> {
    return this.connectors.deleteMapping(connector, formId, version, expectedRevision, event);
  }

  // Accounts

  insertAccount(account: Account, event: EventRecord): Promise<void> {
    return this.accounts.insertAccount(account, event);
  }

  getAccount(id: string): Promise<Account | null> {
    return this.accounts.getAccount(id);
  }

  getAccountByUsername(username: string): Promise<Account | null> {
    return this.accounts.getAccountByUsername(username);
  }

  listAccounts(): Promise<Account[]> {
    return this.accounts.listAccounts();
  }

  updateAccount(id: string, expectedRevision: number, patch: AccountPatch, event: EventRecord): Promise<Account> {
    return this.accounts.updateAccount(id, expectedRevision, patch, event);
  }

  // API tokens

  insertToken(token: ApiToken, event: EventRecord): Promise<void> {
    return this.accounts.insertToken(token, event);
  }

  getToken(hash: string): Promise<ApiToken | null> {
    return this.accounts.getToken(hash);
  }

  listTokens(accountId: string): Promise<ApiToken[]> {
    return this.accounts.listTokens(accountId);
  }

  revokeToken(hash: string, at: string, event: EventRecord): Promise<ApiToken> {
    return this.accounts.revokeToken(hash, at, event);
  }

  // Sessions

  insertSession(session: Session): Promise<void> {
    return this.accounts.insertSession(session);
  }

  getSession(hash: string): Promise<Session | null> {
    return this.accounts.getSession(hash);
  }

  touchSession(hash: string, expiresAt: string): Promise<void> {
    return this.accounts.touchSession(hash, expiresAt);
  }

  deleteSession(hash: string): Promise<void> {
    return this.accounts.deleteSession(hash);
  }

  deleteSessionsOf(accountId: string): Promise<void> {
    return this.accounts.deleteSessionsOf(accountId);
  }

  // Limit hits: each its own document, so a count is right without atomic conditional updates
  // (FerretDB 1.24 has none): inserts never lose one another, and the count is of what is there.

  async addLimitHit(hit: LimitHit, now: string, sweep = false): Promise<number> {
    const at = isoTime(now);
    if (sweep) await this.c.limitHits.deleteMany({ expiresAt: { $lte: at } });
    await this.c.limitHits.insertOne({ _id: hit.id, key: hit.key, expiresAt: isoTime(hit.expiresAt) });
    return this.c.limitHits.countDocuments({ key: hit.key, expiresAt: { $gt: at } });
  }

  async liveLimitHits(key: string, now: string): Promise<string[]> {
    const docs = await this.c.limitHits.find({ key, expiresAt: { $gt: isoTime(now) } }, { projection: { expiresAt: 1 } }).sort({ expiresAt: 1 }).toArray();
    return docs.map((d) => d.expiresAt);
  }

  // Directory (directory.ts)

  applyDirectoryBatch(batch: DirectoryBatch, event: EventRecord): Promise<{ applied: AppliedBatch; replayed: boolean }> {
    return this.directory.applyBatch(batch, event);
  }

  getChildren(ids: readonly string[]): Promise<Child[]> {
    return this.directory.getChildren(ids);
  }

  searchChildren(search: ChildSearch, limit: number): Promise<Child[]> {
    return this.directory.searchChildren(search, limit);
  }

  getWorkers(ids: readonly string[]): Promise<Worker[]> {
    return this.directory.getWorkers(ids);
  }

  findWorkersByEmail(email: string): Promise<Worker[]> {
    return this.directory.findWorkersByEmail(email);
  }

  listWorkers(query: { team?: string; managerId?: string }, limit: number): Promise<Worker[]> {
    return this.directory.listWorkers(query, limit);
  }

  listDirectoryTeams(): Promise<DirectoryTeam[]> {
    return this.directory.listTeams();
  }

  directoryCounts(): Promise<DirectoryCounts> {
    return this.directory.counts();
  }

  listDirectoryBatches(query: { kind?: DirectoryKind; limit?: number }): Promise<AppliedBatch[]> {
    return this.directory.listBatches(query);
  }

  // Dashboards' counts (tally.ts) and children by team, page by page. Actions are made by
  // records' commits, so, as their lists do, counts finish unfinished commits first.

  async tally(query: TallyQuery): Promise<TallyRow[]> {
    await this.sweepIfDue();
    return mongoTally(this.c, query);
  }

  async listChildren(query: { teams?: string[] }, page: { limit: number; after?: string }): Promise<{ items: Child[]; next: string | null }> {
    checkChildPage(query, page);
    return this.directory.listChildren(query, page);
  }

  async fillMeasures(formId: string, pointers: readonly string[]): Promise<number> {
    const keys = measureKeys(pointers);
    if (!keys.length) return 0;
    const lacking = await this.c.submissions
      .find(
        { formId, deleted: { $exists: false }, 'timeliness.doneOn': { $exists: true }, $or: keys.map((k) => ({ [`timeliness.measures.${k.key}`]: { $exists: false } })) },
        { projection: { _id: 1 } },
      )
      .toArray();
    let filled = 0;
    for (const { _id } of lacking) if (await this.submissions.fillMeasures(_id, pointers)) filled++;
    return filled;
  }

  async formsChangeMarker(): Promise<string> {
    // Every change of a form or version is a commit that moves its view's `rev` on; none is ever
    // deleted, nor goes back to draft. Summed here: FerretDB's $group sums constants only. (Forms
    // and versions are few.)
    const sum = async (view: 'forms' | 'versions', filter: Filter<{ rev: number; status?: string }>) => {
      const revs = await this.c.db.collection<{ rev: number; status?: string }>(view).find(filter, { projection: { _id: 0, rev: 1 } }).toArray();
      return `${revs.length}.${revs.reduce((s, d) => s + (d.rev ?? 0), 0)}`;
    };
    return `${await sum('forms', {})}/${await sum('versions', { status: { $ne: 'draft' } })}`;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
