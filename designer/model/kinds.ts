/**
 * Field kinds: what an analyst picks from the palette, the schema each one starts with, and the
 * best guess of the kind of a field in a definition written elsewhere (a template, an import).
 * The guesses follow the runtime's renderers (runtime/renderers/fields), so a field reads in the
 * designer as it is shown to social workers.
 */
import { resolveRef } from '../../engine/forms/schema-paths.js';
import { chosenKind, isPlainText, type ChosenKind } from '../../engine/forms/chosen-kind.js';
import { isObject, own, type JsonObject } from './json.js';
import type { Comparison, PaletteKind } from './types.js';
import { FILES_KEY, FILE_REF_SCHEMA, isFilesQuestion } from '../../engine/files/model.js';

/** The ICS's person id: a letter or digit, then letters, digits, `/`, `_` or `-`. */
export const ICS_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9/_-]*$';
/** Up to this many options show as radios without asking (runtime/renderers/fields/radios.tsx). */
export const RADIO_LIMIT = 12;
/** From this maxLength a text is prose, unless `options.multi` says otherwise (runtime long-text). */
export const LONG_TEXT_FROM = 1000;
/** What option codes look like. */
export const OPTION_CODE = /^[A-Za-z0-9_-]{1,40}$/;

export type FieldValue = string | number | boolean;

/** A calculated answer's formula (engine/forms/calculations): the schema keyword that holds it. */
export const CALCULATE_KEY = 'x-calculate';

/** A choice's options taken from a shared list: `{ id, version }` on the node holding them (option-lists.ts). */
export const OPTION_LIST_KEY = 'x-option-list';

/** The shared-list reference an options node holds, when it is a well-formed one. */
export function optionListRefOf(node: JsonObject | null | undefined): { id: string; version: number } | undefined {
  const ref = node ? own(node, OPTION_LIST_KEY) : undefined;
  if (!isObject(ref) || typeof ref.id !== 'string' || typeof ref.version !== 'number' || !Number.isInteger(ref.version) || ref.version < 1) return undefined;
  return { id: ref.id, version: ref.version };
}

export interface SchemaOption {
  code: FieldValue;
  label: string;
}

/** The options of a choice: `oneOf`/`anyOf` of `{ const, title }`, or a plain `enum`. */
export function optionsOf(node: JsonObject | null | undefined): SchemaOption[] | undefined {
  if (!node) return undefined;
  const primitive = (v: unknown): v is FieldValue => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  for (const key of ['oneOf', 'anyOf']) {
    const list = own(node, key);
    if (Array.isArray(list) && list.length > 0 && list.every((o) => isObject(o) && primitive(own(o, 'const')))) {
      return list.map((o) => {
        const opt = o as JsonObject;
        return { code: opt.const as FieldValue, label: typeof opt.title === 'string' ? opt.title : String(opt.const) };
      });
    }
  }
  const values = own(node, 'enum');
  if (Array.isArray(values) && values.length > 0 && values.every(primitive)) return values.map((v) => ({ code: v as FieldValue, label: String(v) }));
  return undefined;
}

/** The schema of a list's rows (references followed). */
export function itemsOf(root: JsonObject, node: JsonObject | null | undefined): JsonObject | null {
  return node && node.type === 'array' ? resolveRef(root, own(node, 'items')) : null;
}

/** A Control on a list of objects: a repeatable group. */
export function isRepeatable(root: JsonObject, node: JsonObject | null | undefined): boolean {
  // A File upload question's rows are the files uploaded, not questions.
  return !isFilesQuestion(node) && itemsOf(root, node)?.type === 'object';
}

/**
 * The palette kind a field reads as. `control` is its Control in the UI schema, when there is
 * one. The kind the analyst chose for plain text (its `options.kind`) comes first: a length limit
 * or a pattern changed later does not make it another kind.
 */
export function guessKind(root: JsonObject, node: JsonObject | null | undefined, control?: JsonObject): PaletteKind {
  if (!node) return 'short-text';
  if (own(node, CALCULATE_KEY) !== undefined) return 'calculated';
  const chosen = chosenKind(control);
  if (chosen && isPlainText(node)) return chosen;
  const options = control && isObject(control.options) ? control.options : {};
  switch (node.type) {
    case 'array': {
      if (isFilesQuestion(node)) return 'files';
      const items = itemsOf(root, node);
      if (items?.type === 'object') return 'repeatable-group';
      return 'multiple-choice';
    }
    case 'boolean':
      return 'yes-no';
    case 'number':
    case 'integer':
      return optionsOf(node) ? 'single-choice' : 'number';
    case 'string': {
      if (optionsOf(node)) return 'single-choice';
      if (node.format === 'date') return 'date';
      if (node.format === 'date-time') return 'date-time';
      if (node.format === 'time') return 'time';
      if (node.format === 'email') return 'email';
      if (node.pattern === ICS_ID_PATTERN) return 'person-id';
      if (options.multi === true) return 'long-text';
      if (options.multi === undefined && typeof node.maxLength === 'number' && node.maxLength >= LONG_TEXT_FROM) return 'long-text';
      return 'short-text';
    }
    default:
      return 'short-text';
  }
}

