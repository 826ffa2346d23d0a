/**
 * The policy's size limits, checked after an edit so that the designer refuses a change the
 * policy would refuse at save (engine/policy/limits.ts holds the numbers; it imports nothing).
 */
import { LIMITS } from '../../engine/policy/limits.js';
import { schemaFields, tokensOf } from './data-paths.js';
import type { Definition } from './types.js';
import { DesignError } from './types.js';

export { LIMITS };

function bytes(def: Definition): number {
  return new TextEncoder().encode(JSON.stringify({ schema: def.schema, uischema: def.uischema })).length;
}

function counts(def: Definition): { fields: number; depth: number } {
  const fields = schemaFields(def.schema as Record<string, unknown>).filter((f) => !f.path.endsWith('/*'));
  let depth = 1;
  for (const f of schemaFields(def.schema as Record<string, unknown>)) {
    if (f.schema.type === 'object' || f.schema.type === 'array') depth = Math.max(depth, tokensOf(f.path).length + 1);
  }
  return { fields: fields.length, depth };
}

/** Refuses a definition beyond the policy's limits (only limits the edit itself crossed: `before` may already be over). */
export function checkLimits(after: Definition, before?: Definition): void {
  const size = bytes(after);
  if (size > LIMITS.definitionBytes && (!before || size > bytes(before))) {
    throw new DesignError(`The form would be ${Math.ceil(size / 1024)} KiB; at most ${LIMITS.definitionBytes / 1024} KiB is allowed. Split the form into smaller forms.`);
  }
  const a = counts(after);
  const b = before ? counts(before) : { fields: 0, depth: 0 };
  if (a.fields > LIMITS.fields && a.fields > b.fields) {
    throw new DesignError(`A form can have at most ${LIMITS.fields.toLocaleString('en-GB')} fields; split it into smaller forms.`);
  }
  if (a.depth > LIMITS.dataDepth && a.depth > b.depth) {
    throw new DesignError(`Repeatable groups and sections can be nested at most ${LIMITS.dataDepth} levels deep.`);
  }
}
