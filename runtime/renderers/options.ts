/** The options of a choice question: `oneOf`/`anyOf` of `{ const, title }` (codes with labels) or a plain `enum`. */
import { Resolve, type JsonSchema } from '@jsonforms/core';

export interface Option {
  code: unknown;
  label: string;
}

export function optionsOf(schema: JsonSchema): Option[] {
  for (const list of [schema.oneOf, schema.anyOf]) {
    if (Array.isArray(list) && list.length && list.every((o) => o && typeof o === 'object' && 'const' in o)) {
      return list.map((o) => ({ code: (o as { const: unknown }).const, label: typeof o.title === 'string' ? o.title : String((o as { const: unknown }).const) }));
    }
  }
  return Array.isArray(schema.enum) ? schema.enum.map((v) => ({ code: v, label: String(v) })) : [];
}

/** The schema of an array's items (one schema, `$ref` resolved against the root), if any. */
export function itemsOf(schema: JsonSchema, rootSchema?: JsonSchema): JsonSchema | undefined {
  const items = schema.items;
  if (!items || Array.isArray(items) || typeof items !== 'object') return undefined;
  return typeof items.$ref === 'string' && rootSchema ? Resolve.schema(rootSchema, items.$ref, rootSchema) : items;
}

/** Whether a question is answered from a list: its own options, or its items' (multiple choice). */
export function hasOptionList(schema: JsonSchema): boolean {
  return optionsOf(schema).length > 0;
}
