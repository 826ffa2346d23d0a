/**
 * The delivery worker. Any number run, in any number of processes, against one store: each
 * claims due outbox entries with a lease (the store never leases one entry twice, nor a child's
 * later record while an earlier one waits), builds each record's envelope through the mapping that
 * applies to its version, hands the batch to the connector's driver, and records what happened:
 * delivered, retry later (exponential backoff with full jitter, or Retry-After), or dead letter
 * after the connector's last attempt. While it works it renews its leases; a crash at any point
 * leaves the entry leased, its lease runs out (within one lease, 15 s by default) and another
 * worker delivers it again, with the same idempotency key (the submission id). A renewal that finds
 * the lease taken stops that entry: its outcome is not recorded, the new holder's is.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { EngineContext } from '../context.js';
import { formFields, type FieldInfo } from '../forms/fields.js';
import type { FormVersion } from '../forms/model.js';
import { versionKey } from '../forms/lifecycle.js';
import { newId } from '../ids.js';
import { PollLoop } from '../poll-loop.js';
import { ARCHIVE_EVERY_MS, archiveDelivered, DEFAULT_OUTBOX_KEEP_DAYS } from './outbox-archive.js';
import { DEFAULT_LEASE_MS, LeaseKeeper } from '../store/lease.js';
import type { OutboxEntry } from '../store/outbox.js';
import { applyMapping, filesToSend, mappingFor } from './mapping.js';
import type { SyncMetrics } from './metrics.js';
import type { Connector, ConnectorDriver, DeliveredFile, DeliveryItem, DeliveryOutcome, Envelope, Mapping, RetryPolicy } from './model.js';
import type { SyncSetup } from './service.js';

export interface WorkerOptions {
  /** Names this worker in leases and logs (default: host, pid and a random suffix). */
  workerId?: string;
  /** Most entries claimed per connector per round. */
  batchSize?: number;
  /**
   * How long a claim holds an entry (default 15 s). The worker renews it every third of that while
   * it delivers, so it bounds how long a crashed worker's entries wait, not how long a delivery may take.
   */
  leaseMs?: number;
  /** How often an idle worker looks for work (a submit in the same process wakes it at once). */
  pollMs?: number;
  logger?: Logger;
  metrics?: SyncMetrics;
  /** For tests: the jitter's random source. */
  random?: () => number;
  /**
   * Delivered entries older than this many days are archived (./outbox-archive.ts); 0 keeps them
   * for ever. Left out: DEFAULT_OUTBOX_KEEP_DAYS.
   */
  outboxKeepDays?: number;
}

/** The wait before the next attempt after `attempts` tries: full jitter, or longer when the receiver asks. */
export function backoffMs(policy: RetryPolicy, attempts: number, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs !== undefined ? Math.max(jittered, retryAfterMs) : jittered;
}

/** A reason that cannot be fixed by trying again (the record or its mapping is missing). */
class Undeliverable extends Error {}

export class SyncWorker {
  readonly id: string;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly random: () => number;
  private readonly drivers = new Map<string, { revision: number; driver: ConnectorDriver }>();
  private readonly versionsCache = new Map<string, { version: FormVersion; fields: Map<string, FieldInfo> }>();
  private readonly usernames = new Map<string, string>();
  private readonly rounds: PollLoop;
  private readonly archiving: PollLoop | null;

