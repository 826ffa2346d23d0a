/**
 * Where a submitted record went: one line per connector its submit queued it for (none when no
 * connector has a mapping for its form version, so the record stays in Caseforms only), each
 * with the state a practitioner can act on and the ICS record id the receiver answered. Nothing
 * of a connector's settings (addresses, folders, secret names) and no failure text: that can
 * hold a receiver's or a server's internals, and integrators read it on the deliveries page.
 */
import type { EngineContext } from '../context.js';
import type { OutboxEntry, OutboxState } from '../store/outbox.js';
import type { Submission } from './model.js';
import { archivedEntries } from '../sync/outbox-archive.js';

export type DeliveryState = 'waiting' | 'delivered' | 'failed';

export interface ConnectorDelivery {
  /** The connector's id (a slug, e.g. `ics-http`). */
  connector: string;
  /** What integrators named it, for people to read. */
  title: string;
  state: DeliveryState;
  /** The receiver's own id for the record it made, when it answered one (the HTTP connector's `recordId`). */
  icsRecordId?: string;
  deliveredAt?: string;
}

export interface RecordDelivery {
  /** True when the submit queued the record for at least one connector (or will, once it is signed off: `atSignOff`). */
  toIcs: boolean;
  /** True while a record that goes to the ICS only at final sign-off waits for its review stages: nothing is queued yet. */
  atSignOff?: boolean;
  connectors: ConnectorDelivery[];
}

const STATES: Record<OutboxState, DeliveryState> = { pending: 'waiting', leased: 'waiting', delivered: 'delivered', dead: 'failed' };

function icsRecordId(e: OutboxEntry): string | undefined {
  const id = e.result?.recordId;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/**
 * For a submitted record, where it went; undefined for a draft. Call only for a caller who may
 * read the record. `justSubmitted`: submitted by this very request, so nothing of it is archived yet.
 */
export async function recordDelivery(ctx: EngineContext, s: Submission, options: { justSubmitted?: boolean } = {}): Promise<RecordDelivery | undefined> {
  if (s.status !== 'submitted') return undefined;
  const live = await ctx.store.listOutbox({ submissionId: s.id });
  // Entries archived by age (engine/sync/outbox-archive.ts) are still where it went.
  const archived = options.justSubmitted ? [] : (await archivedEntries(ctx, s.id)).filter((a) => !live.some((e) => e.id === a.id));
  const entries = [...archived, ...live];
  // A record delivered only at final sign-off, still in review: where it will go, not yet queued.
  if (!entries.length && s.review && s.review.state !== 'complete' && s.review.deliveryRevision === 0) {
    const seeds = await ctx.deliveriesFor(s);
    if (seeds.length) return { toIcs: true, atSignOff: true, connectors: [] };
  }
  const titles = new Map(entries.length ? (await ctx.store.listConnectors()).map((c) => [c.id, c.title]) : []);
  return {
    toIcs: entries.length > 0,
    connectors: entries.map((e) => {
      const state = STATES[e.state];
      const id = state === 'delivered' ? icsRecordId(e) : undefined;
      return {
        connector: e.connector,
        title: titles.get(e.connector) ?? e.connector,
        state,
        ...(id !== undefined ? { icsRecordId: id } : {}),
        ...(state === 'delivered' && e.deliveredAt ? { deliveredAt: e.deliveredAt } : {}),
      };
    }),
  };
}
