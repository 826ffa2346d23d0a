/**
 * Edits that would break a calculation are refused. A calculated answer's formula is checked
 * against the form (engine/forms/calculations/check.ts): changing a question it uses — its
 * options, its kind — can make a formula that was fine wrong ("lowest needs answers with the
 * same options in the same order"). The designer keeps every accepted edit within the policy,
 * so such an edit is refused, naming the calculation to change first.
 */
import { checkFormula, resultFits } from '../../engine/forms/calculations/check.js';
import { calculatedFields } from '../../engine/forms/calculations/plan.js';
import { getAt } from '../../engine/json/pointer.js';
import { isObject, own, q } from './json.js';
import { DesignError, type Definition } from './types.js';

/** What is wrong with a calculated answer's formula in this form (as the policy says it), or null. */
function problemOf(schema: Definition['schema'], formula: string, schemaPointer: string): string | null {
  const checked = checkFormula(formula, schema);
  if (!checked.ok) return checked.problems[0]?.message ?? 'its formula no longer fits the form.';
  const node = getAt(schema, schemaPointer);
  return checked.type && isObject(node) ? resultFits(checked.type, node) : null;
}

/** Throws a DesignError when a formula that was fine in `before` is not in `after` (it checks, and its result fits its question). */
export function keepCalculationsWhole(before: Definition, after: Definition): void {
  if (before.schema === after.schema) return;
  for (const f of calculatedFields(after.schema)) {
    if (f.inRows) continue;
    const now = problemOf(after.schema, f.formula, f.schemaPointer);
    if (now === null || problemOf(before.schema, f.formula, f.schemaPointer) !== null) continue;
    const node = getAt(after.schema, f.schemaPointer);
    const title = isObject(node) && typeof own(node, 'title') === 'string' ? (own(node, 'title') as string) : f.name;
    throw new DesignError(`This change would break the calculation of ${q(title)}: ${now} Change that calculation first.`);
  }
}
