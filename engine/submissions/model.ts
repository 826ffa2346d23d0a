/** What a submission is. Drafts and submitted records share one shape. */
import type { ReviewStatus, Signature } from '../review/model.js';
import type { Timeliness } from '../timeliness/model.js';

export type SubmissionStatus = 'draft' | 'submitted';

/** Who or what the record is about. Ids are ICS ids (child person id, episode id, worker id). */
export interface Subject {
  childId?: string;
  episodeId?: string;
  workerId?: string;
}

export interface Submission {
  id: string;
  /**
   * For people: `SUP-2026-000123`, given by the store when the record is created (draft or
   * submitted), unique and never changed or reused (engine/submissions/reference.ts). Records
   * created before references existed have none.
   */
  reference?: string;
  formId: string;
  version: number;
  status: SubmissionStatus;
  subject: Subject;
  data: Record<string, unknown>;
  /** Bumped on every write; the HTTP ETag. */
  revision: number;
  /** Team of the account that created it (managers read their team's records). */
  team?: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  submittedBy?: string;
  submittedAt?: string;
  /** Store-wide submit order; delivery order per child follows it. */
  submitSeq?: number;
  /** Answers filled in from an earlier record when the draft was started (submissions/carry-forward.ts). */
  carriedForward?: Carried[];
  /** Answers filled in from the ICS directory when the draft was started (submissions/prefill.ts). */
  prefilled?: Prefilled[];
  /**
   * Where the record is in its form's review stages (engine/review): present once a record of a
   * form with stages has been submitted; a record returned for changes is a draft again with
   * `review.state` 'returned' (and can no longer be deleted).
   */
  review?: ReviewStatus;
  /** Electronic signatures given at the review stages, oldest first. */
  signatures?: Signature[];
  /** When it completed and whether on time (engine/timeliness): set by the completing step. */
  timeliness?: Timeliness;
}

/** An answer filled in from the directory: where, and from which value (`child.dateOfBirth`). */
export interface Prefilled {
  pointer: string;
  source: string;
}

/** Where a carried answer came from: the earlier record. */
export interface CarriedFrom {
  id: string;
  formId: string;
  version: number;
  submittedAt: string;
  reference?: string;
}

export interface Carried {
  /** JSON Pointer of the answer in this record. */
  pointer: string;
  from: CarriedFrom;
}
