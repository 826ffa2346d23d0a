/**
 * The fixed table of functions a formula can call: the catalogue the designer's picker and the
 * README show (CALC_FUNCTIONS), and for each its type rule (used by the checker) and its
 * implementation (used by the evaluator). Nothing outside this table can be called.
 */
import type { CalcType, ValueType } from './language.js';
import { dateOf, dayNumber, secondsOf, workingDaysBetween } from './dates.js';

export interface CalcFunction {
  name: string;
  /** "Working days between two dates". */
  label: string;
  description: string;
  params: { label: string; types: CalcType[]; list?: 'allowed' | 'required' | 'repeatable' }[];
  result: CalcType | 'same';
}

const NUMBERS: CalcType[] = ['number', 'integer'];
const ORDERED: CalcType[] = ['number', 'integer', 'date', 'time'];
const ANY: CalcType[] = ['number', 'integer', 'text', 'date', 'time', 'yesno', 'choice'];

export const CALC_FUNCTIONS: readonly CalcFunction[] = [
  {
    name: 'round',
    label: 'Round to a whole number',
    description: 'The nearest whole number (halves go away from zero: 2.5 becomes 3). Write round(x, 2) to keep 2 decimal places instead.',
    params: [{ label: 'Number', types: NUMBERS }],
    result: 'integer',
  },
  { name: 'floor', label: 'Round down', description: 'The whole number at or below a number: 7.9 becomes 7.', params: [{ label: 'Number', types: NUMBERS }], result: 'integer' },
  { name: 'ceil', label: 'Round up', description: 'The whole number at or above a number: 7.1 becomes 8.', params: [{ label: 'Number', types: NUMBERS }], result: 'integer' },
  { name: 'abs', label: 'Size of a number', description: 'A number without its minus sign: -3 becomes 3.', params: [{ label: 'Number', types: NUMBERS }], result: 'same' },
  {
    name: 'min',
    label: 'Smallest or earliest',
    description: 'The smallest number, or the earliest date or time, of the answers given (unanswered ones are skipped). A repeating group’s question gives every row’s answer.',
    params: [{ label: 'Answers', types: ORDERED, list: 'repeatable' }],
    result: 'same',
  },
  {
    name: 'max',
    label: 'Largest or latest',
    description: 'The largest number, or the latest date or time, of the answers given (unanswered ones are skipped). A repeating group’s question gives every row’s answer.',
    params: [{ label: 'Answers', types: ORDERED, list: 'repeatable' }],
    result: 'same',
  },
  {
    name: 'sum',
    label: 'Total',
    description: 'The numbers added up, e.g. every row’s hours in a repeating group (unanswered ones are skipped; the total of nothing is 0).',
    params: [{ label: 'Numbers', types: NUMBERS, list: 'repeatable' }],
    result: 'same',
  },
  {
    name: 'count',
    label: 'How many',
    description: 'How many rows a repeating group has (count(actions)), or how many of the answers given are answered.',
    params: [{ label: 'Rows or answers', types: ANY, list: 'repeatable' }],
    result: 'integer',
  },
  {
    name: 'if',
    label: 'If … then … otherwise',
    description: 'The second value when the yes/no condition is yes, the third when it is no (nothing while the condition cannot be worked out).',
    params: [
      { label: 'Condition', types: ['yesno'] },
      { label: 'Then', types: ANY },
      { label: 'Otherwise', types: ANY },
    ],
    result: 'same',
  },
  {
    name: 'ifBlank',
    label: 'Answer, or a fallback',
    description: 'The answer, or the fallback value when it is not answered.',
    params: [
      { label: 'Answer', types: ANY },
      { label: 'Fallback', types: ANY },
    ],
    result: 'same',
  },
  { name: 'answered', label: 'Is answered', description: 'Yes when the question is answered, no when it is not.', params: [{ label: 'Answer', types: ANY, list: 'allowed' }], result: 'yesno' },
  {
    name: 'daysBetween',
    label: 'Days between two dates',
    description: 'Calendar days from the first date to the second (the second minus the first; negative when the second is earlier).',
    params: [
      { label: 'From', types: ['date'] },
      { label: 'To', types: ['date'] },
    ],
    result: 'integer',
  },
  {
    name: 'workingDays',
    label: 'Working days between two dates',
    description: 'Monday to Friday from the first date to the second, both included, less England and Wales bank holidays; 0 when the second is earlier.',
    params: [
      { label: 'From', types: ['date'] },
      { label: 'To', types: ['date'] },
    ],
    result: 'integer',
  },
  {
    name: 'minutesBetween',
    label: 'Minutes between two times',
    description: 'Whole minutes from the first time to the second (negative when the second is earlier).',
    params: [
      { label: 'Start', types: ['time'] },
      { label: 'End', types: ['time'] },
    ],
    result: 'integer',
  },
  {
    name: 'addDays',
    label: 'Date plus days',
    description: 'The date a number of days later (or earlier, for a negative number).',
    params: [
      { label: 'Date', types: ['date'] },
      { label: 'Days', types: ['integer'] },
    ],
    result: 'date',
  },
  { name: 'today', label: 'Today', description: 'Today’s date in the UK.', params: [], result: 'date' },
  {
    name: 'lowest',
    label: 'Lowest grade',
    description: 'Of graded answers (single choices, or every row’s), the one furthest down the list of options (options are listed best first).',
    params: [{ label: 'Grades', types: ['choice'], list: 'repeatable' }],
    result: 'choice',
  },
  {
    name: 'mostCommon',
    label: 'Most common answer',
    description: 'Of graded answers, the one given most often; a tie goes to the one further down the list of options.',
    params: [{ label: 'Grades', types: ['choice'], list: 'repeatable' }],
    result: 'choice',
  },
];

