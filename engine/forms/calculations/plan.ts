/**
 * The calculated answers of a definition in the order they can be worked out (an answer after
 * every calculated answer it uses), and applying them to a copy of the answers. The engine
 * caches a plan per version; the runtime builds the same plan in the browser.
 */
import { isObject, own, resolveRef } from '../schema-paths.js';
import type { JsonObject } from '../model.js';
import { escapeToken } from '../../json/pointer.js';
import { checkFormula } from './check.js';
import { evaluateFormula, partsOf, type CalcEnv } from './evaluate.js';

export interface CalculationPlan {
  /** In dependency order. `pointer` is the answer's place in the data (`/absence/workingDaysLost`); `name` is dotted as in formulas. */
  fields: { pointer: string; name: string; formula: string }[];
  /** The schema the plan was made from: choices' option order (lowest, mostCommon) comes from it. */
  schema?: JsonObject;
}

export interface CalculatedField {
  pointer: string;
  name: string;
  formula: string;
  /** JSON Pointer to the property in the schema (for the policy's messages). */
  schemaPointer: string;
  /** Whether it sits inside a repeating group's rows (refused by the policy for now). */
  inRows: boolean;
}

/** Every property with an `x-calculate` text, in schema order. */
export function calculatedFields(schema: JsonObject): CalculatedField[] {
  const out: CalculatedField[] = [];
  const walk = (raw: unknown, at: string, names: string[], inRows: boolean, depth: number): void => {
    const node = resolveRef(schema, raw);
    if (!node || depth > 16) return;
    const schemaPointer = isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref.slice(1) : at;
    const formula = own(node, 'x-calculate');
    if (names.length && typeof formula === 'string') {
      out.push({ pointer: names.map((n) => '/' + escapeToken(n)).join(''), name: names.join('.'), formula, schemaPointer, inRows });
    }
    const props = own(node, 'properties');
    if (own(node, 'type') === 'object' && isObject(props)) {
      for (const [k, v] of Object.entries(props)) walk(v, `${schemaPointer}/properties/${escapeToken(k)}`, [...names, k], inRows, depth + 1);
    }
    if (own(node, 'type') === 'array') walk(own(node, 'items'), `${schemaPointer}/items`, names, true, depth + 1);
  };
  walk(schema, '', [], false, 0);
  return out;
}

export interface CalculationOrder {
  /** Calculated answers that can be worked out, each after those it uses. */
  order: CalculatedField[];
  /** Calculated answers that use each other (directly or through others), when there are any. */
  cycle?: CalculatedField[];
  /** Every calculated answer that cannot be worked out: those in a cycle and those using them. */
  blocked: CalculatedField[];
}

/** Calculated answers (outside repeating groups) in dependency order, and a cycle if there is one. */
export function calculationOrder(schema: JsonObject): CalculationOrder {
  const fields = calculatedFields(schema).filter((f) => !f.inRows);
  const byPointer = new Map(fields.map((f) => [f.pointer, f]));
  const uses = new Map(fields.map((f) => [f, checkFormula(f.formula, schema).inputs.flatMap((p) => byPointer.get(p) ?? [])]));
  const order: CalculatedField[] = [];
  const placed = new Set<CalculatedField>();
  let left = fields;
  for (let progress = true; progress; ) {
    const ready = left.filter((f) => uses.get(f)!.every((u) => placed.has(u)));
    progress = ready.length > 0;
    for (const f of ready) placed.add(f), order.push(f);
    left = left.filter((f) => !placed.has(f));
  }
  if (left.length === 0) return { order, blocked: [] };
  // Every answer left uses another one left, so following those uses must come round again.
  const path: CalculatedField[] = [];
  let f = left[0]!;
  while (!path.includes(f)) {
    path.push(f);
    f = uses.get(f)!.find((u) => !placed.has(u))!;
  }
  return { order, cycle: path.slice(path.indexOf(f)), blocked: left };
}

/** A list of names in words: `"A"`, `"A" and "B"`, `"A", "B" and "C"`. */
function names(labels: string[]): string {
  const quoted = labels.map((l) => `"${l}"`);
  return quoted.length < 2 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
/** The sentence for calculated answers that use each other (or one that uses itself), by their labels in the cycle's order. */
export function cycleMessage(labels: string[]): string {
  return labels.length === 1
    ? `${names(labels)} uses itself, so it cannot be worked out.`
    : labels.length === 2
      ? `${names(labels)} each use the other, so neither can be worked out.`
      : `${names(labels)} use each other in a circle, so none of them can be worked out.`;
}

/** The plan for a definition: calculated answers outside repeating groups, in dependency order (any in a cycle left out). */
export function calculationPlan(definition: { schema: JsonObject }): CalculationPlan {
  const { order } = calculationOrder(definition.schema);
  return { fields: order.map(({ pointer, name, formula }) => ({ pointer, name, formula })), schema: definition.schema };
}

/**
 * `data` with every calculated answer recomputed (set, or removed when blank). Never mutates
 * `data`: the objects on the way to an answer that changes are copied (once each), and `data`
 * itself comes back when nothing changes — a save costs the formulas, not a copy of the record.
 */
export function applyCalculations(plan: CalculationPlan, data: Record<string, unknown>, env: CalcEnv): Record<string, unknown> {
  const own = (o: Record<string, unknown>, n: string): unknown => (Object.prototype.hasOwnProperty.call(o, n) ? o[n] : undefined);
  const copies = new Set<unknown>();
  let out = data;
  for (const f of plan.fields) {
    const value = evaluateFormula(f.formula, out, env, plan.schema);
    const names = partsOf(f.name);
    let current: unknown = out;
    for (const n of names) current = isObject(current) ? own(current, n) : undefined;
    if (current === value) continue;
    if (!copies.has(out)) copies.add((out = { ...out }));
    let parent: Record<string, unknown> | null = out;
    for (const n of names.slice(0, -1)) {
      const next = own(parent, n);
      if (isObject(next)) {
        if (!copies.has(next)) copies.add((parent[n] = { ...next }));
        parent = parent[n] as Record<string, unknown>;
      } else if (value === undefined) {
        parent = null;
        break;
      } else {
        const made: Record<string, unknown> = {};
        copies.add((parent[n] = made));
        parent = made;
      }
    }
    if (!parent) continue;
    const last = names.at(-1)!;
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return out;
}
