/** The shapes the runtime reads from the API (see GET /api/openapi.json). */
import type { ReviewStatus, Signature } from '../../engine/review/model.js';
import type { FieldError } from './client.js';

export type Role = 'designer' | 'practitioner' | 'manager' | 'integrator' | 'admin';

export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  team: string;
  /** The person's ICS worker id, when the account is a worker's. */
  workerId?: string;
}

export interface SessionInfo {
  account: Account | null;
  via: 'token' | 'session' | null;
  csrfToken?: string;
  /** For a browser session: when it ends without activity, and at the latest. */
  expiresAt?: string;
  absoluteExpiresAt?: string;
  /** How long a spell without activity may last. */
  idleMinutes?: number;
  /** Signed in through single sign-on (sign in again there, not with a password). */
  sso?: true;
  /** The browser's cookie belonged to a session that has ended: why, in words for the person. */
  ended?: { reason: 'idle' | 'lifetime' | 'ended' | 'worker-inactive'; detail: string };
}

/** How people sign in here (GET /api/sso). */
export interface SignInOptions {
  /** Single sign-on is set up. */
  enabled: boolean;
  /** The single sign-on button's words. */
  label: string | null;
  /** Usernames and passwords are accepted (administrators' always are). */
  localSignIn: boolean;
}

export type SubjectKey = 'childId' | 'episodeId' | 'workerId';

export interface FormSummary {
  id: string;
  title: string;
  category: string;
  description: string;
  team: string;
  subject?: Partial<Record<SubjectKey, string>>;
  /** What its records' references start with: its own, or the one made from its id. */
  referencePrefix?: string;
  currentVersion: number | null;
}

export interface FormVersion {
  formId: string;
  version: number;
  status: 'draft' | 'published' | 'retired';
  changeNote: string;
  schema: Record<string, unknown>;
  uischema: Record<string, unknown>;
  revision: number;
}

export interface Submission {
  id: string;
  /** For people: SUP-2026-000123, from when it was created; absent on records made before references. */
  reference?: string;
  formId: string;
  version: number;
  status: 'draft' | 'submitted';
  subject: Partial<Record<SubjectKey, string>>;
  data: Record<string, unknown>;
  revision: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  advisory?: FieldError[];
  /** Answers filled in from an earlier record when the draft was started. */
  carriedForward?: CarriedForward[];
  /** Answers filled in from the ICS directory when the draft was started (`x-prefill`). */
  prefilled?: Prefilled[];
  /** The directory's current names of who the record is about (for those who may read it). */
  subjectNames?: { child?: string; worker?: string };
  /** In lists: the name of the account that started it. */
  createdByName?: string;
  /** For a submitted record: whether it goes to the ICS, and how far each delivery got. */
  delivery?: Delivery;
  /** Where the record is in its form's review stages (forms with `x-review`); a returned record is a draft again. */
  review?: ReviewStatus;
  /** Signatures given at the review stages, oldest first. */
  signatures?: Signature[];
  /** On a record's read: its form's title, category and the answers that show who a record is about, as they are now. */
  form?: { title: string; category: string; subject?: Partial<Record<SubjectKey, string>> };
}

export interface Prefilled {
  pointer: string;
  /** The directory value it came from (`child.dateOfBirth`). */
  source: string;
}

/** A child as the directory search shows them (GET /api/directory/children). */
export interface ChildCard {
  id: string;
  name: string;
  dateOfBirth?: string;
  legalStatus?: string;
  legalStatusTitle?: string;
  allocatedWorker?: { id: string; name?: string };
  team?: { id: string; name?: string };
  restricted: boolean;
  /** The ICS merged this person record into another: records belong to that one. */
  mergedInto?: string;
}

export interface ChildSearchResult {
  /** Whether a directory of children is loaded at all (if not, any id is accepted). */
  loaded: boolean;
  items: ChildCard[];
}

export interface CarriedForward {
  pointer: string;
  from: { id: string; formId: string; version: number; submittedAt: string; reference?: string };
}

export interface Delivery {
  toIcs: boolean;
  /** Goes to the ICS once signed off at its review stages; nothing queued yet. */
  atSignOff?: boolean;
  connectors: Array<{ connector: string; title?: string; state: 'waiting' | 'delivered' | 'failed'; icsRecordId?: string; deliveredAt?: string }>;
}

export type SubmissionSummary = Omit<Submission, 'data' | 'advisory' | 'delivery'>;

export interface Change {
  kind: string;
  path: string;
  message: string;
  breaking: boolean;
}

export interface MigrationCheck {
  from: number;
  to: number;
  possible: boolean;
  blockers: Change[];
  changes: Change[];
}