/** A type as the checker sees it: also a repeating group's rows (only count() takes them) and a text literal's own value. */
export interface ArgType {
  type: CalcType | 'rows';
  list?: true;
  options?: string[];
  /** The text of a quoted literal, which may stand for a date, a time or a choice code. */
  literal?: string;
}

export type Value = unknown;
export interface RunEnv {
  today: string;
  /** The option codes (best first) of a choice result, from the checker; absent without a schema. */
  options?: string[];
}

export interface FunctionRule {
  arity: [number, number];
  /** The result type, or a sentence saying what is wrong (`{name}` args are described by the caller). */
  check(args: ArgType[]): ValueType | { problem: string; arg?: number };
  run(args: Value[], env: RunEnv): Value;
}

export function isBlank(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v)) || (Array.isArray(v) && v.every(isBlank));
}

/** Every answered value of the arguments, lists opened up. */
function answeredItems(args: Value[]): unknown[] {
  return args.flatMap((a) => (Array.isArray(a) ? a : [a])).filter((v) => !isBlank(v));
}

const num = (v: Value): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export const TYPE_WORDS: Record<ArgType['type'], string> = {
  number: 'a number',
  integer: 'a whole number',
  text: 'text',
  date: 'a date',
  time: 'a time',
  yesno: 'a yes/no answer',
  choice: 'a choice',
  rows: 'a repeating group',
};

export function typeWords(t: ArgType): string {
  if (t.type === 'rows') return TYPE_WORDS.rows;
  return t.list ? `a list of ${TYPE_WORDS[t.type].replace(/^an? /, '')}${t.type === 'text' ? '' : 's'}` : TYPE_WORDS[t.type];
}

export const isNumeric = (t: ArgType) => !t.list && (t.type === 'number' || t.type === 'integer');

/** Whether a quoted literal stands for a value of kind `kind` (a date written '2026-01-31'…). */
export function literalFits(t: ArgType, kind: CalcType): boolean {
  if (t.literal === undefined) return false;
  if (kind === 'date') return dayNumber(t.literal) !== undefined;
  if (kind === 'time') return secondsOf(t.literal) !== undefined;
  return kind === 'text' || kind === 'choice';
}

/** The one kind among numbers, dates and times that all arguments share (lists opened up), or null. */
function orderedKind(args: ArgType[]): { kind: 'number' | 'integer' | 'date' | 'time' } | { problem: string; arg: number } {
  const kinds = args.map((a) => (a.type === 'integer' || a.type === 'number' ? 'number' : a.type));
  const main = args.find((a) => a.literal === undefined);
  const want = main ? (main.type === 'integer' ? 'number' : main.type) : 'number';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (kinds[i] === want) continue;
    if ((want === 'date' || want === 'time') && literalFits(a, want)) continue;
    if (!['number', 'date', 'time'].includes(want)) return { problem: `needs numbers, dates or times, but is given ${typeWords(main!)}`, arg: args.indexOf(main!) };
    return { problem: `needs answers of one kind (numbers, dates or times), but is given ${typeWords(main!)} and ${typeWords(a)}`, arg: i };
  }
  if (want === 'number') return { kind: args.every((a) => a.type === 'integer') ? 'integer' : 'number' };
  return { kind: want as 'date' | 'time' };
}

