/**
 * Calculated answers in the browser: the form's calculation plan (engine/forms/calculations, the
 * same module the server recomputes with), applied to the answers as they are typed. Cached per
 * schema object (a form version's schema keeps its identity while the form is open) and per
 * answers object (the draft store replaces it on every change), so the many calculated questions
 * of a step share one evaluation per keystroke.
 */
import { checkFormula, fieldsForFormulas } from '../../engine/forms/calculations/check.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';
import { applyCalculations, calculationPlan, type CalculationPlan } from '../../engine/forms/calculations/plan.js';
import type { JsonSchema } from '@jsonforms/core';
import type { JsonObject } from '../../engine/forms/model.js';
import { optionsOf, type Option } from '../renderers/options.js';
import { isObject, own, resolveRef } from '../../engine/forms/schema-paths.js';
import { getAt, parsePointer } from '../../engine/json/pointer.js';
import { sameValue } from '../../engine/json/equal.js';

type Answers = Record<string, unknown>;

interface Calculations {
  plan: CalculationPlan;
  /** Answers → the same answers with every calculated answer recomputed (the same object when none changed). */
  results: WeakMap<object, Answers>;
  /** Per calculated answer (pointer): the fields its formula reads. */
  inputs: Map<string, string[]>;
  /** Titles of the fields formulas may read, by path (`/absence/firstDay`). */
  titles: Map<string, string>;
}

const bySchema = new WeakMap<object, Calculations | null>();

function calculationsOf(schema: unknown): Calculations | null {
  if (!schema || typeof schema !== 'object') return null;
  if (bySchema.has(schema)) return bySchema.get(schema)!;
  let found: Calculations | null = null;
  try {
    const plan = calculationPlan({ schema: schema as JsonObject });
    if (plan.fields.length) found = { plan, results: new WeakMap(), inputs: new Map(), titles: new Map() };
  } catch {
    // A schema the definition policy would refuse (the designer mid-edit): no calculations.
  }
  bySchema.set(schema, found);
  return found;
}

/** Whether the form has calculated answers at all. */
export function hasCalculations(schema: unknown): boolean {
  return calculationsOf(schema) !== null;
}

/** `answers` with every calculated answer worked out now (set, or removed when blank); `answers` itself when nothing changes. */
export function withCalculations(schema: unknown, answers: Answers): Answers {
  const c = calculationsOf(schema);
  if (!c) return answers;
  const cached = c.results.get(answers);
  if (cached) return cached;
  let result = answers;
  try {
    const applied = applyCalculations(c.plan, answers, { today: londonToday(new Date()) });
    if (c.plan.fields.some((f) => !sameValue(getAt(applied, f.pointer), getAt(answers, f.pointer)))) result = applied;
  } catch {
    // The evaluator never throws on data; a plan it cannot apply leaves the answers as they are.
  }
  c.results.set(answers, result);
  // The result is itself worked out: applying again to it gives it back.
  if (result !== answers) c.results.set(result, result);
  return result;
}

/** A draft store's `derive` for this schema, or null when the form calculates nothing. */
export function calculatedAnswers(schema: unknown): ((answers: Answers) => Answers) | null {
  return hasCalculations(schema) ? (answers) => withCalculations(schema, answers) : null;
}

/** The fields the formula of the calculated answer at `pointer` reads. */
function inputsOf(c: Calculations, schema: unknown, pointer: string): string[] {
  let inputs = c.inputs.get(pointer);
  if (!inputs) {
    const formula = c.plan.fields.find((f) => f.pointer === pointer)?.formula;
    inputs = formula ? checkFormula(formula, schema as JsonObject).inputs : [];
    c.inputs.set(pointer, inputs);
  }
  return inputs;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * The questions still to answer before the calculated answer at `pointer` can be worked out,
 * by their titles, in the order the form asks them. A blank calculated input is followed to
 * the questions it needs in turn. Inputs through a repeating group (a column) are not listed:
 * their blanks are skipped, never the reason for a blank.
 */
export function missingInputs(schema: unknown, pointer: string, answers: Answers): string[] {
  const c = calculationsOf(schema);
  if (!c) return [];
  if (!c.titles.size) for (const f of fieldsForFormulas(schema as JsonObject)) c.titles.set(f.path, f.title);
  const out: string[] = [];
  const order = [...c.titles.keys()];
  const seen = new Set<string>([pointer]);
  const visit = (p: string): void => {
    for (const input of inputsOf(c, schema, p)) {
      if (seen.has(input) || parsePointer(input).includes('*')) continue;
      seen.add(input);
      if (!isBlank(getAt(answers, input))) continue;
      if (c.plan.fields.some((f) => f.pointer === input)) visit(input);
      else out.push(input);
    }
  };
  visit(pointer);
  // In the order the form asks them (its schema's order), not the order the formula reads them.
  return out.sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((p) => c.titles.get(p) ?? p.split('/').pop() ?? p);
}

/** The schema of the answer at `pointer` (rows as `*`), following `$ref`s. */
function schemaAt(root: JsonObject, pointer: string): JsonObject | null {
  let cur: JsonObject | null = resolveRef(root, root);
  for (const token of parsePointer(pointer)) {
    if (!cur) return null;
    const props = own(cur, 'properties');
    const next = token === '*' || /^\d+$/.test(token) ? own(cur, 'items') : isObject(props) ? own(props, token) : undefined;
    cur = resolveRef(root, next);
  }
  return cur;
}

function optionList(schema: JsonObject | null): Option[] {
  return schema ? optionsOf(schema as JsonSchema) : [];
}

/**
 * The options (codes with titles) a calculated choice takes its answer from: its own, if its
 * schema lists them, else those of the answers its formula reads (a grade worked out from domain
 * grades reads as the domain grades' titles).
 */
export function choiceOptions(schema: unknown, pointer: string): Option[] {
  if (!isObject(schema)) return [];
  const own = optionList(schemaAt(schema, pointer));
  if (own.length) return own;
  const c = calculationsOf(schema);
  const formula = formulaAt(schema, pointer);
  if (!c || !formula) return [];
  const seen = new Set([pointer]);
  const out: Option[] = [];
  const visit = (p: string): void => {
    for (const input of inputsOf(c, schema, p)) {
      if (seen.has(input)) continue;
      seen.add(input);
      const listed = optionList(schemaAt(schema, input));
      if (listed.length) {
        for (const o of listed) if (!out.some((x) => x.code === o.code)) out.push(o);
      } else if (c.plan.fields.some((f) => f.pointer === input)) visit(input);
    }
  };
  visit(pointer);
  return out;
}

/** The plan's formula for the calculated answer at `pointer`. */
export function formulaAt(schema: unknown, pointer: string): string | undefined {
  return calculationsOf(schema)?.plan.fields.find((f) => f.pointer === pointer)?.formula;
}
