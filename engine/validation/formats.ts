/**
 * The formats form fields may use. `date` and `date-time` are ajv-formats' (real calendar dates;
 * date-times carry a time zone), read by dates.ts: a date in a fifth of the time ajv-formats
 * takes, and the usual date-time shapes likewise, every other string going to ajv-formats itself
 * (so each answers exactly as ajv-formats does; tests/unit/validation/dates.test.ts pins that).
 * `time` is a wall-clock time as a time input gives it (`14:30` or `14:30:05`). `email` uses a
 * pattern redos-detector proves unambiguous (tests/unit/policy/patterns.test.ts proves it there,
 * never on a request), so
 * it is safe on a backtracking engine. A date may have an earliest and a latest day
 * (`formatMinimum`, `formatMaximum`: ajv-formats' keywords). The named formats (NHS number,
 * postcode…) are named-formats.ts's.
 */
import type { Ajv, FormatDefinition } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { dayNumber, isPlainDateTime, timeOfDay } from './dates.js';
import { NAMED_FORMATS } from './named-formats.js';

const addFormats = addFormatsModule.default;

export const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$/;
export const EMAIL = new RegExp("^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$", 'u');

/** ajv-formats' own definition of a format, in its full mode. */
function ajvFormat(name: 'date' | 'date-time'): FormatDefinition<string> {
  return addFormats.get(name, 'full') as FormatDefinition<string>;
}

const AJV_DATE = ajvFormat('date');
const AJV_DATE_TIME = ajvFormat('date-time');
const ajvDateTime = AJV_DATE_TIME.validate as (s: string) => boolean;

/** RFC 3339 full-date: `YYYY-MM-DD`, a real day. */
export const isDate = (s: string): boolean => s.length === 10 && dayNumber(s) >= 0;

/** RFC 3339 date-time with a time zone, as ajv-formats' full "date-time". */
export const isDateTime = (s: string): boolean => isPlainDateTime(s) || ajvDateTime(s);

/** `HH:MM` or `HH:MM:SS`, 00:00 to 23:59:59 (TIME). */
export const isTime = (s: string): boolean => timeOfDay(s) >= 0;

export function addFormFormats(ajv: Ajv): void {
  // ajv-formats' `compare` (formatMinimum, formatMaximum) compares any two strings; a date that is
  // not real (a partly typed one, `-03-12`) is its format's problem alone, not also out of range.
  const compareDays = AJV_DATE.compare!;
  ajv.addFormat('date', { ...AJV_DATE, type: 'string', validate: isDate, compare: (a: string, b: string) => (isDate(a) && isDate(b) ? compareDays(a, b) : undefined) as number });
  ajv.addFormat('date-time', { ...AJV_DATE_TIME, type: 'string', validate: isDateTime });
  ajv.addFormat('time', { type: 'string', validate: isTime });
  ajv.addFormat('email', { type: 'string', validate: (s: string) => s.length <= 320 && EMAIL.test(s) });
  for (const f of NAMED_FORMATS) ajv.addFormat(f.name, { type: 'string', validate: (s: string) => s.length <= f.maxLength && f.validate(s) });
  // formatMinimum/formatMaximum (a date field's earliest and latest day), compared with the
  // formats' own `compare`; no formats of ajv-formats' are added here.
  addFormats(ajv, { formats: [], keywords: true });
}
