/** The editor's tree: form → pages → sections / rows → fields, repeatable groups (with their rows' fields) and guidance. */
import { guessKind } from './kinds.js';
import { clone, isObject, type JsonObject } from './json.js';
import { labelOfLoc, locate, prepare, type Loc, type Tree } from './locate.js';
import { requiredNow, visibilityChain } from './required.js';
import { DesignError, type Definition, type DesignNode, type NodePath } from './types.js';
import { parsePath } from './paths.js';

/** The definition as the model reads it (prepared, see locate.ts); the caller's object when nothing needed preparing. */
export function view(def: Definition): Definition {
  if (!def || !isObject(def.schema) || !isObject(def.uischema)) throw new DesignError('The form definition is missing its schema or its layout.');
  if (!prepare(def, true)) return def;
  const copy = clone({ schema: def.schema, uischema: def.uischema });
  prepare(copy);
  return copy;
}

export function viewTree(def: Definition): { def: Definition; tree: Tree } {
  const v = view(def);
  return { def: v, tree: locate(v) };
}

function toNode(def: Definition, loc: Loc): DesignNode {
  const node: DesignNode = { path: loc.path, kind: loc.kind, label: labelOfLoc(def, loc), children: loc.children.map((c) => toNode(def, c)) };
  if (loc.field !== undefined) {
    node.fieldKind = guessKind(def.schema as JsonObject, loc.schema, loc.el);
    node.dataPointer = loc.field;
    node.required = requiredNow(def.schema as JsonObject, loc.field, visibilityChain(loc));
  }
  if (isObject(loc.el.rule)) node.hasRule = true;
  return node;
}

export function outline(def: Definition): DesignNode {
  const { def: v, tree } = viewTree(def);
  return toNode(v, tree.root);
}

/** The outline node at a path (with its subtree). */
export function nodeAt(def: Definition, path: NodePath): DesignNode {
  parsePath(path);
  const { def: v, tree } = viewTree(def);
  const loc = tree.byPath.get(path.endsWith('.d') ? path.slice(0, -2) : path);
  if (!loc) throw new DesignError('That part of the form no longer exists; the outline may be out of date.');
  return toNode(v, loc);
}

/** Every field and repeatable group of the outline, in order (a flat list for pickers and tests). */
export function outlineFields(node: DesignNode): DesignNode[] {
  const out: DesignNode[] = [];
  const walk = (n: DesignNode): void => {
    if (n.kind === 'field' || n.kind === 'repeatable-group') out.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return out;
}
