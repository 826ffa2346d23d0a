/**
 * Renaming an answer: its name in the data, the property key that records, exports and the ICS
 * mappings use. The key changes in its object's `properties` (in the same place) and `required`,
 * and everywhere the definition names it: Control scopes (a repeatable group's row Controls are
 * relative to the row, so they change only when something inside the row is renamed), rule
 * conditions (their scopes, and the schemas of conditions on an object around it), the schema's
 * conditionals ("required when shown" included, required.ts) and cross-field checks
 * (`x-compare`), calculated answers' formulas (`x-calculate`), what a question is carried forward
 * from in this form's earlier records (`x-carry-forward` without `form`), a list's `elementLabelProp`, the questions a group tracked as actions names (`x-actions`) and a review stage's own section (`x-review`). Renaming an object or a list takes everything
 * inside it along. Nothing else changes: the same form, its answers kept under another name.
 *
 * A name the designer made from a field's label follows the label when it changes
 * (`followLabel`), unless a published version holds it: records may use it by then, so it stays.
 */
import { CARRY_KEYWORD } from '../../engine/forms/carry-forward.js';
import { ACTIONS_KEYWORD } from './actions.js';
import { renameStageSection } from './review.js';
import { renameInTimeliness } from './schedule.js';
import { scopeNames } from '../../engine/forms/schema-paths.js';
import { renameInFormula } from './formula-names.js';
import { commonPrefix } from './conditions.js';
import { CALCULATE_KEY } from './kinds.js';
import { joinPath, parentOf, relativeTo, schemaAt, schemaFields, tokensOf, within } from './data-paths.js';
import { Draft } from './draft.js';
import { isObject, listWords, own, q, type JsonObject } from './json.js';
import { controlsIn, innerLevel, isDescendant, labelOfField, labelOfLoc, type Loc } from './locate.js';
import { fieldNameProblem, madeFromLabel, uniqueName } from './names.js';
import { viewTree } from './outline.js';
import { parsePath } from './paths.js';
import { conditionalsOf, eachNode, eachSubschema } from './schema-walk.js';
import { DesignError, type Definition, type EditResult, type FixedPaths, type NodePath, type Rename } from './types.js';

/** `path` once `r` has renamed what it is in (itself when it is not inside). */
function moved(path: string, r: Rename): string {
  return within(path, r.from) ? r.to + path.slice(r.from.length) : path;
}

/** A data path or JSON Pointer (e.g. a form setting's) after some renames, in order. */
export function renamedPointer(pointer: string, renamed: readonly Rename[]): string {
  return renamed.reduce(moved, pointer);
}

/**
 * What an edit made by hand in the JSON view renamed, so that what points at answers (the form
 * settings) can follow as it does after a rename in the properties panel: a question or
 * repeatable group at the same place in the layout, of the same kind, whose answer moved from a
 * path the edited definition no longer has to one the old definition did not have. Anything
 * else (a question removed, another added, two swapped) is not a rename.
 */
export function renamesBetween(before: Definition, after: Definition): Rename[] {
  const a = viewTree(before).tree;
  const b = viewTree(after).tree;
  const fieldsOf = (all: Loc[]) => new Set(all.filter((l) => l.field !== undefined && l.schema).map((l) => l.field!));
  const had = fieldsOf(a.all);
  const has = fieldsOf(b.all);
  const out: Rename[] = [];
  for (const l of a.all) {
    if (l.field === undefined || !l.schema) continue;
    const m = b.byPath.get(l.path);
    if (!m || m.field === undefined || !m.schema || m.kind !== l.kind || m.field === l.field) continue;
    if (has.has(l.field) || had.has(m.field)) continue;
    out.push({ from: l.field, to: m.field });
  }
  return out;
}

/**
 * The data a node's name stands for: a field's or repeatable group's answer; for a section or
 * page, the object every question in it is kept in (none when they are not kept in one).
 */
export function dataPathOf(schema: JsonObject, loc: Loc): string | null {
  if (loc.kind === 'field' || loc.kind === 'repeatable-group') return loc.schema ? loc.field! : null;
  if (loc.kind !== 'section' && loc.kind !== 'page') return null;
  const holders = controlsIn(loc)
    .filter((l) => l.schema)
    .map((l) => tokensOf(parentOf(l.field!).parent));
  if (holders.length === 0) return null;
  const path = joinPath('', commonPrefix(holders));
  if (!relativeTo(path, loc.level)?.length) return null;
  return schemaAt(schema, path)?.type === 'object' ? path : null;
}

