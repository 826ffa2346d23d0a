/**
 * Record references: `SUP-2026-000123`, the form's prefix (engine/forms/reference-prefix.ts), the
 * year the record was made (in Europe/London) and a number counted per prefix and year. The store
 * assigns the number when it creates the record (see Store.createSubmission); this module holds
 * the pure rules around it.
 */
import { defaultReferencePrefix } from '../forms/reference-prefix.js';
import { londonToday } from '../forms/calculations/evaluate.js';
import type { Submission } from './model.js';

/** A whole reference: prefix, four-digit year, a number of at least six digits. */
export const REFERENCE_PATTERN = /^[A-Z][A-Z0-9]{0,7}-\d{4}-\d{6,}$/;

/** Digits the number is padded to; it grows beyond them (`SUP-2026-1000000`). */
const NUMBER_DIGITS = 6;

/** The year of an instant in Europe/London, where the council works (not the server's own zone). */
export function referenceYear(at: string | Date): number {
  // The London date's year (londonToday works each minute's date out once).
  return Number(londonToday(typeof at === 'string' ? new Date(at) : at).slice(0, 4));
}

/** What the store numbers within: `SUP-2026`. */
export function referenceSeries(prefix: string, createdAt: string | Date): string {
  return `${prefix}-${referenceYear(createdAt)}`;
}

/** The series a new record is numbered in: its form's prefix (or the form id's default) and the year it was created. */
export function referenceSeriesOf(s: Pick<Submission, 'formId' | 'createdAt'>, prefix?: string): string {
  return referenceSeries(prefix ?? defaultReferencePrefix(s.formId), s.createdAt);
}

/** The reference for number `n` (from 1) of a series. */
export function formatReference(series: string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`A reference number must be a whole number from 1; got ${n}.`);
  return `${series}-${String(n).padStart(NUMBER_DIGITS, '0')}`;
}

/** A reference as people type it (any case, spaces around) in the one stored form, or null if it cannot be one. */
export function normaliseReference(text: string): string | null {
  const r = text.trim().toUpperCase();
  return REFERENCE_PATTERN.test(r) ? r : null;
}
