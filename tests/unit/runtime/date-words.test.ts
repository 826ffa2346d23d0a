import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, joinDate, joinDateTime } from '../../../runtime/renderers/dates.js';

describe("a draft's partly typed dates, in words (Check your answers, the choice between two tabs' answers)", () => {
  it('a whole date in words; a partial one says what each box holds and what is missing, never as stored', () => {
    expect(formatDate('2026-12-04')).toBe('4 December 2026');
    expect(formatDate(joinDate({ day: '4', month: '', year: '2026' }))).toBe('day 4, year 2026 (no month yet)');
    expect(formatDate(joinDate({ day: '', month: '12', year: '' }))).toBe('month 12 (no day or year yet)');
    expect(formatDate(joinDate({ day: '31', month: '4', year: '2026' }))).toBe('day 31, month 4, year 2026 (not a real date)');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('a date-time with the time or the date not given yet says so, in words', () => {
    expect(formatDateTime(joinDateTime({ day: '4', month: '12', year: '2026' }, ''))).toBe('4 December 2026, no time yet');
    expect(formatDateTime(joinDateTime({ day: '', month: '', year: '' }, '14:30'))).toBe('No date yet, at 2:30pm');
    expect(formatDateTime(joinDateTime({ day: '4', month: '', year: '2026' }, '9am'))).toBe('day 4, year 2026 (no month yet), at 9am');
    expect(formatDateTime(joinDateTime({ day: '4', month: '12', year: '2026' }, '14'))).toBe('4 December 2026, time 14 (not a time yet)');
    expect(formatDateTime('2026-12-03T14:30:00+00:00')).toMatch(/^3 December 2026 at /);
    expect(formatDateTime('free text')).toBe('free text');
  });
});
