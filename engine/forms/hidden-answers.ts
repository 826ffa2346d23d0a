/**
 * Answers to hidden questions. A question that a display rule hides (a SHOW/HIDE rule on its
 * Control, or on any layout, group, page or repeatable-group row around it), evaluated on the
 * answers themselves with the runtime's own evaluator (visibility.ts), is not part of the record
 * that is submitted, exported or delivered: "seen = Yes" never travels with a reason for not
 * being seen. A draft keeps such answers (turning a question back on must not lose them); they
 * are left out when it is submitted, and again on the way out for records stored before.
 *
 * Kept: an answer no Control shows at all (one filled from the record's subject, say), and one
 * that a visible Control shows as well as a hidden one. ENABLE/DISABLE rules hide nothing.
 * Rules inside a repeatable group's rows name the row's fields and are evaluated per row, as
 * JSON Forms does. Leaving an answer out can hide more (a question shown only when a now-hidden
 * answer is "yes"), so it is repeated until nothing more is hidden: the result is the same
 * however often it is applied.
 *
 * `visibilityPlan` reads a definition once (cache it per version), each rule made ready to
 * evaluate (visibility.ts's `visibilityTest`); `visibleAnswers` then costs a walk over the rules
 * only — the parts of the layout no rule can hide are never visited.
 */
import type { UISchemaElement } from '@jsonforms/core';
import type { FormDefinition, JsonObject } from './model.js';
import { fieldPath, isObject, own, resolveRef, resolveScope, scopeNames } from './schema-paths.js';
import { escapeToken } from '../json/pointer.js';
import { resolveIn, visibilityTest } from './visibility.js';

/** A part of the layout that a rule can hide, or that holds one. */
interface PlanNode {
  /** The element's own SHOW/HIDE rule, given the value at its path; null when it has none. */
  shows: ((holder: unknown) => boolean) | null;
  control: PlanControl | null;
  children: PlanNode[];
  /** Every Control in the node and its children (not in rows): what its rule hides. */
  within: PlanControl[];
}

interface PlanControl {
  /** Field names from what holds the Control (the form, or a row) to its answer. */
  names: string[];
  /** The same as a JSON Pointer, to append to the holder's. */
  suffix: string;
  /** Shows everything inside its answer (a section, a list of choices, rows with no row layout). */
  deep: boolean;
  /** The row layout of a repeatable group, when a rule inside it can hide something. */
  rows: PlanNode | null;
}

export interface VisibilityPlan {
  /** The parts of the layout that hold a SHOW/HIDE rule; null when nothing can be hidden. */
  readonly root: PlanNode | null;
  /** Field paths (`/actions/*\/dueDate`) that a Control no rule can hide shows. */
  readonly alwaysShown: ReadonlySet<string>;
  /** Of those, the ones shown with everything inside them. */
  readonly alwaysShownDeep: readonly string[];
}

const RULE_DEPTH = 64;

