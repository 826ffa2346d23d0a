/**
 * What a person types into "find a child" read as a directory search: an ICS person id (or its
 * start), a date of birth (2015-03-02, or 2/3/2015 day/month/year) and name words (each the start
 * of a word of the name), in any mix: "jordan 2/3/2015" is a name and a date of birth. Pure.
 */
import type { ChildSearch } from './model.js';

/** The parts a query had, for the event log (never the words themselves). */
export type QueryPart = 'id' | 'date' | 'name';

export type ParsedQuery = { search: ChildSearch; parts: QueryPart[] } | { problem: string };

/** Longest query read; a person types a few words. */
export const MAX_QUERY_LENGTH = 100;
const MAX_WORDS = 6;
const ID_TOKEN = /^[A-Za-z0-9][A-Za-z0-9/_-]{0,19}$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const UK_DATE = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** YYYY-MM-DD when the parts make a real day; a sentence when they look like a date but are not one. */
function dateOf(year: number, month: number, day: number): string | { problem: string } {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    const monthWords = month >= 1 && month <= 12 ? `${day} ${MONTHS[month - 1]} ${year}` : `month ${month}`;
    return { problem: `There is no ${monthWords}: write a date of birth like 2/3/2015 (day/month/year) or 2015-03-02.` };
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A token as a date of birth: undefined when it is not written as a date at all. */
function tokenDate(token: string): string | { problem: string } | undefined {
  const iso = ISO_DATE.exec(token);
  if (iso) return dateOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const uk = UK_DATE.exec(token);
  if (uk) return dateOf(Number(uk[3]), Number(uk[2]), Number(uk[1]));
  return undefined;
}

/**
 * Reads a query. A token with a digit that is not a date is an id (or its start); other tokens
 * are name words. Empty (or only spaces): an empty search, which finds nothing.
 */
export function parseChildQuery(q: string): ParsedQuery {
  const text = q.normalize('NFC').trim();
  if (text.length > MAX_QUERY_LENGTH) return { problem: `Type at most ${MAX_QUERY_LENGTH} characters: a name, an ICS person id or a date of birth.` };
  const tokens = text.split(/\s+/).filter(Boolean);
  const search: ChildSearch = {};
  const words: string[] = [];
  for (const token of tokens) {
    const date = tokenDate(token);
    if (typeof date === 'object') return date;
    if (date !== undefined) {
      if (search.dateOfBirth !== undefined && search.dateOfBirth !== date) return { problem: 'Give one date of birth at a time.' };
      search.dateOfBirth = date;
    } else if (/\d/.test(token)) {
      if (!ID_TOKEN.test(token)) return { problem: `"${token}" is not an ICS person id: ids are letters and digits (and / _ -), at most 20 characters, like C1234567.` };
      if (search.id !== undefined && search.id !== token) return { problem: 'Give one ICS person id at a time.' };
      search.id = token;
    } else {
      // Punctuation around a word ("Smith," or "(Jordan)") is not part of a name's start.
      const word = token.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
      if (word) words.push(word);
    }
  }
  if (words.length > MAX_WORDS) return { problem: `Type at most ${MAX_WORDS} words of the name.` };
  if (words.length) search.name = words.join(' ');
  const parts: QueryPart[] = [];
  if (search.id !== undefined) parts.push('id');
  if (search.dateOfBirth !== undefined) parts.push('date');
  if (search.name !== undefined) parts.push('name');
  return { search, parts };
}
