/* Generated from schemas/engine/submission-input.schema.json by schemas/generate-types.ts. Do not edit. */

export type FormId = string;
/**
 * Defaults to the latest published version.
 */
export type Version = number;
export type ChildSICSPersonId = string;
export type EpisodeOrReferralId = string;
export type WorkerId = string;
export type Status = "draft" | "submitted";

/**
 * A new submission: a draft to carry on with, or a completed record.
 */
export interface SubmissionInput {
  formId: FormId;
  version?: Version;
  subject?: Subject;
  data: Answers;
  status: Status;
}
/**
 * Who the record is about, as ICS ids.
 */
export interface Subject {
  childId?: ChildSICSPersonId;
  episodeId?: EpisodeOrReferralId;
  workerId?: WorkerId;
}
export interface Answers {
  [k: string]: unknown;
}
