/* Generated from schemas/engine/account-update.schema.json by schemas/generate-types.ts. Do not edit. */

export type DisplayName = string;
export type Role = "designer" | "practitioner" | "manager" | "integrator" | "admin";
export type Team = string;
/**
 * The person's worker id in the ICS, e.g. W0042; null unlinks the account from any worker.
 */
export type ICSWorkerId = string | null;
export type Disabled = boolean;
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
  groups?: Groups;
  password?: Password;
}
