/**
 * What a question's `x-prefill` may name: a value of the ICS directory filled in when a record is
 * started, with words for people (the designer's picker, the runtime's note) and the kind of
 * question it fits. Pure data, shared by the designer and the runtime (and meant for the
 * engine's own check of `x-prefill`).
 */
import { LEGAL_STATUS_TITLES } from './model.js';

export const PREFILL_KEYWORD = 'x-prefill';

/** Which questions a value fits: a date; plain text; or (the legal status) also a single choice of its codes. */
export type PrefillFit = 'date' | 'text' | 'text-or-status-choice';

export interface PrefillSource {
  /** Lower-case words for a sentence: "the child's date of birth". */
  words: string;
  fits: PrefillFit;
  /** Whose value it is: the child the record is about, the person filling it in, or the worker it is about. */
  about: 'child' | 'me' | 'worker';
}

export const PREFILL_SOURCES = {
  'child.name': { words: "the child's name", fits: 'text', about: 'child' },
  'child.dateOfBirth': { words: "the child's date of birth", fits: 'date', about: 'child' },
  'child.legalStatus': { words: "the child's legal status", fits: 'text-or-status-choice', about: 'child' },
  'child.allocatedWorkerId': { words: "the allocated worker's ICS id", fits: 'text', about: 'child' },
  'child.allocatedWorkerName': { words: "the allocated worker's name", fits: 'text', about: 'child' },
  'child.team': { words: "the child's team (its ICS id)", fits: 'text', about: 'child' },
  'child.teamName': { words: "the child's team", fits: 'text', about: 'child' },
  'me.workerId': { words: "your own ICS worker id", fits: 'text', about: 'me' },
  'me.name': { words: "your own name", fits: 'text', about: 'me' },
  'me.managerId': { words: "your line manager's ICS id", fits: 'text', about: 'me' },
  'me.managerName': { words: "your line manager's name", fits: 'text', about: 'me' },
  'me.team': { words: "your team", fits: 'text', about: 'me' },
  'worker.name': { words: "the worker's name", fits: 'text', about: 'worker' },
  'worker.managerId': { words: "the worker's line manager's ICS id", fits: 'text', about: 'worker' },
  'worker.managerName': { words: "the worker's line manager's name", fits: 'text', about: 'worker' },
  'worker.team': { words: "the worker's team", fits: 'text', about: 'worker' },
} as const satisfies Record<string, PrefillSource>;

export type PrefillSourceId = keyof typeof PREFILL_SOURCES;

export function isPrefillSource(v: unknown): v is PrefillSourceId {
  return typeof v === 'string' && Object.hasOwn(PREFILL_SOURCES, v);
}

/** The words for a source ("the child's date of birth"), or the source itself when unknown. */
export function prefillWords(source: string): string {
  return isPrefillSource(source) ? PREFILL_SOURCES[source].words : source;
}

const STATUS_CODES = new Set(Object.keys(LEGAL_STATUS_TITLES));

/** The values a single choice offers (`enum`, or `oneOf`/`anyOf` of `const`), or null when it is not one. */
function choiceValues(node: Record<string, unknown>): unknown[] | null {
  if (Array.isArray(node.enum)) return node.enum;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = node[key];
    if (Array.isArray(list) && list.length > 0 && list.every((o) => typeof o === 'object' && o !== null && 'const' in o)) return list.map((o) => (o as { const: unknown }).const);
  }
  return null;
}

/** Does the value `source` names fit the question whose schema is `node` (references already followed)? */
export function prefillFits(source: PrefillSourceId, node: Record<string, unknown>): boolean {
  if (node.type !== 'string' || node.const !== undefined) return false;
  const choice = choiceValues(node);
  const fit = PREFILL_SOURCES[source].fits;
  if (choice) return fit === 'text-or-status-choice' && choice.length > 0 && choice.every((v) => typeof v === 'string' && STATUS_CODES.has(v));
  if (fit === 'date') return node.format === 'date';
  return node.format === undefined;
}

/** The sources that fit a question, in the list's order. */
export function prefillChoices(node: Record<string, unknown>): PrefillSourceId[] {
  return (Object.keys(PREFILL_SOURCES) as PrefillSourceId[]).filter((s) => prefillFits(s, node));
}
