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
 * value: as given; text: in words; flag: a yes/no answer as a flag; date: in the connector's date format; code: a choice's code.
 */
export type SentAs = "value" | "text" | "flag" | "date" | "code";
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
