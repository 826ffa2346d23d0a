/**
 * "Required" as the analyst means it. A field no display rule can hide is required through its
 * object's `required` list. A field that a SHOW/HIDE rule can hide (its own, or one on a section,
 * row, page or repeatable group around it) is "required when shown": the schema says so with a
 * conditional on the object that holds both the rule's fields and the field (the templates'
 * pattern), and the policy refuses the plain `required` for it.
 *
 *     allOf: [{ if: <the rules' conditions, as schema>, then: { required: ['field'] } }]
 *
 * The `if` is built from the rules exactly as JSON Forms evaluates them (conditions.ts), so the
 * field is required exactly when it is shown. Rules at different levels (a rule on a repeatable
 * group, another inside its rows) nest: the outer `then` walks into the rows' `items` and holds
 * the inner `if`/`then`. When rules change, `syncRequired` rewrites the conditionals of every
 * field whose rules changed, so the two never drift apart.
 */
import { atomsOf, commonPrefix, conditionPred, predSchema, type Pred } from './conditions.js';
import { joinPath, parentOf, relativeTo, schemaAt, within } from './data-paths.js';
import type { Draft } from './draft.js';
import { canon, isObject, own, same, type JsonObject } from './json.js';
import { labelOfLoc, locate, type Loc, type RuleAt } from './locate.js';

/** One `if`/`then` of the conditional: where `then` walks (`*` into rows) and what it holds at the end. */
interface Entry {
  if: unknown;
  steps: string[];
  /** null: the end holds `required: [name]`; else the next level's conditional. */
  inner: Entry | null;
}

export interface ReqSpec {
  /** Data path of the object whose `allOf` holds the conditional. */
  host: string;
  entry: Entry;
  name: string;
}

/** The SHOW/HIDE rules that can hide an element (outermost first). */
export function visibilityChain(loc: Loc): RuleAt[] {
  return loc.chain.filter((r) => r.rule.effect === 'SHOW' || r.rule.effect === 'HIDE');
}

export function sameChain(a: readonly RuleAt[], b: readonly RuleAt[]): boolean {
  const key = (c: readonly RuleAt[]) => JSON.stringify(canon(c.map((r) => ({ level: r.level, effect: r.rule.effect, condition: r.rule.condition }))));
  return key(a) === key(b);
}

/** The conditional that makes `field` required exactly when `chain` shows it; null when a rule cannot be read. */
export function buildSpec(field: string, chain: readonly RuleAt[]): ReqSpec | null {
  if (chain.length === 0) return null;
  const { parent, name } = parentOf(field);
  const stages: Array<{ level: string; preds: Pred[] }> = [];
  for (const r of chain) {
    const pred = conditionPred(own(r.rule, 'condition'));
    if (!pred) return null;
    const p: Pred = r.rule.effect === 'HIDE' ? { t: 'not', item: pred } : pred;
    const last = stages.at(-1);
    if (last && last.level === r.level) last.preds.push(p);
    else stages.push({ level: r.level, preds: [p] });
  }
  const hosts: string[][] = [];
  const preds: Pred[] = [];
  for (const stage of stages) {
    const rel = relativeTo(parent, stage.level);
    if (!rel) return null;
    const star = rel.indexOf('*');
    const objectPath = star < 0 ? rel : rel.slice(0, star - 1);
    const pred: Pred = stage.preds.length === 1 ? stage.preds[0]! : { t: 'and', items: stage.preds };
    preds.push(pred);
    hosts.push(commonPrefix([objectPath, ...atomsOf(pred).map((a) => a.names.slice(0, -1))]));
  }
  let inner: Entry | null = null;
  for (let k = stages.length - 1; k >= 0; k--) {
    const target = k === stages.length - 1 ? parent : joinPath(stages[k + 1]!.level, hosts[k + 1]!);
    const rel = relativeTo(target, stages[k]!.level);
    if (!rel) return null;
    inner = { if: predSchema(preds[k]!, hosts[k]!), steps: rel.slice(hosts[k]!.length), inner };
  }
  return { host: joinPath(stages[0]!.level, hosts[0]!), entry: inner!, name };
}

/** The conditional for the whole chain, then for its inner parts (an entry written for fewer rules still counts). */
function variants(field: string, chain: readonly RuleAt[]): ReqSpec[] {
  const out: ReqSpec[] = [];
  for (let j = 0; j < chain.length; j++) {
    const spec = buildSpec(field, chain.slice(j));
    if (spec) out.push(spec);
  }
  return out;
}

function matches(e: unknown, entry: Entry): e is JsonObject & { then: JsonObject } {
  return isObject(e) && own(e, 'else') === undefined && isObject(own(e, 'then')) && same(own(e, 'if'), entry.if);
}