/** Why a node has no name in the data. */
function noName(d: Draft, loc: Loc): string {
  switch (loc.kind) {
    case 'form':
      return 'The form itself has no name in the data.';
    case 'guidance':
      return 'Guidance holds no answer, so it has no name in the data.';
    case 'row':
      return 'A row holds no answer of its own; rename its questions one by one.';
    case 'field':
    case 'repeatable-group':
      return `This control points at a field that does not exist (${String(loc.el.scope)}).`;
    default:
      return `The questions of ${q(labelOfLoc(d.definition, loc) || 'this section')} are not kept together in one part of the data, so it has no name there; rename its questions one by one.`;
  }
}

/** The name in the data of a field, a repeatable group, or a section or page whose questions are kept in one object; null for anything else. */
export function dataName(def: Definition, path: NodePath): { pointer: string; name: string } | null {
  parsePath(path);
  const { def: v, tree } = viewTree(def);
  const loc = tree.byPath.get(path.endsWith('.d') ? path.slice(0, -2) : path);
  if (!loc) throw new DesignError('That part of the form no longer exists; the outline may be out of date.');
  const pointer = dataPathOf(v.schema as JsonObject, loc);
  return pointer === null ? null : { pointer, name: parentOf(pointer).name };
}

/**
 * Renames the answer of a field or repeatable group (or the object a section's questions are
 * kept in) to `newName`, everywhere. Refused for a name the policy does not allow, or one that
 * another answer in the same object already has.
 */
export function renameField(def: Definition, path: NodePath, newName: string): EditResult {
  const d = new Draft(def);
  const loc = d.loc(path);
  const from = dataPathOf(d.schema, loc);
  if (from === null) throw new DesignError(noName(d, loc));
  const name = typeof newName === 'string' ? newName.trim() : '';
  if (!name) throw new DesignError('Enter a name for the answer in the data.');
  const problem = fieldNameProblem(name);
  if (problem) throw new DesignError(problem);
  const { parent, name: old } = parentOf(from);
  if (name === old) return d.result();
  const holder = schemaAt(d.schema, parent);
  if (holder && isObject(holder.properties) && own(holder.properties, name) !== undefined) {
    throw new DesignError(`${q(labelOfField(d.definition, d.tree, joinPath(parent, [name])))} is already called “${name}” in the data; answers kept side by side need different names.`);
  }
  // A section's object may hold questions shown elsewhere too: they are renamed with it.
  const others = loc.field === undefined ? d.tree.all.filter((l) => l.field !== undefined && within(l.field, from) && !within(l.level, from) && !isDescendant(l, loc)) : [];
  if (others.length) {
    const labels = others.map((l) => q(labelOfLoc(d.definition, l)));
    const shown = labels.length > 3 ? [...labels.slice(0, 3), `${labels.length - 3} more`] : labels;
    d.note(`Other questions kept in “${old}” are kept in “${name}” now too: ${listWords(shown)}.`);
  }
  renameIn(d, from, name);
  return d.result();
}

/**
 * After a field's label changed from `oldLabel`: when its name was made from that label and no
 * published version holds it, it takes the name the new label makes (unique among its neighbours).
 */
export function followLabel(d: Draft, path: NodePath, oldLabel: string, newLabel: string, fixed: FixedPaths): void {
  const from = d.loc(path).field!;
  const { parent, name } = parentOf(from);
  if (fixed.has(from) || !madeFromLabel(name, oldLabel)) return;
  const holder = schemaAt(d.schema, parent);
  const taken = holder && isObject(holder.properties) ? Object.keys(holder.properties).filter((k) => k !== name) : [];
  const next = uniqueName(newLabel, taken);
  if (next !== name) renameIn(d, from, next);
}

/** The data paths published versions hold, each with the first version that published it: what `FixedPaths` is made from. */
export function fixedPaths(published: ReadonlyArray<{ version: number; schema: Record<string, unknown> }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of [...published].sort((a, b) => a.version - b.version)) {
    for (const f of schemaFields(v.schema)) if (!out.has(f.path)) out.set(f.path, v.version);
  }
  return out;
}

