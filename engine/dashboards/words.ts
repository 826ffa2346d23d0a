/**
 * How the dashboards write dates and months to people: "6 December 2025", "March 2026", "from
 * 6 December 2025 to 5 December 2026" (the CSV keeps YYYY-MM-DD). Days are written by the same
 * helper as the emails.
 */
import { dayWords } from '../notifications/words.js';
import type { DashboardFilters, DaysBand } from './model.js';

export { dayWords };

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `2026-03` → "March 2026"; anything that is not a month stays as it is. */
export function monthWords(month: string): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  return m ? MONTH.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1))) : month;
}

/** "from 6 December 2025 to 5 December 2026". */
export function rangeWords(f: Pick<DashboardFilters, 'from' | 'to'>): string {
  return `from ${dayWords(f.from)} to ${dayWords(f.to)}`;
}

/** A label inside a sentence: "Date returned to work" → "date returned to work" (an acronym such as "ICS date" kept). */
export function lowerFirst(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** When the last one was, for a band of time since the last (the list behind its bar). */
export const LAST_WAS: Record<Exclude<DaysBand, 'never'>, string> = { within: 'within the last interval', 'one-to-two': 'one to two intervals ago', 'over-two': 'over two intervals ago' };
