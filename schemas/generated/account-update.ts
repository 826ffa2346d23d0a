/* Generated from schemas/engine/account-update.schema.json by schemas/generate-types.ts. Do not edit. */

export type DisplayName = string;
export type Role = "designer" | "practitioner" | "manager" | "integrator" | "admin";
export type Team = string;
/**
 * The person's worker id in the ICS, e.g. W0042; null unlinks the account from any worker.
 */
export type ICSWorkerId = string | null;
export type Disabled = boolean;
export type Password = string;

/**
 * Changes an admin makes to an account. A new password ends the account's sessions.
 */
export interface AccountUpdate {
  displayName?: DisplayName;
  role?: Role;
  team?: Team;
  workerId?: ICSWorkerId;
  disabled?: Disabled;
  password?: Password;
}
