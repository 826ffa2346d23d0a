/* Generated from schemas/engine/option-list-input.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * Lower-case letters, digits and hyphens; starts with a letter; 3 to 64 characters. Never changes.
 */
export type ListId = string;
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
 * What an analyst gives to create a shared option list (its version 1).
 */
export interface OptionListInput {
  id: ListId;
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