export const FIELD_KINDS: readonly PaletteKind[] = ['short-text', 'long-text', 'number', 'date', 'date-time', 'time', 'yes-no', 'single-choice', 'multiple-choice', 'email', 'person-id', 'calculated', 'files'];
export const TEXT_KINDS: ReadonlySet<PaletteKind> = new Set(['short-text', 'long-text', 'email', 'person-id']);
/** Kinds the schema alone cannot tell apart, so the Control says which was chosen (engine/forms/chosen-kind.ts). */
export const isChosenKind = (kind: PaletteKind): kind is ChosenKind => kind === 'short-text' || kind === 'long-text' || kind === 'person-id';

const starterOptions = (): JsonObject[] => [
  { const: 'OPT1', title: 'Option 1' },
  { const: 'OPT2', title: 'Option 2' },
];

/** The schema and Control options a new field of a kind starts with. */
export function fragment(kind: PaletteKind): { schema: JsonObject; options?: JsonObject } {
  switch (kind) {
    case 'short-text':
      return { schema: { type: 'string', maxLength: 200 }, options: { kind: 'short-text' } };
    case 'long-text':
      return { schema: { type: 'string', maxLength: 10_000 }, options: { multi: true, kind: 'long-text' } };
    case 'number':
      return { schema: { type: 'number' } };
    case 'date':
      return { schema: { type: 'string', format: 'date', maxLength: 10 } };
    // As the runtime stores them (runtime/renderers/fields/date-time.tsx, time.tsx).
    case 'date-time':
      return { schema: { type: 'string', format: 'date-time', maxLength: 40 } };
    case 'time':
      return { schema: { type: 'string', format: 'time', maxLength: 8 } };
    case 'yes-no':
      return { schema: { type: 'boolean' } };
    case 'single-choice':
      return { schema: { type: 'string', maxLength: 40, oneOf: starterOptions() } };
    case 'multiple-choice':
      return { schema: { type: 'array', uniqueItems: true, maxItems: 2, items: { type: 'string', maxLength: 40, oneOf: starterOptions() } } };
    case 'email':
      return { schema: { type: 'string', format: 'email', maxLength: 320 } };
    case 'person-id':
      return { schema: { type: 'string', maxLength: 20, pattern: ICS_ID_PATTERN, description: 'ICS id' }, options: { kind: 'person-id' } };
    // Worked out, never typed: read only, its formula chosen next (calculations.ts sets the type from the formula's result).
    case 'calculated':
      return { schema: { type: 'number', readOnly: true, [CALCULATE_KEY]: '' } };
    // PDFs and images, up to 5 files, each as large as the server takes (the properties panel sets a smaller size).
    case 'files':
      return { schema: { type: 'array', [FILES_KEY]: { types: ['pdf', 'image'] }, maxItems: 5, items: structuredClone(FILE_REF_SCHEMA) as unknown as JsonObject } };
    default:
      throw new Error(`not a field kind: ${kind}`);
  }
}

/** What a rule may ask about a field of this kind. */
export function comparisonsFor(kind: PaletteKind): Comparison[] {
  switch (kind) {
    case 'number':
      return ['equals', 'not-equals', 'one-of', 'greater-than', 'less-than', 'answered', 'not-answered'];
    case 'yes-no':
    case 'date':
    case 'date-time':
    case 'time':
      return ['equals', 'not-equals', 'answered', 'not-answered'];
    case 'repeatable-group':
    case 'files':
      return ['answered', 'not-answered'];
    default:
      return ['equals', 'not-equals', 'one-of', 'answered', 'not-answered'];
  }
}

/** A kind's name in words, for sentences. */
export function kindWords(kind: PaletteKind): string {
  const words: Record<PaletteKind, string> = {
    'short-text': 'a short text',
    'long-text': 'a long text',
    number: 'a number',
    date: 'a date',
    'date-time': 'a date and time',
    time: 'a time of day',
    'yes-no': 'a yes/no question',
    'single-choice': 'a single choice',
    'multiple-choice': 'a multiple choice',
    email: 'an email address',
    'person-id': 'an ICS person id',
    calculated: 'a calculated answer',
    files: 'a file upload',
    guidance: 'guidance',
    section: 'a section',
    page: 'a page',
    'repeatable-group': 'a repeatable group',
  };
  return words[kind];
}
