/**
 * Dates, times and working days for formulas. Dates are whole days counted from 1970-01-01
 * (UTC, so no clock changes); working days are counted arithmetically over whole weeks, less the
 * England and Wales bank holidays found by binary search, so the cost never grows with the span.
 * Outside the years bank-holidays.json covers only weekends are left out.
 */
import BANK_HOLIDAYS_FILE from './bank-holidays.json' with { type: 'json' };

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; undefined when it is not a real date. */
export function dayNumber(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  // The same few dates are read again at every save: remembered (bounded).
  if (DAYS.has(value)) return DAYS.get(value);
  const day = readDay(value);
  if (DAYS.size >= 2000) DAYS.clear();
  DAYS.set(value, day);
  return day;
}

const DAYS = new Map<string, number | undefined>();

function readDay(value: string): number | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const monthDays = [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > monthDays[mo - 1]!) return undefined;
  return Date.UTC(y, mo - 1, d) / DAY_MS;
}

/** `YYYY-MM-DD` of a day number; undefined outside years 0001–9999. */
export function dateOf(day: number): string | undefined {
  if (!Number.isInteger(day)) return undefined;
  const iso = new Date(day * DAY_MS).toISOString();
  return /^\d{4}-/.test(iso) && !iso.startsWith('0000') ? iso.slice(0, 10) : undefined;
}

/** Seconds since midnight of `HH:MM` or `HH:MM:SS`; undefined when it is not a time. */
export function secondsOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TIME.exec(value);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0) : undefined;
}

/** Monday to Friday days before day number `n`, counted from Monday 1970-01-05 (day 4). */
function weekdaysBefore(n: number): number {
  const k = n - 4;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7, 5);
}

const HOLIDAYS: number[] = BANK_HOLIDAYS_FILE.events
  .map((e) => dayNumber(e.date))
  .filter((d): d is number => d !== undefined)
  .sort((a, b) => a - b);

/** How many of the sorted `days` are below `n`. */
function countBelow(days: readonly number[], n: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const isWeekday = (day: number) => ((day + 4) % 7 + 7) % 7 % 6 !== 0;

const WEEKDAY_HOLIDAYS = HOLIDAYS.filter(isWeekday);

/** Monday to Friday from `from` to `to` inclusive, less bank holidays; 0 when `to` is before `from`. */
export function workingDaysBetween(from: number, to: number): number {
  if (to < from) return 0;
  const weekdays = weekdaysBefore(to + 1) - weekdaysBefore(from);
  return weekdays - (countBelow(WEEKDAY_HOLIDAYS, to + 1) - countBelow(WEEKDAY_HOLIDAYS, from));
}

/** The first and last years the shipped bank holidays cover. */
export function bankHolidayYears(): { first: number; last: number } {
  return { first: new Date(HOLIDAYS[0]! * DAY_MS).getUTCFullYear(), last: new Date(HOLIDAYS.at(-1)! * DAY_MS).getUTCFullYear() };
}

/** The date `n` working days after `from` (YYYY-MM-DD; n ≥ 1): weekends and bank holidays are skipped. */
export function addWorkingDays(from: string, n: number): string {
  const start = dayNumber(from);
  if (start === undefined) throw new RangeError(`"${from}" is not a date.`);
  // The answer is at most n weeks and a fortnight of holidays away: search the smallest day with n working days.
  let lo = start + 1;
  let hi = start + n * 2 + 30;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (workingDaysBetween(start + 1, mid) >= n) hi = mid;
    else lo = mid + 1;
  }
  return dateOf(lo)!;
}

/** Working days after `due` up to and including `today` (0 when not past due). */
export function workingDaysLate(due: string, today: string): number {
  const d = dayNumber(due);
  const t = dayNumber(today);
  if (d === undefined || t === undefined || t <= d) return 0;
  return workingDaysBetween(d + 1, t);
}