  constructor(
    private readonly ctx: EngineContext,
    private readonly sync: SyncSetup,
    private readonly options: WorkerOptions = {},
  ) {
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${newId().slice(-6)}`;
    this.batchSize = options.batchSize ?? 16;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.pollMs = options.pollMs ?? 500;
    this.random = options.random ?? Math.random;
    // A failing round means the store is unreachable or failing: say so; the loop waits longer each time.
    this.rounds = new PollLoop(() => this.runOnce(), { pollMs: this.pollMs, onError: (err) => this.options.logger?.error({ err, worker: this.id }, 'sync round failed') });
    const keepDays = options.outboxKeepDays ?? DEFAULT_OUTBOX_KEEP_DAYS;
    this.archiving =
      keepDays > 0
        ? new PollLoop(() => archiveDelivered(this.ctx, keepDays), { pollMs: ARCHIVE_EVERY_MS, onError: (err) => this.options.logger?.error({ err, worker: this.id }, 'outbox archive round failed') })
        : null;
  }

  /** Runs until stop(): rounds back to back while there is work, one every `pollMs` when idle. */
  start(): void {
    this.rounds.start();
    this.archiving?.start();
  }

  /** Looks for work now (called after a submit in this process). */
  wake(): void {
    this.rounds.wake();
  }

  /** Stops claiming, aborts deliveries in flight (they come back as retries) and closes drivers. */
  async stop(): Promise<void> {
    await Promise.all([this.rounds.stop(), this.archiving?.stop()]);
    await Promise.all([...this.drivers.values()].map((d) => d.driver.close?.()));
    this.drivers.clear();
  }

  /** One round: claims and delivers a batch for every connector that is not paused. Returns how many entries it handled. */
  async runOnce(): Promise<number> {
    const connectors = (await this.ctx.store.listConnectors()).filter((c) => !c.paused && this.sync.kinds.has(c.kind));
    const counts = await Promise.all(connectors.map((c) => this.round(c)));
    return counts.reduce((a, b) => a + b, 0);
  }

  private driverFor(c: Connector): ConnectorDriver {
    const cached = this.drivers.get(c.id);
    if (cached && cached.revision === c.revision) return cached.driver;
    void cached?.driver.close?.();
    const driver = this.sync.kinds.get(c.kind)!.create(c, this.sync.env);
    this.drivers.set(c.id, { revision: c.revision, driver });
    return driver;
  }

  private async round(c: Connector): Promise<number> {
    if (this.rounds.signal.aborted) return 0;
    const claimed = await this.ctx.store.claimOutbox({ workerId: this.id, connector: c.id, leaseMs: this.leaseMs, now: this.ctx.now().toISOString(), limit: this.batchSize });
    if (!claimed.length) return 0;
    // The batch's deliveries stop when the worker stops, or when every lease in it was taken over.
    const batch = new AbortController();
    const stopping = () => batch.abort();
    this.rounds.signal.addEventListener('abort', stopping);
    if (this.rounds.signal.aborted) batch.abort();
    const keeper = new LeaseKeeper({
      leaseMs: this.leaseMs,
      now: () => this.ctx.now(),
      renew: (id, token, until) => this.ctx.store.renewOutbox(id, token, until),
      onLost: (id) => {
        this.options.logger?.warn({ worker: this.id, connector: c.id, delivery: id }, 'lease lost while delivering; another worker has the delivery');
        if (claimed.every((e) => keeper.isLost(e.id))) batch.abort();
      },
      onError: (err, id) => this.options.logger?.error({ err, worker: this.id, delivery: id }, 'renewing a lease failed'),
    });
    keeper.hold(claimed);
    try {
      return await this.deliverBatch(c, claimed, keeper, batch.signal);
    } finally {
      this.rounds.signal.removeEventListener('abort', stopping);
      await keeper.close();
    }
  }

  private async deliverBatch(c: Connector, claimed: OutboxEntry[], keeper: LeaseKeeper, signal: AbortSignal): Promise<number> {
    const items: DeliveryItem[] = [];
    // One read of the connector's mappings serves the whole batch.
    const mappings = await this.ctx.store.listMappings({ connector: c.id });
    await Promise.all(
      claimed.map(async (entry) => {
        try {
          items.push(await this.item(c, entry, mappings));
        } catch (err) {
          const reason = err instanceof Undeliverable ? err.message : 'The record could not be prepared for delivery (see the service log).';
          if (!(err instanceof Undeliverable)) this.options.logger?.error({ err, delivery: entry.id }, 'preparing a delivery failed');
          await this.settle(c, entry, err instanceof Undeliverable ? { outcome: 'rejected', reason } : { outcome: 'retry', reason }, 0, keeper);
        }
      }),
    );
    if (!items.length) return claimed.length;
    const started = performance.now();
    let outcomes: DeliveryOutcome[];
    try {
      outcomes = await this.driverFor(c).deliver(items, signal);
    } catch (err) {
      // Drivers report failures as outcomes; a throw is a bug in one, and must not lose records.
      this.options.logger?.error({ err, connector: c.id }, 'connector failed');
      outcomes = items.map(() => ({ outcome: 'retry', reason: 'The connector failed unexpectedly (see the service log).' }));
    }
    const ms = performance.now() - started;
    await Promise.all(items.map((item, i) => this.settle(c, item.entry, outcomes[i] ?? { outcome: 'retry', reason: 'The connector gave no outcome.' }, ms, keeper, item.envelope)));
    return claimed.length;
  }

  /** Records the outcome on the entry, under its lease. A lost lease means another worker has it now. */
  private async settle(c: Connector, entry: OutboxEntry, outcome: DeliveryOutcome, ms: number, keeper: LeaseKeeper, envelope?: Envelope): Promise<void> {
    const token = entry.leaseToken!;
    await keeper.release(entry.id);
    const log = { worker: this.id, connector: c.id, delivery: entry.id, submissionId: entry.submissionId, attempt: entry.attempts, ms: Math.round(ms) };
    // Its new holder records the outcome (the token would refuse ours anyway).
    if (keeper.isLost(entry.id)) return;
    const now = this.ctx.now();
    let recorded: 'delivered' | 'retry' | 'dead';
    try {
      if (outcome.outcome === 'delivered') {
        await this.ctx.store.completeOutbox(entry.id, token, now.toISOString(), outcome.result);
        recorded = 'delivered';
        if (envelope) this.options.metrics?.latencySeconds.observe({ connector: c.id }, Math.max(0, (now.getTime() - Date.parse(envelope.submittedAt)) / 1000));
        this.options.logger?.info({ ...log, outcome: 'delivered', result: outcome.result }, 'delivered');
      } else if (outcome.outcome === 'rejected' || entry.attempts >= c.retry.maxAttempts) {
        const reason = outcome.outcome === 'rejected' ? outcome.reason : `Gave up after ${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}: ${outcome.reason}`;
        await this.ctx.store.deadLetterOutbox(entry.id, token, reason, now.toISOString());
        recorded = 'dead';
        this.options.logger?.warn({ ...log, outcome: 'dead', reason }, 'dead-lettered');
      } else {
        const wait = backoffMs(c.retry, entry.attempts, this.random, outcome.retryAfterMs);
        const next = new Date(now.getTime() + wait).toISOString();
        await this.ctx.store.retryOutbox(entry.id, token, outcome.reason, next);
        recorded = 'retry';
        this.options.logger?.info({ ...log, outcome: 'retry', reason: outcome.reason, nextAttemptAt: next }, 'will retry');
      }
    } catch (err) {
      if ((err as { type?: string }).type === 'invalid-state') {
        this.options.logger?.warn({ ...log, outcome: outcome.outcome }, 'lease lost before the outcome was recorded; another worker has the delivery');
        return;
      }
      throw err;
    }
    this.options.metrics?.outcomes.inc({ connector: c.id, outcome: recorded });
    if (ms > 0) this.options.metrics?.attemptSeconds.observe({ connector: c.id }, ms / 1000);
  }

  /** The record's envelope, and the uploaded files its mapping sends with it. */
  private async item(c: Connector, entry: OutboxEntry, mappings: readonly Mapping[]): Promise<DeliveryItem> {
    const files: DeliveredFile[] = [];
    const envelope = await this.envelope(c, entry, mappings, files);
    return files.length ? { entry, envelope, files } : { entry, envelope };
  }

  private async envelope(c: Connector, entry: OutboxEntry, mappings: readonly Mapping[], files: DeliveredFile[] = []): Promise<Envelope> {
    const s = await this.ctx.store.getSubmission(entry.submissionId);
    if (!s || s.status !== 'submitted') throw new Undeliverable(`Record ${entry.submissionId} is not a submitted record.`);
    const mapping = mappingFor(mappings.filter((m) => m.formId === s.formId), s.version);
    if (!mapping) throw new Undeliverable(`The “${c.id}” connector has no mapping for version ${s.version} of “${s.formId}”. Add one, then replay this delivery.`);
    const key = versionKey(s.formId, s.version);
    let known = this.versionsCache.get(key);
    if (!known) {
      const v = await this.ctx.store.getVersion(s.formId, s.version);
      if (!v) throw new Undeliverable(`Version ${s.version} of “${s.formId}” is missing.`);
      known = { version: v, fields: formFields(v) };
      if (this.versionsCache.size > 500) this.versionsCache.clear();
      this.versionsCache.set(key, known);
    }
    // Never an answer to a hidden question, even from a record submitted before they were left out.
    const data = this.ctx.validators.visibleAnswers(known.version, s.data);
    files.push(...filesToSend(mapping.fields, data));
    return {
      envelope: 'caseforms.ics/1',
      submissionId: s.id,
      ...(s.reference ? { reference: s.reference } : {}),
      formId: s.formId,
      formVersion: s.version,
      subject: s.subject,
      submittedBy: await this.username(s.submittedBy ?? s.createdBy),
      submittedAt: s.submittedAt ?? s.updatedAt,
      // Sent again after a return or at sign-off: the same submissionId, a higher delivery revision.
      ...(s.review || (entry.deliveryRevision ?? 1) > 1 ? { deliveryRevision: entry.deliveryRevision ?? 1 } : {}),
      ...(s.review
        ? {
            review: {
              state: s.review.state,
              signatures: (s.signatures ?? []).map((g) => ({ stage: g.stage, name: g.name, role: g.role, ...(g.workerId ? { workerId: g.workerId } : {}), at: g.at, contentHash: g.contentHash })),
            },
          }
        : {}),
      fields: applyMapping(mapping.fields, data, { dateFormat: c.dateFormat, fields: known.fields }),
    };
  }

  private async username(accountId: string): Promise<string> {
    let name = this.usernames.get(accountId);
    if (!name) {
      name = (await this.ctx.store.getAccount(accountId))?.username ?? accountId;
      if (this.usernames.size > 10_000) this.usernames.clear();
      this.usernames.set(accountId, name);
    }
    return name;
  }
}
