/**
 * What is wrong with a date, or a date and time, as the runtime stores what was typed into its
 * Day, Month and Year boxes (and time box): `YYYY-MM-DD` with parts possibly empty or not numbers
 * (`-03-12`, `26-03-12`, `2026--12`, `20x6-03-12`), a date-time as `<date>T<time>` until both are
 * whole (then ISO 8601 with an offset). Says which boxes are wrong, so an error message can name
 * the part (GOV.UK's date input guidance: "must include a month", "Year must include 4 numbers",
 * "must be a real date") and the page can mark just those boxes. Pure: the runtime imports it.
 */
import { isDate, isDateTime } from './formats.js';
import { isRealDay } from './dates.js';

/** A box of the date input (and the time box of a date and time). */
export type DatePart = 'day' | 'month' | 'year' | 'time';

export type DateProblemKind =
  /** Nothing typed in any box. */
  | 'empty'
  /** Some boxes are empty: `parts` are the empty ones (all three of the date's when only a time was typed). */
  | 'incomplete'
  /** The year is a number but not of 4 digits (`26`). */
  | 'year-digits'
  /** What is typed cannot be a date (or time): `parts` are the boxes at fault, none when it is not clear which. */
  | 'not-real';

export interface DateProblem {
  kind: DateProblemKind;
  /** The boxes to mark as wrong, in the order they are shown; empty means the whole answer. */
  parts: DatePart[];
}

const DIGITS = /^[0-9]+$/;
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?(Z|z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?$/;

/** The date boxes' problem, or null when the three make a real date. */
function dayProblem(text: string): DateProblem | null {
  const m = /^([^-]*)-([^-]*)-(.*)$/.exec(text);
  // Not the boxes' shape (sent some other way): not clear which part is wrong.
  if (!m) return text.trim() === '' ? { kind: 'empty', parts: [] } : { kind: 'not-real', parts: [] };
  const [year, month, day] = [m[1]!.trim(), m[2]!.trim(), m[3]!.trim()];
  const missing = (['day', 'month', 'year'] as const).filter((p) => ({ day, month, year })[p] === '');
  if (missing.length === 3) return { kind: 'empty', parts: [] };
  if (missing.length) return { kind: 'incomplete', parts: missing };
  const wrong: DatePart[] = [];
  const d = DIGITS.test(day) && day.length <= 2 ? Number(day) : NaN;
  const mo = DIGITS.test(month) && month.length <= 2 ? Number(month) : NaN;
  if (!(d >= 1 && d <= 31)) wrong.push('day');
  if (!(mo >= 1 && mo <= 12)) wrong.push('month');
  if (!DIGITS.test(year) || (wrong.length && year.length !== 4)) wrong.push('year');
  if (wrong.length) return { kind: 'not-real', parts: wrong };
  if (year.length !== 4) return { kind: 'year-digits', parts: ['year'] };
  // Each part could be right, but not together (30 February, 29 February 2026).
  if (!isRealDay(Number(year), mo, d)) return { kind: 'not-real', parts: ['day'] };
  return null;
}

/**
 * What is wrong with `value` as an answer to a date (`format: "date"`) or date and time
 * (`"date-time"`) question; null when it is a real one, exactly as validation judges it. Missing
 * parts come first (GOV.UK: missing or incomplete before "cannot be correct").
 */
export function dateProblem(value: unknown, format: 'date' | 'date-time'): DateProblem | null {
  if (typeof value !== 'string') return value === undefined ? { kind: 'empty', parts: [] } : { kind: 'not-real', parts: [] };
  if (format === 'date') {
    if (isDate(value)) return null;
    return dayProblem(value) ?? { kind: 'not-real', parts: [] };
  }
  if (isDateTime(value)) return null;
  const t = value.search(/[Tt ]/);
  const datePart = t < 0 ? value : value.slice(0, t);
  const timePart = t < 0 ? '' : value.slice(t + 1).trim();
  const day = dayProblem(datePart);
  if (day?.kind === 'empty') return timePart === '' ? day : { kind: 'incomplete', parts: ['day', 'month', 'year'] };
  if (day?.kind === 'incomplete') return timePart === '' ? { kind: 'incomplete', parts: [...day.parts, 'time'] } : day;
  if (timePart === '') return { kind: 'incomplete', parts: ['time'] };
  if (day) return day;
  if (!TIME.test(timePart)) return { kind: 'not-real', parts: ['time'] };
  // Each box is right, yet the whole is not a date and time (no time zone, say): sent some other way.
  return { kind: 'not-real', parts: [] };
}
