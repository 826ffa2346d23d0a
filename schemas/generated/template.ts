/* Generated from schemas/engine/template.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * Lower-case letters, digits and hyphens; starts with a letter; 3 to 64 characters. Never changes.
 */
export type FormId = string;
export type Title = string;
export type Category = "audit" | "supervision" | "return-to-work" | "case-record" | "other";
export type Description = string;
/**
 * Department or team id.
 */
export type OwningTeam = string;
/**
 * What the form's record references start with, as in SUP-2026-000123: 1 to 8 capital letters and digits, starting with a letter. Left out, the initials of the form id's words (case-supervision: CS). References already given keep their prefix.
 */
export type ReferencePrefix = string;
export type ChangeNote = string;

/**
 * A shipped form template (schemas/templates/*.json), seeded into an empty store as published version 1.
 */
export interface FormTemplate {
  form: FormInput;
  changeNote: ChangeNote;
  schema: Schema;
  uischema: UISchema;
}
/**
 * What an analyst gives to create a form.
 */
export interface FormInput {
  id: FormId;
  title: Title;
  category: Category;
  description?: Description;
  team: OwningTeam;
  subject?: SubjectAskedAtStart;
  referencePrefix?: ReferencePrefix;
}
/**
 * Which ICS ids a new record asks for before the form opens (child, episode, worker), each with the JSON Pointer of the answer it fills in, or "" to fill in none.
 */
export interface SubjectAskedAtStart {
  childId?: string;
  episodeId?: string;
  workerId?: string;
}
export interface Schema {
  [k: string]: unknown;
}
export interface UISchema {
  [k: string]: unknown;
}