function walkSteps(node: JsonObject, steps: readonly string[]): JsonObject | null {
  let cur: JsonObject | null = node;
  for (const s of steps) {
    if (!cur) return null;
    const next: unknown = s === '*' ? own(cur, 'items') : isObject(own(cur, 'properties')) ? own(cur.properties as JsonObject, s) : undefined;
    cur = isObject(next) ? next : null;
  }
  return cur;
}

function requiredHas(node: JsonObject, name: string): boolean {
  const r = own(node, 'required');
  return Array.isArray(r) && r.includes(name);
}

function findIn(node: JsonObject, entry: Entry, name: string): boolean {
  const list = own(node, 'allOf');
  if (!Array.isArray(list)) return false;
  for (const e of list) {
    if (!matches(e, entry)) continue;
    const t = walkSteps(e.then, entry.steps);
    if (!t) continue;
    if (entry.inner === null ? requiredHas(t, name) : findIn(t, entry.inner, name)) return true;
  }
  return false;
}

export function findSpec(schema: JsonObject, spec: ReqSpec): boolean {
  const host = schemaAt(schema, spec.host);
  return !!host && findIn(host, spec.entry, spec.name);
}

const isEmpty = (v: unknown): boolean => isObject(v) && Object.keys(v).length === 0;

/** Removes `name` from the matching conditionals under `node`, dropping what becomes empty. */
function removeIn(node: JsonObject, entry: Entry, name: string): void {
  const list = own(node, 'allOf');
  if (!Array.isArray(list)) return;
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i];
    if (!matches(e, entry)) continue;
    removeAlong(e, 'then', entry.steps, entry.inner, name);
    if (!isObject(own(e, 'then')) || isEmpty(own(e, 'then'))) list.splice(i, 1);
  }
  if (list.length === 0) delete node.allOf;
}

function removeAlong(holder: JsonObject, key: string, steps: readonly string[], inner: Entry | null, name: string): void {
  const t = own(holder, key);
  if (!isObject(t)) return;
  if (steps.length === 0) {
    if (inner === null) {
      const r = own(t, 'required');
      if (Array.isArray(r)) {
        const kept = r.filter((x) => x !== name);
        if (kept.length) t.required = kept;
        else delete t.required;
      }
    } else removeIn(t, inner, name);
  } else if (steps[0] === '*') {
    removeAlong(t, 'items', steps.slice(1), inner, name);
  } else {
    const props = own(t, 'properties');
    if (isObject(props)) {
      removeAlong(props, steps[0]!, steps.slice(1), inner, name);
      if (isEmpty(own(props, steps[0]!))) delete props[steps[0]!];
      if (isEmpty(props)) delete t.properties;
    }
  }
  if (key !== 'then' && isEmpty(own(holder, key))) delete holder[key];
}

function addIn(node: JsonObject, entry: Entry, name: string): void {
  let list = own(node, 'allOf');
  if (!Array.isArray(list)) {
    list = [];
    node.allOf = list;
  }
  const entries = list as unknown[];
  let e = entries.find((x) => matches(x, entry)) as (JsonObject & { then: JsonObject }) | undefined;
  if (!e) {
    e = { if: JSON.parse(JSON.stringify(entry.if)) as unknown, then: {} } as JsonObject & { then: JsonObject };
    entries.push(e);
  }
  let t: JsonObject = e.then;
  for (const s of entry.steps) {
    if (s === '*') {
      if (!isObject(own(t, 'items'))) t.items = {};
      t = t.items as JsonObject;
    } else {
      if (!isObject(own(t, 'properties'))) t.properties = {};
      const props = t.properties as JsonObject;
      if (!isObject(own(props, s))) props[s] = {};
      t = props[s] as JsonObject;
    }
  }
  if (entry.inner === null) {
    const r = own(t, 'required');
    const names = Array.isArray(r) ? r : [];
    if (!names.includes(name)) t.required = [...names, name];
  } else addIn(t, entry.inner, name);
}

/** Whether the schema makes the field required (plainly, or when the chain shows it). */
export function requiredNow(schema: JsonObject, field: string, chain: readonly RuleAt[]): boolean {
  const { parent, name } = parentOf(field);
  const p = schemaAt(schema, parent);
  if (p && requiredHas(p, name)) return true;
  return variants(field, chain).some((spec) => findSpec(schema, spec));
}

/**
 * Whether some conditional makes the field required (in a `then`/`else` or an `allOf` entry of
 * its object or an object around it) — e.g. "evidence is required when the answer is No".
 */
