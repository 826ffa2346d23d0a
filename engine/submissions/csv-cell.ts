/**
 * The one CSV cell writer: the API's export (GET /api/forms/{id}/export?format=csv) and the
 * file-drop connector both write every cell, header cells included, through `csvCell`, so a
 * spreadsheet never runs an answer as a formula (OWASP "CSV injection").
 *
 * Rules:
 * - Text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return, their full-width forms
 *   `＝ ＋ － ＠`, or an apostrophe, gets one apostrophe in front (`=SUM(A1)` → `'=SUM(A1)`,
 *   `'=x` → `''=x`). Text that looks like a number is no exception (`"-5"` → `'-5`,
 *   `"+44 20 7946 0000"` → `'+44 20 7946 0000`): a spreadsheet then shows it as typed instead of
 *   computing with it. Whoever wants the exact text removes ONE leading apostrophe from a cell
 *   (and from each item of a joined list) that starts with one; nothing else starts with one.
 * - Numbers (JSON numbers, not text) are written as they are and never prefixed (`-5` stays `-5`);
 *   a number that is not finite is an empty cell. true and false as written.
 * - An absent or null value is an empty cell.
 * - A list of plain values is, with `lists: 'joined'`, its items each written by these rules and
 *   joined with "; " (`["ok", "=HYPERLINK(…)"]` → `ok; '=HYPERLINK(…)`); with `lists: 'json'`,
 *   its JSON text. Lists of rows and objects are always their JSON text (which starts with `[`
 *   or `{`, so is never a formula).
 */

/** Starts a spreadsheet would read as a formula (or that the escaping itself uses). */
const FORMULA_START = /^[=+\-@\t\r'\uFF1D\uFF0B\uFF0D\uFF20]/;

/** How a list of plain values is written in one cell. */
export type CsvLists = 'joined' | 'json';

function plainCell(value: string | number | boolean | bigint | symbol): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  return typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
}

/** A value as CSV cell text, never a formula (see the rules above). */
export function csvCell(value: unknown, lists: CsvLists): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    const plain = value.every((v) => v === null || typeof v !== 'object');
    if (lists === 'joined' && plain) return value.map((v) => (v === null || v === undefined ? '' : plainCell(v as string))).join('; ');
    return JSON.stringify(value);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'function') return '';
  return plainCell(value as string | number | boolean);
}
