/** What a form and a form version are. Pure data; no storage or HTTP here. */

export const FORM_CATEGORIES = ['audit', 'supervision', 'return-to-work', 'case-record', 'other'] as const;
export type FormCategory = (typeof FORM_CATEGORIES)[number];

export const FORM_ID_PATTERN = /^[a-z][a-z0-9-]{2,63}$/;

/** The one JSON Schema dialect form definitions are written in. */
export const SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

export type VersionStatus = 'draft' | 'published' | 'retired';

/** Who did something. `id` is an account id (or `system` for seeding). */
export interface Actor {
  id: string;
  team?: string;
}

export interface Form {
  id: string;
  title: string;
  category: FormCategory;
  description: string;
  /** Owning team id. */
  team: string;
  /**
   * The ICS ids a new record asks for before the form opens, each with the JSON Pointer of the
   * answer it pre-fills ('' for none). E.g. `{ childId: '/header/childId' }`.
   */
  subject?: Partial<Record<SubjectKey, string>>;
  /**
   * What the form's record references start with (`SUP` in `SUP-2026-000123`): 1 to 8 capital
   * letters and digits, starting with a letter. Left out: made from the id's words' initials
   * (engine/submissions/reference.ts).
   */
  referencePrefix?: string;
  /**
   * Bumped on every change of the form's settings; changes are made with optimistic concurrency
   * on it. Forms stored before revisions existed have none stored and read as revision 1.
   */
  revision: number;
  createdBy: string;
  createdAt: string;
  /** Who last changed the form's settings, and when (absent until they are first changed). */
  updatedBy?: string;
  updatedAt?: string;
}

/** The ICS ids a record can be about. */
export type SubjectKey = 'childId' | 'episodeId' | 'workerId';

/** A form as it was stored, possibly before forms had a revision. */
export type StoredForm = Omit<Form, 'revision'> & { revision?: number };

/** A stored form as the store contract gives it: one stored without a revision is at revision 1. */
export function formWithRevision(stored: StoredForm): Form {
  return { ...stored, revision: stored.revision ?? 1 };
}

export type JsonObject = { [key: string]: unknown };

export interface FormDefinition {
  /** JSON Schema (draft-07, inside the definition policy). */
  schema: JsonObject;
  /** JSON Forms UI schema. */
  uischema: JsonObject;
}

export interface FormVersion extends FormDefinition {
  formId: string;
  version: number;
  status: VersionStatus;
  changeNote: string;
  /** `sha256:` of the canonical JSON of `{ schema, uischema }`. */
  hash: string;
  /** The version this draft was copied from, if any. */
  basedOn?: number;
  /** Bumped on every write; drafts are edited with optimistic concurrency on it. */
  revision: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  publishedBy?: string;
  publishedAt?: string;
  retiredBy?: string;
  retiredAt?: string;
}