/** Renames the answer at `from` (checked) to `name`, in the schema and the layout. */
function renameIn(d: Draft, from: string, name: string): void {
  const r: Rename = { from, to: joinPath(parentOf(from).parent, [name]) };
  // The layout as it is now, with the old data paths.
  const all = d.tree.all;
  d.own(parentOf(from).parent);
  const inSchema = (s: JsonObject, at: string) => renameInSchema(s, at, r);
  eachNode(d.schema, (node, at) => {
    inSchema(node, at);
    // Calculated answers name what they use from the form's root, whichever object they are in.
    const formula = own(node, CALCULATE_KEY);
    if (typeof formula === 'string') node[CALCULATE_KEY] = renameInFormula(formula, r.from, r.to);
    // Carry-forward from this form's earlier records names the answer in this form; another form's stays.
    const carry = own(node, CARRY_KEYWORD);
    if (isObject(carry) && carry.form === undefined && typeof carry.from === 'string') node[CARRY_KEYWORD] = { ...carry, from: moved(carry.from, r) };
    // A repeating group tracked as actions names its rows' questions.
    const marking = own(node, ACTIONS_KEYWORD);
    if (isObject(marking) && parentOf(r.from).parent === `${at}/*`) {
      const old = parentOf(r.from).name;
      node[ACTIONS_KEYWORD] = Object.fromEntries(Object.entries(marking).map(([k, v]) => [k, v === old ? parentOf(r.to).name : v]));
    }
    for (const c of conditionalsOf(node)) eachSubschema(c, at, inSchema);
  });
  // A review stage's own section is named at the root.
  if (parentOf(r.from).parent === '') renameStageSection(d.schema, parentOf(r.from).name, parentOf(r.to).name);
  // How often records are due and what the dashboards chart name answers by their paths (schedule.ts).
  renameInTimeliness(d.schema, r);
  for (const l of all) {
    if (l.el.type === 'Control') {
      const scope = rescope(l.el.scope, l.level, r);
      if (scope) l.el.scope = scope;
    }
    const rule = own(l.el, 'rule');
    if (isObject(rule)) renameInCondition(rule.condition, l.level, r, 0);
    if (l.kind !== 'repeatable-group') continue;
    const rows = innerLevel(l);
    const options = l.el.options as JsonObject;
    const detail = own(options, 'detail');
    if (isObject(detail) && isObject(detail.rule)) renameInCondition(detail.rule.condition, rows, r, 0);
    const labelProp = own(options, 'elementLabelProp');
    if (typeof labelProp === 'string' && !within(rows, r.from)) {
      const prop = joinPath(rows, labelProp.split('.'));
      if (within(prop, r.from)) options.elementLabelProp = relativeTo(moved(prop, r), rows)!.join('.');
    }
  }
  d.renamed.push(r);
  d.touch();
}

/** In one schema (or subschema) that applies at data path `at`: the key and `required` entry, and cross-field checks. */
function renameInSchema(s: JsonObject, at: string, r: Rename): void {
  const { parent, name: old } = parentOf(r.from);
  const name = parentOf(r.to).name;
  if (at === parent) {
    const props = own(s, 'properties');
    if (isObject(props) && own(props, old) !== undefined) s.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k === old ? name : k, v]));
    const req = own(s, 'required');
    if (Array.isArray(req)) s.required = req.map((n) => (n === old ? name : n));
  }
  const checks = own(s, 'x-compare');
  if (!Array.isArray(checks)) return;
  for (const c of checks) {
    if (!isObject(c)) continue;
    for (const k of ['field', 'other']) {
      const p = c[k];
      if (typeof p === 'string' && p.startsWith('/')) c[k] = moved(at + p, r).slice(at.length);
    }
  }
}

/** A scope relative to `level` once `r` has renamed what it reaches; null when it stays as it is. */
function rescope(scope: unknown, level: string, r: Rename): string | null {
  const names = scopeNames(scope);
  if (!names || within(level, r.from)) return null;
  const field = joinPath(level, names);
  if (!within(field, r.from)) return null;
  return '#/properties/' + relativeTo(moved(field, r), level)!.join('/properties/');
}

/** A rule condition at `level`: each scope, and what a condition on an object around the answer says about it by name. */
function renameInCondition(cond: unknown, level: string, r: Rename, depth: number): void {
  if (!isObject(cond) || depth > 12) return;
  if (Array.isArray(cond.conditions)) for (const c of cond.conditions) renameInCondition(c, level, r, depth + 1);
  const names = scopeNames(own(cond, 'scope'));
  if (!names || within(level, r.from)) return;
  const scope = rescope(cond.scope, level, r);
  if (scope) cond.scope = scope;
  else eachSubschema(own(cond, 'schema'), joinPath(level, names), (s, at) => renameInSchema(s, at, r));
}
