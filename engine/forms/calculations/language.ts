/**
 * The formula language of calculated answers (`x-calculate`): text parsed by jsep into a plain
 * tree, then narrowed to the few node kinds we evaluate. Anything else jsep can read (`a[0]`,
 * `this`, `?:`, bitwise operators, arrays…) is refused here with a sentence an analyst can act
 * on. No `eval`, no `new Function`: the evaluator walks this tree and calls only CALC_FUNCTIONS.
 */
import jsep from 'jsep';
import { LIMITS } from '../../policy/limits.js';

export type CalcType = 'number' | 'integer' | 'text' | 'date' | 'time' | 'yesno' | 'choice';
export interface ValueType {
  type: CalcType;
  list?: true;
  /** Choice codes, best first. */
  options?: string[];
}
export interface FormulaProblem {
  /** A plain sentence for an analyst. */
  message: string;
  /** Offsets in the formula's text, when the problem has a place. */
  start?: number;
  end?: number;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';
export const BINARY_OPERATORS: readonly BinaryOperator[] = ['+', '-', '*', '/', '==', '!=', '<', '<=', '>', '>=', '&&', '||'];

/** The parsed formula. `field.name` is dotted as written (`absence.firstDay`). */
export type FormulaNode =
  | { kind: 'literal'; value: number | string | boolean }
  | { kind: 'field'; name: string }
  | { kind: 'unary'; op: '-' | '!'; arg: FormulaNode }
  | { kind: 'binary'; op: BinaryOperator; left: FormulaNode; right: FormulaNode }
  | { kind: 'call'; name: string; args: FormulaNode[] };

export interface ParsedFormula {
  node?: FormulaNode;
  problems: FormulaProblem[];
}

/** Where `needle` first appears in the text, to point at it (jsep keeps no positions). */
export function locate(text: string, needle: string): Pick<FormulaProblem, 'start' | 'end'> {
  const at = needle ? text.indexOf(needle) : -1;
  return at < 0 ? {} : { start: at, end: at + needle.length };
}

const OPERATOR_ADVICE: Record<string, string> = {
  '===': 'Write == instead of ===.',
  '!==': 'Write != instead of !==.',
  '%': 'The remainder operator % is not available in formulas.',
  '**': 'Powers (**) are not available: multiply instead, e.g. x * x.',
  '??': 'Write ifBlank(answer, fallback) instead of ??.',
  '+': 'A plus sign before a value does nothing in a formula: remove it.',
};

/** jsep's own error, said plainly. */
function parseError(text: string, err: unknown): FormulaProblem {
  const e = err as { description?: unknown; index?: unknown };
  const description = typeof e.description === 'string' ? e.description : String(err);
  const index = typeof e.index === 'number' ? Math.min(e.index, text.length) : undefined;
  const where = index === undefined ? {} : { start: index, end: Math.min(index + 1, text.length) };
  let message: string;
  let m: RegExpExecArray | null;
  if (/^Unclosed \(/.test(description) || /^Expected \)/.test(description)) message = 'A bracket ( is opened but never closed.';
  else if (/^Unclosed quote/.test(description)) message = 'A piece of text in quotes is not closed: end it with the same quote mark.';
  else if ((m = /^Expected expression after (.*)$/.exec(description))) message = `Something is missing after ${m[1]}.`;
  else if ((m = /^Unexpected "?(.*?)"?$/.exec(description))) message = `“${m[1]}” is not expected there${index === undefined ? '' : ` (character ${index + 1})`}.`;
  else message = `The formula cannot be read${index === undefined ? '' : ` at character ${index + 1}`}: check its brackets, commas and quotes.`;
  return { message, ...where };
}

/** Dotted name of `a.b.c`, or null when the chain holds anything but plain names. */
function dottedName(node: jsep.Expression): string | null {
  if (node.type === 'Identifier') return String((node as jsep.Identifier).name);
  if (node.type === 'MemberExpression') {
    const m = node as jsep.MemberExpression;
    if (m.computed || m.optional || m.property.type !== 'Identifier') return null;
    const left = dottedName(m.object);
    return left === null ? null : `${left}.${String((m.property as jsep.Identifier).name)}`;
  }
  return null;
}

/** Whether a chain `a[0].b` uses square brackets anywhere. */
function hasBrackets(node: jsep.Expression): boolean {
  if (node.type !== 'MemberExpression') return false;
  const m = node as jsep.MemberExpression;
  return m.computed || hasBrackets(m.object);
}

/** Parses and narrows a formula; problems say what to change. Limits from the definition policy. */
export function parseFormula(text: string): ParsedFormula {
  if (typeof text !== 'string' || text.trim() === '') return { problems: [{ message: 'Write a formula: it is empty.' }] };
  if (text.length > LIMITS.formulaLength) {
    return { problems: [{ message: `A formula can be at most ${LIMITS.formulaLength} characters long; this one has ${text.length}. Split it into several calculated answers.` }] };
  }
  let raw: jsep.Expression;
  try {
    raw = jsep(text);
  } catch (err) {
    return { problems: [parseError(text, err)] };
  }
  const problems: FormulaProblem[] = [];
  let nodes = 0;
  let deepest = 0;
  const refuse = (message: string, needle = ''): null => {
    problems.push({ message, ...locate(text, needle) });
    return null;
  };

  const walk = (e: jsep.Expression, depth: number): FormulaNode | null => {
    nodes++;
    deepest = Math.max(deepest, depth);
    switch (e.type) {
      case 'Literal': {
        const v = (e as jsep.Literal).value;
        if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'literal', value: v } : refuse('That number is too large.', String((e as jsep.Literal).raw));
        if (typeof v === 'string' || typeof v === 'boolean') return { kind: 'literal', value: v };
        if (v === null) return refuse('“null” is not a value a formula can use: for an unanswered question use ifBlank(…) or answered(…).', 'null');
        return refuse('That value cannot be used in a formula.', String((e as jsep.Literal).raw));
      }
      case 'Identifier':
      case 'MemberExpression': {
        const name = dottedName(e);
        if (name !== null) return { kind: 'field', name };
        if (hasBrackets(e)) {
          return refuse('Square brackets [ ] cannot be used: name a repeating group’s question (e.g. actions.dueDate) to use every row.', '[');
        }
        return refuse('Name a question by its name and the names of the groups it is in, joined by dots (e.g. absence.firstDay).');
      }
      case 'ThisExpression':
        return refuse('“this” cannot be used in a formula: name the question instead.', 'this');
      case 'ConditionalExpression':
        return refuse('Write if(condition, then, else) instead of “? :”.', '?');
      case 'ArrayExpression':
        return refuse('Square brackets [ ] cannot be used: name a repeating group’s question (e.g. actions.dueDate) to use every row.', '[');
      case 'Compound':
      case 'SequenceExpression':
        return refuse('A formula is one expression: something is missing between its parts (an operator such as + or a comma inside a function’s brackets).');
      case 'UnaryExpression': {
        const u = e as jsep.UnaryExpression;
        if (u.operator !== '-' && u.operator !== '!') return refuse(OPERATOR_ADVICE[u.operator] ?? `The operator ${u.operator} is not available in formulas.`, u.operator);
        const arg = walk(u.argument, depth + 1);
        return arg && { kind: 'unary', op: u.operator, arg };
      }
      case 'BinaryExpression': {
        const b = e as jsep.BinaryExpression;
        if (!(BINARY_OPERATORS as readonly string[]).includes(b.operator)) {
          return refuse(OPERATOR_ADVICE[b.operator] ?? `The operator ${b.operator} is not available in formulas.`, b.operator);
        }
        const left = walk(b.left, depth + 1);
        const right = walk(b.right, depth + 1);
        return left && right && { kind: 'binary', op: b.operator as BinaryOperator, left, right };
      }
      case 'CallExpression': {
        const c = e as jsep.CallExpression;
        if (c.callee.type !== 'Identifier') return refuse('Only the functions in the list can be called, by their name, e.g. round(x).');
        const args = c.arguments.map((a) => walk(a, depth + 1));
        if (args.some((a) => a === null)) return null;
        return { kind: 'call', name: String((c.callee as jsep.Identifier).name), args: args as FormulaNode[] };
      }
      default:
        return refuse('Part of this formula is not something a formula can hold.');
    }
  };
  const node = walk(raw, 1);
  if (nodes > LIMITS.formulaNodes) {
    problems.push({ message: `A formula can have at most ${LIMITS.formulaNodes} parts (answers, values, operators and functions); this one has ${nodes}. Split it into several calculated answers.` });
  }
  if (deepest > LIMITS.formulaDepth) {
    problems.push({ message: `A formula can nest at most ${LIMITS.formulaDepth} levels deep; this one nests ${deepest}. Split it into several calculated answers.` });
  }
  return problems.length || !node ? { problems } : { node, problems };
}

// Formulas repeat (every save evaluates the same few): parse each text once.
const parsed = new Map<string, ParsedFormula>();

/** parseFormula, remembered for the last few hundred texts. */
export function parseCached(text: string): ParsedFormula {
  let p = parsed.get(text);
  if (!p) {
    p = parseFormula(text);
    if (parsed.size >= 500) parsed.clear();
    parsed.set(text, p);
  }
  return p;
}
