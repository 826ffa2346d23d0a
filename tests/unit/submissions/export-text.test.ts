import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvLine, csvText } from '../../../engine/submissions/export-text.js';
import { cellText, type ExportColumn, type ExportedRecord } from '../../../engine/submissions/export.js';

// The export joins its CSV lines itself (for speed); the bytes must stay csv-stringify's.
const CELLS = ['', 'plain', 'a,b', 'say "hi"', '"', '""', 'line\nbreak', 'cr\rhere', 'crlf\r\nend', "'=SUM(A1)", ' lead and trail ', 'é ü 漢字 😀', '\t', ',', 'semi; colon', '\u2028'];

async function all(text: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of text) out += chunk;
  return out;
}

describe('CSV text of the export', () => {
  it('writes each line byte for byte as csv-stringify does with its default options', () => {
    expect(csvLine(CELLS)).toBe(stringify([CELLS]));
    for (const cell of CELLS) expect(csvLine([cell, 'x'])).toBe(stringify([[cell, 'x']]));
    expect(csvLine([''])).toBe(stringify([['']]));
  });

  it('gives a BOM, the header and a line per record across pages, as csv-stringify would', async () => {
    const columns: ExportColumn[] = [
      { name: 'id', value: (s) => s.id },
      { name: 'note', value: (s) => s.data.note },
    ];
    const page = (ids: string[]) => ids.map((id, i) => ({ id, data: { note: CELLS[i % CELLS.length] } }) as unknown as ExportedRecord);
    async function* pages() {
      yield page(['a', 'b', 'c']);
      yield [];
      yield page(['d', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's']);
    }
    const expected = '\ufeff' + stringify([['id', 'note'], ...[...'abc'].map((id, i) => [id, cellText(CELLS[i])]), ...[...'defghijklmnopqrs'].map((id, i) => [id, cellText(CELLS[i % CELLS.length])])]);
    expect(await all(csvText(columns, pages()))).toBe(expected);
  });

  it('writes answers of every kind as csv-stringify writes their cell text', async () => {
    const VALUES: unknown[] = [0, -5, 1.5, 1e21, -0, NaN, Infinity, true, false, null, undefined, '-5', '=1+1', '＝1', "'x", ['a', '=b', null, 3], [{ n: 'Mum, "M"' }], { a: 'b,c' }, ...CELLS];
    const columns: ExportColumn[] = [{ name: 'v', value: (s) => (s.data as { v: unknown }).v }];
    async function* pages() {
      yield VALUES.map((v) => ({ data: { v } }) as unknown as ExportedRecord);
    }
    expect(await all(csvText(columns, pages()))).toBe('\ufeff' + stringify([['v'], ...VALUES.map((v) => [cellText(v)])]));
  });

  it('gives the header alone when there are no records', async () => {
    async function* none() {}
    expect(await all(csvText([{ name: 'id', value: () => '' }], none()))).toBe('\ufeffid\n');
  });
});
