/**
 * Display rules without code: a `RuleModel` (show/hide/enable/disable when all/any of some
 * conditions hold) written as the JSON Forms rule the runtime evaluates, and read back.
 *
 * What each comparison means, including for a question nobody has answered yet (JSON Forms reads
 * an unanswered question as `undefined`; see conditions.ts):
 *
 * | comparison     | JSON Forms condition (`scope` relative to the rule's level)     | unanswered |
 * | -------------- | --------------------------------------------------------------- | ---------- |
 * | equals v       | `schema: { const: v }`                                          | false      |
 * | not-equals v   | `schema: { not: { const: v } }` — "is not v"                    | true       |
 * | one-of [v…]    | `schema: { enum: [v…] }`                                        | false      |
 * | answered       | `schema: { type: T, minLength: 1 }` (text), `{ type: 'number' }`, `{ type: 'boolean' }`, `{ type: 'array', minItems: 1 }` | false |
 * | not-answered   | `schema: { not: <answered> }` — an empty text or list counts as unanswered | true |
 * | greater-than v | `schema: { exclusiveMinimum: v }, failWhenUndefined: true`      | false      |
 * | less-than v    | `schema: { exclusiveMaximum: v }, failWhenUndefined: true`      | false      |
 *
 * For a multiple choice (a list of codes), equals means "includes v" (`{ not: { items: { not:
 * { const: v } } } }`), not-equals "does not include v" (`{ items: { not: { const: v } } }`) and
 * one-of "includes any of" (`{ not: { items: { not: { enum } } } }`): `contains` is not in the
 * policy's keywords, and these say the same with allowed ones.
 *
 * One condition is written as a SCHEMA condition; several as `{ type: 'AND' | 'OR', conditions }`.
 * Scopes are relative the way JSON Forms resolves them: inside a repeatable group's rows, to the
 * row — so a rule there can only depend on answers in the same row, and a rule outside a group
 * cannot depend on answers inside it.
 */
import { scopeNames } from '../../engine/forms/schema-paths.js';
import { joinPath, relativeTo, schemaAt, within } from './data-paths.js';
import { Draft } from './draft.js';
import { isObject, own, q, same, type JsonObject } from './json.js';
import { comparisonsFor, guessKind, itemsOf, kindWords, optionsOf, type FieldValue } from './kinds.js';
import { controlsIn, labelOfField, labelOfLoc, type Loc } from './locate.js';
import { viewTree } from './outline.js';
import { syncRequired } from './required.js';
import { DesignError, type Comparison, type Condition, type Definition, type EditResult, type NodePath, type RuleField, type RuleModel } from './types.js';

const EFFECTS: Record<RuleModel['effect'], string> = { show: 'SHOW', hide: 'HIDE', enable: 'ENABLE', disable: 'DISABLE' };
const MAX_CONDITIONS = 50;

/** The schema that holds when a field of this shape has an answer. */
export function answeredSchema(node: JsonObject): JsonObject {
  switch (node.type) {
    case 'string':
      return { type: 'string', minLength: 1 };
    case 'number':
    case 'integer':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'array':
      return { type: 'array', minItems: 1 };
    default:
      return { type: 'object' };
  }
}

const isPrimitive = (v: unknown): v is FieldValue => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';
const keysAre = (o: JsonObject, ...keys: string[]) => Object.keys(o).length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(o, k));

