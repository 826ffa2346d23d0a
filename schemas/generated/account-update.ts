/* Generated from schemas/engine/account-update.schema.json by schemas/generate-types.ts. Do not edit. */

export type DisplayName = string;
export type Role = "designer" | "practitioner" | "manager" | "integrator" | "admin";
export type Team = string;
export type Disabled = boolean;
export type Password = string;

/**
 * Changes an admin makes to an account. A new password ends the account's sessions.
 */
export interface AccountUpdate {
  displayName?: DisplayName;
  role?: Role;
  team?: Team;
  disabled?: Disabled;
  password?: Password;
}
