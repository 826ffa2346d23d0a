/**
 * What the deliveries page reads from /api/sync (see GET /api/openapi.json) and how it says it:
 * state names, waiting times in words, the reason an action failed.
 */
import { ApiError, NetworkError, api } from '../../api/client.js';
import type { FormSummary } from '../../api/types.js';

export type DeliveryState = 'pending' | 'leased' | 'delivered' | 'dead';

export interface QueueFigures {
  connector: string;
  paused: boolean;
  counts: Record<DeliveryState, number>;
  oldestWaitingSince: string | null;
}

export interface Connector {
  id: string;
  kind: string;
  title: string;
  paused: boolean;
  settings: Record<string, unknown>;
  revision: number;
  queue: QueueFigures | null;
}

export interface Delivery {
  id: string;
  submissionId: string;
  connector: string;
  /** The child's id, or the record's own id when it is about no child. */
  partitionKey: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  lastError?: string;
  deliveredAt?: string;
  deadAt?: string;
  result?: Record<string, unknown>;
}

export interface Mapping {
  connector: string;
  formId: string;
  version: number;
}

export interface ConnectorView {
  connector: Connector;
  mappings: Mapping[];
  dead: Delivery[];
  /** More dead letters than `dead` holds. */
  moreDead: boolean;
}

export interface Overview {
  connectors: ConnectorView[];
  formTitles: Map<string, string>;
}

export interface ReplayAnswer {
  replayed: number;
  items: Array<{ id: string; state?: DeliveryState; problem?: string }>;
}

/** How many dead letters a connector's table lists at most. */
export const DEAD_PAGE = 100;

/** The server's pattern for a record (or delivery) id. */
export const RECORD_ID = /^[A-Za-z0-9:_-]{1,200}$/;

const q = encodeURIComponent;

export async function loadOverview(): Promise<Overview> {
  const [connectors, forms] = await Promise.all([api.get<{ items: Connector[] }>('/api/sync/connectors'), api.get<{ items: FormSummary[] }>('/api/forms')]);
  const views = await Promise.all(
    connectors.body.items.map(async (connector): Promise<ConnectorView> => {
      const [mappings, dead] = await Promise.all([
        api.get<{ items: Mapping[] }>(`/api/sync/connectors/${q(connector.id)}/mappings`),
        api.get<{ items: Delivery[]; next: string | null }>(`/api/sync/deliveries?connector=${q(connector.id)}&state=dead&limit=${DEAD_PAGE}`),
      ]);
      return { connector, mappings: mappings.body.items, dead: dead.body.items, moreDead: dead.body.next !== null };
    }),
  );
  return { connectors: views, formTitles: new Map(forms.body.items.map((f) => [f.id, f.title])) };
}

export async function deliveriesOf(recordId: string): Promise<Delivery[]> {
  return (await api.get<{ items: Delivery[] }>(`/api/sync/deliveries?submissionId=${q(recordId)}`)).body.items;
}

/** Each state's name on the page and its tag's colour (blue, GOV.UK's default, for waiting). */
export const STATE_TEXT: Record<DeliveryState, { label: string; tag: string }> = {
  pending: { label: 'Waiting', tag: '' },
  leased: { label: 'In flight', tag: 'govuk-tag--teal' },
  delivered: { label: 'Delivered', tag: 'govuk-tag--green' },
  dead: { label: 'Dead letter', tag: 'govuk-tag--red' },
};

const KINDS: Record<string, string> = { http: 'HTTP (each record is sent to a web address)', 'file-drop': 'File drop (records are written to batch files in a folder)' };

export function kindText(c: Connector): string {
  return KINDS[c.kind] ?? c.kind;
}

/** Where the connector sends records, when its settings say (a URL or a folder). */
export function destinationOf(c: Connector): string | null {
  const where = c.settings.url ?? c.settings.folder;
  return typeof where === 'string' ? where : null;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** How long since `iso`, in words: "less than a minute", "3 minutes", "2 hours", "4 days". */
export function waitedFor(iso: string, now: Date): string {
  const minutes = Math.floor(Math.max(0, now.getTime() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

const dateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function when(iso: string | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** The child a delivery is about, or a dash when the record is about no child. */
export function childOf(d: Delivery): string {
  return d.partitionKey === d.submissionId ? '—' : d.partitionKey;
}

/** What the receiver called the record (the ICS record id, or the batch file). */
export function receiptOf(d: Delivery): string | null {
  const r = d.result;
  if (!r) return null;
  if (typeof r.recordId === 'string') return `ICS record ${r.recordId}`;
  if (typeof r.batch === 'string') return `Batch ${r.batch}`;
  return null;
}

/** A failure in words for the person who pressed the button. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return [err.problem.detail || err.problem.title, ...(err.problem.errors ?? []).map((e) => e.message)].join(' ');
  if (err instanceof NetworkError) return 'The service cannot be reached. Check your connection and try again.';
  return 'Something went wrong. Try again.';
}
