/**
 * "Fill in from the ICS directory": a question's `x-prefill` (engine/forms/prefill.ts, whose list
 * of values and rules of fit the policy uses too), set without JSON. Only the values that fit the
 * question are offered (a date of birth for a date; ids and names for text; the legal status for
 * text or a single choice of its codes); questions in a repeating group's rows and calculated
 * answers cannot have one.
 */
import { PREFILL_BY_SOURCE, PREFILL_KEYWORD, PREFILL_SOURCES, prefillFitProblem } from '../../engine/forms/prefill.js';
import { CALCULATE_KEY } from './kinds.js';
import { Draft } from './draft.js';
import { own, q, type JsonObject } from './json.js';
import { labelOfLoc } from './locate.js';
import { viewTree } from './outline.js';
import { DesignError, type Definition, type EditResult, type NodePath } from './types.js';

export interface PrefillChoice {
  source: string;
  /** "The child's date of birth" */
  label: string;
}

function questionAt(def: Definition, path: NodePath): { field: string; schema: JsonObject; label: string } {
  const { def: v, tree } = viewTree(def);
  const loc = tree.byPath.get(path);
  if (!loc) throw new DesignError('That part of the form no longer exists; the outline may be out of date.');
  if (!loc.field || !loc.schema || loc.kind !== 'field') throw new DesignError('Only a question can be filled in from the ICS directory.');
  return { field: loc.field, schema: loc.schema, label: labelOfLoc(v, loc) };
}

/** A source's words for the picker: "The child's date of birth" (the source itself when unknown). */
export function prefillLabel(source: string): string {
  return PREFILL_BY_SOURCE.get(source)?.words ?? source;
}

/** The directory values the question at `path` can be filled in from (none for a question in rows or a calculated answer). */
export function prefillOptions(def: Definition, path: NodePath): PrefillChoice[] {
  let question;
  try {
    question = questionAt(def, path);
  } catch {
    return [];
  }
  if (question.field.includes('/*') || own(question.schema, CALCULATE_KEY) !== undefined) return [];
  return PREFILL_SOURCES.filter((s) => prefillFitProblem(s, question.schema, question.label) === null).map((s) => ({ source: s.source, label: s.words }));
}

/** The directory value the question at `path` is filled in from, if any (as written, even one that does not fit). */
export function prefillOf(def: Definition, path: NodePath): string | null {
  const value = own(questionAt(def, path).schema, PREFILL_KEYWORD);
  return typeof value === 'string' ? value : null;
}

/** Fills the question at `path` in from the directory's `source`, or stops doing so (`null`). */
export function setPrefill(def: Definition, path: NodePath, source: string | null): EditResult {
  const { field, schema, label } = questionAt(def, path);
  const d = new Draft(def);
  const node = d.own(field);
  if (source === null) {
    delete node[PREFILL_KEYWORD];
    return d.result();
  }
  if (field.includes('/*')) throw new DesignError(`${q(label)} is in a repeatable group's rows, which the ICS directory cannot fill in.`);
  if (own(schema, CALCULATE_KEY) !== undefined) throw new DesignError(`${q(label)} is worked out from other answers, so it cannot also be filled in from the ICS directory.`);
  const known = PREFILL_BY_SOURCE.get(source);
  if (!known) throw new DesignError(`Choose what ${q(label)} is filled in from: "${source}" is not a value of the ICS directory.`);
  const problem = prefillFitProblem(known, schema, label);
  if (problem) throw new DesignError(problem);
  node[PREFILL_KEYWORD] = source;
  return d.result();
}
