/** Names of files in the export's zip: never a folder or a way out of one, each once per record, and the CSV cell's words. */
import { describe, expect, it } from 'vitest';
import { UniqueNames, fileNames, safeName, withFileLinks } from '../../../engine/submissions/export-files.js';
import { fileRef } from '../../support/files-form.js';

describe('file names in exports', () => {
  it('keeps a name as one safe part of a path', () => {
    expect(safeName('fit note.pdf')).toBe('fit note.pdf');
    expect(safeName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(safeName('..')).toBe('file');
    expect(safeName('a\u0000b\nc:d*.pdf')).toBe('a_b_c_d_.pdf');
    expect(safeName('C:\\Users\\x.docx')).toBe('C__Users_x.docx');
    expect(safeName('x'.repeat(300))).toHaveLength(200);
  });

  it('gives each name in a folder once, whatever its case', () => {
    const names = new UniqueNames();
    expect(['scan.png', 'scan.png', 'SCAN.png', 'notes', 'notes'].map((n) => names.take(n))).toEqual(['scan.png', 'scan (2).png', 'SCAN (3).png', 'notes', 'notes (2)']);
  });

  it('writes a CSV cell’s files as name and size, and adds links without changing what it was given', () => {
    const files = [fileRef('fit-note.pdf', 120 * 1024), fileRef('scan.png', 2 * 1024 * 1024, 'image/png', 2), fileRef('tiny.txt', 12, 'text/plain', 3)];
    expect(fileNames(files)).toEqual(['fit-note.pdf (120 KB)', 'scan.png (2 MB)', 'tiny.txt (12 bytes)']);
    expect(fileNames(undefined)).toBeUndefined();
    const data = { fitNote: files, other: 'x' };
    const linked = withFileLinks([['fitNote']], data);
    expect(linked.fitNote[0]).toEqual({ ...files[0], link: `/api/files/${files[0]!.id}` });
    expect(data.fitNote[0]).not.toHaveProperty('link');
    const none = { other: 'x' };
    expect(withFileLinks([['fitNote']], none)).toBe(none);
  });
});
