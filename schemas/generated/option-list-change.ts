/* Generated from schemas/engine/option-list-change.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * What analysts call the list, like “Ethnicity”.
 */
export type Name = string;
export type Description = string;
/**
 * Department or team id.
 */
export type OwningTeam = string;
/**
 * In the order people see them; each code once.
 *
 * @minItems 1
 * @maxItems 300
 */
export type Options = [Option, ...Option[]];
/**
 * What is stored and what the case recording system receives: 1 to 40 letters, digits, hyphens or underscores.
 */
export type Code = string;
/**
 * What people see.
 */
export type Label = string;
/**
 * What changed in this version (needed to save a version after the first).
 */
export type ChangeNote = string;

/**
 * A new version of a shared option list: the whole list as it is to be (name, description, owning team, options) and what changed. Also the body of a check of the change before it is saved (the change note may then be left out).
 */
export interface OptionListChange {
  name: Name;
  description?: Description;
  team: OwningTeam;
  options: Options;
  changeNote?: ChangeNote;
}
export interface Option {
  code: Code;
  label: Label;
}
