/**
 * Dates and times as they are stored (ISO 8601 strings) and as people type and read them
 * (day, month and year boxes; "14:30"; "27 March 2026 at 2:30pm"). Drafts may hold a date that
 * is only partly typed: it is stored as typed, padded where that is safe, and split back on
 * load, so nothing typed is lost; the server says what is wrong with it when it matters.
 */
import { dateWords, isRealDate, MONTHS, timeWords } from '../../engine/forms/date-words.js';

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const NO_DATE: DateParts = { day: '', month: '', year: '' };

export { isRealDate };

/** "5" → "05"; anything else (empty, "12", "x") as typed. */
function pad2(part: string): string {
  const p = part.trim();
  return /^\d$/.test(p) ? `0${p}` : p;
}

/** `YYYY-MM-DD`, or a partial `YYYY--DD`, back into the three boxes. */
export function splitDate(value: unknown): DateParts {
  if (typeof value !== 'string' || value === '') return NO_DATE;
  const m = /^([^-]*)-([^-]*)-(.*)$/.exec(value);
  // Not our shape (typed elsewhere): keep it all in one box rather than lose it.
  if (!m) return { ...NO_DATE, year: value };
  return { year: m[1] ?? '', month: m[2] ?? '', day: m[3] ?? '' };
}

/** The three boxes as `YYYY-MM-DD` (partial if partly filled); all empty → undefined. */
export function joinDate(parts: DateParts): string | undefined {
  if (!parts.day.trim() && !parts.month.trim() && !parts.year.trim()) return undefined;
  return `${parts.year.trim()}-${pad2(parts.month)}-${pad2(parts.day)}`;
}

/** GOV.UK style, "27 March 2026"; anything that is not a whole real date as stored. */
export function formatDate(value: unknown): string {
  const words = dateWords(value);
  if (typeof value !== 'string' || words !== value || !/^[^-]*-[^-]*-[^-]*$/.test(value)) return words;
  return partialDateWords(splitDate(value));
}

/** A box as typed, without the zero a draft pads it with ("04" → "4"). */
/** A box's number as a person writes it ("06" is 6); anything else as typed. */
export const unpadded = (part: string): string => (/^\d+$/.test(part) ? String(Number(part)) : part);

/**
 * A draft's date that is not a whole real date, in words rather than as stored ("2026--04"):
 * what each box holds and what is still missing — "day 4, year 2026 (no month yet)".
 */
function partialDateWords(parts: DateParts): string {
  const boxes = [['day', parts.day], ['month', parts.month], ['year', parts.year]] as const;
  const given = boxes.filter(([, v]) => v.trim()).map(([name, v]) => `${name} ${unpadded(v.trim())}`);
  const missing = boxes.filter(([, v]) => !v.trim()).map(([name]) => name);
  if (!given.length) return 'No date yet';
  return `${given.join(', ')} (${missing.length ? `no ${missing.join(' or ')} yet` : 'not a real date'})`;
}

/**
 * What people type for a time ("14:30", "9.05", "1430", "2:30pm") as `HH:MM`; anything else
 * trimmed but otherwise as typed (a draft keeps it; the server rejects it at submission).
 */
export function normaliseTime(text: string): string {
  const raw = text.trim();
  const m = /^(\d{1,2})(?:[:.]?(\d{2}))?(am|pm)?$/.exec(raw.toLowerCase().replace(/\s+/g, ''));
  // "14" alone is not yet a time: someone is still typing it.
  if (!m || (m[2] === undefined && m[3] === undefined)) return raw;
  let hours = Number(m[1]);
  const minutes = Number(m[2] ?? '0');
  if (m[3]) {
    if (hours < 1 || hours > 12) return raw;
    hours = (hours % 12) + (m[3] === 'pm' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59) return raw;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

export function isTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** GOV.UK style: "2:30pm", "9am", "midday", "midnight"; anything else as stored. */
export function formatTime(value: unknown): string {
  return timeWords(value);
}

const FULL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** A local time as ISO 8601 with the browser's UTC offset at that moment: `2026-03-27T14:30:00+00:00`. */
export function isoWithOffset(d: Date): string {
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:00${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** A stored date-time back into boxes: a whole one in the browser's time, a partial one as typed. */
export function splitDateTime(value: unknown): { date: DateParts; time: string } {
  if (typeof value !== 'string' || value === '') return { date: NO_DATE, time: '' };
  if (FULL_DATE_TIME.test(value)) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) {
      return { date: { day: String(d.getDate()), month: String(d.getMonth() + 1), year: String(d.getFullYear()) }, time: `${two(d.getHours())}:${two(d.getMinutes())}` };
    }
  }
  const t = value.indexOf('T');
  if (t < 0) return { date: splitDate(value), time: '' };
  return { date: splitDate(value.slice(0, t)), time: value.slice(t + 1) };
}

/**
 * The boxes as a date-time: whole and real → ISO with offset; partly filled → `date T time` as
 * typed (e.g. `2026-03-27T` or `--T14:30`), so a draft keeps it; all empty → undefined.
 */
export function joinDateTime(date: DateParts, timeText: string): string | undefined {
  const datePart = joinDate(date);
  const time = normaliseTime(timeText);
  if (datePart === undefined && time === '') return undefined;
  const m = datePart ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(datePart) : null;
  if (m && isTime(time)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (isRealDate(y, mo, d)) {
      const [h, min] = time.split(':').map(Number) as [number, number];
      return isoWithOffset(new Date(y, mo - 1, d, h, min));
    }
  }
  return `${datePart ?? '--'}T${time}`;
}

/** "27 March 2026 at 2:30pm" in the browser's time; a partial value as stored. */
export function formatDateTime(value: unknown): string {
  if (typeof value !== 'string') return '';
  if (!FULL_DATE_TIME.test(value)) return partialDateTimeWords(value);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()} at ${formatTime(`${two(d.getHours())}:${two(d.getMinutes())}`)}`;
}

/**
 * A draft's date and time not both given (`2026-12-04T`, `--T14:30`), in words: "4 December 2026,
 * no time yet"; "day 4, year 2026 (no month yet), at 2:30pm". Anything else as stored.
 */
function partialDateTimeWords(value: string): string {
  const t = value.indexOf('T');
  if (t < 0 || !/^[^-]*-[^-]*-[^-]*$/.test(value.slice(0, t))) return value;
  const { date, time } = splitDateTime(value);
  const datePart = value.slice(0, t);
  const whole = dateWords(datePart);
  const dateText = whole !== datePart ? whole : partialDateWords(date);
  const timeText = isTime(time) ? `at ${formatTime(time)}` : time.trim() ? `time ${time.trim()} (not a time yet)` : 'no time yet';
  return `${dateText}, ${timeText}`;
}