/** The type two alternatives share (`if`'s then and else), or null. */
export function commonType(a: ArgType, b: ArgType): ValueType | null {
  if (a.list || b.list || a.type === 'rows' || b.type === 'rows') return null;
  if (isNumeric(a) && isNumeric(b)) return { type: a.type === 'integer' && b.type === 'integer' ? 'integer' : 'number' };
  const textual = (t: ArgType) => t.type === 'text' || t.type === 'choice';
  if (a.type === 'choice' && b.type === 'choice' && sameOptions(a, b)) return { type: 'choice', options: a.options! };
  if (a.type === 'choice' && b.literal !== undefined && a.options?.includes(b.literal)) return { type: 'choice', options: a.options };
  if (b.type === 'choice' && a.literal !== undefined && b.options?.includes(a.literal)) return { type: 'choice', options: b.options };
  if (textual(a) && textual(b)) return { type: 'text' };
  for (const kind of ['date', 'time'] as const) {
    if ((a.type === kind || literalFits(a, kind)) && (b.type === kind || literalFits(b, kind)) && (a.type === kind || b.type === kind)) return { type: kind };
  }
  if (a.type === b.type) return { type: a.type };
  return null;
}

const sameOptions = (a: ArgType, b: ArgType) => JSON.stringify(a.options ?? []) === JSON.stringify(b.options ?? []);

/** Choice arguments that share one option list: that list, or a problem. */
function gradeOptions(args: ArgType[]): string[] | { problem: string; arg: number } {
  if (args.length === 0) return { problem: 'needs at least one graded answer', arg: 0 };
  for (let i = 0; i < args.length; i++) {
    if (args[i]!.type !== 'choice') return { problem: `works on graded answers (choices), but is given ${typeWords(args[i]!)}`, arg: i };
    if (!sameOptions(args[0]!, args[i]!)) return { problem: 'needs answers with the same options in the same order', arg: i };
  }
  return args[0]!.options ?? [];
}

const single = (t: ArgType, kinds: CalcType[], what: string, arg: number) =>
  t.type !== 'rows' && !t.list && (kinds.includes(t.type) || kinds.some((k) => literalFits(t, k))) ? null : { problem: `needs ${what}, but is given ${typeWords(t)}`, arg };

function roundTo(x: number, places: number): number {
  const f = 10 ** places;
  // (1 + ε) undoes binary fractions just under a half: round(1.005, 2) is 1.01, as on paper.
  return (Math.sign(x) * Math.round(Math.abs(x) * f * (1 + Number.EPSILON))) / f;
}

const daysOf = (args: Value[]) => args.map(dayNumber);

