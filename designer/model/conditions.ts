/**
 * Display-rule conditions as predicates over the data, and those predicates written as JSON
 * Schema (for "required when shown": `allOf: [{ if: <shown>, then: { required } }]`).
 *
 * JSON Forms (@jsonforms/core `evaluateCondition`) decides a SCHEMA condition by reading the
 * value at the scope (undefined when it, or an object on the way to it, is missing), answering
 * false at once for undefined when `failWhenUndefined` is set, and otherwise answering
 * `ajv.validate(schema, value)` — and ajv answers for undefined as `acceptsMissing` below
 * (`type`, `const` and `enum` fail, every other keyword passes). In a schema, the same test is
 * `properties` (which passes when the field is missing) with `required` added along the way when
 * a missing value must fail. OR/AND become anyOf/allOf; HIDE is `not`.
 */
import { scopeNames } from '../../engine/forms/schema-paths.js';
import { acceptsMissing } from '../../engine/forms/visibility.js';
import { isObject, own, type JsonObject } from './json.js';

/** A test of the value at `names` (relative to the level the rule is at). */
export interface Atom {
  names: string[];
  schema: unknown;
  /** A missing value fails (the test is written with `required`). */
  present: boolean;
}

export type Pred =
  | { t: 'atom'; atom: Atom }
  | { t: 'and' | 'or'; items: Pred[] }
  | { t: 'not'; item: Pred }
  | { t: 'const'; value: boolean };

/** Whether ajv accepts `undefined` against a schema: the engine's, which the runtime and the server evaluate rules with. */
export { acceptsMissing };

/** A JSON Forms rule condition as a predicate; null when it is not plain JSON the designer understands. */
export function conditionPred(cond: unknown, depth = 0): Pred | null {
  if (!isObject(cond) || depth > 10) return null;
  const type = own(cond, 'type');
  if (type === 'AND' || type === 'OR') {
    const list = own(cond, 'conditions');
    if (!Array.isArray(list)) return null;
    const items = list.map((c) => conditionPred(c, depth + 1));
    if (items.some((p) => p === null)) return null;
    return { t: type === 'AND' ? 'and' : 'or', items: items as Pred[] };
  }
  const names = scopeNames(own(cond, 'scope'));
  if (!names) return null;
  if (type === 'LEAF') {
    const expected = own(cond, 'expectedValue');
    if (expected === undefined) return { t: 'atom', atom: { names, schema: { not: {} }, present: false } };
    return { t: 'atom', atom: { names, schema: { const: expected }, present: true } };
  }
  if (type !== undefined && type !== 'SCHEMA') return null;
  if (!Object.prototype.hasOwnProperty.call(cond, 'schema')) return { t: 'const', value: true };
  const schema = own(cond, 'schema');
  const present = own(cond, 'failWhenUndefined') === true || !acceptsMissing(schema);
  return { t: 'atom', atom: { names, schema, present } };
}

/** Every atom in a predicate. */
export function atomsOf(pred: Pred): Atom[] {
  switch (pred.t) {
    case 'atom':
      return [pred.atom];
    case 'and':
    case 'or':
      return pred.items.flatMap(atomsOf);
    case 'not':
      return atomsOf(pred.item);
    default:
      return [];
  }
}

/** Longest common prefix of name lists. */
export function commonPrefix(lists: readonly string[][]): string[] {
  if (lists.length === 0) return [];
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const t = lists[0]![i];
    if (t === undefined || !lists.every((l) => l[i] === t)) return out;
    out.push(t);
  }
}

interface TrieNode {
  props: Map<string, TrieNode>;
  required: string[];
  leaf?: { schema: unknown };
}

/** Several atoms joined by AND, as one `{ properties, required }` when no two test the same place. */
function mergeAtoms(atoms: Atom[], host: string[]): unknown | null {
  const root: TrieNode = { props: new Map(), required: [] };
  for (const atom of atoms) {
    const rel = atom.names.slice(host.length);
    let node = root;
    for (let i = 0; i < rel.length; i++) {
      if (node.leaf) return null;
      const name = rel[i]!;
      if (atom.present && !node.required.includes(name)) node.required.push(name);
      let next = node.props.get(name);
      if (!next) {
        next = { props: new Map(), required: [] };
        node.props.set(name, next);
      }
      node = next;
    }
    if (node.leaf || node.props.size > 0 || node === root) return null;
    node.leaf = { schema: atom.schema };
  }
  const emit = (node: TrieNode): unknown => {
    if (node.leaf) return node.leaf.schema;
    const out: JsonObject = { properties: Object.fromEntries([...node.props].map(([k, v]) => [k, emit(v)])) };
    if (node.required.length) out.required = node.required;
    return out;
  };
  return emit(root);
}

function flattenAnd(pred: Pred): Pred[] {
  return pred.t === 'and' ? pred.items.flatMap(flattenAnd) : [pred];
}

/** The predicate as a JSON Schema applied to the object at `host` (names relative to the rule's level). */
export function predSchema(pred: Pred, host: string[]): unknown {
  switch (pred.t) {
    case 'const':
      return pred.value ? {} : { not: {} };
    case 'atom':
      return mergeAtoms([pred.atom], host);
    case 'not':
      return { not: predSchema(pred.item, host) };
    case 'or':
      return pred.items.length === 1 ? predSchema(pred.items[0]!, host) : { anyOf: pred.items.map((p) => predSchema(p, host)) };
    case 'and': {
      const items = flattenAnd(pred);
      if (items.length === 1) return predSchema(items[0]!, host);
      if (items.length === 0) return {};
      if (items.every((p) => p.t === 'atom')) {
        const merged = mergeAtoms(items.map((p) => (p as { atom: Atom }).atom), host);
        if (merged) return merged;
      }
      return { allOf: items.map((p) => predSchema(p, host)) };
    }
  }
}
