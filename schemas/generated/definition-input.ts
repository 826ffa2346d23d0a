/* Generated from schemas/engine/definition-input.schema.json by schemas/generate-types.ts. Do not edit. */

export type ChangeNote = string;

/**
 * A form version's definition as an analyst saves it. The schema and UI schema are judged by the definition policy.
 */
export interface DefinitionInput {
  schema?: Schema;
  uischema?: UISchema;
  changeNote?: ChangeNote;
}
/**
 * JSON Schema draft-07, inside the definition policy.
 */
export interface Schema {
  [k: string]: unknown;
}
/**
 * JSON Forms UI schema.
 */
export interface UISchema {
  [k: string]: unknown;
}