/** One JSON Forms leaf condition back as a `Condition`, or null. */
function parseLeaf(root: JsonObject, cond: JsonObject, level: string): Condition | null {
  if (!Object.keys(cond).every((k) => ['scope', 'schema', 'failWhenUndefined', 'type'].includes(k))) return null;
  if (own(cond, 'type') !== undefined && own(cond, 'type') !== 'SCHEMA') return null;
  const names = scopeNames(own(cond, 'scope'));
  if (!names) return null;
  const field = joinPath(level, names);
  const node = schemaAt(root, field);
  const schema = own(cond, 'schema');
  if (!node || !isObject(schema)) return null;
  const fwu = own(cond, 'failWhenUndefined') === true;
  const answered = answeredSchema(node);
  if (same(schema, answered) || (fwu && (keysAre(schema) || (node.type === 'array' && keysAre(schema, 'minItems') && schema.minItems === 1)))) {
    return { field, comparison: 'answered' };
  }
  if (!fwu && keysAre(schema, 'not') && same(schema.not, answered)) return { field, comparison: 'not-answered' };
  if (node.type === 'array') {
    const inner = (s: unknown) => (isObject(s) && keysAre(s, 'items') && isObject(s.items) && keysAre(s.items, 'not') && isObject(s.items.not) ? s.items.not : null);
    const includes = keysAre(schema, 'not') ? inner(schema.not) : null;
    if (includes && keysAre(includes, 'const') && isPrimitive(includes.const)) return { field, comparison: 'equals', value: includes.const };
    if (includes && keysAre(includes, 'enum') && Array.isArray(includes.enum) && includes.enum.length > 0 && includes.enum.every(isPrimitive)) {
      return { field, comparison: 'one-of', values: includes.enum as FieldValue[] };
    }
    const excludes = inner(schema);
    if (!fwu && excludes && keysAre(excludes, 'const') && isPrimitive(excludes.const)) return { field, comparison: 'not-equals', value: excludes.const };
    return null;
  }
  if (keysAre(schema, 'const') && isPrimitive(schema.const)) return { field, comparison: 'equals', value: schema.const };
  if (keysAre(schema, 'enum') && Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every(isPrimitive)) {
    return { field, comparison: 'one-of', values: schema.enum as FieldValue[] };
  }
  if (!fwu && keysAre(schema, 'not') && isObject(schema.not) && keysAre(schema.not, 'const') && isPrimitive(schema.not.const)) {
    return { field, comparison: 'not-equals', value: schema.not.const };
  }
  if (fwu && keysAre(schema, 'exclusiveMinimum') && typeof schema.exclusiveMinimum === 'number') return { field, comparison: 'greater-than', value: schema.exclusiveMinimum };
  if (fwu && keysAre(schema, 'exclusiveMaximum') && typeof schema.exclusiveMaximum === 'number') return { field, comparison: 'less-than', value: schema.exclusiveMaximum };
  return null;
}

/** A JSON Forms rule as a `RuleModel`; 'advanced' when it is written in a way the rule editor does not offer. */
export function parseRule(root: JsonObject, rule: unknown, level: string): RuleModel | 'advanced' {
  if (!isObject(rule) || !keysAre(rule, 'effect', 'condition')) return 'advanced';
  const effect = (Object.keys(EFFECTS) as Array<RuleModel['effect']>).find((k) => EFFECTS[k] === rule.effect);
  const cond = rule.condition;
  if (!effect || !isObject(cond)) return 'advanced';
  if (cond.type === 'AND' || cond.type === 'OR') {
    if (!keysAre(cond, 'type', 'conditions') || !Array.isArray(cond.conditions) || cond.conditions.length === 0) return 'advanced';
    const conditions = cond.conditions.map((c) => (isObject(c) ? parseLeaf(root, c, level) : null));
    if (conditions.some((c) => c === null)) return 'advanced';
    return { effect, combine: cond.type === 'AND' ? 'all' : 'any', conditions: conditions as Condition[] };
  }
  const leaf = parseLeaf(root, cond, level);
  return leaf ? { effect, combine: 'all', conditions: [leaf] } : 'advanced';
}

/** The rule on an element: null when it has none, 'advanced' when the rule editor cannot show it. */
export function ruleOf(def: Definition, path: NodePath): RuleModel | 'advanced' | null {
  const { def: v, tree } = viewTree(def);
  const loc = tree.byPath.get(path.endsWith('.d') ? path.slice(0, -2) : path);
  if (!loc) throw new DesignError('That part of the form no longer exists; the outline may be out of date.');
  const rule = own(loc.el, 'rule');
  if (rule === undefined) return null;
  return parseRule(v.schema as JsonObject, rule, loc.level);
}

const COMPARISON_WORDS: Record<Comparison, string> = {
  equals: 'equal to a value',
  'not-equals': 'different from a value',
  'one-of': 'one of several values',
  answered: 'answered',
  'not-answered': 'not answered',
  'greater-than': 'more than a number',
  'less-than': 'less than a number',
};

