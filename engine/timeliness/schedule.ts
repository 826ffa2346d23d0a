/**
 * Timeliness, pure: the stamp a record gets when it completes (what day it was done, in which
 * month, how long it took, and for a per-record schedule whether it was on time), and the dates a
 * schedule gives (the next due date after a record; the earliest record that still counts today).
 * Dates are YYYY-MM-DD in Europe/London; working days skip weekends and England & Wales bank
 * holidays (forms/calculations/dates.ts).
 */
import { addWorkingDays, dateOf, dayNumber } from '../forms/calculations/dates.js';
import { londonToday } from '../forms/calculations/evaluate.js';
import type { JsonObject } from '../forms/model.js';
import { scheduleOf } from '../forms/schedule.js';
import type { Submission } from '../submissions/model.js';
import { answerAt, stampMeasures } from './measure-keys.js';
import type { Interval, ScheduleRule, Timeliness } from './model.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The London date of a date or date-time answer; undefined when it is neither. */
export function londonDateOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (DATE.test(value)) return dayNumber(value) === undefined ? undefined : value;
  const at = new Date(value);
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(at.getTime()) ? londonToday(at) : undefined;
}

/** The same day `n` months later; a day the month does not have becomes its last (31 January + 1 month = 28 or 29 February). */
function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The date an interval after `date` (working days skip weekends and bank holidays; weeks and months are calendar). */
export function addInterval(date: string, interval: Interval): string {
  if ('workingDays' in interval) return addWorkingDays(date, interval.workingDays);
  if ('weeks' in interval) return dateOf(dayNumber(date)! + interval.weeks * 7)!;
  return addMonths(date, interval.months);
}

const intervalOf = (rule: ScheduleRule): Interval => (rule.per === 'record' ? rule.within : rule.every);

/** When the next record is due after one done on `lastDoneOn` (per-record rules: due `within` of `from`). */
export function nextDueOn(rule: ScheduleRule, lastDoneOn: string): string {
  return addInterval(lastDoneOn, intervalOf(rule));
}

/**
 * The earliest doneOn that still counts as in time `today`: today minus the interval. A child or
 * worker whose last record was done before it is overdue; exactly: doneOn ≥ cutoff ⇔ nextDueOn(doneOn) ≥ today.
 */
export function cutoffFor(rule: ScheduleRule, today: string): string {
  const t = dayNumber(today);
  if (t === undefined) throw new RangeError(`"${today}" is not a date.`);
  // nextDueOn never goes down as doneOn goes up, so the smallest day whose next due date is today or later is found by halving.
  let lo = t - 1000;
  let hi = t;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (nextDueOn(rule, dateOf(mid)!) >= today) hi = mid;
    else lo = mid + 1;
  }
  return dateOf(lo)!;
}

/**
 * The stamp a record gets when it completes at `completedAt`. `schema`: its form version's;
 * without `x-schedule` the record still gets doneOn (the day it completed), month and days to complete;
 * with `x-measures`, the answers it names (measure-keys.ts).
 */
export function timelinessOf(schema: JsonObject, submission: Pick<Submission, 'data' | 'createdAt'>, completedAt: Date): Timeliness {
  const rule = scheduleOf(schema);
  const completedOn = londonToday(completedAt);
  const doneOn = (rule?.date ? londonDateOf(answerAt(submission.data, rule.date)) : undefined) ?? completedOn;
  const created = dayNumber(londonDateOf(submission.createdAt) ?? completedOn)!;
  const stamp: Timeliness = {
    doneOn,
    month: doneOn.slice(0, 7),
    completedAt: completedAt.toISOString(),
    daysToComplete: Math.max(0, dayNumber(completedOn)! - created),
  };
  const measures = stampMeasures(schema, submission.data);
  if (measures) stamp.measures = measures;
  if (rule?.per === 'record') {
    const from = londonDateOf(answerAt(submission.data, rule.from));
    if (from !== undefined) {
      stamp.dueOn = addInterval(from, rule.within);
      stamp.onTime = doneOn <= stamp.dueOn;
    }
  }
  return stamp;
}
