/**
 * Calculated answers in the designer: a question whose `x-calculate` formula (the language of
 * engine/forms/calculations) works its answer out from other answers. The analyst picks a
 * function by its plain label and its inputs from the questions that fit (`pickOf`/`formulaOf`),
 * or writes the formula as text; either way the formula is checked by the engine's own checker
 * and the question's type follows the formula's result (`setFormula`). Names in formulas follow
 * renames and removals are reported (formula-names.ts).
 */
import jsep from 'jsep';
import { checkFormula, fieldsForFormulas, type CheckedFormula } from '../../engine/forms/calculations/check.js';
import { CALC_FUNCTIONS } from '../../engine/forms/calculations/functions.js';
import type { CalcType, ValueType } from '../../engine/forms/calculations/language.js';
import { calculatedFields, calculationOrder, cycleMessage } from '../../engine/forms/calculations/plan.js';
import { LIMITS } from './limits.js';
import { schemaAt } from './data-paths.js';
import { Draft } from './draft.js';
import { own, q, type JsonObject } from './json.js';
import { CALCULATE_KEY, guessKind, optionsOf } from './kinds.js';
import { labelOfField, labelOfLoc, type Loc } from './locate.js';
import { viewTree } from './outline.js';
import { DesignError, type Definition, type EditResult, type NodePath } from './types.js';

/** The policy's limit on a formula's length. */
export const FORMULA_MAX_LENGTH = LIMITS.formulaLength;

/** One input of a function the picker offers. */
export interface PickParam {
  label: string;
  types: CalcType[];
  /** `required`: a repeating group's column; `allowed`: one answer or a column; `repeatable`: as many inputs as wanted. */
  list?: 'allowed' | 'required' | 'repeatable';
}

/** A function (or an arithmetic operator) as the picker offers it. */
export interface PickFunction {
  /** The function's name, or the operator (`+`, `-`, `*`, `/`). */
  key: string;
  label: string;
  description: string;
  params: PickParam[];
}

const NUMBERS: CalcType[] = ['number', 'integer'];
const operator = (key: string, label: string, description: string, first: string, second: string): PickFunction => ({
  key,
  label,
  description,
  params: [
    { label: first, types: NUMBERS },
    { label: second, types: NUMBERS },
  ],
});
/** Arithmetic is written with operators, but an analyst picks it by name like the functions. */
const OPERATORS: readonly PickFunction[] = [
  operator('+', 'Add', 'One number plus another.', 'First number', 'Number to add'),
  operator('-', 'Subtract', 'One number less another.', 'Number to take from', 'Number to take away'),
  operator('*', 'Multiply', 'One number times another.', 'First number', 'Multiply by'),
  operator('/', 'Divide', 'One number divided by another (blank when dividing by zero).', 'Number to divide', 'Divide by'),
];

/** Everything the picker offers: arithmetic first, then the engine's functions, by their labels. */
export function pickFunctions(): readonly PickFunction[] {
  const named = CALC_FUNCTIONS.filter((f) => !OPERATORS.some((o) => o.label === f.label)).map((f) => ({ key: f.name, label: f.label, description: f.description, params: f.params.map((p) => ({ label: p.label, types: [...p.types], ...(p.list ? { list: p.list } : {}) })) }));
  return [...OPERATORS, ...named];
}

/** An input in the picker: a question (its name in formulas), a number or some text typed in. */
export type PickInput = { field: string } | { number: number } | { text: string };

/** What the picker shows: a function and its inputs (null where not chosen yet). */
export interface Pick {
  key: string;
  inputs: Array<PickInput | null>;
}

/** A question a formula may use, as the picker lists it. */
export interface FormulaField {
  /** As written in formulas: `absence.firstDay`; a repeating group's column `actions.hours`. */
  name: string;
  /** Its data path: `/absence/firstDay`, `/actions/*\/hours`. */
  path: string;
  label: string;
  type: ValueType;
  /** A choice's options (code and label), best first. */
  options?: Array<{ code: string; label: string }>;
}

function calculatedLoc(def: Definition, path: NodePath): { v: Definition; loc: Loc; field: string; node: JsonObject; label: string; tree: ReturnType<typeof viewTree>['tree'] } {
  const { def: v, tree } = viewTree(def);
  const loc = tree.byPath.get(path.endsWith('.d') ? path.slice(0, -2) : path);
  if (!loc) throw new DesignError('That part of the form no longer exists; the outline may be out of date.');
  if (loc.kind !== 'field' || loc.field === undefined || !loc.schema) throw new DesignError('Only a question can be calculated.');
  if (guessKind(v.schema as JsonObject, loc.schema, loc.el) !== 'calculated') throw new DesignError(`${q(labelOfLoc(v, loc))} is not a calculated answer.`);
  return { v, loc, field: loc.field, node: loc.schema, label: labelOfLoc(v, loc), tree };
}

