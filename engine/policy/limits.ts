/** The definition policy's numbers. Documented in README.md ("Form definitions: dialect and policy"). */
export const LIMITS = {
  /** Canonical JSON of schema + UI schema. */
  definitionBytes: 512 * 1024,
  /** Raw JSON nesting of a definition document (guards every recursive walk). */
  jsonDepth: 64,
  /** Objects and arrays nested in the data, the root object counting as 1. */
  dataDepth: 8,
  fields: 1500,
  options: 300,
  maxLengthCap: 50_000,
  maxItemsCap: 500,
  defaultMaxLength: 1_000,
  defaultLongTextMaxLength: 10_000,
  defaultMaxItems: 50,
  patternLength: 500,
  /** Parts of a pattern with its counted repeats written out (patterns.ts, expandedSize). */
  patternSize: 100,
  /** `x-format-message`: one short sentence, as GOV.UK error messages are. */
  formatMessageLength: 200,
  compareRules: 50,
  /** Repeating groups a cross-field rule's `field` may reach into (`/actions/*\/dueDate` reaches into one). */
  compareRowSteps: 2,
  textLength: 2_000,
  /** `examples` of one field. */
  examples: 10,
  /** The smallest and largest `multipleOf` (a step of a number field). */
  smallestStep: 0.000001,
  largestNumber: 1_000_000_000,
  /** Calculated answers (`x-calculate`): characters of one formula, its parsed parts, their nesting, and formulas per form. */
  formulaLength: 500,
  formulaNodes: 100,
  formulaDepth: 12,
  calculations: 100,
} as const;
