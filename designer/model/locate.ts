/**
 * The layout as a tree of located elements: each with its path, kind, the data level its scopes
 * are relative to, and (for Controls) the field it shows. Every other module works on this.
 */
import { humanize } from '../../engine/forms/labels.js';
import { resolveRef, scopeNames } from '../../engine/forms/schema-paths.js';
import { joinPath, rawAt, schemaAt } from './data-paths.js';
import { isObject, own, type JsonObject } from './json.js';
import { isRepeatable, itemsOf } from './kinds.js';
import { childPath } from './paths.js';
import type { Definition, NodeKind } from './types.js';

export interface RuleAt {
  rule: JsonObject;
  /** The data level the rule's scopes are relative to. */
  level: string;
  /** Path of the element carrying it. */
  path: string;
}

export interface Loc {
  path: string;
  el: JsonObject;
  parent: Loc | null;
  /** Index in the parent's child list. */
  index: number;
  kind: NodeKind;
  /** Data path the element's scopes are relative to: `''`, or `/actions/*` inside the actions' rows. */
  level: string;
  /** Controls: the field's data path (`/header/childId`, `/actions/*\/dueDate`). */
  field?: string;
  /** Controls: the field's schema, references followed (null when the scope points nowhere). */
  schema?: JsonObject | null;
  /** Rules on this element and every element around it, outermost first. */
  chain: RuleAt[];
  children: Loc[];
  depth: number;
}

export interface Tree {
  root: Loc;
  /** Every element in document order. */
  all: Loc[];
  byPath: Map<string, Loc>;
}

const MAX_UI_DEPTH = 40;
const LAYOUTS = ['VerticalLayout', 'HorizontalLayout', 'Group', 'Categorization', 'Category'];

function isCategorization(el: JsonObject | undefined): boolean {
  return el?.type === 'Categorization';
}

/** The level an element's children are at (a repeatable group's rows are one level down). */
export function innerLevel(loc: Loc): string {
  return loc.kind === 'repeatable-group' && loc.field !== undefined ? loc.field + '/*' : loc.level;
}

export function locate(def: Definition): Tree {
  const schema = def.schema as JsonObject;
  const all: Loc[] = [];
  const byPath = new Map<string, Loc>();

  const visit = (el: JsonObject, path: string, parent: Loc | null, index: number, level: string, chain: RuleAt[], depth: number): Loc => {
    const rule = own(el, 'rule');
    const ownChain = isObject(rule) ? [...chain, { rule, level, path }] : chain;
    const loc: Loc = { path, el, parent, index, kind: 'section', level, chain: ownChain, children: [], depth };
    all.push(loc);
    byPath.set(path, loc);
    if (parent === null) loc.kind = 'form';
    else if (el.type === 'Control') {
      const names = scopeNames(own(el, 'scope'));
      loc.field = names ? joinPath(level, names) : `${level}/?`;
      loc.schema = names ? schemaAt(schema, loc.field) : null;
      loc.kind = isRepeatable(schema, loc.schema) ? 'repeatable-group' : 'field';
    } else if (el.type === 'Label') loc.kind = 'guidance';
    else if (el.type === 'HorizontalLayout') loc.kind = 'row';
    else if (el.type === 'Category' && isCategorization(parent.el)) loc.kind = 'page';
    else loc.kind = 'section';
    if (depth > MAX_UI_DEPTH) return loc;

    if (loc.kind === 'repeatable-group') {
      const options = own(el, 'options');
      const detail = isObject(options) ? own(options, 'detail') : undefined;
      const elements = isObject(detail) ? own(detail, 'elements') : undefined;
      if (isObject(detail) && Array.isArray(elements)) {
        const rowLevel = innerLevel(loc);
        const detailRule = own(detail, 'rule');
        const rowChain = isObject(detailRule) ? [...ownChain, { rule: detailRule, level: rowLevel, path: path + '.d' }] : ownChain;
        elements.forEach((child, i) => {
          if (isObject(child)) loc.children.push(visit(child, childPath(path, i, true), loc, i, rowLevel, rowChain, depth + 1));
        });
      }
    } else if (el.type !== 'Control') {
      const elements = own(el, 'elements');
      if (Array.isArray(elements)) {
        elements.forEach((child, i) => {
          if (isObject(child)) loc.children.push(visit(child, childPath(path, i, false), loc, i, level, ownChain, depth + 1));
        });
      }
    }
    return loc;
  };
  const root = visit(def.uischema as JsonObject, '', null, 0, '', [], 0);
  return { root, all, byPath };
}

/** A Control's label as written (`label` text), or null. */
export function controlLabel(el: JsonObject): string | null {
  const label = own(el, 'label');
  if (typeof label === 'string' && label.trim()) return label.trim();
  if (isObject(label) && typeof label.text === 'string' && label.text.trim()) return label.text.trim();
  return null;
}

