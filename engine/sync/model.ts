/**
 * What the ICS sync is made of: connectors (where records go), mappings (which answers become
 * which ICS fields, per form version), the envelope each record travels in, and the one small
 * interface every connector kind implements. Pure data and types; no storage or HTTP here.
 */
import type { OutboxEntry } from '../store/outbox.js';
import type { DestinationPolicy } from './destinations.js';
import type { Subject } from '../submissions/model.js';
import type { DocumentSource } from '../documents/source.js';
import type { FileRef } from '../files/model.js';
import type { IcsEnvelope } from '../../schemas/generated/ics-envelope.js';

/** A connector's id: a slug, like a form's. */
export const CONNECTOR_ID_PATTERN = /^[a-z][a-z0-9-]{2,63}$/;
/** An ICS field name: safe as a MongoDB key, a CSV header and an XML element name. */
export const ICS_FIELD_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export type DateFormat = 'YYYY-MM-DD' | 'DD/MM/YYYY';

/** How a connector is retried. */
export interface RetryPolicy {
  /** Attempts before the entry is dead-lettered (the first delivery counts). */
  maxAttempts: number;
  /** Backoff before attempt n+1 is a random time in [0, min(maxMs, baseMs * 2^(n-1))] ("full jitter"), or Retry-After when the receiver gives a longer one. */
  baseMs: number;
  maxMs: number;
}

/**
 * A configured connector. `settings` belong to its kind (see connectors/): an HTTP connector's URL
 * and the name of the environment variable holding its signing secret, a file drop's folder.
 * Secrets are never stored: only the names of the variables that hold them.
 */
