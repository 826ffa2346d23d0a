/**
 * Finding things inside a form schema: local `$ref`s, UI schema scopes, data paths.
 * Written defensively: the policy uses these on untrusted definitions before it has judged them.
 */
import type { JsonObject } from './model.js';

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own-property read that never reaches the prototype chain. */
export function own(obj: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export const LOCAL_REF = /^#\/definitions\/([A-Za-z][A-Za-z0-9_]{0,63})$/;

/** Follows `$ref` chains to the schema they name; null for a missing target or a cycle. */
export function resolveRef(root: JsonObject, node: unknown): JsonObject | null {
  let cur = node;
  for (let hops = 0; hops < 32; hops++) {
    if (!isObject(cur)) return null;
    const ref = own(cur, '$ref');
    if (typeof ref !== 'string') return cur;
    const m = LOCAL_REF.exec(ref);
    const defs = own(root, 'definitions');
    if (!m || !isObject(defs)) return null;
    cur = own(defs, m[1]!);
  }
  return null;
}

export const SCOPE = /^#(\/properties\/[A-Za-z][A-Za-z0-9_]{0,63})+$/;

/** Field names along a JSON Forms scope (`#/properties/a/properties/b` → `['a', 'b']`); null if not of that form. */
export function scopeNames(scope: unknown): string[] | null {
  if (typeof scope !== 'string' || !SCOPE.test(scope)) return null;
  return scope
    .slice(2)
    .split('/')
    .filter((_, i) => i % 2 === 1);
}

export interface ResolvedScope {
  /** The field's schema (refs followed). */
  node: JsonObject;
  /** The object schema holding the field. */
  parent: JsonObject;
  name: string;
}

/** Resolves a scope against the schema it is relative to (the root, or an array's `items`). */
export function resolveScope(root: JsonObject, base: JsonObject, scope: unknown): ResolvedScope | null {
  const names = scopeNames(scope);
  if (!names) return null;
  let parent: JsonObject | null = resolveRef(root, base);
  let node: JsonObject | null = null;
  for (let i = 0; i < names.length; i++) {
    if (!parent) return null;
    const props = own(parent, 'properties');
    if (!isObject(props)) return null;
    node = resolveRef(root, own(props, names[i]!));
    if (!node) return null;
    if (i < names.length - 1) parent = node;
  }
  return node && parent ? { node, parent, name: names.at(-1)! } : null;
}

/** `/actions/2/dueDate` → `/actions/*\/dueDate`: the field a data pointer is in, whatever the row. */
export function fieldPath(dataPointer: string): string {
  return dataPointer.replace(/\/(0|[1-9][0-9]*)(?=\/|$)/g, '/*');
}