export function requiredByConditional(schema: JsonObject, field: string): boolean {
  const { parent, name } = parentOf(field);
  const tokens = parent === '' ? [] : parent.slice(1).split('/');
  let hit = false;
  const walk = (node: unknown, path: string, depth: number): void => {
    if (!isObject(node) || depth > 30 || hit) return;
    if (path === parent && depth > 0 && requiredHas(node, name)) hit = true;
    const props = own(node, 'properties');
    if (isObject(props)) for (const [k, v] of Object.entries(props)) if (within(parent, `${path}/${k}`)) walk(v, `${path}/${k}`, depth + 1);
    if (within(parent, `${path}/*`)) walk(own(node, 'items'), `${path}/*`, depth + 1);
    const allOf = own(node, 'allOf');
    if (Array.isArray(allOf)) for (const e of allOf) walk(e, path, depth + 1);
    for (const k of ['then', 'else']) walk(own(node, k), path, depth + 1);
  };
  for (let i = 0; i <= tokens.length && !hit; i++) {
    const at = joinPath('', tokens.slice(0, i));
    const node = schemaAt(schema, at);
    if (!node) continue;
    const allOf = own(node, 'allOf');
    if (Array.isArray(allOf)) for (const e of allOf) walk(e, at, 1);
    for (const k of ['then', 'else']) walk(own(node, k), at, 1);
  }
  return hit;
}

/** Whether one of the designer's "required when shown" conditionals for this chain is there. */
export function requiredWhenShownNow(schema: JsonObject, field: string, chain: readonly RuleAt[]): boolean {
  return variants(field, chain).some((spec) => findSpec(schema, spec));
}

/** Takes away every way the designer makes the field required (plain, and each conditional for the chain). */
export function unsetRequired(d: Draft, field: string, chain: readonly RuleAt[]): void {
  const { parent, name } = parentOf(field);
  const p = schemaAt(d.schema, parent);
  if (p && requiredHas(p, name)) {
    const owned = d.own(parent);
    const kept = (owned.required as unknown[]).filter((x) => x !== name);
    if (kept.length) owned.required = kept;
    else delete owned.required;
  }
  for (const spec of variants(field, chain)) {
    if (findSpec(d.schema, spec)) removeIn(d.own(spec.host), spec.entry, spec.name);
  }
  d.touch();
}

/** Makes the field required (when shown) or not. False when a rule is too complex to follow. */
export function setRequired(d: Draft, field: string, chain: readonly RuleAt[], on: boolean): boolean {
  unsetRequired(d, field, chain);
  if (!on) return true;
  const { parent, name } = parentOf(field);
  if (chain.length === 0) {
    const owned = d.own(parent);
    const r = own(owned, 'required');
    const list = Array.isArray(r) ? [...r] : [];
    // In the order of the fields, so that taking "required" away and giving it back changes nothing.
    const order = isObject(owned.properties) ? Object.keys(owned.properties) : [];
    const at = list.findIndex((n) => order.indexOf(n as string) > order.indexOf(name));
    list.splice(at < 0 ? list.length : at, 0, name);
    owned.required = list;
  } else {
    const spec = buildSpec(field, chain);
    if (!spec) return false;
    addIn(d.own(spec.host), spec.entry, name);
  }
  d.touch();
  return true;
}

/**
 * After a layout or rule change: every field whose display rules changed keeps its "required"
 * with the new rules (required when shown, or plainly required when nothing can hide it now).
 */
export function syncRequired(d: Draft): void {
  const before = new Map<string, Loc>();
  for (const l of locate(d.before).all) if (l.field !== undefined && !before.has(l.field)) before.set(l.field, l);
  const seen = new Set<string>();
  const work: Array<{ field: string; chain: RuleAt[]; label: string }> = [];
  for (const l of d.tree.all) {
    if (l.field === undefined || seen.has(l.field)) continue;
    seen.add(l.field);
    work.push({ field: l.field, chain: visibilityChain(l), label: labelOfLoc(d.definition, l) });
  }
  for (const w of work) {
    const b = before.get(w.field);
    if (!b) continue;
    const old = visibilityChain(b);
    if (sameChain(old, w.chain)) continue;
    const was = requiredNow(d.before.schema as JsonObject, w.field, old);
    unsetRequired(d, w.field, old);
    if (was && old.length > 0 && w.chain.length === 0) d.note(`“${w.label}” can no longer be hidden, so it is now always required.`);
    if (was && !setRequired(d, w.field, w.chain, true)) {
      d.note(`“${w.label}” is no longer required: its display rule is written in a way the designer cannot follow, so "required when shown" cannot be set for it.`);
    }
  }
}
