/** Which JSON Schema keywords may appear where. Anything not listed is refused. */

export const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;
export type FieldType = (typeof TYPES)[number];

import { NAMED_FORMATS } from '../validation/named-formats.js';

/** Dates and times, email, and the named formats (NHS number, UK postcode…: validation/named-formats.ts). */
export const FORMATS: readonly string[] = ['date', 'date-time', 'time', 'email', ...NAMED_FORMATS.map((f) => f.name)];

/** Formats whose wrong answers an analyst may word themselves (`x-format-message`): all but dates and times, which say which part is wrong. */
export const WORDED_FORMATS: ReadonlySet<string> = new Set(['email', ...NAMED_FORMATS.map((f) => f.name)]);

const ANNOTATIONS = ['title', 'description', '$comment'];
const VALUE_CONSTRAINTS = [
  'type',
  'enum',
  'const',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  // Earliest and latest dates of a date field (ajv-formats' format limits, as YYYY-MM-DD).
  'formatMinimum',
  'formatMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'items',
  'properties',
  'required',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
];

/** A field: a place in the data (the root, a property, an array's items, a definition). */
export const FIELD_KEYWORDS = new Set([
  ...ANNOTATIONS,
  ...VALUE_CONSTRAINTS,
  'default',
  'examples',
  'readOnly',
  'additionalProperties',
  'x-compare',
  // What people are told when an answer does not match the field's pattern or format.
  'x-format-message',
  // Where a choice field's options come from: a version of a shared option list (forms/option-lists.ts).
  'x-option-list',
  // A calculated answer's formula (forms/calculations; checked in policy/calculations.ts).
  'x-calculate',
  // Filled in from an earlier record (forms/carry-forward.ts).
  'x-carry-forward',
  // Filled in from the ICS directory when a record is started (forms/prefill.ts).
  'x-prefill',
  // A repeating group whose rows become tracked actions (forms/review.ts).
  'x-actions',
  // A files question: the types of file it takes and the most bytes per file (files/model.ts; checked in policy/files.ts).
  'x-files',
]);

/** Only at the root. */
export const ROOT_KEYWORDS = new Set(['$schema', 'definitions', 'x-review', 'x-schedule', 'x-measures']);

/** Beside `$ref` only annotations are allowed (draft-07 ignores anything else there). */
export const REF_KEYWORDS = new Set(['$ref', ...ANNOTATIONS]);

/** A condition or option inside allOf/anyOf/oneOf/not/if/then/else: constrains a field, declares none. */
export const CONDITION_KEYWORDS = new Set([...ANNOTATIONS, ...VALUE_CONSTRAINTS]);

export const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
export const SUBSCHEMA_SINGLES = ['not', 'if', 'then', 'else'] as const;

/** Plain words for a keyword, for messages to analysts. */
export function keywordWords(keyword: string): string {
  const words: Record<string, string> = {
    patternProperties: 'field-name patterns',
    dependencies: 'dependencies between fields',
    $id: 'schema identifiers',
    $data: 'references to other values',
    additionalItems: 'extra list items',
    contains: '"contains" rules',
    propertyNames: 'rules on field names',
  };
  return words[keyword] ?? `"${keyword}"`;
}
