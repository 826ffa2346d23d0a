/**
 * `x-prefill` in the definition policy: on the question it is written on, a source Caseforms
 * knows, and — once the schema is otherwise sound — a question it can fill: not a section, not a
 * calculated answer, not inside a repeating group's rows, and of a kind the value fits.
 */
import { CALCULATE_KEYWORD } from '../forms/carry-forward.js';
import { formFields } from '../forms/fields.js';
import type { JsonObject } from '../forms/model.js';
import { PREFILL_BY_SOURCE, PREFILL_KEYWORD, prefillFitProblem, prefillShapeProblem } from '../forms/prefill.js';
import { own } from '../forms/schema-paths.js';
import { joinPointer } from '../json/pointer.js';

interface Reporter {
  violation(pointer: string, message: string): void;
}

/** On the question's own node (`ptr` is its schema pointer), whatever else the schema holds. */
export function checkPrefillShape(reporter: Reporter, node: JsonObject, ptr: string, label: string, type: string): void {
  const at = joinPointer(ptr, PREFILL_KEYWORD);
  const problem = prefillShapeProblem(own(node, PREFILL_KEYWORD), label);
  if (problem) reporter.violation(at, problem);
  else if (type === 'object') reporter.violation(at, `"${label}" is a section; fill in its questions from the ICS directory one by one.`);
  else if (type === 'array') reporter.violation(at, `"${label}" holds a list; only a single answer can be filled in from the ICS directory.`);
  if (own(node, CALCULATE_KEYWORD) !== undefined) reporter.violation(at, `"${label}" is worked out by a calculation, so it cannot also be filled in from the ICS directory.`);
}

/** Across the form: each pre-filled question's place and kind. */
export function checkPrefillTargets(reporter: Reporter, root: JsonObject): void {
  for (const f of formFields({ schema: root, uischema: {} }).values()) {
    const value = own(f.schema, PREFILL_KEYWORD);
    const source = typeof value === 'string' ? PREFILL_BY_SOURCE.get(value) : undefined;
    if (!source || f.type === 'object' || f.type === 'array') continue;
    const at = joinPointer(f.pointer, PREFILL_KEYWORD);
    if (f.path.includes('/*')) {
      reporter.violation(at, `"${f.label}" is in a repeating group's rows; only a question outside one can be filled in from the ICS directory.`);
      continue;
    }
    const problem = prefillFitProblem(source, f.schema, f.label);
    if (problem) reporter.violation(at, problem);
  }
}
