/**
 * Review after submit: the stages an analyst gives a form (sign-off, response, moderation,
 * confirmation), where a record is in them, who signed it and over what. Pure data; the
 * transitions are in transitions.ts, who may act in actors.ts.
 */
import type { Role } from '../accounts/model.js';

/** When the ICS gets the record: at submit (and again at each resubmit and at completion), or only at final sign-off. */
export type DeliverAt = 'submit' | 'final-sign-off';

export const RELATIONSHIPS = ['line-manager', 'team-manager', 'subject-employee', 'allocated-worker', 'group', 'anyone'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** The roles a stage may name (accounts that review records). */
export const STAGE_ROLES = ['manager', 'practitioner'] as const satisfies readonly Role[];
export type StageRole = (typeof STAGE_ROLES)[number];

export interface StageActor {
  role: StageRole;
  relationship: Relationship;
  /** The named group (Account.groups), for relationship `group`. */
  group?: string;
  /** The record's author may not act (default true). */
  notAuthor?: boolean;
  /** Nobody who acted at an earlier stage of this record may act (default false). */
  notEarlierActor?: boolean;
}

export interface StageDefinition {
  /** Slug, unique in the form. */
  id: string;
  name: string;
  actor: StageActor;
  /** England and Wales working days from arrival at the stage. */
  dueWorkingDays: number;
  /** A top-level property of the schema only this stage's actor fills (not required at the root). */
  section?: string;
  /** Words on the approve button; default "Sign off". */
  signOffLabel?: string;
}

/** The root `x-review` keyword of a form version's schema. */
export interface ReviewDefinition {
  deliverAt?: DeliverAt;
  stages: StageDefinition[];
}

/** The `x-actions` keyword on a repeating group: which row properties are the action, its owner and due date. */
export interface ActionsMarking {
  action: string;
  owner: string;
  due: string;
}

export type ReviewState = 'waiting' | 'returned' | 'complete';

export type ReviewAction = 'submitted' | 'resubmitted' | 'signed' | 'returned';

export interface ReviewEntry {
  at: string;
  /** Account id. */
  by: string;
  /** Display name at the time. */
  name: string;
  role: Role;
  action: ReviewAction;
  stage?: string;
  stageName?: string;
  /** Why it was returned. */
  reason?: string;
  /** The record's revision after this step. */
  revision: number;
}

/** Where a submitted (or returned) record is in its form's review stages. */
export interface ReviewStatus {
  state: ReviewState;
  /** The stage it waits at, or the stage that returned it. */
  stage?: string;
  /** That stage's name, as the form version calls it. */
  stageName?: string;
  stageIndex?: number;
  /** When it reached the stage (ISO instant). */
  arrivedAt?: string;
  /** YYYY-MM-DD: the London date of arrival plus the stage's working days. */
  dueOn?: string;
  /** Who may act now, as work-list keys (keys.ts); empty unless waiting. */
  keys: string[];
  /** Account ids who may not act now (the author, earlier actors), whatever their keys. */
  excluded: string[];
  /** Oldest first. */
  history: ReviewEntry[];
  /** How many times the record has been queued for the ICS (0: never). */
  deliveryRevision: number;
}

/**
 * An electronic signature: the authenticated person, when, in which role and stage, over the
 * SHA-256 of the record's content (canonical JSON of form, version, subject and answers) at that moment.
 */
export interface Signature {
  id: string;
  stage: string;
  stageName: string;
  by: string;
  name: string;
  role: Role;
  workerId?: string;
  at: string;
  /** `sha256:` + hex of the canonical content signed. */
  contentHash: string;
  /** The record's revision that was signed. */
  revision: number;
  /** What the person affirmed, in words, e.g. "Signed off at Manager sign-off by Mo Manager". */
  statement: string;
}
