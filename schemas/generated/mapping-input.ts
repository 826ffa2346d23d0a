/* Generated from schemas/engine/mapping-input.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * @minItems 1
 * @maxItems 500
 */
export type ICSFields = [ICSField, ...ICSField[]];
/**
 * Letters, digits and _; starts with a letter; at most 64.
 */
export type ICSField1 = string;
/**
 * The question's path, e.g. /visit/date (inside a group's items, relative to the row: /dueDate).
 */
export type Question = string;
/**
 * value: as given (an uploaded files question: its file names); text: in words (files: their names joined with "; "); flag: a yes/no answer as a flag; date: in the connector's date format; code: a choice's code; files: an uploaded files question's names, and the files themselves (beside a file drop's batch, or as download links over HTTP).
 */
export type SentAs = "value" | "text" | "flag" | "date" | "code" | "files";
export type Constant = string | number | boolean;

/**
 * Which answers of a form version become which ICS fields for one connector. Applies to that version and every later one until a mapping for a later version replaces it.
 */
export interface MappingInput {
  fields: ICSFields;
}
/**
 * One of: an answer (from, optionally as), answers joined under headings (join), a constant (value), or the rows of a repeatable group (from and items).
 */
export interface ICSField {
  target: ICSField1;
  from?: Question;
  as?: SentAs;
  flag?: FlagValues;
  /**
   * @minItems 1
   * @maxItems 50
   */
  join?: [
    {
      heading: string;
      from: Question;
    },
    ...{
      heading: string;
      from: Question;
    }[]
  ];
  separator?: string;
  value?: Constant;
  items?: ICSFields;
}
export interface FlagValues {
  yes: string;
  no: string;
}