/** Checks one value against the field it is compared with; returns it. */
function checkValue(root: JsonObject, node: JsonObject, label: string, value: unknown): FieldValue {
  const target = node.type === 'array' ? (itemsOf(root, node) ?? {}) : node;
  const type = target.type;
  const options = optionsOf(target);
  if (options) {
    const hit = options.find((o) => o.code === value);
    if (!hit) throw new DesignError(`${value === undefined ? 'Nothing' : q(String(value))} is not one of the options of ${q(label)}; choose one of ${options.map((o) => q(o.label)).join(', ')}.`);
    return hit.code;
  }
  if (type === 'boolean') {
    if (typeof value !== 'boolean') throw new DesignError(`${q(label)} is a yes/no question: compare it with yes or no.`);
    return value;
  }
  if (type === 'number' || type === 'integer') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new DesignError(`${q(label)} is a number: compare it with a number.`);
    if (type === 'integer' && !Number.isInteger(value)) throw new DesignError(`${q(label)} is a whole number: compare it with a whole number.`);
    return value;
  }
  if (typeof value !== 'string') throw new DesignError(`${q(label)} is text: compare it with text.`);
  if (value.length > 2000) throw new DesignError('The value to compare with is longer than 2,000 characters.');
  return value;
}

/** The JSON Forms leaf condition for one `Condition` on an element at `loc`. */
function buildLeaf(root: JsonObject, loc: Loc, tree: { all: Loc[] }, c: Condition, own_: Set<string>, labelFor: (field: string) => string): JsonObject {
  if (!c || typeof c.field !== 'string') throw new DesignError('Each condition needs a field to look at.');
  const node = schemaAt(root, c.field);
  if (!node || c.field === '') throw new DesignError(`The rule depends on a field that does not exist (${c.field}).`);
  const label = labelFor(c.field);
  if ([...own_].some((f) => within(c.field, f) || within(f, c.field))) {
    throw new DesignError(
      loc.field === c.field
        ? `${q(label)} cannot depend on its own answer: once hidden, it could never be answered to show it again.`
        : `This part of the form cannot depend on ${q(label)}, which is inside it: once hidden, it could never be answered to show it again.`,
    );
  }
  const rel = relativeTo(c.field, loc.level);
  if (!rel || rel.length === 0 || rel.includes('*')) {
    const group = loc.level ? labelFor(loc.level.slice(0, -2)) : '';
    throw new DesignError(
      loc.level && !within(c.field, loc.level.slice(0, -2))
        ? `A rule inside the repeatable group ${q(group)} can only depend on answers in the same row, not on ${q(label)}.`
        : `${q(label)} is answered once per row of a repeatable group, so a rule outside that group's rows cannot depend on it.`,
    );
  }
  if (node.type === 'object') throw new DesignError(`${q(label)} is a group of fields, not an answer: choose one of its fields.`);
  const kind = guessKind(root, node, tree.all.find((l) => l.field === c.field)?.el);
  if (!comparisonsFor(kind).includes(c.comparison)) {
    throw new DesignError(
      kind === 'date' && (c.comparison === 'greater-than' || c.comparison === 'less-than')
        ? `${q(label)} is a date: a display rule can ask whether it is answered or equal to a date, not whether it is earlier or later (the form's schema language has no date comparison a display rule may use).`
        : `A rule cannot ask whether ${q(label)} (${kindWords(kind)}) is ${COMPARISON_WORDS[c.comparison] ?? String(c.comparison)}.`,
    );
  }
  const scope = '#/properties/' + rel.join('/properties/');
  const multi = node.type === 'array';
  switch (c.comparison) {
    case 'equals': {
      const v = checkValue(root, node, label, c.value);
      return { scope, schema: multi ? { not: { items: { not: { const: v } } } } : { const: v } };
    }
    case 'not-equals': {
      const v = checkValue(root, node, label, c.value);
      return { scope, schema: multi ? { items: { not: { const: v } } } : { not: { const: v } } };
    }
    case 'one-of': {
      if (!Array.isArray(c.values) || c.values.length === 0) throw new DesignError(`Choose at least one value of ${q(label)} for the rule.`);
      const values = c.values.map((v) => checkValue(root, node, label, v));
      const unique = values.filter((v, i) => values.indexOf(v) === i);
      return { scope, schema: multi ? { not: { items: { not: { enum: unique } } } } : { enum: unique } };
    }
    case 'answered':
      return { scope, schema: answeredSchema(node) };
    case 'not-answered':
      return { scope, schema: { not: answeredSchema(node) } };
    case 'greater-than':
      return { scope, schema: { exclusiveMinimum: checkValue(root, node, label, c.value) }, failWhenUndefined: true };
    case 'less-than':
      return { scope, schema: { exclusiveMaximum: checkValue(root, node, label, c.value) }, failWhenUndefined: true };
    default:
      throw new DesignError(`Unknown comparison ${q(String(c.comparison))}.`);
  }
}