export const FUNCTION_RULES: Record<string, FunctionRule> = {
  round: {
    arity: [1, 2],
    check: (a) => single(a[0]!, NUMBERS, 'a number', 0) ?? (a[1] ? (single(a[1], ['integer'], 'a whole number of decimal places', 1) ?? { type: 'number' }) : { type: 'integer' }),
    run: ([x, p]) => {
      const n = num(x);
      const places = p === undefined ? 0 : num(p);
      if (n === undefined || places === undefined || !Number.isInteger(places) || places < 0 || places > 10) return undefined;
      return roundTo(n, places);
    },
  },
  floor: { arity: [1, 1], check: (a) => single(a[0]!, NUMBERS, 'a number', 0) ?? { type: 'integer' }, run: ([x]) => (num(x) === undefined ? undefined : Math.floor(num(x)!)) },
  ceil: { arity: [1, 1], check: (a) => single(a[0]!, NUMBERS, 'a number', 0) ?? { type: 'integer' }, run: ([x]) => (num(x) === undefined ? undefined : Math.ceil(num(x)!)) },
  abs: { arity: [1, 1], check: (a) => single(a[0]!, NUMBERS, 'a number', 0) ?? { type: a[0]!.type as CalcType }, run: ([x]) => (num(x) === undefined ? undefined : Math.abs(num(x)!)) },
  min: { arity: [1, 100], check: (a) => orderedCheck(a), run: (args) => pick(args, -1) },
  max: { arity: [1, 100], check: (a) => orderedCheck(a), run: (args) => pick(args, 1) },
  sum: {
    arity: [1, 100],
    check: (a) => {
      const bad = a.findIndex((t) => t.type !== 'number' && t.type !== 'integer');
      if (bad >= 0) return { problem: `adds up numbers, but is given ${typeWords(a[bad]!)}`, arg: bad };
      return { type: a.every((t) => t.type === 'integer') ? 'integer' : 'number' };
    },
    run: (args) => answeredItems(args).reduce<number>((s, v) => s + (num(v) ?? 0), 0),
  },
  count: { arity: [1, 100], check: () => ({ type: 'integer' }), run: (args) => answeredItems(args).length },
  if: {
    arity: [3, 3],
    check: (a) => {
      const cond = single(a[0]!, ['yesno'], 'a yes/no condition first (e.g. hours > 7)', 0);
      if (cond) return cond;
      return commonType(a[1]!, a[2]!) ?? { problem: `needs its two results to be of one kind, but is given ${typeWords(a[1]!)} and ${typeWords(a[2]!)}`, arg: 2 };
    },
    run: ([c, a, b]) => (typeof c === 'boolean' ? (c ? a : b) : undefined),
  },
  ifBlank: {
    arity: [2, 2],
    check: (a) => commonType(a[0]!, a[1]!) ?? { problem: `needs the answer and its fallback to be of one kind, but is given ${typeWords(a[0]!)} and ${typeWords(a[1]!)}`, arg: 1 },
    run: ([x, f]) => (isBlank(x) ? f : x),
  },
  answered: { arity: [1, 1], check: () => ({ type: 'yesno' }), run: ([x]) => !isBlank(x) },
  daysBetween: {
    arity: [2, 2],
    check: (a) => single(a[0]!, ['date'], 'a date first', 0) ?? single(a[1]!, ['date'], 'a date second', 1) ?? { type: 'integer' },
    run: (args) => {
      const [from, to] = daysOf(args);
      return from === undefined || to === undefined ? undefined : to - from;
    },
  },
  workingDays: {
    arity: [2, 2],
    check: (a) => single(a[0]!, ['date'], 'a date first', 0) ?? single(a[1]!, ['date'], 'a date second', 1) ?? { type: 'integer' },
    run: (args) => {
      const [from, to] = daysOf(args);
      return from === undefined || to === undefined ? undefined : workingDaysBetween(from, to);
    },
  },
  minutesBetween: {
    arity: [2, 2],
    check: (a) => single(a[0]!, ['time'], 'a time first', 0) ?? single(a[1]!, ['time'], 'a time second', 1) ?? { type: 'integer' },
    run: ([s, e]) => {
      const [start, end] = [secondsOf(s), secondsOf(e)];
      if (start === undefined || end === undefined) return undefined;
      const seconds = end - start;
      return Math.sign(seconds) * Math.floor(Math.abs(seconds) / 60) || 0;
    },
  },
  addDays: {
    arity: [2, 2],
    check: (a) => single(a[0]!, ['date'], 'a date first', 0) ?? single(a[1]!, ['integer'], 'a whole number of days second (use round(…) for a calculated number)', 1) ?? { type: 'date' },
    run: ([d, n]) => {
      const day = dayNumber(d);
      const days = num(n);
      return day === undefined || days === undefined || !Number.isInteger(days) ? undefined : dateOf(day + days);
    },
  },
  today: { arity: [0, 0], check: () => ({ type: 'date' }), run: (_, env) => (dayNumber(env.today) === undefined ? undefined : env.today) },
  lowest: {
    arity: [1, 100],
    check: (a) => {
      const options = gradeOptions(a);
      return Array.isArray(options) ? { type: 'choice', options } : options;
    },
    run: (args, env) => {
      const options = env.options;
      if (!options) return undefined;
      const at = Math.max(-1, ...answeredItems(args).map((v) => options.indexOf(v as string)));
      return at < 0 ? undefined : options[at];
    },
  },
  mostCommon: {
    arity: [1, 100],
    check: (a) => {
      const options = gradeOptions(a);
      return Array.isArray(options) ? { type: 'choice', options } : options;
    },
    run: (args, env) => {
      const items = answeredItems(args);
      const options = env.options ?? [...new Set(items.map(String))];
      const counts = options.map((o) => items.filter((v) => v === o).length);
      let best = -1;
      counts.forEach((c, i) => {
        if (c > 0 && (best < 0 || c >= counts[best]!)) best = i;
      });
      return best < 0 ? undefined : options[best];
    },
  },
};

function orderedCheck(args: ArgType[]): ValueType | { problem: string; arg?: number } {
  const kind = orderedKind(args.map((a) => ({ ...a, list: undefined })) as ArgType[]);
  return 'problem' in kind ? kind : { type: kind.kind };
}

/** The smallest (`dir` -1) or largest (1) of numbers, dates or times; blank for nothing or a mixture. */
function pick(args: Value[], dir: 1 | -1): Value {
  const items = answeredItems(args);
  if (items.length === 0) return undefined;
  const keyOf = items.every((v) => typeof v === 'number') ? (v: unknown) => v as number : items.every((v) => dayNumber(v) !== undefined) ? dayNumber : items.every((v) => secondsOf(v) !== undefined) ? secondsOf : null;
  if (!keyOf) return undefined;
  let best = items[0];
  for (const v of items) if ((keyOf(v)! - keyOf(best)!) * dir > 0) best = v;
  return best;
}
