/**
 * Walking a schema's conditionals (allOf/anyOf/oneOf/not/if/then/else, and `x-compare`) knowing
 * which place in the data each part talks about — to rename an option code or a field everywhere
 * it is named, and to clean up what named a field that has been removed.
 */
import { isObject, own, type JsonObject } from './json.js';

const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;
const SINGLES = ['not', 'if', 'then', 'else'] as const;

/** An option list (`oneOf`/`anyOf` of `{ const, title }`) is a field's options, not a condition. */
export function isOptionList(list: unknown): boolean {
  return Array.isArray(list) && list.length > 0 && list.every((o) => isObject(o) && own(o, 'const') !== undefined && own(o, 'properties') === undefined);
}

/** Every field schema the form owns (not inside `definitions`, references not followed), with its data path. */
export function eachNode(root: JsonObject, fn: (node: JsonObject, path: string) => void): void {
  const walk = (node: unknown, path: string, depth: number): void => {
    if (!isObject(node) || own(node, '$ref') !== undefined || depth > 40) return;
    fn(node, path);
    const props = own(node, 'properties');
    if (isObject(props)) for (const [k, v] of Object.entries(props)) walk(v, `${path}/${k}`, depth + 1);
    walk(own(node, 'items'), `${path}/*`, depth + 1);
  };
  walk(root, '', 0);
}

/** The conditional parts of a field schema (not its options list), as [holder, key] pairs. */
function conditionalKeys(node: JsonObject): string[] {
  const keys: string[] = [];
  for (const k of COMBINATORS) if (own(node, k) !== undefined && !isOptionList(own(node, k))) keys.push(k);
  for (const k of SINGLES) if (own(node, k) !== undefined) keys.push(k);
  return keys;
}

/** The conditional subschemas of a field schema: each `allOf`/`anyOf`/`oneOf` entry, and `not`, `if`, `then`, `else`. */
export function conditionalsOf(node: JsonObject): unknown[] {
  return conditionalKeys(node).flatMap((k) => (Array.isArray(node[k]) ? (node[k] as unknown[]) : [node[k]]));
}

/** Visits a subschema and everything inside it with the data path each part applies to. */
export function eachSubschema(sub: unknown, path: string, fn: (s: JsonObject, path: string) => void, depth = 0): void {
  if (!isObject(sub) || depth > 40) return;
  fn(sub, path);
  const props = own(sub, 'properties');
  if (isObject(props)) for (const [k, v] of Object.entries(props)) eachSubschema(v, `${path}/${k}`, fn, depth + 1);
  eachSubschema(own(sub, 'items'), `${path}/*`, fn, depth + 1);
  for (const k of COMBINATORS) {
    const l = own(sub, k);
    if (Array.isArray(l)) for (const x of l) eachSubschema(x, path, fn, depth + 1);
  }
  for (const k of SINGLES) eachSubschema(own(sub, k), path, fn, depth + 1);
}

/** Replaces a tested value (`const`, `enum` entries) in a subschema applying to `field` (or its list's entries). */
export function renameValue(sub: unknown, path: string, field: string, from: unknown, to: unknown): boolean {
  let changed = false;
  eachSubschema(sub, path, (s, p) => {
    if (p !== field && p !== field + '/*') return;
    if (own(s, 'const') === from) {
      s.const = to;
      changed = true;
    }
    const e = own(s, 'enum');
    if (Array.isArray(e) && e.includes(from)) {
      s.enum = e.map((v) => (v === from ? to : v));
      changed = true;
    }
  });
  return changed;
}

/** Whether a subschema names a place for which `gone(path)` holds (in `properties` or `required`). */
export function mentions(sub: unknown, path: string, gone: (p: string) => boolean): boolean {
  let hit = false;
  eachSubschema(sub, path, (s, p) => {
    const props = own(s, 'properties');
    if (isObject(props) && Object.keys(props).some((k) => gone(`${p}/${k}`))) hit = true;
    const req = own(s, 'required');
    if (Array.isArray(req) && req.some((n) => typeof n === 'string' && gone(`${p}/${n}`))) hit = true;
  });
  return hit;
}

