/** Plain-JSON helpers for the designer model: copying, comparing regardless of key order. */
import { isObject, own } from '../../engine/forms/schema-paths.js';

export { isObject, own };
export type JsonObject = { [key: string]: unknown };

/** A deep copy of plain JSON. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The value with object keys sorted and `required` lists sorted: equal meaning, equal form. */
export function canon(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canon);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    if (v === undefined) continue;
    out[key] = key === 'required' && Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v].sort() : canon(v);
  }
  return out;
}

/** Same JSON meaning: key order and the order of `required` names do not matter. */
export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

/** `“label”` for sentences. */
export const q = (s: string): string => `“${s}”`;

/** `a`, `a and b`, `a, b and c`. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