export interface Connector {
  id: string;
  kind: string;
  title: string;
  /** A paused connector keeps its queue (new records are still enqueued) but delivers nothing. */
  paused: boolean;
  retry: RetryPolicy;
  /** How dates are written for this connector's receiver. */
  dateFormat: DateFormat;
  settings: Record<string, unknown>;
  revision: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export type ConnectorPatch = Partial<Pick<Connector, 'title' | 'paused' | 'retry' | 'dateFormat' | 'settings' | 'updatedBy' | 'updatedAt'>>;

/**
 * One ICS field of a mapping. `from` is a field path of the form version as the change analysis
 * names them (`/section/field`; inside a list's `items`, relative to the row: `/dueDate`).
 */
export type MappingRule =
  /**
   * The answer as it is, or transformed: yes/no → flag, a date in the connector's format, a
   * choice's code, anything → text. A files question's answer is sent as its file names (a list;
   * `text`: joined with "; "); `files` sends the names and the files themselves (beside the batch,
   * or as download links).
   */
  | { target: string; from: string; as?: 'value' | 'text' | 'flag' | 'date' | 'code' | 'files'; flag?: { yes: string; no: string } }
  /** Several long answers joined into one case-note body, each under its heading; unanswered ones left out. */
  | { target: string; join: Array<{ heading: string; from: string }>; separator?: string }
  /** A constant (e.g. the ICS record type). */
  | { target: string; value: string | number | boolean }
  /** A repeatable group: one object per row, each mapped by `items`. */
  | { target: string; from: string; items: MappingRule[] };

/**
 * How a form's records become ICS fields for one connector. A mapping made for version N applies
 * to N and every later version until a mapping for a later version replaces it; publishing a
 * version that would break the mapping that applies to it is refused.
 */
export interface Mapping {
  connector: string;
  formId: string;
  /** The first version this mapping applies to. */
  version: number;
  fields: MappingRule[];
  revision: number;
  updatedBy: string;
  updatedAt: string;
}

/** What a connector sends for one record (published as schemas/engine/ics-envelope.schema.json). */
export interface Envelope {
  /** The envelope's format; bumped only by an incompatible change. */
  envelope: 'caseforms.ics/1';
  /** Stable: the idempotency key every redelivery carries. */
  submissionId: string;
  /** The record's reference for people (`SUP-2026-000123`); absent for records made before references existed. */
  reference?: string;
  formId: string;
  formVersion: number;
  subject: Subject;
  submittedBy: string;
  submittedAt: string;
  /** Forms with review stages: the how-many-th time this record is sent (the same submissionId each time). */
  deliveryRevision?: number;
  /** Forms with review stages: where the record is and its signatures. */
  review?: { state: 'waiting' | 'returned' | 'complete'; signatures: Array<{ stage: string; name: string; role: string; workerId?: string; at: string; contentHash: string }> };
  /** The mapped ICS fields. */
  fields: Record<string, unknown>;
  /** HTTP connectors set to send documents: signed, expiring download links to the record's PDF. */
  documents?: EnvelopeDocument[];
}

/** A document sent with a record as a download link (GET it, no sign-in, before `expiresAt`): as the envelope's schema has it. */
export type EnvelopeDocument = NonNullable<IcsEnvelope['documents']>[number];

/** One record to deliver: its outbox entry (leased to the caller) and what to send. */
export interface DeliveryItem {
  entry: OutboxEntry;
  envelope: Envelope;
  /** Uploaded files the mapping sends with the record (rules `as: "files"`), each with the ICS field naming it. */
  files?: DeliveredFile[];
}

/** An uploaded file a mapping sends: which ICS field names it, and the answer item. */
export interface DeliveredFile {
  target: string;
  file: FileRef;
}

/** What happened to one item. */
export type DeliveryOutcome =
  /** Delivered; `result` keeps what the receiver said (e.g. its record id, or the batch file). */
  | { outcome: 'delivered'; result?: Record<string, unknown> }
  /** Try again later (timeouts, 408/429/5xx, network); `retryAfterMs` when the receiver said when. */
  | { outcome: 'retry'; reason: string; retryAfterMs?: number }
  /** The receiver refused it for good (other 4xx): dead letter with the reason. */
  | { outcome: 'rejected'; reason: string };

/**
 * A connector kind: validates its settings and makes a driver. A new kind (SFTP, a vendor's SOAP
 * API) is one new module in connectors/ implementing this, registered in connectors/index.ts.
 */
export interface ConnectorKind {
  kind: string;
  /** What the kind is, for the integrators' page. */
  description: string;
  /** JSON Schema of `settings` (checked when a connector is created or changed). */
  settingsSchema: Record<string, unknown>;
  /** Problems with settings the schema cannot see (e.g. a folder that is not writable), each `{ pointer, message }` relative to settings. */
  check?(settings: Record<string, unknown>, env: ConnectorEnv): Promise<Array<{ pointer: string; message: string }>>;
  create(connector: Connector, env: ConnectorEnv): ConnectorDriver;
}

/**
 * What a driver may read from its surroundings: environment variables (secrets), the clock, and
 * where the server's configuration lets connectors write or send (never set through the API).
 */
export interface ConnectorEnv {
  secrets: NodeJS.ProcessEnv;
  now(): Date;
  /** Where the HTTP connector may send (CASEFORMS_SYNC_HTTP_ALLOW; ./destinations.ts). */
  destinations: DestinationPolicy;
  /** Absolute folders a file drop's folder must be inside, after links are resolved (CASEFORMS_SYNC_DROP_ROOTS). */
  dropRoots: readonly string[];
  /** Records' PDFs and signed download links (engine/documents); absent where documents are not wired in (some unit tests). */
  documents?: DocumentSource;
}

export interface ConnectorDriver {
  /**
   * Delivers items (at most one per child, so they are independent) and says what happened to
   * each, in the same order. Never throws for a delivery failure: that is an outcome. `signal`
   * aborts when the worker stops.
   */
  deliver(items: DeliveryItem[], signal: AbortSignal): Promise<DeliveryOutcome[]>;
  close?(): Promise<void>;
}
