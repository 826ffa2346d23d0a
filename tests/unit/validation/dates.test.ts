import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { dayNumber, instantOf, isPlainDateTime, NO_SUCH_DAY, NOT_A_DAY, plainInstant, timeOfDay } from '../../../engine/validation/dates.js';
import { isDate, isDateTime, isTime, TIME } from '../../../engine/validation/formats.js';

const addFormats = addFormatsModule.default;
const ajvFormat = (name: 'date' | 'date-time') => (addFormats.get(name, 'full') as { validate: (s: string) => boolean }).validate;
const ajvDate = ajvFormat('date');
const ajvDateTime = ajvFormat('date-time');

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { int, pick: <T>(xs: readonly T[]) => xs[int(xs.length)]! };
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** Date, date-time and time strings near and far from the valid shapes. */
function samples(seed: number, count: number): string[] {
  const r = random(seed);
  const mutate = (s: string) => {
    const i = r.int(s.length + 1);
    const c = r.pick(['', 'x', ' ', 'T', 't', '\u00a0', '\u2028', '0', '9', ':', '-', '.', 'Z', 'z', '+', '\n']);
    return r.int(2) ? s.slice(0, i) + c + s.slice(i + 1) : s.slice(0, i) + c + s.slice(i);
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const day = `${r.pick(['2026', '2024', '2000', '1900', '0000', '9999', '1969', '20x6', '202'])}-${p2(r.int(14))}-${p2(r.int(33))}`;
    const fraction = r.pick(['', '', '.' + r.int(1000), '.' + String(r.int(10)).repeat(r.int(6)), '.']);
    const time = `${p2(r.int(26))}:${p2(r.int(62))}${r.pick([':' + p2(r.int(62)), ':' + p2(r.int(60)) + fraction, ''])}`;
    const zone = r.pick(['Z', 'z', '', '+01:00', '-05:30', '+23:59', '+24:00', '+0100', '+01', '-00:00', '+01:60', '+1', '+01:0', '+01:000']);
    const dateTime = `${day}${r.pick(['T', 't', ' ', 'X', '\t', '\u2028'])}${time}${zone}`;
    for (const s of [day, dateTime, time]) out.push(r.int(3) ? s : mutate(s));
  }
  return out;
}

const SAMPLES = samples(20261126, 40_000);

describe('reading dates by their characters answers as what it replaces', () => {
  it('"date" as ajv-formats\' full-mode date', () => {
    for (const s of SAMPLES) if (isDate(s) !== ajvDate(s)) expect.fail(`date ${JSON.stringify(s)}`);
    expect(['2024-02-29', '2026-12-31', '0000-01-01'].every(isDate)).toBe(true);
    expect(['2026-02-29', '1900-02-29', '2026-04-31', '2026-00-10', '2026-1-10', '2026-01-10 ', '２０２６-01-10'].some(isDate)).toBe(false);
  });

  it('"date-time" as ajv-formats\' full-mode date-time (time zone required)', () => {
    for (const s of SAMPLES) if (isDateTime(s) !== ajvDateTime(s)) expect.fail(`date-time ${JSON.stringify(s)}`);
    expect(['2026-11-10T17:05:00Z', '2026-09-28 12:15:00+01:00', '2026-09-28t12:15:00.123456z', '2026-09-28T12:15:00-0500', '2026-09-28T12:15:00+01'].every(isDateTime)).toBe(true);
    expect(['2026-11-10T17:05Z', '2026-11-10T17:05:00', '2026-02-30T10:00:00Z', '2026-11-10T24:00:00Z', '2026-11-10T17:05:00+24:00'].some(isDateTime)).toBe(false);
  });

  it('takes the fast path only for date-times ajv-formats accepts', () => {
    for (const s of SAMPLES) if (isPlainDateTime(s) && !ajvDateTime(s)) expect.fail(`fast path wrongly accepts ${JSON.stringify(s)}`);
    expect(isPlainDateTime('2026-11-10T17:05:00Z')).toBe(true);
    // A leap second is valid, but left to ajv-formats.
    expect(isPlainDateTime('2026-12-31T23:59:60Z')).toBe(false);
    expect(isDateTime('2026-12-31T23:59:60Z')).toBe(ajvDateTime('2026-12-31T23:59:60Z'));
  });

  it('"time" as its pattern: HH:MM or HH:MM:SS, seconds into the day', () => {
    for (const s of SAMPLES) if (isTime(s) !== TIME.test(s)) expect.fail(`time ${JSON.stringify(s)}`);
    expect(timeOfDay('00:00')).toBe(0);
    expect(timeOfDay('14:30')).toBe(14 * 3600 + 30 * 60);
    expect(timeOfDay('23:59:59')).toBe(86_399);
    expect(['24:00', '12:60', '12:30:60', '1:30', '12:30:5', '12-30'].map(timeOfDay)).toEqual([-1, -1, -1, -1, -1, -1]);
  });

  it('instants as Date.parse gives them, NaN where it gives NaN', () => {
    for (const s of SAMPLES) {
      const ours = instantOf(s);
      const theirs = Date.parse(s);
      if (!(ours === theirs || (Number.isNaN(ours) && Number.isNaN(theirs)))) expect.fail(`instant ${JSON.stringify(s)}: ${ours} ≠ ${theirs}`);
    }
    expect(plainInstant('2026-09-28T12:15:00+01:00')).toBe(Date.UTC(2026, 8, 28, 11, 15));
    expect(plainInstant('1969-12-31T23:59:59.999Z')).toBe(-1);
    expect(plainInstant('0000-03-01T00:00Z')).toBe(Date.parse('0000-03-01T00:00Z'));
    // Shapes it leaves to Date.parse.
    expect(plainInstant('2026-09-28 12:15:00Z')).toBeNaN();
    expect(plainInstant('2026-09-28T12:15:00.5Z')).toBeNaN();
    expect(instantOf('2026-09-28T12:15:00.5Z')).toBe(Date.parse('2026-09-28T12:15:00.5Z'));
  });

  it('days as YYYYMMDD numbers that order as the days do', () => {
    expect(dayNumber('2026-11-10')).toBe(20261110);
    expect(dayNumber('2026-11-10T17:05:00Z')).toBe(20261110);
    expect(dayNumber('2026-02-30')).toBe(NO_SUCH_DAY);
    expect(dayNumber('2026/02/10')).toBe(NOT_A_DAY);
    expect(dayNumber('2026-1')).toBe(NOT_A_DAY);
    expect(dayNumber('2025-12-31') < dayNumber('2026-01-01')).toBe(true);
  });
});
