/**
 * The archive policy for delivered outbox entries (issue 17): an entry delivered more than
 * `keepDays` days ago leaves the outbox, and a `delivery.archived` event of the record (with the
 * connector, when it was delivered, the attempts and the receiver's answer) takes its place in
 * the event log, which is kept: the record's delivery still shows as delivered (./../submissions/delivery.ts reads both). Entries waiting, in
 * flight or dead are never touched. 0 days keeps every entry for ever. Run by each sync worker
 * (in the web server or `npm run sync-worker`), a batch per round, so the event loop is never
 * held for long; several workers archiving at once only share the work.
 */
import type { EngineContext } from '../context.js';
import { newEvent, type EventRecord } from '../store/events.js';
import type { OutboxEntry } from '../store/outbox.js';

/** The default of CASEFORMS_OUTBOX_KEEP_DAYS. */
export const DEFAULT_OUTBOX_KEEP_DAYS = 90;
/** Most entries archived per round (one transaction on SQLite). */
export const ARCHIVE_BATCH = 500;
/** How often an archive round runs when the last found nothing (rounds follow each other while there is work). */
export const ARCHIVE_EVERY_MS = 15 * 60_000;

const DAY_MS = 24 * 60 * 60 * 1000;
/** The event of an archived entry. */
export const ARCHIVED = 'delivery.archived';

/** The event that keeps an archived entry's delivery in the history: about the record, so its delivery is read with its other events. */
export function archivedEvent(ctx: EngineContext, entry: OutboxEntry): EventRecord {
  return newEvent(ctx.now(), 'system', ARCHIVED, 'submission', entry.submissionId, {
    outboxId: entry.id,
    connector: entry.connector,
    state: entry.state,
    ...(entry.deliveredAt ? { deliveredAt: entry.deliveredAt } : {}),
    ...(entry.deliveryRevision ? { deliveryRevision: entry.deliveryRevision } : {}),
    attempts: entry.attempts,
    ...(entry.result ? { result: entry.result } : {}),
  });
}

/**
 * A record's archived entries, as they were when archived (from their events, oldest first), each
 * once: two workers archiving the same entry at once on MongoDB (its conditional delete is not
 * atomic on FerretDB), or a crash between the event and the delete, can log an entry twice.
 */
export async function archivedEntries(ctx: EngineContext, submissionId: string): Promise<OutboxEntry[]> {
  const events = await ctx.store.listEvents({ entityKind: 'submission', entityId: submissionId, action: ARCHIVED, limit: 1000 });
  const seen = new Set<string>();
  const once = events.filter((e) => {
    const id = String((e.details as { outboxId?: unknown } | undefined)?.outboxId ?? e.id);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return once.map((e) => {
    const d = (e.details ?? {}) as Partial<OutboxEntry> & { outboxId?: string };
    return {
      id: d.outboxId ?? `${submissionId}:${String(d.connector)}`,
      submissionId,
      connector: String(d.connector),
      partitionKey: '',
      seq: 0,
      state: 'delivered',
      attempts: d.attempts ?? 1,
      nextAttemptAt: d.deliveredAt ?? e.at,
      createdAt: d.deliveredAt ?? e.at,
      ...(d.deliveredAt ? { deliveredAt: d.deliveredAt } : {}),
      ...(d.deliveryRevision ? { deliveryRevision: d.deliveryRevision } : {}),
      ...(d.result ? { result: d.result } : {}),
    };
  });
}

/** One round: archives up to `batch` entries delivered more than `keepDays` ago; how many it archived. 0 days archives nothing. */
export async function archiveDelivered(ctx: EngineContext, keepDays: number, batch = ARCHIVE_BATCH): Promise<number> {
  if (keepDays <= 0) return 0;
  const before = new Date(ctx.now().getTime() - keepDays * DAY_MS).toISOString();
  return ctx.store.trimDeliveredOutbox(before, batch, (entry) => archivedEvent(ctx, entry));
}
