/** `npm run bank-holidays`: reading gov.uk's bank-holidays.json (engine/forms/calculations/update-bank-holidays.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAYS_FILE, parseGovUkBankHolidays } from '../../../engine/forms/calculations/update-bank-holidays.js';

/** gov.uk's shape, cut down: three divisions, events not in order. */
const GOV_UK = {
  'england-and-wales': {
    division: 'england-and-wales',
    events: [
      { title: 'Boxing Day', date: '2031-12-26', notes: '', bunting: true },
      { title: 'New Year’s Day', date: '2031-01-01', notes: '', bunting: true },
      { title: 'Good Friday', date: '2031-04-11', notes: '', bunting: false },
    ],
  },
  scotland: { division: 'scotland', events: [{ title: '2nd January', date: '2031-01-02', notes: '', bunting: true }] },
  'northern-ireland': { division: 'northern-ireland', events: [{ title: 'St Patrick’s Day', date: '2031-03-17', notes: '', bunting: true }] },
};

describe('reading gov.uk’s bank holidays', () => {
  it('keeps England and Wales only, sorted by date, in gov.uk’s own format', () => {
    expect(parseGovUkBankHolidays(JSON.stringify(GOV_UK))).toEqual({
      division: 'england-and-wales',
      events: [
        { title: 'New Year’s Day', date: '2031-01-01', notes: '', bunting: true },
        { title: 'Good Friday', date: '2031-04-11', notes: '', bunting: false },
        { title: 'Boxing Day', date: '2031-12-26', notes: '', bunting: true },
      ],
    });
  });

  it('refuses what is not gov.uk’s file, saying what is wrong', () => {
    const withEvent = (e: object) => JSON.stringify({ 'england-and-wales': { events: [e] } });
    expect(() => parseGovUkBankHolidays('<html>')).toThrow('The file is not JSON');
    expect(() => parseGovUkBankHolidays(JSON.stringify({ scotland: GOV_UK.scotland }))).toThrow('no "england-and-wales" part');
    expect(() => parseGovUkBankHolidays(withEvent({ title: 'X', date: '2031-02-30' }))).toThrow('has no real date');
    expect(() => parseGovUkBankHolidays(withEvent({ title: 'X', date: '2031-01-04' }))).toThrow('falls on a weekend');
    expect(() => parseGovUkBankHolidays(withEvent({ date: '2031-01-01' }))).toThrow('has no title');
    expect(() => parseGovUkBankHolidays(JSON.stringify({ 'england-and-wales': { events: [GOV_UK['england-and-wales'].events[0], GOV_UK['england-and-wales'].events[0]] } }))).toThrow('2031-12-26 is listed twice');
  });

  it('reads the shipped file back unchanged (it is in the same format)', () => {
    const shipped = JSON.parse(readFileSync(BANK_HOLIDAYS_FILE, 'utf8'));
    expect(parseGovUkBankHolidays(JSON.stringify({ 'england-and-wales': shipped }))).toEqual(shipped);
  });
});
