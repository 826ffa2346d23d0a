/**
 * The definition policy for calculated answers (`x-calculate`): each formula checked against
 * the form (known functions, fields that exist, types that fit, size limits), its result fitting
 * the question, no cycles, a calculated question neither required nor otherwise constrained, and
 * none inside a repeating group's rows (yet).
 */
import type { JsonObject } from '../forms/model.js';
import { isObject, own } from '../forms/schema-paths.js';
import { getAt, joinPointer, parsePointer } from '../json/pointer.js';
import { checkFormula, resultFits } from '../forms/calculations/check.js';
import { calculatedFields, calculationOrder, cycleMessage, type CalculatedField } from '../forms/calculations/plan.js';
import { LIMITS } from './limits.js';
import { keywordWords } from './keywords.js';

/** What a calculated question may hold besides its formula: what it is, its words, and its options when it is a choice. */
const CALCULATED_KEYWORDS = new Set(['type', 'format', 'title', 'description', '$comment', 'readOnly', 'x-calculate', 'maxLength', 'oneOf', 'anyOf', 'enum']);

export interface CalculationReporter {
  violation(pointer: string, message: string): void;
  notice(pointer: string, message: string): void;
}

export function checkCalculations(root: JsonObject, report: CalculationReporter, labelOf: (node: JsonObject, name: string) => string): void {
  const fields = calculatedFields(root);
  if (fields.length === 0) return;
  const seen = new Set<string>();
  const label = (f: CalculatedField) => {
    const node = getAt(root, f.schemaPointer);
    return isObject(node) ? labelOf(node, f.name.split('.').at(-1)!) : f.name;
  };
  if (fields.length > LIMITS.calculations) {
    report.violation('', `The form has ${fields.length} calculated answers; at most ${LIMITS.calculations} are allowed. Split it into smaller forms.`);
  }
  for (const f of fields) {
    if (seen.has(f.schemaPointer)) continue;
    seen.add(f.schemaPointer);
    const node = getAt(root, f.schemaPointer);
    if (!isObject(node)) continue;
    const at = joinPointer(f.schemaPointer, 'x-calculate');
    const name = label(f);
    if (f.inRows) {
      report.violation(at, `"${name}": a calculated answer cannot be inside a repeating group yet.`);
      continue;
    }
    const checked = checkFormula(f.formula, root);
    for (const p of checked.problems) report.violation(at, `"${name}": ${p.message}`);
    if (checked.ok && checked.type) {
      const misfit = resultFits(checked.type, node);
      if (misfit) report.violation(at, `"${name}": ${misfit}`);
    }
    for (const key of Object.keys(node)) {
      if (CALCULATED_KEYWORDS.has(key)) continue;
      report.violation(joinPointer(f.schemaPointer, key), `"${name}" is worked out by its formula, so it cannot have ${keywordWords(key)}: remove it.`);
    }
    if (own(node, 'readOnly') === false) {
      report.violation(joinPointer(f.schemaPointer, 'readOnly'), `"${name}" is worked out by its formula, so nobody can type it: it must be read-only.`);
    } else if (own(node, 'readOnly') === undefined) {
      node.readOnly = true;
      report.notice(joinPointer(f.schemaPointer, 'readOnly'), `"${name}" is worked out by its formula, so it has been made read-only.`);
    }
    requiredOf(root, f, (pointer) => report.violation(pointer, `"${name}" is worked out by its formula, so it cannot be required: it is blank whenever what it uses is not answered.`));
  }
  const { cycle } = calculationOrder(root);
  if (cycle) report.violation(joinPointer(cycle[0]!.schemaPointer, 'x-calculate'), cycleMessage(cycle.map(label)));
}

/** Reports the place in its parent's `required` list that names a calculated question. */
function requiredOf(root: JsonObject, f: CalculatedField, violation: (pointer: string) => void): void {
  const tokens = parsePointer(f.schemaPointer);
  if (tokens.length < 2 || tokens.at(-2) !== 'properties') return;
  const parentPointer = f.schemaPointer.slice(0, f.schemaPointer.lastIndexOf('/properties/'));
  const parent = getAt(root, parentPointer);
  const required = isObject(parent) ? own(parent, 'required') : undefined;
  if (!Array.isArray(required)) return;
  const i = required.indexOf(tokens.at(-1));
  if (i >= 0) violation(joinPointer(parentPointer, 'required', i));
}
