/* Generated from schemas/engine/account-input.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * Lower-case letters, digits, dots, hyphens and underscores; starts with a letter; 3 to 64 characters. Never changes.
 */
export type Username = string;
export type DisplayName = string;
export type Role = "designer" | "practitioner" | "manager" | "integrator" | "admin";
export type Team = string;
/**
 * The person's worker id in the ICS (the directory's workers), e.g. W0042: access by allocation, pre-fill and single sign-on go by it. Up to 20 letters, digits, slashes, hyphens and underscores, starting with a letter or digit. Need not be in the directory yet (it may be loaded later). Left out for accounts that are not a worker.
 */
export type ICSWorkerId = string;
/**
 * At least 12 characters.
 */
export type Password = string;

/**
 * A new account, as an admin creates it.
 */
export interface AccountInput {
  username: Username;
  displayName: DisplayName;
  role: Role;
  team: Team;
  workerId?: ICSWorkerId;
  password: Password;
}
