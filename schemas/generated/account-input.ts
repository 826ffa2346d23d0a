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
 * Named groups the person belongs to, such as qa-moderators: a form's review stage may be for a group's members. Each 2 to 40 lower-case letters, digits and hyphens, starting with a letter; at most 20.
 *
 * @maxItems 20
 */
export type Groups =
  | []
  | [string]
  | [string, string]
  | [string, string, string]
  | [string, string, string, string]
  | [string, string, string, string, string]
  | [string, string, string, string, string, string]
  | [string, string, string, string, string, string, string]
  | [string, string, string, string, string, string, string, string]
  | [string, string, string, string, string, string, string, string, string]
  | [string, string, string, string, string, string, string, string, string, string]
  | [string, string, string, string, string, string, string, string, string, string, string]
  | [string, string, string, string, string, string, string, string, string, string, string, string]
  | [string, string, string, string, string, string, string, string, string, string, string, string, string]
  | [string, string, string, string, string, string, string, string, string, string, string, string, string, string]
  | [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string
    ]
  | [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string
    ]
  | [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string
    ]
  | [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string
    ]
  | [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string
    ]
  | [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string
    ];
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
  groups?: Groups;
  password: Password;
}