/** The JSON Forms rule for a `RuleModel` on the element at `loc` (checked). */
export function buildRule(root: JsonObject, tree: { all: Loc[] }, loc: Loc, rule: RuleModel, labelFor: (field: string) => string): JsonObject {
  if (!rule || typeof rule !== 'object') throw new DesignError('A rule needs an effect and conditions.');
  const effect = EFFECTS[rule.effect];
  if (!effect) throw new DesignError('A rule shows, hides, enables or disables; choose one of these.');
  if (rule.combine !== 'all' && rule.combine !== 'any') throw new DesignError('Say whether all the conditions must hold, or any one of them.');
  if (!Array.isArray(rule.conditions) || rule.conditions.length === 0) throw new DesignError('A rule needs at least one condition.');
  if (rule.conditions.length > MAX_CONDITIONS) throw new DesignError(`A rule can have at most ${MAX_CONDITIONS} conditions.`);
  const inside = new Set(controlsIn(loc).map((l) => l.field!));
  const leaves = rule.conditions.map((c) => buildLeaf(root, loc, tree, c, inside, labelFor));
  const condition = leaves.length === 1 ? leaves[0]! : { type: rule.combine === 'all' ? 'AND' : 'OR', conditions: leaves };
  return { effect, condition };
}

/** Sets (or, with null, removes) the display rule of an element. Fields it can hide stay "required when shown". */
export function setRule(def: Definition, path: NodePath, rule: RuleModel | null): EditResult {
  const d = new Draft(def);
  const loc = d.loc(path);
  if (loc.kind === 'form') throw new DesignError('The form as a whole cannot have a display rule; put the rule on a page, section or field.');
  if (rule === null) {
    if (own(loc.el, 'rule') === undefined) return d.result();
    delete loc.el.rule;
  } else {
    const built = buildRule(d.schema, d.tree, loc, rule, (f) => labelOfField(d.definition, d.tree, f));
    if (same(own(loc.el, 'rule'), built)) return d.result();
    loc.el.rule = built;
  }
  d.touch();
  syncRequired(d);
  return d.result();
}

/** The fields a rule on this element may depend on: every field at its level except itself and what is inside it. */
export function fieldsBefore(def: Definition, path: NodePath): RuleField[] {
  const { def: v, tree } = viewTree(def);
  const loc = tree.byPath.get(path.endsWith('.d') ? path.slice(0, -2) : path);
  if (!loc) throw new DesignError('That part of the form no longer exists; the outline may be out of date.');
  const root = v.schema as JsonObject;
  const inside = new Set(controlsIn(loc).map((l) => l.field!));
  const out: RuleField[] = [];
  const seen = new Set<string>();
  for (const l of tree.all) {
    if (l.field === undefined || !l.schema || l.level !== loc.level || seen.has(l.field) || l.schema.type === 'object') continue;
    if ([...inside].some((f) => within(l.field!, f) || within(f, l.field!))) continue;
    seen.add(l.field);
    const kind = guessKind(root, l.schema, l.el);
    const opts = optionsOf(l.schema.type === 'array' ? itemsOf(root, l.schema) : l.schema);
    const field: RuleField = { field: l.field, path: l.path, label: labelOfLoc(v, l), kind, comparisons: comparisonsFor(kind) };
    if (opts && kind !== 'repeatable-group') {
      field.options = opts.map((o) => ({ label: o.label, code: String(o.code) }));
      field.choices = opts.map((o) => ({ label: o.label, value: o.code }));
    } else if (kind === 'yes-no') {
      field.choices = [
        { label: 'Yes', value: true },
        { label: 'No', value: false },
      ];
    }
    out.push(field);
  }
  return out;
}
