/**
 * JSON Forms picks a renderer for every element by asking each registered tester, and most of
 * ours resolve the control's scope against the form's schema, several times each: on a
 * 500-question form that was a quarter of the first render. `resolvingOnce` hands a tester the
 * control's own schema, resolved once per question and remembered, with the scope `#` — the
 * same answer (a tester that matches on the schema resolves `#` to that very schema), as the
 * read-only kind already asks `kindFor`.
 */
import { resolveSchema, type JsonSchema, type RankedTester, type TesterContext, type UISchemaElement } from '@jsonforms/core';

const resolved = new WeakMap<JsonSchema, WeakMap<JsonSchema, Map<string, JsonSchema | null>>>();
const scopedToItself = new WeakMap<UISchemaElement, UISchemaElement>();

function resolvedOnce(schema: JsonSchema, scope: string, rootSchema: JsonSchema): JsonSchema | null {
  let bySchema = resolved.get(rootSchema);
  if (!bySchema) resolved.set(rootSchema, (bySchema = new WeakMap()));
  let byScope = bySchema.get(schema);
  if (!byScope) bySchema.set(schema, (byScope = new Map()));
  let found = byScope.get(scope);
  if (found === undefined) byScope.set(scope, (found = resolveSchema(schema, scope, rootSchema) ?? null));
  return found;
}

function itself(uischema: UISchemaElement): UISchemaElement {
  let own = scopedToItself.get(uischema);
  if (!own) scopedToItself.set(uischema, (own = { ...uischema, scope: '#' } as UISchemaElement));
  return own;
}

/** The same tester, given a control's own (resolved) schema rather than resolving it each time. */
export function resolvingOnce(tester: RankedTester): RankedTester {
  return (uischema: UISchemaElement, schema: JsonSchema, context: TesterContext) => {
    const scope = (uischema as { scope?: unknown }).scope;
    if (uischema.type !== 'Control' || typeof scope !== 'string' || scope === '#' || !schema || !context?.rootSchema) return tester(uischema, schema, context);
    const own = resolvedOnce(schema, scope, context.rootSchema);
    return own ? tester(itself(uischema), own, context) : tester(uischema, schema, context);
  };
}
