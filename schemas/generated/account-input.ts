/* Generated from schemas/engine/account-input.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * Lower-case letters, digits, dots, hyphens and underscores; starts with a letter; 3 to 64 characters. Never changes.
 */
export type Username = string;
export type DisplayName = string;
export type Role = "designer" | "practitioner" | "manager" | "integrator" | "admin";
export type Team = string;
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
  password: Password;
}
