/**
 * The CSV and JSON exports as text, one piece per page of `exportPages` (200 records), for the
 * route to write with backpressure (and the bench to count): one write and one await per page,
 * not per record.
 *
 * CSV lines are joined here rather than by csv-stringify (issue 17: its per-cell casting and
 * option handling, a few small arrays per cell, was most of the export's time and garbage). Every
 * cell is text from `cellText`, for which csv-stringify's default rules are short, and kept to
 * byte for byte (tests/unit/submissions/export-text.test.ts checks against csv-stringify itself):
 * a cell holding a comma, a double quote, a line feed or a carriage return is put in double quotes
 * with each double quote doubled; any other cell, the empty one included, is written as it is;
 * cells are joined by commas and each line ends with a line feed.
 */
import { cellText, type ExportColumn, type ExportedRecord } from './export.js';

/** One cell's CSV text, as csv-stringify writes a string with its default options. */
export function csvField(text: string): string {
  // Four scans for one character each are 2-3× faster than one /[",\n\r]/ test (issue 17).
  const quoted = text.includes(',') || text.includes('"') || text.includes('\n') || text.includes('\r');
  return quoted ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A value's CSV cell: `csvField(cellText(value))`, with the commonest values short-cut (a number's
 * text never needs quotes, an absent answer is empty).
 */
function csvValue(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (value === undefined || value === null) return '';
  return csvField(cellText(value));
}

/** One line of CSV, its line feed included. */
export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i ? ',' : '') + csvField(cells[i]!);
  return line + '\n';
}

/** The JSON export: an array, one record a line. */
export async function* jsonText(pages: AsyncIterable<ExportedRecord[]>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const page of pages) {
    if (page.length === 0) continue;
    yield (first ? '\n' : ',\n') + page.map((s) => JSON.stringify(s)).join(',\n');
    first = false;
  }
  yield '\n]\n';
}

/** The CSV export: a BOM (so spreadsheet programs read the UTF-8 correctly), the header, a line per record. */
export async function* csvText(columns: ExportColumn[], pages: AsyncIterable<ExportedRecord[]>): AsyncGenerator<string> {
  yield '\ufeff' + csvLine(columns.map((c) => cellText(c.name)));
  const values = columns.map((c) => c.value);
  for await (const page of pages) {
    let text = '';
    for (const s of page) {
      let line = '';
      for (let i = 0; i < values.length; i++) line += (i ? ',' : '') + csvValue(values[i]!(s));
      text += line + '\n';
    }
    if (text) yield text;
  }
}
