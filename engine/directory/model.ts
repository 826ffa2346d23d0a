/**
 * The directory: children, workers and teams as the ICS knows them, read from its reporting
 * warehouse (a file drop or the integrators' API, see import.ts and file-drop.ts). Caseforms never
 * edits it by hand: each kind is replaced or changed only by whole batches, each applied once and
 * all-or-nothing. The row shapes are the documented schemas in schemas/engine/{child,worker,team}.
 */
import type { DirectoryChild } from '../../schemas/generated/child.js';
import type { DirectoryTeam } from '../../schemas/generated/team.js';
import type { DirectoryWorker } from '../../schemas/generated/worker.js';

export type { DirectoryChild, DirectoryTeam, DirectoryWorker };

export const DIRECTORY_KINDS = ['children', 'workers', 'teams'] as const;

/**
 * How many merges deep a child's record is followed to the kept child (access.ts; the SQLite
 * store's child-team column follows as many): further, or to a child not in the directory, and
 * the record is about no child in the directory.
 */
export const MERGE_DEPTH = 5;
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];

/** The ICS's legal status codes (schemas/engine/child.schema.json), with words for people. */
export const LEGAL_STATUS_TITLES: Record<NonNullable<DirectoryChild['legalStatus']>, string> = {
  CIN: 'Child in need',
  CP: 'Child protection plan',
  CLA: 'Looked after',
  CL: 'Care leaver',
  EH: 'Early help',
  NONE: 'No open plan',
};

/** A child as stored: defaults filled in (`restricted` false), and when its row last changed. */
export interface Child extends DirectoryChild {
  restricted: boolean;
  /** When the batch that last changed this row was applied (ISO). */
  updatedAt: string;
}

/** A worker as stored: `active` true unless the extract says otherwise. */
export interface Worker extends DirectoryWorker {
  active: boolean;
  updatedAt: string;
}

export interface Team extends DirectoryTeam {
  updatedAt: string;
}

export type DirectoryRow<K extends DirectoryKind = DirectoryKind> = K extends 'children' ? Child : K extends 'workers' ? Worker : Team;

/**
 * One batch of one kind, already parsed and checked (every row valid: import.ts rejects a batch
 * with any bad row before it reaches the store).
 * - `full`: the batch is the whole of that kind: afterwards exactly its rows exist.
 * - `delta`: its rows are inserted or replaced whole; `deletes` are removed (absent ids ignored).
 */
export interface DirectoryBatch<K extends DirectoryKind = DirectoryKind> {
  kind: K;
  mode: 'full' | 'delta';
  /**
   * Applies once: a second batch with the same key is not applied again (`replayed`), and with a
   * different fingerprint it is refused (ConflictError `idempotency-key-reused`). File drop:
   * `file:<sha256 of the file>`; API: `api:<Idempotency-Key>`.
   */
  key: string;
  /** Hex SHA-256 of the batch's content as received. */
  fingerprint: string;
  /** Ids unique within the batch (import.ts refuses duplicates). Each row's `updatedAt` is set by the store to `appliedAt`. */
  upserts: Array<Omit<DirectoryRow<K>, 'updatedAt'>>;
  /** Only in `delta` mode. */
  deletes: string[];
  /** Where it came from, for the batch log and the event. */
  source: { via: 'file' | 'api'; name: string; by: string };
  /** When it is applied (ISO); every changed row's `updatedAt`. */
  appliedAt: string;
}

/** The record of an applied batch (the batch log), kept for good; without the rows. */
export interface AppliedBatch {
  /** Store-wide order of batches: 1, 2, 3… */
  seq: number;
  kind: DirectoryKind;
  mode: 'full' | 'delta';
  key: string;
  fingerprint: string;
  source: { via: 'file' | 'api'; name: string; by: string };
  appliedAt: string;
  /** Rows inserted or changed, removed (delta deletes, or rows a full batch left out), and the kind's count after. */
  upserted: number;
  deleted: number;
  total: number;
}

/** Children by what a person types: an id, part of a name, or a date of birth. */
export interface ChildSearch {
  /** Exact id (any case), or an id's start. */
  id?: string;
  /** Words each of which starts a word of the name (any case): "jo smi" finds "Jordan Smith". */
  name?: string;
  /** Exact date of birth, YYYY-MM-DD. */
  dateOfBirth?: string;
  /** Children allocated to any of these workers / in any of these teams (access, dashboards). */
  allocatedWorkerIds?: string[];
  teams?: string[];
  restricted?: boolean;
  /** Children merged into any of these ids (their records are read as the kept child's). */
  mergedInto?: string[];
}

export interface DirectoryCounts {
  children: number;
  workers: number;
  teams: number;
  /** The newest applied batch of each kind, if any. */
  last: Partial<Record<DirectoryKind, AppliedBatch>>;
}
