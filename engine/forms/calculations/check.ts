/**
 * The static check of a formula against the form's schema: known functions, fields that exist,
 * types that fit. Every problem is a sentence an analyst can act on, pointing at the part of
 * the text it is about where it can.
 */
import { isObject, own, resolveRef } from '../schema-paths.js';
import type { JsonObject } from '../model.js';
import { locate, parseCached, type FormulaNode, type FormulaProblem, type ValueType } from './language.js';
import { CALC_FUNCTIONS, FUNCTION_RULES, commonType, isNumeric, typeWords, type ArgType } from './functions.js';

export interface CheckedFormula {
  ok: boolean;
  problems: FormulaProblem[];
  /** Result type when ok. */
  type?: ValueType;
  /** Field paths it reads, `/absence/firstDay` style, rows as `/actions/*\/dueDate`. */
  inputs: string[];
}

/** A check with the type of every part, which the evaluator needs for choices' option order. */
export interface TypedFormula extends CheckedFormula {
  node?: FormulaNode;
  types: Map<FormulaNode, ArgType>;
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** The type of a schema node that holds one answer; null for a group or anything else. */
export function answerType(node: JsonObject): ValueType | null {
  const options = optionCodes(node);
  switch (own(node, 'type')) {
    case 'integer':
      return { type: 'integer' };
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'yesno' };
    case 'string':
      if (options) return { type: 'choice', options };
      if (own(node, 'format') === 'date') return { type: 'date' };
      if (own(node, 'format') === 'time') return { type: 'time' };
      return { type: 'text' };
    default:
      return null;
  }
}

/** Codes of a choice (`oneOf`/`anyOf` of `{ const }`, or `enum`) that are text, best first. */
function optionCodes(node: JsonObject): string[] | undefined {
  for (const key of ['oneOf', 'anyOf']) {
    const list = own(node, key);
    if (Array.isArray(list) && list.length && list.every((o) => isObject(o) && typeof own(o, 'const') === 'string')) return list.map((o) => (o as JsonObject).const as string);
  }
  const values = own(node, 'enum');
  return Array.isArray(values) && values.length && values.every((v) => typeof v === 'string') ? (values as string[]) : undefined;
}

interface Resolved {
  type: ArgType;
  path: string;
  title: string;
}

/** A dotted name (`absence.firstDay`, `actions.dueDate`) in the schema, or a sentence saying why not. */
export function resolveName(schema: JsonObject, name: string): Resolved | string {
  const parts = name.split('.');
  let node: JsonObject | null = resolveRef(schema, schema);
  let path = '';
  let list = false;
  let title = name;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    while (node && own(node, 'type') === 'array') {
      list = true;
      path += '/*';
      node = resolveRef(schema, own(node, 'items'));
    }
    const props: unknown = node ? own(node, 'properties') : undefined;
    const raw = isObject(props) && FIELD_NAME.test(part) ? own(props, part) : undefined;
    const next = resolveRef(schema, raw);
    if (!next) {
      if (i === 0) return `There is no question called “${name}” in this form.`;
      const group = parts.slice(0, i).join('.');
      return isObject(props) ? `“${group}” has no question called “${part}”.` : `“${group}” is a single answer, so “${name}” does not exist.`;
    }
    node = next;
    path += `/${part}`;
    title = isObject(raw) && typeof raw.title === 'string' ? raw.title : typeof next.title === 'string' ? next.title : part;
  }
  if (!node) return `There is no question called “${name}” in this form.`;
  if (own(node, 'type') === 'array') {
    const items = resolveRef(schema, own(node, 'items'));
    if (items && own(items, 'type') === 'object') return { type: { type: 'rows', list: true }, path, title };
    const item = items && answerType(items);
    if (!item) return `“${name}” cannot be used in a formula.`;
    return { type: { ...item, list: true }, path: path + '/*', title };
  }
  if (own(node, 'type') === 'object') return `“${name}” is a group of questions, not one answer: name one of its questions, e.g. ${name}.someQuestion.`;
  const type = answerType(node);
  if (!type) return `“${name}” cannot be used in a formula.`;
  return { type: list ? { ...type, list: true } : type, path, title };
}

const FUNCTION_NAMES = CALC_FUNCTIONS.map((f) => f.name);

function unknownFunction(name: string): string {
  const near = FUNCTION_NAMES.find((f) => f.toLowerCase() === name.toLowerCase());
  if (near) return `There is no function called “${name}”: did you mean ${near}? (Capitals matter.)`;
  return `There is no function called “${name}”. The functions are ${FUNCTION_NAMES.join(', ')}.`;
}

/** How a part of the formula is named in a message. */
function describe(node: FormulaNode): string {
  if (node.kind === 'field') return `“${node.name}”`;
  if (node.kind === 'literal') return typeof node.value === 'string' ? `'${node.value}'` : String(node.value);
  if (node.kind === 'call') return `${node.name}(…)`;
  return 'that part';
}

