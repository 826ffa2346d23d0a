/**
 * The fields of a (policy-checked) form version, flattened: one entry per field path
 * (`/actions/*\/dueDate`), references followed. The change analysis, the migration check and
 * (later) the designer and ICS mappings all speak in these paths.
 */
import { fieldLabels, labelOf } from './labels.js';
import type { FormDefinition, JsonObject } from './model.js';
import { isObject, own, resolveRef } from './schema-paths.js';
import { canonicalJson } from '../json/canonical.js';
import { escapeToken } from '../json/pointer.js';

export const CONSTRAINT_KEYS = [
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'formatMinimum',
  'formatMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'const',
] as const;
export type ConstraintKey = (typeof CONSTRAINT_KEYS)[number];

export interface FieldOption {
  code: unknown;
  label: string;
}

export interface FieldInfo {
  /** `/section/field`, with `*` for "any row" of a list. */
  path: string;
  /** JSON Pointer to the field's schema (inside `definitions` when it comes from a reference). */
  pointer: string;
  name: string;
  label: string;
  type: string;
  format?: string;
  /** Always required where it stands (conditional requirements are in `rules` of its parent). */
  required: boolean;
  options?: FieldOption[];
  constraints: Partial<Record<ConstraintKey, unknown>>;
  readOnly: boolean;
  description?: string;
  /** Canonical JSON of the node's conditions and cross-field rules, if it has any. */
  rules?: string;
  schema: JsonObject;
}

const RULE_KEYS = ['allOf', 'not', 'if', 'then', 'else', 'x-compare'];

function isOptionList(list: unknown): list is JsonObject[] {
  return Array.isArray(list) && list.length > 0 && list.every((o) => isObject(o) && own(o, 'const') !== undefined);
}

/** Options of a choice field: `oneOf`/`anyOf` of `{ const, title }`, or a plain `enum`. */
export function optionsOf(node: JsonObject): FieldOption[] | undefined {
  for (const key of ['oneOf', 'anyOf']) {
    const list = own(node, key);
    if (isOptionList(list)) return list.map((o) => ({ code: o.const, label: typeof o.title === 'string' ? o.title : String(o.const) }));
  }
  const values = own(node, 'enum');
  return Array.isArray(values) ? values.map((v) => ({ code: v, label: String(v) })) : undefined;
}

/** Conditions and cross-field rules on a node (an option list is the field's options, not a rule). */
function rulesOf(node: JsonObject): string | undefined {
  const rules: JsonObject = {};
  for (const k of RULE_KEYS) if (own(node, k) !== undefined) rules[k] = node[k];
  for (const k of ['oneOf', 'anyOf']) {
    const v = own(node, k);
    if (v !== undefined && !isOptionList(v)) rules[k] = v;
  }
  return Object.keys(rules).length ? canonicalJson(rules) : undefined;
}

export function formFields(definition: FormDefinition): Map<string, FieldInfo> {
  const { schema } = definition;
  const labels = fieldLabels(schema, definition.uischema);
  const out = new Map<string, FieldInfo>();

  /** The pointer of a node reached from `pointer`: a reference restarts it inside definitions. */
  const realPointer = (node: unknown, pointer: string): string => {
    if (isObject(node) && typeof node.$ref === 'string') return node.$ref.slice(1);
    return pointer;
  };

  const walk = (raw: unknown, path: string, pointer: string, name: string, required: boolean, depth: number): void => {
    const node = resolveRef(schema, raw);
    if (!node || depth > 16) return;
    const at = realPointer(raw, pointer);
    if (path) {
      const constraints: FieldInfo['constraints'] = {};
      for (const k of CONSTRAINT_KEYS) if (own(node, k) !== undefined) constraints[k] = node[k];
      const title = isObject(raw) && typeof raw.title === 'string' ? raw.title : undefined;
      out.set(path, {
        path,
        pointer: at,
        name,
        label: labels.get(path) ?? title ?? labelOf(labels, path),
        type: String(node.type),
        ...(typeof node.format === 'string' ? { format: node.format } : {}),
        required,
        ...(optionsOf(node) ? { options: optionsOf(node)! } : {}),
        constraints,
        readOnly: node.readOnly === true,
        ...(typeof node.description === 'string' ? { description: node.description } : {}),
        ...(rulesOf(node) ? { rules: rulesOf(node)! } : {}),
        schema: node,
      });
    }
    if (node.type === 'object' && isObject(node.properties)) {
      const req = Array.isArray(node.required) ? (node.required as string[]) : [];
      for (const [k, v] of Object.entries(node.properties)) {
        walk(v, `${path}/${k}`, `${at}/properties/${escapeToken(k)}`, k, req.includes(k), depth + 1);
      }
    }
    if (node.type === 'array') walk(node.items, `${path}/*`, `${at}/items`, name, false, depth + 1);
  };
  walk(schema, '', '', 'form', true, 0);
  return out;
}

/** The root's own conditions and cross-field rules (the root has no path of its own). */
export function rootRules(definition: FormDefinition): string | undefined {
  return rulesOf(definition.schema);
}

/** Every value at a field path in `data` (`*` matches each row). */
export function valuesAt(data: unknown, path: string): unknown[] {
  let cur: unknown[] = [data];
  for (const token of path.split('/').slice(1)) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (token === '*') {
        if (Array.isArray(v)) next.push(...v);
      } else if (isObject(v) && Object.prototype.hasOwnProperty.call(v, token)) {
        next.push(v[token]);
      }
    }
    cur = next;
  }
  return cur.filter((v) => v !== undefined);
}