/** Reads which parts of a (policy-checked) definition's layout a rule can hide. */
export function visibilityPlan(definition: FormDefinition): VisibilityPlan {
  const root = definition.schema;
  const alwaysShown = new Set<string>();
  const alwaysShownDeep: string[] = [];

  const walk = (el: unknown, base: JsonObject, basePath: string, underRule: boolean, depth: number): PlanNode | null => {
    if (!isObject(el) || depth > RULE_DEPTH) return null;
    const rule = own(el, 'rule');
    const hides = isObject(rule) && (rule.effect === 'SHOW' || rule.effect === 'HIDE');
    const inRule = underRule || hides;
    let control: PlanControl | null = null;
    if (el.type === 'Control') {
      const names = scopeNames(el.scope);
      const target = names ? resolveScope(root, base, el.scope) : null;
      if (!names || !target) return null;
      const path = `${basePath}/${names.join('/')}`;
      const options = own(el, 'options');
      const layout = isObject(options) ? own(options, 'detail') : undefined;
      const items = target.node.type === 'array' ? resolveRef(root, own(target.node, 'items')) : null;
      const rows = items && isObject(layout) ? walk(layout, items, `${path}/*`, inRule, depth + 1) : null;
      // Without a row layout of its own, a group shows every field of its rows (runtime/renderers/array/rows.ts).
      const deep = target.node.type === 'object' || (target.node.type === 'array' && !isObject(layout));
      if (!inRule) {
        alwaysShown.add(path);
        if (deep) alwaysShownDeep.push(path);
      }
      if (inRule || rows) control = { names, suffix: '/' + names.map(escapeToken).join('/'), deep, rows };
    }
    const children: PlanNode[] = [];
    const elements = own(el, 'elements');
    if (Array.isArray(elements)) {
      for (const child of elements) {
        const node = walk(child, base, basePath, inRule, depth + 1);
        if (node) children.push(node);
      }
    }
    if (!control && children.length === 0) return null;
    const within = [...(control ? [control] : []), ...children.flatMap((c) => c.within)];
    return { shows: hides ? visibilityTest(el as unknown as UISchemaElement) : null, control, children, within };
  };

  return { root: walk(definition.uischema, root, '', false, 0), alwaysShown, alwaysShownDeep };
}

/** What one look at the answers found: answers of hidden Controls, and what visible ones show. */
interface Seen {
  hidden: string[];
  shown: Set<string>;
  shownDeep: string[];
}

/**
 * Walks the ruled parts of the layout over the answers. `holder` is the value at the path of what
 * holds the node (the record, or a row: rules there name the row's fields), `pointer` where it is.
 */
function look(node: PlanNode, holder: unknown, pointer: string, seen: Seen): void {
  if (node.shows && !node.shows(holder)) {
    for (const c of node.within) if (resolveIn(holder, c.names) !== undefined) seen.hidden.push(pointer + c.suffix);
    return;
  }
  const c = node.control;
  if (c) {
    const at = pointer + c.suffix;
    seen.shown.add(at);
    if (c.deep) seen.shownDeep.push(at);
    const value = c.rows ? resolveIn(holder, c.names) : undefined;
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) look(c.rows!, value[i], `${at}/${i}`, seen);
  }
  for (const child of node.children) look(child, holder, pointer, seen);
}

/** Whether any hidden question holds an answer: `look` that stops at the first and makes nothing. */
function anyHidden(node: PlanNode, holder: unknown): boolean {
  if (node.shows && !node.shows(holder)) {
    for (const c of node.within) if (resolveIn(holder, c.names) !== undefined) return true;
    return false;
  }
  const c = node.control;
  if (c?.rows) {
    const value = resolveIn(holder, c.names);
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) if (anyHidden(c.rows, value[i])) return true;
  }
  for (const child of node.children) if (anyHidden(child, holder)) return true;
  return false;
}

const under = (inner: string, outer: string) => inner.startsWith(outer) && inner.charCodeAt(outer.length) === 47; // '/'

/** Whether a visible Control shows the answer at `pointer` (itself, or with everything around it). */
function isCovered(plan: VisibilityPlan, seen: Seen, pointer: string): boolean {
  if (seen.shown.has(pointer) || seen.shownDeep.some((p) => under(pointer, p))) return true;
  const field = fieldPath(pointer);
  return plan.alwaysShown.has(field) || plan.alwaysShownDeep.some((p) => under(field, p));
}

/** Whether a visible Control shows something inside the answer at `pointer`. */
function coversInside(plan: VisibilityPlan, seen: Seen, pointer: string): boolean {
  for (const p of seen.shown) if (under(p, pointer)) return true;
  const field = fieldPath(pointer);
  for (const p of plan.alwaysShown) if (under(p, field)) return true;
  return false;
}

