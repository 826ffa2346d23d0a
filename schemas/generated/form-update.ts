/* Generated from schemas/engine/form-update.schema.json by schemas/generate-types.ts. Do not edit. */

export type Title = string;
export type Category = "audit" | "supervision" | "return-to-work" | "case-record" | "other";
export type Description = string;
/**
 * Department or team id.
 */
export type OwningTeam = string;
/**
 * What the form's new record references start with, as in SUP-2026-000123: 1 to 8 capital letters and digits, starting with a letter. References already given keep the prefix they were given with.
 */
export type ReferencePrefix = string;
export type ChildId = string;
export type EpisodeId = string;
export type WorkerId = string;

/**
 * Changes an analyst makes to a form's settings. The id never changes.
 */
export interface FormUpdate {
  title?: Title;
  category?: Category;
  description?: Description;
  team?: OwningTeam;
  referencePrefix?: ReferencePrefix;
  subject?: SubjectAskedAtStart;
}
/**
 * Which ICS ids a new record asks for before the form opens (child, episode, worker), each with the JSON Pointer of the short text answer it fills in, or "" to fill in none. Replaces the whole setting; {} asks for none.
 */
export interface SubjectAskedAtStart {
  childId?: ChildId;
  episodeId?: EpisodeId;
  workerId?: WorkerId;
}
