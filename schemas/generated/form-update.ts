/* Generated from schemas/engine/form-update.schema.json by schemas/generate-types.ts. Do not edit. */

export type Title = string;
export type Category = "audit" | "supervision" | "return-to-work" | "case-record" | "other";
export type Description = string;
/**
 * Department or team id.
 */
export type OwningTeam = string;
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
