/* Generated from schemas/engine/child.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * The child's person id in the ICS, e.g. C1234567. Never reused for another child.
 */
export type ICSPersonId = string;
/**
 * The name the ICS shows for the child (forename and surname).
 */
export type Name = string;
/**
 * YYYY-MM-DD. Left out when not known (an unborn child).
 */
export type DateOfBirth = string;
/**
 * ICS worker id of the social worker the child is allocated to; left out when unallocated.
 */
export type AllocatedWorker = string;
/**
 * Id of the team the child's case sits with.
 */
export type Team = string;
/**
 * CIN child in need, CP child protection plan, CLA looked after, CL care leaver, EH early help, NONE no open plan.
 */
export type LegalStatus = "CIN" | "CP" | "CLA" | "CL" | "EH" | "NONE";
/**
 * When true, only the allocated worker, their line manager and the workers named in allowedWorkerIds may read records about the child.
 */
export type RestrictedAccess = boolean;
/**
 * ICS worker ids of others who may read a restricted child's records.
 *
 * @maxItems 50
 */
export type AlsoAllowed = string[];
/**
 * When the ICS merged this person record into another, the id kept: records about this id are shown and read as that child's.
 */
export type MergedInto = string;

/**
 * A child (an ICS person) as the ICS reporting warehouse extracts it: one row of a children file or one line of PUT /api/directory/children.
 */
export interface DirectoryChild {
  id: ICSPersonId;
  name: Name;
  dateOfBirth?: DateOfBirth;
  allocatedWorkerId?: AllocatedWorker;
  team?: Team;
  legalStatus?: LegalStatus;
  restricted?: RestrictedAccess;
  allowedWorkerIds?: AlsoAllowed;
  mergedInto?: MergedInto;
}
