/**
 * Cross-field checks on a question, set without JSON: "must be on or after <another question>",
 * "cannot be in the future", "must be different from <another question>". They are the schema's
 * `x-compare` rules (README, engine/policy/compare.ts), kept on the nearest object that holds
 * both questions (the row of a repeatable group when both are in it); the error points at this
 * question. A question in a repeatable group can also be compared with one outside the group
 * ("Due by must be after Date of the oversight"): the rule is kept on the object holding both,
 * its `field` reaching into the rows (`/actions/*\/dueBy`), so every row is checked. Rules written in the JSON view on this question are read and replaced the same way.
 */
import { eachNode } from './schema-walk.js';
import { LIMITS } from '../../engine/policy/limits.js';
import { joinPath, parentOf, schemaAt, schemaFields, tokensOf, within } from './data-paths.js';
import { Draft } from './draft.js';
import { isObject, own, q, type JsonObject } from './json.js';
import { labelOfField, labelOfLoc } from './locate.js';
import { viewTree } from './outline.js';
import { DesignError, type Definition, type EditResult, type NodePath } from './types.js';

export const CHECK_OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type CheckOp = (typeof CHECK_OPS)[number];

/** One check: this question's answer `op` the `other` question's answer (a data path), or now. */
export interface FieldCheck {
  op: CheckOp;
  other: string | 'now';
  /** What the person filling in is told when the check fails (the engine words one otherwise). */
  message?: string;
}

/** A question another question's answer can be compared with. */
export interface CheckTarget {
  path: string;
  label: string;
  /** It is outside the repeating group the question is in: each row's answer is checked against it. */
  everyRow: boolean;
}

type ValueKind = 'number' | 'date' | 'time' | 'string' | 'boolean' | 'other';

/** How answers of a field compare: dates and date-times as times, numbers as numbers (as the engine does). */
function valueKind(s: JsonObject | null): ValueKind {
  if (!s) return 'other';
  if (s.type === 'number' || s.type === 'integer') return 'number';
  if (s.type === 'boolean') return 'boolean';
  if (s.type === 'string') return s.format === 'date' || s.format === 'date-time' ? 'date' : s.format === 'time' ? 'time' : 'string';
  return 'other';
}

const ORDERED: ReadonlySet<ValueKind> = new Set(['number', 'date', 'time']);
const ordering = (op: CheckOp) => op !== '==' && op !== '!=';

/**
 * Where a check of `field` against `other` is kept: their longest common parent that is not a
 * list's `*`. Below it `other` may not pass through a list (it must be one answer), and `field`
 * only into the rows of at most LIMITS.compareRowSteps repeating groups: then every row is
 * checked against `other`. Null when the check cannot be kept anywhere.
 */
function holderOf(field: string, other: string): { holder: string; everyRow: boolean } | null {
  const [ta, tb] = [tokensOf(parentOf(field).parent), tokensOf(parentOf(other).parent)];
  let n = 0;
  while (n < ta.length && n < tb.length && ta[n] === tb[n]) n++;
  if (tb.slice(n).includes('*')) return null;
  const rows = ta.slice(n).filter((t) => t === '*').length;
  if (rows > LIMITS.compareRowSteps) return null;
  return { holder: joinPath('', ta.slice(0, n)), everyRow: rows > 0 };
}

/** The repeating group the question at data path `field` is in, nearest first; null when none. */
function groupOf(field: string): string | null {
  const i = field.lastIndexOf('/*/');
  return i < 0 ? null : field.slice(0, i);
}

function fieldAt(def: Definition, path: NodePath): { field: string; schema: JsonObject; label: string } {
  const { def: v, tree } = viewTree(def);
  const loc = tree.byPath.get(path.endsWith('.d') ? path.slice(0, -2) : path);
  if (!loc) throw new DesignError('That part of the form no longer exists; the outline may be out of date.');
  if (loc.kind !== 'field' || !loc.field || !loc.schema) throw new DesignError('Only a question can have checks.');
  return { field: loc.field, schema: loc.schema, label: labelOfLoc(v, loc) };
}

/** The checks on the question at `path` (rules on any object whose `field` is this question). */
export function fieldChecks(def: Definition, path: NodePath): FieldCheck[] {
  const { field } = fieldAt(def, path);
  const out: FieldCheck[] = [];
  eachNode(def.schema as JsonObject, (node, at) => {
    const rules = own(node, 'x-compare');
    if (!Array.isArray(rules)) return;
    for (const r of rules) {
      if (!isObject(r) || typeof r.field !== 'string' || at + r.field !== field) continue;
      if (!(CHECK_OPS as readonly unknown[]).includes(r.op)) continue;
      const other = r.other === 'now' ? 'now' : typeof r.other === 'string' ? at + r.other : null;
      if (other === null) continue;
      out.push({ op: r.op as CheckOp, other, ...(typeof r.message === 'string' ? { message: r.message } : {}) });
    }
  });
  return out;
}