/** The data paths of the calculated answers worked out from `field`, directly or through others. */
function workedOutFrom(schema: JsonObject, field: string): Set<string> {
  const uses = calculatedFields(schema).map((f) => ({ pointer: f.pointer, inputs: checkFormula(f.formula, schema).inputs }));
  const out = new Set<string>();
  for (let grew = true, from = new Set([field]); grew; ) {
    grew = false;
    for (const u of uses) {
      if (out.has(u.pointer) || !u.inputs.some((i) => from.has(i))) continue;
      out.add(u.pointer);
      from.add(u.pointer);
      grew = true;
    }
  }
  return out;
}

/** The questions the calculated answer at `path` can use: not itself, nor the calculated answers worked out from it. Labelled as in the outline. */
export function formulaFields(def: Definition, path: NodePath): FormulaField[] {
  const { v, field, tree } = calculatedLoc(def, path);
  const root = v.schema as JsonObject;
  const users = workedOutFrom(root, field);
  return fieldsForFormulas(root)
    .filter((f) => f.path !== field && !users.has(f.path))
    .map((f) => {
      const opts = f.type.type === 'choice' ? optionsOf(schemaAt(root, f.path)) ?? optionsOf(schemaAt(root, `${f.path}/*`)) : undefined;
      const out: FormulaField = { name: f.name, path: f.path, label: tree.all.some((l) => l.field === f.path) ? labelOfField(v, tree, f.path) : f.title, type: f.type };
      if (opts) out.options = opts.map((o) => ({ code: String(o.code), label: o.label }));
      return out;
    });
}

/** Does a field of type `t` fit a parameter? A whole number is a number; a choice is text. */
export function fits(param: PickParam, t: ValueType): boolean {
  const kind = t.type === 'integer' && param.types.includes('number') ? 'number' : t.type === 'choice' && param.types.includes('text') && !param.types.includes('choice') ? 'text' : t.type;
  if (!param.types.includes(kind)) return false;
  if (param.list === 'required') return t.list === true;
  if (param.list === undefined) return t.list !== true;
  return true;
}

/** What a parameter may take typed in: a number, some text, or nothing (a question only). */
export function typedFor(param: PickParam): 'number' | 'text' | null {
  if (param.list === 'required') return null;
  if (param.types.includes('number') || param.types.includes('integer')) return 'number';
  if (param.types.includes('text')) return 'text';
  return null;
}

export interface Calculation {
  formula: string;
  checked: CheckedFormula;
  /** The formula as the picker shows it; null when it is a shape the picker cannot show (edited as text). */
  pick: Pick | null;
  fields: FormulaField[];
}

/** The calculated answer at `path`: its formula, what the checker says of it, and the picker's view. */
export function calculationOf(def: Definition, path: NodePath): Calculation {
  const { node } = calculatedLoc(def, path);
  const raw = own(node, CALCULATE_KEY);
  const formula = typeof raw === 'string' ? raw : '';
  return { formula, checked: checkCalculation(def, path, formula), pick: pickOf(formula), fields: formulaFields(def, path) };
}

/**
 * The checker's verdict on `text` as the formula of the calculated answer at `path`: the engine's
 * own check, plus what only the whole form shows — a formula that uses its own answer, or
 * calculated answers worked out from each other.
 */
export function checkCalculation(def: Definition, path: NodePath, text: string): CheckedFormula {
  const { v, field, label, tree } = calculatedLoc(def, path);
  if (!text.trim()) return { ok: false, problems: [{ message: `Choose a calculation for ${q(label)}, or write its formula.` }], inputs: [] };
  const schema = v.schema as JsonObject;
  const checked = checkFormula(text, schema);
  // A formula that uses its own answer, directly or through others: the policy's sentence, this answer first.
  const cycle = checked.inputs.includes(field) ? [] : checked.ok ? calculationOrder(withFormula(schema, field, text)).cycle : undefined;
  const at = cycle?.findIndex((f) => f.pointer === field) ?? -1;
  if (!cycle || (cycle.length && at < 0)) return checked;
  const others = [...cycle.slice(at + 1), ...cycle.slice(0, at)].map((f) => labelOfField(v, tree, f.pointer));
  return { ...checked, ok: false, problems: [...checked.problems, { message: cycleMessage([label, ...others]) }] };
}

/** A copy of `schema` with the formula at data path `field` (outside repeating groups) set to `text`. */
function withFormula(schema: JsonObject, field: string, text: string): JsonObject {
  const copy = structuredClone(schema);
  const node = schemaAt(copy, field);
  if (node) node[CALCULATE_KEY] = text;
  return copy;
}