/** What the analyst sees for an element. */
export function labelOfLoc(def: Definition, loc: Loc): string {
  const el = loc.el;
  switch (loc.kind) {
    case 'form':
      return typeof el.label === 'string' && el.label.trim() ? el.label.trim() : 'Form';
    case 'field':
    case 'repeatable-group': {
      const own_ = controlLabel(el);
      if (own_) return own_;
      return fieldTitle(def.schema as JsonObject, loc.field ?? '');
    }
    case 'guidance': {
      const text = typeof el.text === 'string' ? el.text.trim().replace(/\s+/g, ' ') : '';
      return text.length > 80 ? text.slice(0, 79) + '…' : text;
    }
    case 'row':
      return typeof el.label === 'string' && el.label.trim() ? el.label.trim() : 'Row';
    default:
      return typeof el.label === 'string' ? el.label.trim() : '';
  }
}

/** A field's title in the schema (the reference's own title first), else its name in words. */
export function fieldTitle(schema: JsonObject, path: string): string {
  const raw = rawAt(schema, path);
  if (isObject(raw) && typeof raw.title === 'string' && raw.title.trim()) return raw.title.trim();
  const node = schemaAt(schema, path);
  if (node && typeof node.title === 'string' && node.title.trim()) return node.title.trim();
  const name = path.split('/').filter((t) => t && t !== '*').at(-1);
  return name ? humanize(name) : 'Field';
}

/** The label of the field at a data path as the layout shows it (its first Control), else its title. */
export function labelOfField(def: Definition, tree: Tree, path: string): string {
  const loc = tree.all.find((l) => l.field === path);
  return loc ? labelOfLoc(def, loc) : fieldTitle(def.schema as JsonObject, path);
}

/** Controls (fields and repeatable groups) in a subtree, the subtree's root included. */
export function controlsIn(loc: Loc): Loc[] {
  const out: Loc[] = [];
  const walk = (l: Loc): void => {
    if (l.field !== undefined) out.push(l);
    l.children.forEach(walk);
  };
  walk(loc);
  return out;
}

export function isDescendant(loc: Loc, of: Loc): boolean {
  for (let cur: Loc | null = loc; cur; cur = cur.parent) if (cur === of) return true;
  return false;
}

/**
 * What every edit works on: the root made a layout (a lone Control is wrapped in a
 * VerticalLayout) and each repeatable group given the row layout JSON Forms would generate when
 * it has none, so that every field has a place. Mutates `def`; returns whether anything changed.
 */
export function prepare(def: Definition, dryRun = false): boolean {
  let changed = false;
  const ui = def.uischema as JsonObject;
  if (!Array.isArray(own(ui, 'elements'))) {
    if (dryRun) return true;
    const old = { ...ui };
    const layout = LAYOUTS.includes(old.type as string);
    if (!layout) {
      for (const k of Object.keys(ui)) delete ui[k];
      ui.type = 'VerticalLayout';
    }
    ui.elements = !layout && old.type !== undefined ? [old] : [];
    changed = true;
  }
  const schema = def.schema as JsonObject;
  const walk = (el: unknown, level: string, depth: number): void => {
    if (!isObject(el) || depth > MAX_UI_DEPTH) return;
    if (el.type === 'Control') {
      const names = scopeNames(own(el, 'scope'));
      if (!names) return;
      const field = joinPath(level, names);
      const node = schemaAt(schema, field);
      if (!isRepeatable(schema, node)) return;
      let options = own(el, 'options');
      if (dryRun) {
        const detail = isObject(options) ? own(options, 'detail') : undefined;
        if (!isObject(detail) || !Array.isArray(own(detail, 'elements'))) changed = true;
        else walk(detail, field + '/*', depth + 1);
        return;
      }
      if (!isObject(options)) {
        options = {};
        el.options = options;
      }
      const opts = options as JsonObject;
      const detail = own(opts, 'detail');
      if (!isObject(detail)) {
        opts.detail = generatedDetail(schema, itemsOf(schema, node)!);
        changed = true;
      } else if (!Array.isArray(own(detail, 'elements'))) {
        if (LAYOUTS.includes(detail.type as string)) detail.elements = [];
        else opts.detail = { type: 'VerticalLayout', elements: [detail] };
        changed = true;
      }
      walk(opts.detail, field + '/*', depth + 1);
      return;
    }
    const elements = own(el, 'elements');
    if (Array.isArray(elements)) for (const child of elements) walk(child, level, depth + 1);
  };
  walk(ui, '', 0);
  return changed;
}

/** The row layout JSON Forms generates for a list of objects: one Control per field, sections for nested objects. */
function generatedDetail(root: JsonObject, items: JsonObject): JsonObject {
  const controls = (node: JsonObject, scope: string, depth: number): JsonObject[] => {
    const props = own(node, 'properties');
    if (!isObject(props) || depth > 8) return [];
    return Object.entries(props).map(([name, raw]) => {
      const sub = resolveRef(root, raw);
      const childScope = `${scope}/properties/${name}`;
      if (sub?.type === 'object') {
        return { type: 'Group', label: typeof sub.title === 'string' && sub.title ? sub.title : humanize(name), elements: controls(sub, childScope, depth + 1) };
      }
      return { type: 'Control', scope: childScope };
    });
  };
  return { type: 'VerticalLayout', elements: controls(items, '#', 0) };
}
