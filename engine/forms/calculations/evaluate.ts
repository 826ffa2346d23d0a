/**
 * Evaluates a formula's tree against the answers. Blank (not answered) is `undefined`: it
 * spreads through arithmetic, comparisons and date functions, is skipped by sum/count/min/max/
 * lowest/mostCommon, and ifBlank/answered handle it. Never throws on data: anything that cannot
 * be worked out (division by zero, an invalid date, a formula that does not parse) is blank.
 */
import { isObject } from '../schema-paths.js';
import type { JsonObject } from '../model.js';
import { parseCached, type FormulaNode } from './language.js';
import { typedFormula } from './check.js';
import { FUNCTION_RULES, isBlank, type ArgType } from './functions.js';
import { dayNumber, secondsOf } from './dates.js';

export interface CalcEnv {
  /** YYYY-MM-DD, Europe/London. */
  today: string;
}

const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Europe/London at the instant `now`. */
export function londonToday(now: Date): string {
  // London's date changes only on a whole minute (midnight, and clock changes at 01:00 UTC), so
  // the date of each minute is worked out once: formatting is a good part of a submit's cost.
  const minute = Math.floor(now.getTime() / 60_000);
  const known = londonDays.get(minute);
  if (known !== undefined) return known;
  const parts = Object.fromEntries(LONDON.formatToParts(now).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  if (londonDays.size >= 1024) londonDays.clear();
  if (Number.isFinite(minute)) londonDays.set(minute, day);
  return day;
}
const londonDays = new Map<number, string>();

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The answer(s) a dotted name reaches; a list when the way passes through (or ends at) a repeating group. */
function fieldValue(data: unknown, name: string, listHint: boolean): unknown {
  // The usual case, one answer outside any repeating group, without making lists on the way.
  let v: unknown = data;
  for (const part of partsOf(name)) {
    if (Array.isArray(v)) return listValue(data, name, listHint);
    v = isObject(v) && hasOwn(v, part) ? v[part] : undefined;
  }
  return listHint || Array.isArray(v) ? listValue(data, name, listHint) : v;
}

/** Dotted names split once each (formulas name few fields; the cache is bounded all the same). */
const PARTS = new Map<string, string[]>();
export function partsOf(name: string): readonly string[] {
  let parts = PARTS.get(name);
  if (!parts) {
    if (PARTS.size >= 5000) PARTS.clear();
    PARTS.set(name, (parts = name.split('.')));
  }
  return parts;
}

/** A name's value when it passes through a repeating group (or the formula wants a list): every row's, flattened. */
function listValue(data: unknown, name: string, listHint: boolean): unknown {
  let cur: unknown[] = [data];
  let list = false;
  for (const part of name.split('.')) {
    const next: unknown[] = [];
    for (const v of cur) {
      const rows = Array.isArray(v) ? ((list = true), v) : [v];
      for (const row of rows) next.push(isObject(row) && hasOwn(row, part) ? row[part] : undefined);
    }
    cur = next;
  }
  if (list || listHint || cur.some(Array.isArray)) return cur.flatMap((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]));
  return cur[0];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Order of two numbers, dates or times (`-1`, `0`, `1`); undefined when they are not one of those kinds. */
function order(a: unknown, b: unknown): number | undefined {
  if (num(a) !== undefined && num(b) !== undefined) return Math.sign(num(a)! - num(b)!);
  for (const key of [dayNumber, secondsOf]) {
    const [x, y] = [key(a), key(b)];
    if (x !== undefined && y !== undefined) return Math.sign(x - y);
  }
  return undefined;
}

function equal(a: unknown, b: unknown): boolean {
  const o = order(a, b);
  return o === undefined ? a === b : o === 0;
}

interface Ctx {
  data: unknown;
  env: CalcEnv;
  types?: Map<FormulaNode, ArgType>;
}

function run(n: FormulaNode, ctx: Ctx): unknown {
  switch (n.kind) {
    case 'literal':
      return n.value;
    case 'field':
      return fieldValue(ctx.data, n.name, ctx.types?.get(n)?.list === true);
    case 'unary': {
      const v = run(n.arg, ctx);
      if (n.op === '-') return num(v) === undefined ? undefined : -num(v)!;
      return typeof v === 'boolean' ? !v : undefined;
    }
    case 'binary': {
      const l = run(n.left, ctx);
      const r = run(n.right, ctx);
      if (n.op === '&&' || n.op === '||') {
        // Three-valued: no && blank is no, yes || blank is yes; otherwise a blank side gives blank.
        const [a, b] = [typeof l === 'boolean' ? l : undefined, typeof r === 'boolean' ? r : undefined];
        if (n.op === '&&') return a === false || b === false ? false : a === undefined || b === undefined ? undefined : true;
        return a === true || b === true ? true : a === undefined || b === undefined ? undefined : false;
      }
      if (isBlank(l) || isBlank(r)) return undefined;
      switch (n.op) {
        case '+':
        case '-':
        case '*':
        case '/': {
          const [a, b] = [num(l), num(r)];
          if (a === undefined || b === undefined) return undefined;
          if (n.op === '+') return a + b;
          if (n.op === '-') return a - b;
          if (n.op === '*') return a * b;
          return b === 0 ? undefined : a / b;
        }
        case '==':
          return equal(l, r);
        case '!=':
          return !equal(l, r);
        default: {
          const o = order(l, r);
          if (o === undefined) return undefined;
          return n.op === '<' ? o < 0 : n.op === '<=' ? o <= 0 : n.op === '>' ? o > 0 : o >= 0;
        }
      }
    }
    case 'call': {
      const rule = hasOwn(FUNCTION_RULES, n.name) ? FUNCTION_RULES[n.name] : undefined;
      if (!rule || n.args.length < rule.arity[0] || n.args.length > rule.arity[1]) return undefined;
      const options = ctx.types?.get(n)?.options;
      return rule.run(
        n.args.map((a) => run(a, ctx)),
        { today: ctx.env.today, ...(options ? { options } : {}) },
      );
    }
  }
}

/** A result as stored: numbers without binary noise (0.1 + 0.2 is 0.3), anything unusable blank. */
function settle(v: unknown): unknown {
  // Whole numbers as they are (+ 0 turns -0 into 0); fractions rounded to 15 significant digits.
  if (typeof v === 'number') return Number.isFinite(v) ? (Number.isInteger(v) ? v + 0 : Number(v.toPrecision(15)) + 0) : undefined;
  if (Array.isArray(v) || isBlank(v)) return undefined;
  return v;
}

/** Evaluates a formula (checked or not) against the answers; undefined = blank. Never throws on data. */
export function evaluateFormula(text: string, data: unknown, env: CalcEnv, schema?: JsonObject): unknown {
  try {
    if (schema) {
      const typed = typedFormula(text, schema);
      return typed.ok && typed.node ? settle(run(typed.node, { data, env, types: typed.types })) : undefined;
    }
    const { node } = parseCached(text);
    return node ? settle(run(node, { data, env })) : undefined;
  } catch {
    // Nothing above throws by design; a formula's answer is blank rather than a failed save.
    return undefined;
  }
}