/** The questions the question at `path` can be compared with, in form order (with `op`, when given). */
export function checkTargets(def: Definition, path: NodePath): CheckTarget[] {
  const { field, schema } = fieldAt(def, path);
  const kind = valueKind(schema);
  if (kind === 'other') return [];
  const { def: v, tree } = viewTree(def);
  const out: CheckTarget[] = [];
  for (const f of schemaFields(def.schema as JsonObject)) {
    const held = f.path !== field && valueKind(f.schema) === kind ? holderOf(field, f.path) : null;
    if (held && tree.all.some((l) => l.field === f.path)) out.push({ path: f.path, label: labelOfField(v, tree, f.path), everyRow: held.everyRow });
  }
  return out;
}

/** The label of the repeating group the question at `path` is in ("Actions"); null when it is in none. */
export function checkGroupLabel(def: Definition, path: NodePath): string | null {
  const group = groupOf(fieldAt(def, path).field);
  if (group === null) return null;
  const { def: v, tree } = viewTree(def);
  return labelOfField(v, tree, group);
}

/** Can this question be compared with now (a date, or a date and time)? */
export function canCompareWithNow(def: Definition, path: NodePath): boolean {
  return valueKind(fieldAt(def, path).schema) === 'date';
}

/** Replaces the checks on the question at `path` with `checks`; refused in words when one cannot work. */
export function setFieldChecks(def: Definition, path: NodePath, checks: readonly FieldCheck[]): EditResult {
  if (!Array.isArray(checks)) throw new DesignError('Nothing to change.');
  const { field, schema, label } = fieldAt(def, path);
  const kind = valueKind(schema);
  const d = new Draft(def);
  const placed: Array<{ holder: string; rule: JsonObject }> = [];
  for (const c of checks) {
    if (typeof c !== 'object' || c === null || !(CHECK_OPS as readonly unknown[]).includes(c.op)) throw new DesignError(`Choose how the answer to ${q(label)} compares.`);
    if (c.message !== undefined && (typeof c.message !== 'string' || c.message.length > 300)) throw new DesignError('The message for a check is text of at most 300 characters.');
    const message = c.message?.trim() ? { message: c.message.trim() } : {};
    if (c.other === 'now') {
      if (kind !== 'date' || !ordering(c.op)) throw new DesignError(`Only a date, or a date and time, can be compared with now; ${q(label)} is not one.`);
      const holder = parentOf(field).parent;
      placed.push({ holder, rule: { field: field.slice(holder.length), op: c.op, other: 'now', ...message } });
      continue;
    }
    if (typeof c.other !== 'string' || !schemaAt(d.schema, c.other)) throw new DesignError(`The question ${q(label)} is compared with no longer exists.`);
    if (c.other === field) throw new DesignError(`${q(label)} cannot be compared with itself.`);
    const otherLabel = labelOfField(d.definition, d.tree, c.other);
    const held = holderOf(field, c.other);
    if (held === null) {
      const otherGroup = groupOf(c.other);
      throw new DesignError(
        otherGroup !== null && !within(field, otherGroup)
          ? `${q(label)} cannot be compared with ${q(otherLabel)}, which has an answer in each row of ${q(labelOfField(d.definition, d.tree, otherGroup))}; add the check to ${q(otherLabel)} instead.`
          : `${q(label)} is in too many repeating groups, one inside another, to be compared with ${q(otherLabel)}.`,
      );
    }
    const { holder } = held;
    const otherKind = valueKind(schemaAt(d.schema, c.other));
    if (ordering(c.op) ? !(kind === otherKind && ORDERED.has(kind)) : kind !== otherKind || kind === 'other') {
      throw new DesignError(`${q(label)} and ${q(otherLabel)} cannot be compared that way: ${ordering(c.op) ? 'both must be numbers, or both dates, or both times' : 'they hold different kinds of answer'}.`);
    }
    placed.push({ holder, rule: { field: field.slice(holder.length), op: c.op, other: c.other.slice(holder.length), ...message } });
  }

  // Out with this question's old checks, wherever they were kept; in with the new ones.
  const holders = new Set<string>();
  eachNode(d.schema, (_node, at) => {
    const rules = own(_node, 'x-compare');
    if (Array.isArray(rules) && rules.some((r) => isObject(r) && at + String(r.field) === field)) holders.add(at);
  });
  for (const p of placed) holders.add(p.holder);
  for (const at of holders) {
    const node = d.own(at);
    const kept = (Array.isArray(node['x-compare']) ? node['x-compare'] : []).filter((r) => !(isObject(r) && at + String(r.field) === field));
    const next = [...kept, ...placed.filter((p) => p.holder === at).map((p) => p.rule)];
    if (next.length) node['x-compare'] = next;
    else delete node['x-compare'];
  }
  d.touch();
  return d.result();
}
