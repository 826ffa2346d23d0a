/**
 * The sample answers of a calculated answer's "Try it": what each typed sample means as an
 * answer (a date, a number, yes or no…), the answers they make together (rows of a repeating
 * group included), and the result in words.
 */
import { dayNumber } from '../../engine/validation/dates.js';
import type { ValueType } from '../../engine/forms/calculations/language.js';
import type { FormulaField } from './calculations.js';
import { tokensOf } from './data-paths.js';

/** One sample box: a question's answer, or one row's cell of a repeating group's column. */
export interface Sample {
  field: FormulaField;
  /** For a repeating group's column: which row (from 0). */
  row?: number;
  key: string;
  /** As typed (a choice's code; `true`/`false` for yes or no). */
  value: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** What is wrong with a sample as typed, in words; null when it is right or empty. */
export function sampleProblem(s: Sample): string | null {
  const v = s.value.trim();
  if (v === '') return null;
  switch (s.field.type.type) {
    case 'date':
      return DATE.test(v) && dayNumber(v) >= 0 ? null : 'Write the date as YYYY-MM-DD, for example 2026-12-24.';
    case 'time':
      return TIME.test(v) ? null : 'Write the time as HH:MM, for example 09:30.';
    case 'integer':
      return Number.isInteger(Number(v)) ? null : 'Enter a whole number, like 7.';
    case 'number':
      return Number.isFinite(Number(v)) ? null : 'Enter a number, like 7.5.';
    default:
      return null;
  }
}

/** A sample as an answer; undefined when empty or wrong (a blank answer). */
function answerOf(s: Sample): unknown {
  const v = s.value.trim();
  if (v === '' || sampleProblem(s) !== null) return undefined;
  switch (s.field.type.type) {
    case 'integer':
    case 'number':
      return Number(v);
    case 'yesno':
      return v === 'true';
    default:
      return v;
  }
}

/** Sets `value` at `tokens` in `into`, making objects on the way. */
function put(into: Record<string, unknown>, tokens: string[], value: unknown): void {
  let cur = into;
  for (const t of tokens.slice(0, -1)) cur = (cur[t] ??= {}) as Record<string, unknown>;
  cur[tokens.at(-1)!] = value;
}

/** The answers the samples make: a row for every sample row of a column (even an empty one), blanks left out. */
export function sampleData(samples: readonly Sample[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const s of samples) {
    const value = answerOf(s);
    const path = s.field.path;
    const star = path.indexOf('/*');
    if (s.row === undefined || star < 0) {
      if (value !== undefined) put(data, tokensOf(path), value);
      continue;
    }
    const listTokens = tokensOf(path.slice(0, star));
    let list: unknown = data;
    for (const t of listTokens) list = (list as Record<string, unknown> | undefined)?.[t];
    if (!Array.isArray(list)) {
      list = [];
      put(data, listTokens, list);
    }
    const rows = list as Array<Record<string, unknown>>;
    while (rows.length <= s.row) rows.push({});
    const cell = tokensOf(path.slice(star + 2));
    if (value !== undefined && cell.length) put(rows[s.row]!, cell, value);
  }
  return data;
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "Monday 4 January 2027", as GOV.UK writes dates (some ICU versions put a comma after the day's name). */
const longDate = (iso: string): string =>
  LONG_DATE.formatToParts(new Date(`${iso}T00:00:00Z`))
    .filter((p) => p.type !== 'literal')
    .map((p) => p.value)
    .join(' ');

/** A result in words: a date with its day of the week, yes or no, a choice's label. */
export function sampleResult(value: unknown, type: ValueType | undefined, fields: readonly FormulaField[]): string {
  if (value === undefined || value === null) return 'blank (no answer)';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return value.toLocaleString('en-GB', { maximumFractionDigits: 10 });
  if (typeof value === 'string' && type?.type === 'date' && DATE.test(value)) return `${value} (${longDate(value)})`;
  if (typeof value === 'string' && type?.type === 'choice') {
    const label = fields.flatMap((f) => f.options ?? []).find((o) => o.code === value)?.label;
    return label && label !== value ? `${label} (${value})` : value;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