/** Copy-on-write removal: objects on the way to a removed answer are copied once; the input is never changed. */
class Remover {
  private readonly copies = new Set<unknown>();
  /** How many answers have been removed. */
  removed = 0;
  constructor(public out: unknown) {}

  private writable(value: unknown): JsonObject | unknown[] {
    if (this.copies.has(value)) return value as JsonObject | unknown[];
    const copy = Array.isArray(value) ? [...value] : { ...(value as JsonObject) };
    this.copies.add(copy);
    return copy;
  }

  /** Removes the answer at `tokens` (its last token a field name), if there is one. */
  remove(tokens: readonly string[]): void {
    if (pointerValue(this.out, tokens) === undefined) return;
    this.out = this.writable(this.out);
    let cur = this.out as Record<string, unknown>;
    for (let i = 0; i < tokens.length - 1; i++) {
      const next = this.writable(cur[tokens[i]!]);
      cur[tokens[i]!] = next;
      cur = next as Record<string, unknown>;
    }
    delete cur[tokens.at(-1)!];
    this.removed++;
  }
}

/** The value at pointer tokens (rows by index), own properties only. */
function pointerValue(doc: unknown, tokens: readonly string[]): unknown {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = /^(0|[1-9][0-9]*)$/.test(t) ? cur[Number(t)] : undefined;
    else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = cur[t];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

const tokensOf = (pointer: string) => pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));

/**
 * Removes the answer at `pointer` unless a visible Control shows it, keeping whatever inside it
 * one shows. A row is never removed (rows are numbered: removing one would renumber the rest);
 * its fields are.
 */
function removeHidden(plan: VisibilityPlan, seen: Seen, remover: Remover, pointer: string, isRow: boolean, depth: number): void {
  if (isCovered(plan, seen, pointer)) return;
  if (depth < RULE_DEPTH && (isRow || coversInside(plan, seen, pointer))) {
    const value = pointerValue(remover.out, tokensOf(pointer));
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) removeHidden(plan, seen, remover, `${pointer}/${i}`, true, depth + 1);
    else if (isObject(value)) for (const k of Object.keys(value)) removeHidden(plan, seen, remover, `${pointer}/${escapeToken(k)}`, false, depth + 1);
    return;
  }
  if (!isRow) remover.remove(tokensOf(pointer));
}

/** One look at `data`: the pointers of answers hidden questions hold, and what visible questions show. */
function lookAt(plan: VisibilityPlan, data: unknown): Seen {
  const seen: Seen = { hidden: [], shown: new Set(), shownDeep: [] };
  if (plan.root) look(plan.root, data, '', seen);
  return seen;
}

/**
 * The JSON Pointers of the answers in `data` that hidden questions hold and no visible question
 * shows (in layout order), found in one look — the answers `visibleAnswers` leaves out first.
 */
export function hiddenAnswers(plan: VisibilityPlan, data: unknown): string[] {
  if (!plan.root || !isObject(data) || !anyHidden(plan.root, data)) return [];
  const seen = lookAt(plan, data);
  return seen.hidden.filter((p) => !isCovered(plan, seen, p));
}

/**
 * `data` without the answers of hidden questions: the same object when nothing is hidden,
 * otherwise a copy (only the objects on the way to a removed answer are copied; `data` is never
 * changed). Applying it again changes nothing.
 */
export function visibleAnswers<T>(plan: VisibilityPlan, data: T): T {
  // Most records hide nothing: finding that out makes nothing at all.
  if (!plan.root || !isObject(data) || !anyHidden(plan.root, data)) return data;
  const remover = new Remover(data);
  // Each round that removes nothing ends it, and answers are finite; the bound is only a guard.
  for (let round = 0; round < 1000; round++) {
    const seen = lookAt(plan, remover.out);
    if (seen.hidden.length === 0) break;
    const before = remover.removed;
    for (const pointer of seen.hidden) removeHidden(plan, seen, remover, pointer, false, 0);
    if (remover.removed === before) break;
  }
  return remover.out as T;
}
