/**
 * Cross-field checks on a question, set without JSON: "must be on or after <another question>",
 * "cannot be in the future", "must be different from <another question>". They are the schema's
 * `x-compare` rules (README, engine/policy/compare.ts), kept on the nearest object that holds
 * both questions (the row of a repeatable group when both are in it); the error points at this
 * question. Rules written in the JSON view on this question are read and replaced the same way.
 */
import { eachNode } from './schema-walk.js';
import { joinPath, parentOf, schemaAt, schemaFields, tokensOf } from './data-paths.js';
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

/** The object both data paths are in: their longest common parent that is not a list's `*`. */
function holderOf(a: string, b: string): string | null {
  const [ta, tb] = [tokensOf(parentOf(a).parent), tokensOf(parentOf(b).parent)];
  let n = 0;
  while (n < ta.length && n < tb.length && ta[n] === tb[n]) n++;
  // Below the common part neither path may pass through a list: the rule could not reach it.
  if (ta.slice(n).includes('*') || tb.slice(n).includes('*')) return null;
  return joinPath('', ta.slice(0, n));
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
  return schemaFields(def.schema as JsonObject)
    .filter((f) => f.path !== field && valueKind(f.schema) === kind && holderOf(field, f.path) !== null && tree.all.some((l) => l.field === f.path))
    .map((f) => ({ path: f.path, label: labelOfField(v, tree, f.path) }));
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
    const holder = holderOf(field, c.other);
    if (holder === null) throw new DesignError(`${q(label)} and ${q(otherLabel)} are not in the same row of a repeating group, so they cannot be compared.`);
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
