/**
 * Files questions in the runtime, the parts with no browser in them: which renderer a files
 * question gets (files, not a repeatable group of rows), how its answer reads back (names, and
 * download links in the summary), what its hint says it takes, and what is refused before any
 * byte is sent. The uploads themselves are walked in tests/e2e/file-upload.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import { FILE_REF_SCHEMA } from '../../../engine/files/model.js';
import { refusalOf } from '../../../runtime/form/uploads.js';
import { acceptOf, files } from '../../../runtime/renderers/fields/files.js';
import { sizeText, takesText, typesText } from '../../../runtime/renderers/fields/file-words.js';
import { kindFor } from '../../../runtime/renderers/kinds.js';
import { renderers } from '../../../runtime/renderers/index.js';
import { repeatableGroup } from '../../../runtime/renderers/array/repeatable-group.js';
import { summarise, type SummaryBlock } from '../../../runtime/renderers/summary/sections.js';

const fitNote = { type: 'array', title: 'Fit note', 'x-files': { types: ['pdf', 'image'], maxFileSize: 10 * 1024 * 1024 }, maxItems: 3, items: FILE_REF_SCHEMA } as unknown as JsonSchema;
const schema = { type: 'object', properties: { fitNote, note: { type: 'string', title: 'Note' } } } as unknown as JsonSchema;
const control = { type: 'Control', scope: '#/properties/fitNote' } as UISchemaElement;
const layout = { type: 'VerticalLayout', elements: [control, { type: 'Control', scope: '#/properties/note' }] } as UISchemaElement;
const ref = (n: number, name: string) => ({ id: `f_abcdefgh${n}`, name, size: 1234, mediaType: 'application/pdf', sha256: String(n).repeat(64) });

/** The renderer JSON Forms would pick: the highest-ranked tester. */
function chosen(ui: UISchemaElement, s: JsonSchema) {
  let best: (typeof renderers)[number] | undefined;
  let rank = -1;
  for (const r of renderers) {
    const n = r.tester(ui, s, { rootSchema: s, config: undefined });
    if (n > rank) [best, rank] = [r, n];
  }
  return best?.renderer;
}

describe('runtime: files questions', () => {
  it('gets the files renderer, not the repeatable group its array of objects would otherwise get, and not read-only text when read-only', () => {
    expect(kindFor(control, schema, schema)?.kind).toBe('files');
    expect(chosen(control, schema)).toBe(files.Renderer);
    expect(chosen(control, schema)).not.toBe(repeatableGroup.Renderer);
    const readOnly = { type: 'object', properties: { fitNote: { ...fitNote, readOnly: true } } } as unknown as JsonSchema;
    expect(chosen(control, readOnly)).toBe(files.Renderer);
    // A list of objects that is not a files question is still a repeatable group.
    const rows = { type: 'object', properties: { people: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } } } } as unknown as JsonSchema;
    expect(chosen({ type: 'Control', scope: '#/properties/people' } as UISchemaElement, rows)).toBe(repeatableGroup.Renderer);
  });

  it('reads back as the files’ names, one a line, and in the summary as one download link per file', () => {
    const data = { fitNote: [ref(1, 'fit-note.pdf'), ref(2, 'page 2.jpg')], note: 'Seen' };
    expect(files.display(data.fitNote, fitNote)).toBe('fit-note.pdf\npage 2.jpg');
    const [list] = summarise(schema, layout, data) as Array<Extract<SummaryBlock, { type: 'list' }>>;
    expect(list!.rows[0]).toEqual({
      label: 'Fit note',
      value: 'fit-note.pdf\npage 2.jpg',
      path: 'fitNote',
      changes: 'fit note',
      links: [
        { href: '/api/files/f_abcdefgh1', text: 'fit-note.pdf', fileId: 'f_abcdefgh1' },
        { href: '/api/files/f_abcdefgh2', text: 'page 2.jpg', fileId: 'f_abcdefgh2' },
      ],
    });
    // Not answered: no links, and the summary says so as for any question.
    const [empty] = summarise(schema, layout, { note: 'Seen' }) as Array<Extract<SummaryBlock, { type: 'list' }>>;
    expect(empty!.rows[0]).toEqual({ label: 'Fit note', value: '', path: 'fitNote', changes: 'fit note' });
  });

  it('offers the chooser the extensions of the allowed types', () => {
    expect(acceptOf(fitNote)).toBe('.pdf,.jpg,.jpeg,.png,.gif,.webp,.tif,.tiff,.heic');
    expect(acceptOf({ type: 'array' })).toBeUndefined();
  });

  it('says what the question takes in plain words', () => {
    expect(typesText(['pdf', 'image'])).toBe('PDF or image');
    expect(typesText(['pdf', 'image', 'word'])).toBe('PDF, image or Word document');
    expect(takesText(['pdf', 'image'], 3, 10 * 1024 * 1024)).toBe('PDF or image. Up to 3 files, each 10 MB or smaller.');
    expect(takesText(['email'], 1, 5 * 1024 * 1024)).toBe('Email. One file, 5 MB or smaller.');
    expect(takesText(['word'], undefined, undefined)).toBe('Word document.');
  });

  it('writes sizes as people read them, rounded up as the server words them, so a file just over a limit never reads as the limit', () => {
    expect([0, 900, 1024, 1025, 180 * 1024, 1024 * 1024, 2.44 * 1024 * 1024, 10 * 1024 * 1024 + 5, 31 * 1024 * 1024].map(sizeText)).toEqual(['0 bytes', '900 bytes', '1 KB', '2 KB', '180 KB', '1 MB', '2.5 MB', '10.1 MB', '31 MB']);
  });

  it('refuses, before sending anything, more files than the question takes and a file over its size', () => {
    const limits = { label: 'Fit note', maxFiles: 3, maxFileSize: 10 * 1024 * 1024 };
    const small = { name: 'a.pdf', size: 1000 };
    expect(refusalOf([small], 2, limits)).toBeNull();
    expect(refusalOf([small], 3, limits)).toBe('Fit note can have up to 3 files. Remove one to add another.');
    expect(refusalOf([small, small], 2, limits)).toBe('Fit note can have up to 3 files. Choose 1 more file.');
    expect(refusalOf([small, small, small], 1, limits)).toBe('Fit note can have up to 3 files. Choose up to 2 more files.');
    expect(refusalOf([small], 1, { ...limits, maxFiles: 1 })).toBe('Fit note can have only 1 file. Remove one to add another.');
    expect(refusalOf([small, { name: 'fit-note.pdf', size: 31 * 1024 * 1024 }], 0, limits)).toBe('fit-note.pdf is 31 MB. Files must be 10 MB or smaller.');
    expect(refusalOf([{ name: 'just-over.pdf', size: 10 * 1024 * 1024 + 1 }], 0, limits)).toBe('just-over.pdf is 10.1 MB. Files must be 10 MB or smaller.');
    expect(refusalOf([{ name: 'big.pdf', size: 11 * 1024 * 1024 }], 0, { label: 'Fit note' })).toBeNull();
  });
});
