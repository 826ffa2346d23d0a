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
  subject?: Partial<Record<'childId' | 'episodeId' | 'workerId', string>>;
  createdBy: string;
  createdAt: string;
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
