/**
 * `x-compare`: cross-field rules (period to ≥ period from, moderator ≠ auditor, meeting not in
 * the future, each action due after the oversight). The policy checks their shape here;
 * validation/compare.ts evaluates them. A rule's `field` may reach into the rows of repeating
 * groups with `*` ("each row": `/actions/*\/dueDate`), so a row's answer can be compared with
 * one outside its group; `other` is always one answer.
 */
import type { JsonObject } from '../forms/model.js';
import { isObject, own, resolveRef } from '../forms/schema-paths.js';
import { joinPointer, parsePointer } from '../json/pointer.js';
import { LIMITS } from './limits.js';
import type { SchemaChecker } from './schema.js';

export const COMPARE_OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export interface CompareRule {
  field: string;
  op: CompareOp;
  other: string;
  message?: string;
}

const RULE_KEYS = new Set(['field', 'op', 'other', 'message']);
const TEMPORAL = new Set(['date', 'date-time', 'time']);

/**
 * The schema of the field a relative pointer names inside `node`, walking through objects and,
 * where `rows` allows, into a list's rows by `*`.
 */
export function fieldAt(root: JsonObject, node: JsonObject, pointer: string, rows = false): JsonObject | null {
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch {
    return null;
  }
  if (tokens.length === 0 || tokens.at(-1) === '*') return null;
  let cur: JsonObject | null = resolveRef(root, node);
  for (const t of tokens) {
    if (t === '*') {
      if (!rows || !cur || cur.type !== 'array') return null;
      cur = resolveRef(root, own(cur, 'items'));
      continue;
    }
    const props = cur ? own(cur, 'properties') : undefined;
    if (!cur || cur.type !== 'object' || !isObject(props)) return null;
    cur = resolveRef(root, own(props, t));
  }
  return cur;
}

/** How many rows of repeating groups a rule's pointer reaches into. */
export function rowSteps(pointer: string): number {
  return pointer.split('/').filter((t) => t === '*').length;
}

function kindOf(s: JsonObject): string {
  if (s.type === 'number' || s.type === 'integer') return 'number';
  if (s.type === 'string' && typeof s.format === 'string' && TEMPORAL.has(s.format)) return s.format === 'time' ? 'time' : 'date';
  return String(s.type);
}

export function checkCompareRules(checker: SchemaChecker, node: JsonObject, ptr: string): void {
  const rules = own(node, 'x-compare');
  const base = joinPointer(ptr, 'x-compare');
  if (!Array.isArray(rules)) {
    checker.violation(base, 'Cross-field rules ("x-compare") must be a list.');
    return;
  }
  if (rules.length > LIMITS.compareRules) checker.violation(base, `At most ${LIMITS.compareRules} cross-field rules are allowed on one object.`);
  rules.forEach((rule, i) => {
    const rp = joinPointer(base, i);
    if (!isObject(rule)) {
      checker.violation(rp, 'A cross-field rule must be an object with "field", "op" and "other".');
      return;
    }
    for (const k of Object.keys(rule)) if (!RULE_KEYS.has(k)) checker.violation(joinPointer(rp, k), `A cross-field rule has only "field", "op", "other" and "message"; "${k}" is not one of them.`);
    const { field, op, other, message } = rule;
    if (!(COMPARE_OPS as readonly unknown[]).includes(op)) checker.violation(joinPointer(rp, 'op'), `"op" must be one of ${COMPARE_OPS.join(' ')}.`);
    if (message !== undefined && (typeof message !== 'string' || message.length > 300)) checker.violation(joinPointer(rp, 'message'), '"message" must be text of at most 300 characters.');
    const left = typeof field === 'string' ? fieldAt(checker.root, node, field, true) : null;
    if (!left) {
      checker.violation(
        joinPointer(rp, 'field'),
        `The rule's "field" (${JSON.stringify(field)}) must point at a field of this object, like "/periodTo", or at a field in each row of a repeating group in it, like "/actions/*/dueDate".`,
      );
      return;
    }
    if (rowSteps(field as string) > LIMITS.compareRowSteps) {
      checker.violation(joinPointer(rp, 'field'), `The rule's "field" may reach into at most ${LIMITS.compareRowSteps} repeating groups, one inside the other; keep the rule on a row nearer the field.`);
      return;
    }
    if (other === 'now') {
      if (kindOf(left) !== 'date') checker.violation(joinPointer(rp, 'other'), 'Only a date or date-time can be compared with "now".');
      return;
    }
    const right = typeof other === 'string' ? fieldAt(checker.root, node, other) : null;
    if (!right) {
      const why = typeof other === 'string' && other.split('/').includes('*') ? ', not into the rows of a repeating group (it must be one answer)' : '';
      checker.violation(joinPointer(rp, 'other'), `The rule's "other" (${JSON.stringify(other)}) must point at a field of this object${why}, or be "now".`);
      return;
    }
    const ordering = op === '<' || op === '<=' || op === '>' || op === '>=';
    const [a, b] = [kindOf(left), kindOf(right)];
    if (a === 'object' || a === 'array' || b === 'object' || b === 'array') {
      checker.violation(rp, 'Only single answers (text, numbers, dates, yes/no) can be compared, not sections or lists.');
      return;
    }
    if (ordering ? !(a === b && (a === 'number' || a === 'date' || a === 'time')) : a !== b) {
      checker.violation(rp, `"${String(field)}" and "${String(other)}" cannot be compared with ${String(op)}: ${ordering ? 'both must be numbers, or both dates or times' : 'they are different kinds of value'}.`);
    }
  });
}
