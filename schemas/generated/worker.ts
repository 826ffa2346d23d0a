/* Generated from schemas/engine/worker.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * The worker's id in the ICS, e.g. W0042.
 */
export type ICSWorkerId = string;
export type Name = string;
/**
 * Used to match a single sign-on user when the provider names people by email.
 */
export type WorkEmail = string;
export type Team = string;
/**
 * ICS worker id of the worker's line manager.
 */
export type LineManager = string;
/**
 * e.g. SW123456; left out for staff who are not registered social workers.
 */
export type SocialWorkEnglandRegistration = string;
/**
 * False once the worker has left or is suspended: they can no longer sign in, and their sessions and tokens stop working.
 */
export type Active = boolean;

/**
 * A member of staff as the ICS (or HR) extracts them: one row of a workers file or one line of PUT /api/directory/workers.
 */
export interface DirectoryWorker {
  id: ICSWorkerId;
  name: Name;
  email?: WorkEmail;
  team?: Team;
  managerId?: LineManager;
  sweRegistration?: SocialWorkEnglandRegistration;
  active?: Active;
}
