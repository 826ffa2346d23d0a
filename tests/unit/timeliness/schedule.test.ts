/** Timeliness, pure: intervals (bank holidays, month ends), next due dates, cut-offs and the stamp a completed record gets. */
import { describe, expect, it } from 'vitest';
import { addInterval, cutoffFor, londonDateOf, nextDueOn, timelinessOf } from '../../../engine/timeliness/schedule.js';
import type { ScheduleRule } from '../../../engine/timeliness/model.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { dateOf, dayNumber } from '../../../engine/forms/calculations/dates.js';

describe('intervals', () => {
  it('counts working days past weekends and bank holidays (Easter 2026: Good Friday 3 April, Easter Monday 6 April)', () => {
    expect(addInterval('2026-04-02', { workingDays: 1 })).toBe('2026-04-07');
    expect(addInterval('2026-04-02', { workingDays: 3 })).toBe('2026-04-09');
    expect(addInterval('2026-12-24', { workingDays: 1 })).toBe('2026-12-29');
    expect(addInterval('2026-04-04', { workingDays: 1 })).toBe('2026-04-07');
  });

  it('counts weeks and months on the calendar; a day the month lacks becomes its last', () => {
    expect(addInterval('2026-12-28', { weeks: 4 })).toBe('2027-01-25');
    expect(addInterval('2026-01-31', { months: 1 })).toBe('2026-02-28');
    expect(addInterval('2028-01-31', { months: 1 })).toBe('2028-02-29');
    expect(addInterval('2026-03-31', { months: 1 })).toBe('2026-04-30');
    expect(addInterval('2026-11-30', { months: 3 })).toBe('2027-02-28');
    expect(addInterval('2026-12-15', { months: 24 })).toBe('2028-12-15');
  });
});

describe('next due and cut-off', () => {
  const child = (every: ScheduleRule extends infer R ? (R extends { every: infer I } ? I : never) : never): ScheduleRule => ({ per: 'child', every });

  it('gives the next due date after the last record', () => {
    expect(nextDueOn(child({ workingDays: 20 }), '2026-03-20')).toBe('2026-04-21');
    expect(nextDueOn({ per: 'worker', every: { weeks: 4 } }, '2026-03-20')).toBe('2026-04-17');
  });

  it('gives the earliest record day still in time today (today minus the interval)', () => {
    expect(cutoffFor(child({ workingDays: 1 }), '2026-04-07')).toBe('2026-04-02');
    expect(cutoffFor(child({ weeks: 4 }), '2026-04-07')).toBe('2026-03-10');
    expect(cutoffFor(child({ months: 1 }), '2026-02-28')).toBe('2026-01-28');
    expect(cutoffFor(child({ months: 1 }), '2026-03-01')).toBe('2026-02-01');
    // A record done on 28 February 2026 was due again on 28 March, so on 31 March the earliest in time is 1 March (not "31 March less a month").
    expect(cutoffFor(child({ months: 1 }), '2026-03-31')).toBe('2026-03-01');
  });

  it.each([{ workingDays: 20 }, { workingDays: 1 }, { workingDays: 250 }, { weeks: 4 }, { months: 1 }, { months: 24 }])('agrees with the next due date for every day (%j): done on or after the cut-off ⇔ not yet due', (every) => {
    const rule = child(every as never);
    for (const today of ['2026-04-07', '2026-12-29', '2026-03-01', '2028-02-29']) {
      const cutoff = cutoffFor(rule, today);
      const t = dayNumber(today)!;
      for (let d = t - 800; d <= t; d += 1) {
        const done = dateOf(d)!;
        expect([done, done >= cutoff]).toEqual([done, nextDueOn(rule, done) >= today]);
      }
    }
  });
});

describe('the stamp of a completed record', () => {
  const schema = (rule?: ScheduleRule): JsonObject => ({ type: 'object', ...(rule ? { 'x-schedule': rule } : {}) });
  const rtw: ScheduleRule = { per: 'record', within: { workingDays: 3 }, from: '/absence/returnDate', date: '/absence/interviewDate' };
  const at = new Date('2026-04-10T09:00:00Z');

  it('is on time when done within the interval of the "from" date (over Easter), and late a day after', () => {
    const s = (interviewDate: string) => ({ data: { absence: { returnDate: '2026-04-02', interviewDate } }, createdAt: '2026-04-08T08:00:00Z' });
    expect(timelinessOf(schema(rtw), s('2026-04-09'), at)).toEqual({
      doneOn: '2026-04-09',
      month: '2026-04',
      completedAt: '2026-04-10T09:00:00.000Z',
      daysToComplete: 2,
      dueOn: '2026-04-09',
      onTime: true,
    });
    expect(timelinessOf(schema(rtw), s('2026-04-10'), at)).toMatchObject({ doneOn: '2026-04-10', dueOn: '2026-04-09', onTime: false });
  });

  it('has no due date or on-time without the "from" answer', () => {
    const t = timelinessOf(schema(rtw), { data: { absence: { interviewDate: '2026-04-09' } }, createdAt: '2026-04-08T08:00:00Z' }, at);
    expect(t).toEqual({ doneOn: '2026-04-09', month: '2026-04', completedAt: '2026-04-10T09:00:00.000Z', daysToComplete: 2 });
  });

  it("takes a date-time answer's London date, and the London day of completion when there is no date answer or schedule", () => {
    const sup = schema({ per: 'child', every: { workingDays: 20 }, date: '/meeting/meetingAt' });
    expect(timelinessOf(sup, { data: { meeting: { meetingAt: '2026-06-30T23:30:00Z' } }, createdAt: '2026-06-30T10:00:00Z' }, new Date('2026-07-02T10:00:00Z'))).toMatchObject({ doneOn: '2026-07-01', month: '2026-07', daysToComplete: 2 });
    // 23:30 UTC on 29 March 2026 is 00:30 on the 30th in London (summer time began that morning).
    const late = new Date('2026-03-29T23:30:00Z');
    expect(timelinessOf(sup, { data: {}, createdAt: '2026-03-27T10:00:00Z' }, late)).toEqual({ doneOn: '2026-03-30', month: '2026-03', completedAt: late.toISOString(), daysToComplete: 3 });
    expect(timelinessOf(schema(), { data: { meeting: { meetingAt: '2026-01-01T10:00:00Z' } }, createdAt: '2026-03-30T08:00:00Z' }, late)).toEqual({ doneOn: '2026-03-30', month: '2026-03', completedAt: late.toISOString(), daysToComplete: 0 });
  });

  it('reads only real dates', () => {
    expect(londonDateOf('2026-02-30')).toBeUndefined();
    expect(londonDateOf('soon')).toBeUndefined();
    expect(londonDateOf('2026-01-31T23:59:00+00:00')).toBe('2026-01-31');
    expect(londonDateOf('2026-07-31T23:59:00+00:00')).toBe('2026-08-01');
  });
});
