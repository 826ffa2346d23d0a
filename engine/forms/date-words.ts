/**
 * Dates and times in words, GOV.UK style ("27 March 2026", "2:30pm", "midday"): one writer for
 * the runtime's answers (runtime/renderers/dates.ts) and the engine's documents
 * (engine/documents/answers.ts), so a PDF says what the screen says. No dependencies: bundled into
 * the runtime.
 */
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** Whether year-month-day is a day of the calendar (not 31 April). */
export function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** "27 March 2026"; anything that is not a whole real date as stored. */
export function dateWords(value: unknown): string {
  if (typeof value !== 'string') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(y, mo, d) ? `${d} ${MONTHS[mo - 1]} ${y}` : value;
}

/** "2:30pm", "9am", "midday", "midnight"; anything else as stored. */
export function timeWords(value: unknown): string {
  if (typeof value !== 'string') return '';
  const m = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(value);
  if (!m) return value;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (min === 0 && h === 0) return 'midnight';
  if (min === 0 && h === 12) return 'midday';
  return `${h % 12 === 0 ? 12 : h % 12}${min ? `:${String(min).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
}
