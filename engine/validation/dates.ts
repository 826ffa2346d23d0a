/**
 * Reading dates, date-times and times of day character by character. Validation reads every date
 * in a record at least twice (its format, then any cross-field rule), and a regular expression
 * with `Number(slice())` or a `Date.parse` cost several times more than the rest of the checks
 * on a short form; these allocate nothing. Each is pinned to what it replaces by
 * tests/unit/validation/dates.test.ts.
 */

/** Whether a char code is 0-9 (NaN, past the end of a string, is not). */
const isDigit = (c: number) => c >= 48 && c <= 57;

/** The two-digit number at `i` (00-99), or -1 (also past the end of `s`). */
export function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether year `y`, month `m` (1-12), day `d` is a day of the proleptic Gregorian calendar. */
export function isRealDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]!) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/** Not the shape `YYYY-MM-DD`. */
export const NOT_A_DAY = -1;
/** The shape `YYYY-MM-DD`, but no real day (2026-02-30). */
export const NO_SUCH_DAY = -2;

/**
 * The `YYYY-MM-DD` at the start of `s` as the number YYYYMMDD, which orders as the days do;
 * NOT_A_DAY or NO_SUCH_DAY otherwise. `dayNumber(s) >= 0 && s.length === 10` is RFC 3339's
 * full-date (ajv-formats' "date").
 */
export function dayNumber(s: string): number {
  const c = d2(s, 0);
  const y = d2(s, 2);
  const m = d2(s, 5);
  const d = d2(s, 8);
  if (c < 0 || y < 0 || m < 0 || d < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NOT_A_DAY;
  const year = c * 100 + y;
  return isRealDay(year, m, d) ? year * 10_000 + m * 100 + d : NO_SUCH_DAY;
}

/** YYYYMMDD of the `YYYY-MM-DD` shape at the start of `s`, real day or not. */
export function dayDigits(s: string): number {
  return (d2(s, 0) * 100 + d2(s, 2)) * 10_000 + d2(s, 5) * 100 + d2(s, 8);
}

/**
 * Seconds into the day of `HH:MM` or `HH:MM:SS` (00:00 to 23:59:59), or -1: the form's "time"
 * format, `^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$`.
 */
export function timeOfDay(s: string): number {
  const n = s.length;
  if ((n !== 5 && n !== 8) || s.charCodeAt(2) !== 58) return -1;
  const h = d2(s, 0);
  const m = d2(s, 3);
  if (h < 0 || h > 23 || m < 0 || m > 59) return -1;
  if (n === 5) return h * 3600 + m * 60;
  const sec = s.charCodeAt(5) === 58 ? d2(s, 6) : -1;
  return sec < 0 || sec > 59 ? -1 : h * 3600 + m * 60 + sec;
}

/**
 * True when `s` is certainly an RFC 3339 date-time with a time zone as ajv-formats' full
 * "date-time" format has it: the usual `YYYY-MM-DD` `T`/`t`/space `HH:MM:SS[.fraction]` then
 * `Z`/`z` or `±HH[[:]MM]`, in range. False means "not that shape": ask ajv-formats.
 */
export function isPlainDateTime(s: string): boolean {
  const n = s.length;
  if (n < 20 || dayNumber(s) < 0) return false;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return false;
  const h = d2(s, 11);
  const m = d2(s, 14);
  const sec = d2(s, 17);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    let k = i + 1;
    while (isDigit(s.charCodeAt(k))) k++;
    if (k === i + 1) return false;
    i = k;
  }
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) return n === i + 1;
  if (z !== 43 && z !== 45) return false;
  const oh = d2(s, i + 1);
  if (oh < 0 || oh > 23) return false;
  if (n === i + 3) return true;
  const j = s.charCodeAt(i + 3) === 58 ? i + 4 : i + 3;
  const om = d2(s, j);
  return om >= 0 && om <= 59 && n === j + 2;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The instant a date-time names, in ms, exactly as `Date.parse` gives it (NaN when it gives NaN).
 * The usual shape is worked out by `plainInstant`, in a fraction of the time; any other shape
 * goes to `Date.parse`.
 */
export function instantOf(s: string): number {
  const ms = plainInstant(s);
  return Number.isNaN(ms) ? Date.parse(s) : ms;
}

/**
 * The instant, in ms, of a date-time of the usual shape — a real day `YYYY-MM-DD`, `T`,
 * `HH:MM[:SS[.sss]]` in range, then `Z` or `±HH:MM` — as `Date.parse` gives it; NaN for any other
 * string (which `Date.parse` may still read).
 */
export function plainInstant(s: string): number {
  const n = s.length;
  if (n < 17 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58) return NaN;
  const day = dayNumber(s);
  const h = d2(s, 11);
  const mi = d2(s, 14);
  if (day < 0 || h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(16) === 58) {
    sec = d2(s, 17);
    if (sec < 0 || sec > 59) return NaN;
    i = 19;
    if (s.charCodeAt(19) === 46) {
      const a = d2(s, 20);
      const b = s.charCodeAt(22) - 48;
      const after = s.charCodeAt(23) - 48;
      if (a < 0 || !(b >= 0 && b <= 9) || (after >= 0 && after <= 9)) return NaN;
      ms = a * 10 + b;
      i = 23;
    }
  }
  let offset: number;
  const z = s.charCodeAt(i);
  if (z === 90 && n === i + 1) offset = 0;
  else if ((z === 43 || z === 45) && n === i + 6 && s.charCodeAt(i + 3) === 58) {
    const oh = d2(s, i + 1);
    const om = d2(s, i + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
    offset = (z === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  } else return NaN;
  const y = Math.floor(day / 10_000);
  const days = daysFromCivil(y, Math.floor(day / 100) - y * 100, day % 100);
  return days * 86_400_000 + ((h * 60 + mi) * 60 + sec) * 1000 + ms - offset;
}
