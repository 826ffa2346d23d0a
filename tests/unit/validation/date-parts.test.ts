/**
 * Which boxes of a date (and time) input are wrong, from what the runtime stores as typed
 * (engine/validation/date-parts.ts): what the messages name and the page marks `aria-invalid`.
 */
import { describe, expect, it } from 'vitest';
import { dateProblem } from '../../../engine/validation/date-parts.js';
import { isDate, isDateTime } from '../../../engine/validation/formats.js';

describe('what is wrong with a date, box by box', () => {
  it.each([
    ['2026-03-27', null],
    ['2024-02-29', null],
    [undefined, { kind: 'empty', parts: [] }],
    ['', { kind: 'empty', parts: [] }],
    ['--', { kind: 'empty', parts: [] }],
    ['-03-12', { kind: 'incomplete', parts: ['year'] }],
    ['2026--12', { kind: 'incomplete', parts: ['month'] }],
    ['2026-03-', { kind: 'incomplete', parts: ['day'] }],
    ['--12', { kind: 'incomplete', parts: ['month', 'year'] }],
    ['2026--', { kind: 'incomplete', parts: ['day', 'month'] }],
    ['-03-', { kind: 'incomplete', parts: ['day', 'year'] }],
    // Missing comes before wrong (GOV.UK's order).
    ['-13-40', { kind: 'incomplete', parts: ['year'] }],
    ['26-03-12', { kind: 'year-digits', parts: ['year'] }],
    ['20260-03-12', { kind: 'year-digits', parts: ['year'] }],
    ['20x6-03-12', { kind: 'not-real', parts: ['year'] }],
    ['2026-13-12', { kind: 'not-real', parts: ['month'] }],
    ['2026-00-12', { kind: 'not-real', parts: ['month'] }],
    ['2026-03-32', { kind: 'not-real', parts: ['day'] }],
    ['2026-ab-cd', { kind: 'not-real', parts: ['day', 'month'] }],
    ['26-13-12', { kind: 'not-real', parts: ['month', 'year'] }],
    ['2026-02-30', { kind: 'not-real', parts: ['day'] }],
    ['2026-02-29', { kind: 'not-real', parts: ['day'] }],
    // Not the boxes' shape: not clear which part is wrong.
    ['27/03/2026', { kind: 'not-real', parts: [] }],
    ['2026-3-5', { kind: 'not-real', parts: [] }],
    [20260327, { kind: 'not-real', parts: [] }],
  ])('%j', (value, problem) => {
    expect(dateProblem(value, 'date')).toEqual(problem);
  });
});

describe('what is wrong with a date and time, box by box', () => {
  it.each([
    ['2026-03-27T14:30:00+00:00', null],
    ['2026-03-27T14:30:00Z', null],
    ['--T', { kind: 'empty', parts: [] }],
    ['2026-03-27T', { kind: 'incomplete', parts: ['time'] }],
    ['2026-03-27', { kind: 'incomplete', parts: ['time'] }],
    ['--T14:30', { kind: 'incomplete', parts: ['day', 'month', 'year'] }],
    ['2026--27T14:30', { kind: 'incomplete', parts: ['month'] }],
    ['2026--27T', { kind: 'incomplete', parts: ['month', 'time'] }],
    ['26-03-27T14:30', { kind: 'year-digits', parts: ['year'] }],
    ['2026-02-30T14:30', { kind: 'not-real', parts: ['day'] }],
    ['2026-03-27T25:00', { kind: 'not-real', parts: ['time'] }],
    ['2026-03-27Tlunchtime', { kind: 'not-real', parts: ['time'] }],
    // Every box right, the whole not (no time zone: sent by another system).
    ['2026-03-27T14:30', { kind: 'not-real', parts: [] }],
  ])('%j', (value, problem) => {
    expect(dateProblem(value, 'date-time')).toEqual(problem);
  });
});

describe('a date is wrong exactly when validation says so', () => {
  const samples = ['2026-03-27', '2026-02-29', '2024-02-29', '0000-01-01', '9999-12-31', '2026-3-27', '2026-03-27 ', ' 2026-03-27', '2026-03-27T14:30:00Z', '2026-03-27T14:30:00.123+01:00', '2026-03-27t14:30:00z', '2026-03-27 14:30:00Z', '2026-03-27T14:30'];
  it.each(samples)('%j', (s) => {
    expect(dateProblem(s, 'date') === null).toBe(isDate(s));
    expect(dateProblem(s, 'date-time') === null).toBe(isDateTime(s));
  });
});