/** The needle to point at for a node. */
function needle(node: FormulaNode): string {
  if (node.kind === 'field') return node.name;
  if (node.kind === 'call') return node.name + '(';
  if (node.kind === 'literal') return typeof node.value === 'string' ? node.value : String(node.value);
  return '';
}

function typeFormula(text: string, schema: JsonObject): TypedFormula {
  const { node, problems: parseProblems } = parseCached(text);
  const types = new Map<FormulaNode, ArgType>();
  const problems: FormulaProblem[] = [...parseProblems];
  const inputs = new Set<string>();
  if (!node) return { ok: false, problems, inputs: [], types };

  const problem = (message: string, at?: FormulaNode): null => {
    problems.push({ message, ...(at ? locate(text, needle(at)) : {}) });
    return null;
  };
  const listAdvice = (n: FormulaNode, t: ArgType) =>
    `${describe(n)} is ${typeWords(t)} (one for each row): use sum, count, min or max over it, or another function that takes a list.`;

  const infer = (n: FormulaNode): ArgType | null => {
    const t = inferNode(n);
    if (t) types.set(n, t);
    return t;
  };

  const inferNode = (n: FormulaNode): ArgType | null => {
    switch (n.kind) {
      case 'literal':
        if (typeof n.value === 'number') return { type: Number.isInteger(n.value) ? 'integer' : 'number' };
        if (typeof n.value === 'boolean') return { type: 'yesno' };
        return { type: 'text', literal: n.value };
      case 'field': {
        const r = resolveName(schema, n.name);
        if (typeof r === 'string') return problem(FUNCTION_NAMES.includes(n.name) ? `${n.name} is a function: write it with brackets, e.g. ${n.name}(…).` : r, n);
        inputs.add(r.path);
        return r.type;
      }
      case 'unary': {
        const t = infer(n.arg);
        if (!t) return null;
        if (n.op === '-') return isNumeric(t) ? { type: t.type } : problem(`A minus sign works on numbers, but ${describe(n.arg)} is ${typeWords(t)}.`, n.arg);
        return t.type === 'yesno' && !t.list ? { type: 'yesno' } : problem(`“!” (not) works on yes/no answers, but ${describe(n.arg)} is ${typeWords(t)}.`, n.arg);
      }
      case 'binary': {
        const l = infer(n.left);
        const r = infer(n.right);
        if (!l || !r) return null;
        for (const [side, t] of [[n.left, l], [n.right, r]] as const) if (t.list) return problem(listAdvice(side, t), side);
        const op = n.op;
        if (op === '+' || op === '-' || op === '*' || op === '/') {
          for (const [side, t] of [[n.left, l], [n.right, r]] as const) {
            if (isNumeric(t)) continue;
            const hint = t.type === 'date' ? ' Use daysBetween(from, to) or addDays(date, days) for dates.' : t.type === 'time' ? ' Use minutesBetween(start, end) for times.' : '';
            return problem(`The ${op} sign works on numbers, but ${describe(side)} is ${typeWords(t)}.${hint}`, side);
          }
          return { type: op !== '/' && l.type === 'integer' && r.type === 'integer' ? 'integer' : 'number' };
        }
        if (op === '&&' || op === '||') {
          for (const [side, t] of [[n.left, l], [n.right, r]] as const) {
            if (t.type !== 'yesno') return problem(`“${op}” joins yes/no conditions, but ${describe(side)} is ${typeWords(t)}.`, side);
          }
          return { type: 'yesno' };
        }
        // Comparisons.
        for (const [a, b, side] of [[l, r, n.right], [r, l, n.left]] as const) {
          if (a.type === 'choice' && b.literal !== undefined && !a.options?.includes(b.literal)) {
            return problem(`'${b.literal}' is not one of the answers to ${describe(side === n.right ? n.left : n.right)}: its codes are ${(a.options ?? []).join(', ')}.`, side);
          }
        }
        const common = commonType(l, r);
        if (!common) return problem(`${describe(n.left)} (${typeWords(l)}) cannot be compared with ${describe(n.right)} (${typeWords(r)}).`, n.left);
        if ((op === '<' || op === '<=' || op === '>' || op === '>=') && !['number', 'integer', 'date', 'time'].includes(common.type)) {
          return problem(`“${op}” compares numbers, dates or times, but ${describe(n.left)} is ${typeWords(l)}: use == or != instead.`, n.left);
        }
        return { type: 'yesno' };
      }
      case 'call': {
        const rule = Object.prototype.hasOwnProperty.call(FUNCTION_RULES, n.name) ? FUNCTION_RULES[n.name] : undefined;
        if (!rule) return problem(unknownFunction(n.name), n);
        const [min, max] = rule.arity;
        if (n.args.length < min || n.args.length > max) {
          const wanted = min === max ? `${min} value${min === 1 ? '' : 's'}` : max >= 100 ? `at least ${min} value${min === 1 ? '' : 's'}` : `${min} or ${max} values`;
          return problem(`${n.name} needs ${wanted} in its brackets; it has ${n.args.length}.`, n);
        }
        const args = n.args.map(infer);
        if (args.some((a) => !a)) return null;
        const result = rule.check(args as ArgType[]);
        if ('problem' in result) return problem(`${n.name} ${result.problem}.`, n.args[result.arg ?? 0] ?? n);
        if (n.name === 'count' || n.name === 'answered') return result;
        const rowsAt = (args as ArgType[]).findIndex((a) => a.type === 'rows');
        if (rowsAt >= 0) return problem(`${n.name} cannot use a whole repeating group: name one of its questions, e.g. ${(n.args[rowsAt] as { name?: string }).name ?? 'group'}.someQuestion.`, n.args[rowsAt]);
        return result;
      }
    }
  };

  const type = infer(node);
  if (!type || problems.length) return { ok: false, problems, inputs: [...inputs], types };
  if (type.type === 'rows' || type.list) {
    problems.push({ message: 'A calculated answer is one value, but this formula gives a list: use sum, count, min or max over it.' });
    return { ok: false, problems, inputs: [...inputs], types };
  }
  const { literal: _literal, ...result } = type;
  return { ok: true, problems, type: result as ValueType, inputs: [...inputs], node, types };
}