/** The schema type and format a calculated answer of type `t` is kept as. */
export function schemaTypeOf(t: ValueType): { type: string; format?: string } {
  if (t.list) return { type: 'array' };
  switch (t.type) {
    case 'integer':
      return { type: 'integer' };
    case 'number':
      return { type: 'number' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'time':
      return { type: 'string', format: 'time' };
    case 'yesno':
      return { type: 'boolean' };
    default:
      return { type: 'string' };
  }
}

/** The kind of answer a result is, in words for the panel. */
export function resultWords(t: ValueType | undefined): string {
  switch (t?.type) {
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'date':
      return 'a date';
    case 'time':
      return 'a time of day';
    case 'yesno':
      return 'yes or no';
    case 'choice':
      return 'one of the options';
    case 'text':
      return 'text';
    default:
      return 'not known until the formula is right';
  }
}

/**
 * Sets the formula of the calculated answer at `path`. A formula the checker finds problems in is
 * kept (the draft lists them, the panel shows them at the box) so the analyst can finish it;
 * a right one sets the answer's type from its result (a whole number, a date…).
 */
export function setFormula(def: Definition, path: NodePath, text: string): EditResult {
  if (typeof text !== 'string') throw new DesignError('A formula is text.');
  const { field } = calculatedLoc(def, path);
  const checked = checkCalculation(def, path, text);
  // The policy's length limit (its own sentence): a formula that long is not kept even unfinished.
  if (text.length > FORMULA_MAX_LENGTH) throw new DesignError(checked.problems[0]?.message ?? `A formula can be at most ${FORMULA_MAX_LENGTH} characters long.`);
  const d = new Draft(def);
  const node = d.own(field);
  node[CALCULATE_KEY] = text;
  node.readOnly = true;
  if (checked.ok && checked.type) {
    const { type, format } = schemaTypeOf(checked.type);
    node.type = type;
    if (format) node.format = format;
    else delete node.format;
  }
  d.touch();
  return d.result();
}

// --- The formula as text: the picker's shape, names in it ---------------------------------

type Node = jsep.Expression;

/** `a.b.c` written as names and dots only; null for anything else. */
function dottedName(n: Node): string | null {
  if (n.type === 'Identifier') return String(n.name);
  if (n.type === 'MemberExpression' && !n.computed && (n.property as Node).type === 'Identifier') {
    const head = dottedName(n.object as Node);
    return head === null ? null : `${head}.${String((n.property as Node).name)}`;
  }
  return null;
}

function inputOf(n: Node): PickInput | null {
  if (n.type === 'Literal') {
    if (typeof n.value === 'number') return { number: n.value };
    if (typeof n.value === 'string') return { text: n.value };
    return null;
  }
  if (n.type === 'UnaryExpression' && n.operator === '-' && (n.argument as Node).type === 'Literal' && typeof (n.argument as Node).value === 'number') return { number: -((n.argument as Node).value as number) };
  const name = dottedName(n);
  return name === null || name === 'true' || name === 'false' || name === 'this' ? null : { field: name };
}

/** The picker's view of a formula: one function (or operator) over questions and typed values; null for any other shape. */
export function pickOf(text: string): Pick | null {
  if (!text.trim()) return { key: '', inputs: [] };
  let tree: Node;
  try {
    tree = jsep(text);
  } catch {
    return null;
  }
  const all = pickFunctions();
  if (tree.type === 'BinaryExpression' && OPERATORS.some((o) => o.key === tree.operator)) {
    const inputs = [inputOf(tree.left as Node), inputOf(tree.right as Node)];
    return inputs.every((i) => i !== null) ? { key: String(tree.operator), inputs } : null;
  }
  if (tree.type !== 'CallExpression' || (tree.callee as Node).type !== 'Identifier') return null;
  const fn = all.find((f) => f.key === (tree.callee as Node).name);
  if (!fn) return null;
  const args = (tree.arguments as Node[]).map(inputOf);
  if (args.some((a) => a === null)) return null;
  const repeatable = fn.params.at(-1)?.list === 'repeatable';
  if (args.length > fn.params.length && !repeatable) return null;
  return { key: fn.key, inputs: args };
}

const quoteText = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const written = (i: PickInput): string => ('field' in i ? i.field : 'number' in i ? String(i.number) : quoteText(i.text));

/** The formula for a pick; null while an input is still to be chosen. */
export function formulaOf(pick: Pick): string | null {
  const fn = pickFunctions().find((f) => f.key === pick.key);
  if (!fn) return null;
  const repeatable = fn.params.at(-1)?.list === 'repeatable';
  const inputs = repeatable ? pick.inputs.filter((i, n) => i !== null || n < fn.params.length - 1) : pick.inputs;
  if (inputs.length < fn.params.length || inputs.some((i) => i === null)) return null;
  const parts = (inputs as PickInput[]).map(written);
  if (OPERATORS.includes(fn)) return `${parts[0]} ${fn.key} ${parts[1]}`;
  return `${fn.key}(${parts.join(', ')})`;
}
