/**
 * Edits that would break a calculation are refused. A calculated answer's formula is checked
 * against the form (engine/forms/calculations/check.ts): changing a question it uses — its
 * options, its kind — can make a formula that was fine wrong ("lowest needs answers with the
 * same options in the same order"). The designer keeps every accepted edit within the policy,
 * so such an edit is refused, naming the calculation to change first.
 */
import { checkFormula } from '../../engine/forms/calculations/check.js';
import { calculatedFields } from '../../engine/forms/calculations/plan.js';
import { getAt } from '../../engine/json/pointer.js';
import { isObject, own, q } from './json.js';
import { DesignError, type Definition } from './types.js';

/** Throws a DesignError when a formula that checked in `before` does not check in `after`. */
export function keepCalculationsWhole(before: Definition, after: Definition): void {
  if (before.schema === after.schema) return;
  for (const f of calculatedFields(after.schema)) {
    if (f.inRows) continue;
    const now = checkFormula(f.formula, after.schema);
    if (now.ok || !checkFormula(f.formula, before.schema).ok) continue;
    const node = getAt(after.schema, f.schemaPointer);
    const title = isObject(node) && typeof own(node, 'title') === 'string' ? (own(node, 'title') as string) : f.name;
    throw new DesignError(`This change would break the calculation of ${q(title)}: ${now.problems[0]?.message ?? 'its formula would no longer fit the form.'} Change that calculation first.`);
  }
}