// One check per formula and schema: the runtime evaluates on every keystroke, the server per save.
const checked = new WeakMap<JsonObject, Map<string, TypedFormula>>();

/** checkFormula with the types of the formula's parts, remembered per schema object. */
export function typedFormula(text: string, schema: JsonObject): TypedFormula {
  let bySchema = checked.get(schema);
  if (!bySchema) checked.set(schema, (bySchema = new Map()));
  let t = bySchema.get(text);
  if (!t) {
    t = typeFormula(text, schema);
    if (bySchema.size >= 500) bySchema.clear();
    bySchema.set(text, t);
  }
  return t;
}

export function checkFormula(text: string, schema: JsonObject): CheckedFormula {
  const { ok, problems, type, inputs } = typedFormula(text, schema);
  return { ok, problems, ...(type ? { type } : {}), inputs };
}

/** Whether a formula's result type fits the property it is written on; a sentence when not. */
export function resultFits(result: ValueType, property: JsonObject): string | null {
  const want = answerType(property);
  const what = typeWords(result);
  if (!want) return 'A calculated answer must be a number, text, a date, a time or a yes/no answer.';
  switch (want.type) {
    case 'integer':
      return result.type === 'integer' ? null : result.type === 'number' ? 'This question holds whole numbers, but the formula can give a fraction: use round(…), floor(…) or ceil(…).' : `This question holds whole numbers, but the formula gives ${what}.`;
    case 'number':
      return result.type === 'integer' || result.type === 'number' ? null : `This question holds numbers, but the formula gives ${what}.`;
    case 'date':
    case 'time':
    case 'yesno':
      return result.type === want.type ? null : `This question holds ${typeWords(want)}, but the formula gives ${what}.`;
    case 'choice':
      if (result.type === 'choice' && (result.options ?? []).every((o) => want.options!.includes(o))) return null;
      return result.type === 'choice' ? 'The formula can give answers this question does not offer: give it the same options as the answers it is worked out from.' : `This question is a choice, but the formula gives ${what}: a calculated choice must come from lowest(…), mostCommon(…) or if(…) over the same options.`;
    case 'text':
      return result.type === 'text' || result.type === 'choice' ? null : `This question holds text, but the formula gives ${what}: change the question’s type to fit.`;
  }
}

/** The fields a formula may use, with their types, for pickers (every answer; the designer leaves the target out). */
export function fieldsForFormulas(schema: JsonObject): { name: string; path: string; title: string; type: ValueType }[] {
  const out: { name: string; path: string; title: string; type: ValueType }[] = [];
  const walk = (raw: unknown, names: string[], depth: number): void => {
    const node = resolveRef(schema, raw);
    if (!node || depth > 16) return;
    let inner: JsonObject | null = node;
    while (inner && own(inner, 'type') === 'array') inner = resolveRef(schema, own(inner, 'items'));
    const props = inner && own(inner, 'properties');
    if (inner && own(inner, 'type') === 'object' && isObject(props)) {
      for (const [k, v] of Object.entries(props)) walk(v, [...names, k], depth + 1);
      return;
    }
    if (!names.length) return;
    const r = resolveName(schema, names.join('.'));
    if (typeof r !== 'string' && r.type.type !== 'rows') out.push({ name: names.join('.'), path: r.path, title: r.title, type: r.type as ValueType });
  };
  walk(schema, [], 0);
  return out;
}
