/**
 * Adding to the form: fields of each palette kind (a Control and its schema property),
 * guidance, sections, rows, pages and repeatable groups. A new field's answer goes in the root
 * schema's `properties` — or, inside a repeatable group, in that group's `items.properties` —
 * under a name made from its label (names.ts).
 */
import { kindName, listOf, clampIndex, refusal } from './containers.js';
import { Draft } from './draft.js';
import { isObject, own, type JsonObject } from './json.js';
import { FIELD_KINDS, fragment } from './kinds.js';
import { innerLevel, type Loc } from './locate.js';
import { uniqueName } from './names.js';
import { pathOfElement } from './paths.js';
import { syncRequired } from './required.js';
import { DesignError, type Definition, type NodeKind, type NodePath, type PaletteKind, type PlacedResult } from './types.js';
import { LIMITS } from './limits.js';

function checkLabel(label: unknown, what: string): string {
  if (typeof label !== 'string' || !label.trim()) throw new DesignError(`${what} needs a label.`);
  if (label.trim().length > LIMITS.textLength) throw new DesignError(`A label can be at most ${LIMITS.textLength.toLocaleString('en-GB')} characters.`);
  return label.trim();
}

function container(d: Draft, parentPath: NodePath, kind: NodeKind): Loc {
  const loc = d.loc(parentPath);
  const why = refusal(loc, kind);
  if (why) throw new DesignError(why);
  return loc;
}

function place(d: Draft, parent: Loc, index: number, el: JsonObject): PlacedResult {
  const list = listOf(parent);
  list.splice(clampIndex(index, list.length), 0, el);
  d.touch();
  syncRequired(d);
  return d.result({ path: pathOfElement(d.uischema, el)! });
}

/** A new property in the object that holds answers at `parent`'s level; returns its name. */
function newProperty(d: Draft, parent: Loc, label: string, schema: JsonObject): string {
  const level = innerLevel(parent);
  const holder = d.own(level);
  if (holder.type !== 'object') throw new DesignError('Fields can only be added where the form holds an object of answers.');
  if (!isObject(own(holder, 'properties'))) holder.properties = {};
  const props = holder.properties as JsonObject;
  const name = uniqueName(label, Object.keys(props));
  props[name] = schema;
  d.touch();
  return name;
}

/** Adds a field of a palette kind (or, for the layout kinds, what `addGuidance`/`addSection`/`addPage`/`addRepeatableGroup` add). */
export function addField(def: Definition, parentPath: NodePath, index: number, kind: PaletteKind, label: string): PlacedResult {
  switch (kind) {
    case 'guidance':
      return addGuidance(def, parentPath, index, label);
    case 'section':
      return addSection(def, parentPath, index, label);
    case 'page':
      return addPage(def, index, label);
    case 'repeatable-group':
      return addRepeatableGroup(def, parentPath, index, label);
    default:
      break;
  }
  if (!FIELD_KINDS.includes(kind)) throw new DesignError(`There is no kind of field called ${JSON.stringify(kind)}.`);
  const text = checkLabel(label, 'A field');
  const d = new Draft(def);
  const parent = container(d, parentPath, 'field');
  // The engine works calculated answers out once per form, not per row (yet).
  if (kind === 'calculated' && innerLevel(parent).includes('/*')) throw new DesignError('A calculated answer cannot be inside a repeating group yet: add it outside the group, and use the group’s questions in its formula (e.g. sum(actions.hours)).');
  // Uploads are linked to one question's place in the record; rows move and go while a draft is edited (engine/policy/files.ts).
  if (kind === 'files' && innerLevel(parent).includes('/*')) throw new DesignError('A File upload question cannot be inside a repeating group: add it outside the group.');
  const frag = fragment(kind);
  const name = newProperty(d, parent, text, frag.schema);
  const control: JsonObject = { type: 'Control', scope: `#/properties/${name}`, label: text };
  if (frag.options) control.options = frag.options;
  return place(d, d.loc(parent.path), index, control);
}

/** Adds guidance text (a Label). */
export function addGuidance(def: Definition, parentPath: NodePath, index: number, text: string): PlacedResult {
  if (typeof text !== 'string' || !text.trim()) throw new DesignError('Guidance needs some text.');
  if (text.length > 10_000) throw new DesignError('Guidance can be at most 10,000 characters.');
  const d = new Draft(def);
  const parent = container(d, parentPath, 'guidance');
  return place(d, parent, index, { type: 'Label', text: text.trim() });
}

/** Adds a section (a Group with a label). */
export function addSection(def: Definition, parentPath: NodePath, index: number, label: string): PlacedResult {
  const text = checkLabel(label, 'A section');
  const d = new Draft(def);
  const parent = container(d, parentPath, 'section');
  return place(d, parent, index, { type: 'Group', label: text, elements: [] });
}

/** Adds a row (a HorizontalLayout: fields side by side). */
export function addRow(def: Definition, parentPath: NodePath, index: number): PlacedResult {
  const d = new Draft(def);
  const parent = container(d, parentPath, 'row');
  return place(d, parent, index, { type: 'HorizontalLayout', elements: [] });
}

/**
 * Adds a page (a Category). A form without pages becomes a Categorization first: its first page
 * holds what the form held, the new page goes at `index` among the pages.
 */
export function addPage(def: Definition, index: number, label: string): PlacedResult {
  const text = checkLabel(label, 'A page');
  const d = new Draft(def);
  const root = d.uischema;
  if (root.type !== 'Categorization') {
    const old = { ...root };
    const pages: JsonObject[] = [];
    const elements = Array.isArray(old.elements) ? old.elements : [];
    if (elements.length > 0) {
      const first: JsonObject = { type: 'Category', label: 'Page 1', elements };
      if (old.rule !== undefined) first.rule = old.rule;
      pages.push(first);
    }
    for (const k of Object.keys(root)) delete root[k];
    root.type = 'Categorization';
    if (isObject(old.options)) root.options = old.options;
    root.elements = pages;
    d.touch();
  }
  return place(d, d.tree.root, index, { type: 'Category', label: text, elements: [] });
}

/** Adds a repeatable group: a list of objects (at most 20 rows to start with), its row layout and one starter field. */
export function addRepeatableGroup(def: Definition, parentPath: NodePath, index: number, label: string): PlacedResult {
  const text = checkLabel(label, 'A repeatable group');
  const d = new Draft(def);
  const parent = container(d, parentPath, 'repeatable-group');
  const starter = fragment('short-text');
  const schema: JsonObject = { type: 'array', maxItems: 20, items: { type: 'object', properties: { details: starter.schema }, additionalProperties: false } };
  const name = newProperty(d, parent, text, schema);
  const control: JsonObject = {
    type: 'Control',
    scope: `#/properties/${name}`,
    label: text,
    options: { detail: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/details', label: 'Details' }] } },
  };
  return place(d, d.loc(parent.path), index, control);
}

export { kindName };
