/**
 * `npm run bank-holidays -- <file>`: replaces bank-holidays.json with England and Wales' bank
 * holidays from a copy of https://www.gov.uk/bank-holidays.json (downloaded by hand: nothing here
 * reaches the network). The file is checked first; only england-and-wales is kept, sorted by date.
 * Not imported by anything the browser apps bundle.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dayNumber } from './dates.js';

export interface BankHolidayEvent {
  title: string;
  date: string;
  notes: string;
  bunting: boolean;
}
export interface BankHolidayFile {
  division: 'england-and-wales';
  events: BankHolidayEvent[];
}

/** England and Wales from gov.uk's file, checked and sorted; throws a sentence naming what is wrong. */
export function parseGovUkBankHolidays(text: string): BankHolidayFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error('The file is not JSON: download https://www.gov.uk/bank-holidays.json again.');
  }
  const division = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['england-and-wales'] : undefined;
  if (typeof division !== 'object' || division === null) throw new Error('The file has no "england-and-wales" part: is it gov.uk\'s bank-holidays.json?');
  const events = (division as Record<string, unknown>).events;
  if (!Array.isArray(events) || events.length === 0) throw new Error('"england-and-wales" has no events.');
  const out = events.map((e, i): BankHolidayEvent => {
    const ev = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    if (typeof ev.title !== 'string' || !ev.title.trim()) throw new Error(`Event ${i + 1} has no title.`);
    if (dayNumber(ev.date) === undefined) throw new Error(`Event ${i + 1} (${ev.title}) has no real date written YYYY-MM-DD: ${JSON.stringify(ev.date)}.`);
    const weekday = new Date(`${ev.date as string}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) throw new Error(`Event ${i + 1} (${ev.title}) falls on a weekend (${ev.date as string}); bank holidays are weekdays.`);
    return { title: ev.title.trim(), date: ev.date as string, notes: typeof ev.notes === 'string' ? ev.notes : '', bunting: ev.bunting === true };
  });
  out.sort((a, b) => a.date.localeCompare(b.date));
  const twice = out.find((e, i) => i > 0 && out[i - 1]!.date === e.date);
  if (twice) throw new Error(`${twice.date} is listed twice.`);
  return { division: 'england-and-wales', events: out };
}

export const BANK_HOLIDAYS_FILE = fileURLToPath(new URL('./bank-holidays.json', import.meta.url));

function main(argv: string[]): void {
  const source = argv[0];
  if (!source) {
    console.error('Usage: npm run bank-holidays -- <a copy of https://www.gov.uk/bank-holidays.json>');
    process.exit(2);
  }
  try {
    const parsed = parseGovUkBankHolidays(readFileSync(source, 'utf8'));
    writeFileSync(BANK_HOLIDAYS_FILE, JSON.stringify(parsed, null, 2) + '\n');
    const years = [parsed.events[0]!.date.slice(0, 4), parsed.events.at(-1)!.date.slice(0, 4)];
    console.log(`Wrote ${parsed.events.length} England and Wales bank holidays (${years[0]}–${years[1]}) to ${BANK_HOLIDAYS_FILE}.`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