const isEmpty = (v: unknown): boolean => isObject(v) && Object.keys(v).length === 0;

/**
 * Takes what names a gone place out of a conjunctive subschema (a `then`, an `allOf` entry):
 * `required` names and `properties` go; conditionals inside that test a gone place go whole.
 * Returns the subschema (possibly now `{}`).
 */
export function strip(sub: JsonObject, path: string, gone: (p: string) => boolean, dropped: (entry: unknown, path: string) => void): JsonObject {
  const req = own(sub, 'required');
  if (Array.isArray(req)) {
    const kept = req.filter((n) => !(typeof n === 'string' && gone(`${path}/${n}`)));
    if (kept.length) sub.required = kept;
    else delete sub.required;
  }
  const props = own(sub, 'properties');
  if (isObject(props)) {
    for (const k of Object.keys(props)) {
      if (gone(`${path}/${k}`)) delete props[k];
      else if (isObject(props[k])) {
        strip(props[k] as JsonObject, `${path}/${k}`, gone, dropped);
        if (isEmpty(props[k])) delete props[k];
      }
    }
    if (isEmpty(props)) delete sub.properties;
  }
  const items = own(sub, 'items');
  if (isObject(items)) {
    strip(items, `${path}/*`, gone, dropped);
    if (isEmpty(items)) delete sub.items;
  }
  cleanConditionals(sub, path, gone, dropped);
  return sub;
}

/** Cleans the conditionals of one schema node (a field's, or one inside a conditional) of a gone place. */
export function cleanConditionals(node: JsonObject, path: string, gone: (p: string) => boolean, dropped: (entry: unknown, path: string) => void): void {
  const allOf = own(node, 'allOf');
  if (Array.isArray(allOf)) {
    for (let i = allOf.length - 1; i >= 0; i--) {
      const e = allOf[i];
      if (!mentions(e, path, gone)) continue;
      if (isObject(e) && own(e, 'if') !== undefined) {
        const others = Object.keys(e).filter((k) => k !== 'if' && k !== 'then' && k !== 'else');
        if (mentions(e.if, path, gone) || others.some((k) => mentions(e[k], path, gone))) {
          dropped(e, path);
          allOf.splice(i, 1);
          continue;
        }
        for (const k of ['then', 'else']) {
          const b = own(e, k);
          if (isObject(b)) {
            strip(b, path, gone, dropped);
            if (isEmpty(b)) delete e[k];
          }
        }
        if (own(e, 'then') === undefined && own(e, 'else') === undefined) allOf.splice(i, 1);
      } else if (isObject(e) && !['anyOf', 'oneOf', 'not'].some((k) => mentions(own(e, k), path, gone))) {
        strip(e, path, gone, dropped);
        if (isEmpty(e)) allOf.splice(i, 1);
      } else {
        dropped(e, path);
        allOf.splice(i, 1);
      }
    }
    if (allOf.length === 0) delete node.allOf;
  }
  for (const k of ['anyOf', 'oneOf', 'not'] as const) {
    const v = own(node, k);
    if (v === undefined || isOptionList(v)) continue;
    if (mentions(v, path, gone)) {
      dropped(v, path);
      delete node[k];
    }
  }
  if (own(node, 'if') !== undefined) {
    if (mentions(node.if, path, gone)) {
      dropped({ if: node.if, then: node.then, else: node.else }, path);
      delete node.if;
      delete node.then;
      delete node.else;
    } else {
      for (const k of ['then', 'else']) {
        const b = own(node, k);
        if (isObject(b)) {
          strip(b, path, gone, dropped);
          if (isEmpty(b)) delete node[k];
        }
      }
      if (own(node, 'then') === undefined && own(node, 'else') === undefined) delete node.if;
    }
  }
}
