/**
 * Data paths: where an answer lives in the data, as the engine writes them (engine/forms/fields.ts):
 * a JSON Pointer through objects, with `*` for "each row" of a list — `/header/childId`,
 * `/actions/*\/dueDate`. Rule conditions and `DesignNode.dataPointer` use them.
 */
import { humanize } from '../../engine/forms/labels.js';
import { resolveRef } from '../../engine/forms/schema-paths.js';
import { isObject, own, type JsonObject } from './json.js';

export function tokensOf(dataPath: string): string[] {
  return dataPath === '' ? [] : dataPath.slice(1).split('/');
}

export function joinPath(base: string, tokens: readonly string[]): string {
  return base + tokens.map((t) => '/' + t).join('');
}

/** `tokens` of `path` after the level `level` (`''` or `/actions/*`); null when `path` is not inside it. */
export function relativeTo(path: string, level: string): string[] | null {
  if (level === '') return tokensOf(path);
  if (path === level) return [];
  return path.startsWith(level + '/') ? tokensOf(path.slice(level.length)) : null;
}

export function parentOf(path: string): { parent: string; name: string } {
  const i = path.lastIndexOf('/');
  return { parent: path.slice(0, i), name: path.slice(i + 1) };
}

/** `path` is `prefix` or inside it. */
export function within(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '/');
}

/** The schema at a data path, references followed; null when there is none. */
export function schemaAt(root: JsonObject, path: string): JsonObject | null {
  let cur: JsonObject | null = resolveRef(root, root);
  for (const t of tokensOf(path)) {
    if (!cur) return null;
    if (t === '*') {
      cur = cur.type === 'array' ? resolveRef(root, own(cur, 'items')) : null;
    } else {
      const props = own(cur, 'properties');
      cur = isObject(props) ? resolveRef(root, own(props, t)) : null;
    }
  }
  return cur;
}

/** The schema as written at a data path (a `$ref` with its annotations is returned as such). */
export function rawAt(root: JsonObject, path: string): unknown {
  const tokens = tokensOf(path);
  if (tokens.length === 0) return root;
  const parent = schemaAt(root, joinPath('', tokens.slice(0, -1)));
  if (!parent) return undefined;
  const last = tokens.at(-1)!;
  if (last === '*') return parent.type === 'array' ? own(parent, 'items') : undefined;
  const props = own(parent, 'properties');
  return isObject(props) ? own(props, last) : undefined;
}

/** Depth of the data at a path as the policy counts it (the root object is 1, each object or list one more). */
export function dataDepth(path: string): number {
  return tokensOf(path).length + 1;
}

/** Names of definitions reachable from the form's own fields (through references, transitively). */
export function usedDefinitions(root: JsonObject): Set<string> {
  const used = new Set<string>();
  const defs = own(root, 'definitions');
  const scan = (node: unknown, depth: number): void => {
    if (depth > 80) return;
    if (Array.isArray(node)) for (const x of node) scan(x, depth + 1);
    else if (isObject(node)) {
      const ref = own(node, '$ref');
      const m = typeof ref === 'string' ? /^#\/definitions\/(.+)$/.exec(ref) : null;
      if (m && !used.has(m[1]!)) {
        used.add(m[1]!);
        if (isObject(defs)) scan(own(defs, m[1]!), depth + 1);
      }
      for (const [k, v] of Object.entries(node)) if (!(depth === 0 && k === 'definitions') && k !== '$ref') scan(v, depth + 1);
    }
  };
  scan(root, 0);
  return used;
}

/** The last name of a path in words (`/header/childId` → `Child id`). */
export function wordsOf(path: string): string {
  const name = tokensOf(path).filter((t) => t !== '*').at(-1);
  return name ? humanize(name) : 'the form';
}

export interface SchemaField {
  path: string;
  schema: JsonObject;
}

/** Every place in the data (objects, lists and answers), references followed, in schema order. */
export function schemaFields(root: JsonObject): SchemaField[] {
  const out: SchemaField[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    const s = resolveRef(root, node);
    if (!s || depth > 20) return;
    if (path) out.push({ path, schema: s });
    const props = own(s, 'properties');
    if (s.type === 'object' && isObject(props)) for (const [k, v] of Object.entries(props)) walk(v, `${path}/${k}`, depth + 1);
    if (s.type === 'array') walk(own(s, 'items'), `${path}/*`, depth + 1);
  };
  walk(root, '', 0);
  return out;
}
