/**
 * Carry-forward, the definition side: a question with `"x-carry-forward": { "from", "form"? }`
 * starts a new record with the answer at `from` in the latest submitted record of `form` (this
 * form when left out) about the same child or worker. What the keyword may say, which questions
 * carry it, and which kinds of answer fit which; engine/submissions/carry-forward.ts fills them.
 * Pure data, shared by the policy, the engine and the designer (which runs it in the browser: it
 * imports nothing of Node's, so not fields.ts — the questions it lists are in carry-targets.ts).
 */
import { FORM_ID_PATTERN, type JsonObject } from './model.js';
import { isObject, own } from './schema-paths.js';
import { parsePointer } from '../json/pointer.js';
import { isFilesQuestion } from '../files/model.js';

export const CARRY_KEYWORD = 'x-carry-forward';
/** Calculated answers are worked out, never carried (issue 12's calculations use this keyword). */
export const CALCULATE_KEYWORD = 'x-calculate';

export interface CarrySource {
  /** JSON Pointer of the answer in the source form's records (`/nextSteps/actions`). */
  from: string;
  /** The source form's id; this form when left out. */
  form?: string;
}

/** What kind of answer a question holds, as far as carrying it goes. */
/** `files`: uploads belong to the record they were uploaded to, so they are never carried. */
export type CarryKind = 'files' | 'rows' | 'list' | 'section' | 'yes-no' | 'number' | 'date' | 'date-time' | 'time' | 'text';

export function carryKind(node: JsonObject | undefined, items?: JsonObject): CarryKind {
  if (!node) return 'text';
  if (isFilesQuestion(node)) return 'files';
  if (node.type === 'array') return items?.type === 'object' ? 'rows' : 'list';
  if (node.type === 'object') return 'section';
  if (node.type === 'boolean') return 'yes-no';
  if (node.type === 'number' || node.type === 'integer') return 'number';
  if (node.format === 'date' || node.format === 'date-time' || node.format === 'time') return node.format;
  return 'text';
}

/** Can an answer of kind `source` fill a question of kind `target`? The same kind, or a date from a date and time. */
export function kindFits(source: CarryKind, target: CarryKind): boolean {
  if (source === 'section' || target === 'section' || source === 'files' || target === 'files') return false;
  return source === target || (target === 'date' && source === 'date-time');
}

/** The kind of a field of `fields` (forms/fields.ts' formFields), its rows' entry deciding rows from choices. */
export function fieldCarryKind(fields: ReadonlyMap<string, { schema: JsonObject }>, path: string): CarryKind {
  return carryKind(fields.get(path)?.schema, fields.get(`${path}/*`)?.schema);
}

/** The field path (`/a/b`) a carry-forward `from` names, or null when it is not one question's pointer. */
export function sourcePath(from: string): string | null {
  let tokens: string[];
  try {
    tokens = parsePointer(from);
  } catch {
    return null;
  }
  if (tokens.length === 0 || tokens.some((t) => t === '' || t === '*' || /^\d+$/.test(t))) return null;
  return '/' + tokens.join('/');
}

/** Why a keyword's value is not a carry-forward source, in words for an analyst; null when it is one. */
export function carryShapeProblem(value: unknown, label: string): string | null {
  if (!isObject(value)) return `Where "${label}" is filled in from must be an object like { "from": "/meeting/meetingAt" }.`;
  const extra = Object.keys(value).filter((k) => k !== 'from' && k !== 'form');
  if (extra.length) return `Filling "${label}" in from an earlier record takes only "from" and "form"; "${extra[0]}" is not one of them.`;
  const from = own(value, 'from');
  if (typeof from !== 'string' || from === '') return `Say which answer "${label}" is filled in from: "from" must be a JSON Pointer such as "/meeting/meetingAt".`;
  if (from.length > 500 || sourcePath(from) === null) {
    return `"${from}" is not a question's place in a record: "from" must be a JSON Pointer of names, such as "/meeting/meetingAt", not into one row.`;
  }
  const form = own(value, 'form');
  if (form !== undefined && (typeof form !== 'string' || !FORM_ID_PATTERN.test(form))) {
    return `"form" must be the id of a form, such as "case-supervision" (or be left out to use this form).`;
  }
  return null;
}
