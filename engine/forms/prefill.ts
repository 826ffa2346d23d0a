/**
 * Pre-fill, the definition side: a question with `"x-prefill": "child.dateOfBirth"` starts a new
 * record with that value from the ICS directory (the child the record is about, the person filling
 * it in, or the worker a staff record is about). The sources, their words for analysts, and which
 * questions each fits; engine/submissions/prefill.ts fills them. Pure data, shared by the policy,
 * the engine and the designer (it imports nothing of Node's).
 */
import { LEGAL_STATUS_TITLES } from '../directory/model.js';
import type { JsonObject } from './model.js';
import { isObject, own } from './schema-paths.js';

export const PREFILL_KEYWORD = 'x-prefill';

/** What a source's value is: a date of birth, a legal status code, or other text (names, ids). */
export type PrefillValueKind = 'date' | 'legal-status' | 'text';

export interface PrefillSource {
  source: string;
  /** For analysts: what the question is filled in with. */
  words: string;
  /** Whose value it is: the record's child, the person filling it in, or the worker a staff record is about. */
  of: 'child' | 'me' | 'worker';
  value: PrefillValueKind;
}

export const PREFILL_SOURCES: readonly PrefillSource[] = [
  { source: 'child.name', words: "The child's name", of: 'child', value: 'text' },
  { source: 'child.dateOfBirth', words: "The child's date of birth", of: 'child', value: 'date' },
  { source: 'child.legalStatus', words: "The child's legal status (CIN, CP, CLA, CL, EH or NONE)", of: 'child', value: 'legal-status' },
  { source: 'child.allocatedWorkerId', words: "The child's allocated worker (ICS worker id)", of: 'child', value: 'text' },
  { source: 'child.allocatedWorkerName', words: "The child's allocated worker's name", of: 'child', value: 'text' },
  { source: 'child.team', words: "The child's team (team id)", of: 'child', value: 'text' },
  { source: 'child.teamName', words: "The child's team's name", of: 'child', value: 'text' },
  { source: 'me.workerId', words: 'Your own ICS worker id (the person filling in the form)', of: 'me', value: 'text' },
  { source: 'me.name', words: 'Your own name', of: 'me', value: 'text' },
  { source: 'me.managerId', words: 'Your line manager (ICS worker id)', of: 'me', value: 'text' },
  { source: 'me.managerName', words: "Your line manager's name", of: 'me', value: 'text' },
  { source: 'me.team', words: 'Your team (team id)', of: 'me', value: 'text' },
  { source: 'worker.name', words: "The name of the worker the record is about", of: 'worker', value: 'text' },
  { source: 'worker.managerId', words: "The line manager (ICS worker id) of the worker the record is about", of: 'worker', value: 'text' },
  { source: 'worker.managerName', words: "The line manager's name of the worker the record is about", of: 'worker', value: 'text' },
  { source: 'worker.team', words: 'The team (team id) of the worker the record is about', of: 'worker', value: 'text' },
];

export const PREFILL_BY_SOURCE: ReadonlyMap<string, PrefillSource> = new Map(PREFILL_SOURCES.map((s) => [s.source, s]));

export const LEGAL_STATUS_CODES: readonly string[] = Object.keys(LEGAL_STATUS_TITLES);

/** The option values of a single choice (`oneOf` of consts, or `enum`); undefined when it is not one. */
export function choiceValues(node: JsonObject): unknown[] | undefined {
  const oneOf = own(node, 'oneOf');
  if (Array.isArray(oneOf) && oneOf.length && oneOf.every((o) => isObject(o) && own(o, 'const') !== undefined)) return oneOf.map((o) => (o as JsonObject).const);
  const list = own(node, 'enum');
  return Array.isArray(list) && list.length ? list : undefined;
}

/**
 * Why `source` cannot fill the question `node` (labelled `label`), in words for an analyst; null
 * when it fits. A date of birth fills only a date; the rest fill text (or a single choice, whose
 * options are then what may be filled in; a legal status needs options that are its codes).
 */
export function prefillFitProblem(source: PrefillSource, node: JsonObject, label: string): string | null {
  const type = own(node, 'type');
  const format = own(node, 'format');
  const isDate = type === 'string' && format === 'date';
  if (source.value === 'date') return isDate ? null : `"${label}" is not a date question, so it cannot be filled in with ${lower(source.words)}; choose a date question.`;
  if (type !== 'string' || (typeof format === 'string' && ['date', 'date-time', 'time'].includes(format))) {
    return `"${label}" does not take text, so it cannot be filled in with ${lower(source.words)}; choose a text question${source.value === 'legal-status' ? ' or a single choice of legal statuses' : ''}.`;
  }
  const options = choiceValues(node);
  if (source.value === 'legal-status' && options && !options.some((o) => typeof o === 'string' && LEGAL_STATUS_CODES.includes(o))) {
    return `None of the options of "${label}" is an ICS legal status code (${LEGAL_STATUS_CODES.join(', ')}), so the child's legal status would never fit; give the options those codes, or choose another question.`;
  }
  return null;
}

const lower = (words: string) => words.charAt(0).toLowerCase() + words.slice(1);

/** Why a keyword's value is not a pre-fill source, in words for an analyst; null when it is one. */
export function prefillShapeProblem(value: unknown, label: string): string | null {
  if (typeof value !== 'string' || value === '') return `What "${label}" is filled in with from the ICS directory must be text naming a value, such as "child.dateOfBirth".`;
  if (!PREFILL_BY_SOURCE.has(value)) {
    return `"${value.slice(0, 60)}" is not a value Caseforms can fill "${label}" in with from the ICS directory. Choose one of: ${PREFILL_SOURCES.map((s) => s.source).join(', ')}.`;
  }
  return null;
}
