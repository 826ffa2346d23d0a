/**
 * From a policy violation's pointer to the outline node it is about, so the designer can show
 * the problem at the right place: `/uischema/elements/1/elements/2/scope` is the element at
 * `1.2`; `/schema/properties/x/maxLength` is the field whose schema it is in (through
 * `definitions`, the first place that uses the definition); a pointer into an object that is not
 * a field (a section object, a list's rows, a conditional) goes to the first field inside it, or
 * to the nearest field around it, or to the form.
 */
import { unescapeToken } from '../../engine/json/pointer.js';
import { LOCAL_REF } from '../../engine/forms/schema-paths.js';
import { within } from './data-paths.js';
import { isObject, own, type JsonObject } from './json.js';
import { viewTree } from './outline.js';
import { childList } from './paths.js';
import type { Definition, NodePath } from './types.js';

function tokens(pointer: string): string[] {
  if (!pointer.startsWith('/')) return [];
  return pointer.slice(1).split('/').map(unescapeToken);
}

function uiPath(ui: JsonObject, ts: string[]): NodePath {
  const steps: string[] = [];
  let cur: JsonObject = ui;
  let i = 0;
  while (i < ts.length) {
    if (ts[i] === 'elements' && /^(0|[1-9][0-9]*)$/.test(ts[i + 1] ?? '')) {
      const list = cur.type === 'Control' ? null : childList(cur);
      const next = list?.[Number(ts[i + 1])];
      if (!isObject(next)) break;
      if (steps.at(-1) === 'detail') steps[steps.length - 1] = 'd';
      steps.push(ts[i + 1]!);
      cur = next;
      i += 2;
    } else if (ts[i] === 'options' && ts[i + 1] === 'detail' && cur.type === 'Control' && isObject(own(cur, 'options')) && isObject(own(cur.options as JsonObject, 'detail'))) {
      const detail = (cur.options as JsonObject).detail as JsonObject;
      steps.push('detail');
      cur = detail;
      i += 2;
    } else break;
  }
  if (steps.at(-1) === 'detail') steps.pop();
  return steps.join('.');
}

/** The data path a schema pointer is about, with the definition it is inside (if any). */
function schemaTarget(schema: JsonObject, ts: string[]): { path: string; definition?: string } {
  let path = '';
  let definition: string | undefined;
  let node: unknown = schema;
  let i = 0;
  if (ts[0] === 'definitions' && ts[1] !== undefined) {
    definition = ts[1];
    node = isObject(schema.definitions) ? own(schema.definitions, ts[1]) : undefined;
    i = 2;
  }
  while (i < ts.length && isObject(node)) {
    const t = ts[i]!;
    if (t === 'properties' && ts[i + 1] !== undefined) {
      path += '/' + ts[i + 1];
      node = isObject(node.properties) ? own(node.properties, ts[i + 1]!) : undefined;
      i += 2;
    } else if (t === 'items') {
      path += '/*';
      node = own(node, 'items');
      i += 1;
    } else if ((t === 'allOf' || t === 'anyOf' || t === 'oneOf') && ts[i + 1] !== undefined) {
      node = Array.isArray(node[t]) ? (node[t] as unknown[])[Number(ts[i + 1])] : undefined;
      i += 2;
    } else if (t === 'not' || t === 'if' || t === 'then' || t === 'else') {
      node = own(node, t);
      i += 1;
    } else if (t === 'required' && ts[i + 1] !== undefined) {
      const name = Array.isArray(node.required) ? node.required[Number(ts[i + 1])] : undefined;
      if (typeof name === 'string') path += '/' + name;
      break;
    } else if (t === 'x-compare' && ts[i + 1] !== undefined) {
      const rule = Array.isArray(node['x-compare']) ? (node['x-compare'] as unknown[])[Number(ts[i + 1])] : undefined;
      const which = ts[i + 2] === 'other' ? 'other' : 'field';
      const p = isObject(rule) ? rule[which] : undefined;
      if (typeof p === 'string' && p.startsWith('/')) path += p;
      break;
    } else break;
  }
  return { path, definition };
}

/** Data paths where a definition is used (`/domains/chronology` for `practiceDomain`). */
function usesOf(schema: JsonObject, name: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (!isObject(node) || depth > 20) return;
    const ref = own(node, '$ref');
    if (typeof ref === 'string') {
      const m = LOCAL_REF.exec(ref);
      if (m?.[1] === name) out.push(path);
      const target = m && isObject(schema.definitions) ? own(schema.definitions, m[1]!) : undefined;
      walk(target, path, depth + 1);
      return;
    }
    if (isObject(node.properties)) for (const [k, v] of Object.entries(node.properties)) walk(v, `${path}/${k}`, depth + 1);
    walk(own(node, 'items'), `${path}/*`, depth + 1);
  };
  walk(schema, '', 0);
  return out;
}

/** The outline node (its path) a policy violation's pointer is about; `''` (the form) when nothing closer fits. */
export function pathOfPointer(def: Definition, pointer: string): NodePath {
  const { def: v, tree } = viewTree(def);
  const ts = tokens(pointer);
  if (ts[0] === 'uischema') {
    const path = uiPath(v.uischema as JsonObject, ts.slice(1));
    return tree.byPath.has(path) ? path : '';
  }
  if (ts[0] !== 'schema') return '';
  const schema = v.schema as JsonObject;
  const target = schemaTarget(schema, ts.slice(1));
  // A list's rows as a whole (`…/items`) are about the repeatable group itself.
  const own_ = target.path.endsWith('/*') ? target.path.slice(0, -2) : target.path;
  const candidates = target.definition ? usesOf(schema, target.definition).map((u) => u + own_) : [own_];
  const fields = tree.all.filter((l) => l.field !== undefined);
  for (const path of candidates) {
    const exact = fields.find((l) => l.field === path);
    if (exact) return exact.path;
  }
  for (const path of candidates) {
    const inside = fields.find((l) => path !== '' && within(l.field!, path));
    if (inside) return inside.path;
  }
  for (const path of candidates) {
    const around = fields.filter((l) => within(path, l.field!)).sort((a, b) => b.field!.length - a.field!.length)[0];
    if (around) return around.path;
  }
  return '';
}
