/** Change analysis knows files questions: added, removed, types and limits changed, in words, and which drafts' files a tightening refuses. */
import { describe, expect, it } from 'vitest';
import { affects, analyseChanges, dependsOnContent } from '../../../engine/forms/changes.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { fileRef, filesDefinition } from '../../support/files-form.js';
import { varied } from '../../support/definitions.js';

type Def = ReturnType<typeof filesDefinition>;
const note = (d: Def) => (d.schema.properties as Record<string, JsonObject>).fitNote!;
const settings = (d: Def) => note(d)['x-files'] as JsonObject;
const fieldChanges = (a: Def, b: Def) => analyseChanges(a, b).filter((c) => c.kind !== 'layout-changed');
const MB = 1024 * 1024;

describe('change analysis of files questions', () => {
  const base = filesDefinition();

  it('an added optional files question is not breaking and is reported once (not its file parts); a removed one is breaking', () => {
    const without = varied(base, (d) => {
      delete (d.schema.properties as JsonObject).fitNote;
      d.schema.required = ['reason'];
    });
    const optional = varied(base, (d) => {
      d.schema.required = ['reason'];
      delete note(d).minItems;
    });
    expect(fieldChanges(without, optional)).toEqual([expect.objectContaining({ kind: 'field-added', path: '/fitNote', breaking: false, message: '“Fit note” was added.' })]);
    const removed = fieldChanges(optional, without);
    expect(removed).toEqual([expect.objectContaining({ kind: 'field-removed', path: '/fitNote', breaking: true })]);
    expect(affects(removed[0]!, { fitNote: [fileRef('a.pdf', 1)] }, 'draft', () => false)).toBe(true);
    expect(affects(removed[0]!, { reason: 'Flu' }, 'draft', () => false)).toBe(false);
  });

  it('taking a type away is breaking for drafts holding a file of that type only; adding one is not', () => {
    const pdfOnly = varied(base, (d) => (settings(d).types = ['pdf']));
    const [c] = fieldChanges(base, pdfOnly);
    expect(c).toMatchObject({ kind: 'file-types-changed', path: '/fitNote', breaking: true });
    expect(c!.message).toBe('“Fit note” no longer accepts images (JPEG, PNG, GIF, WebP, TIFF, HEIC), so files of that type uploaded before would be refused.');
    expect(dependsOnContent(c!)).toBe(true);
    expect(affects(c!, { fitNote: [fileRef('scan.png', 2048, 'image/png')] }, 'draft', () => false)).toBe(true);
    expect(affects(c!, { fitNote: [fileRef('note.pdf', 2048)] }, 'draft', () => false)).toBe(false);
    const wider = fieldChanges(pdfOnly, varied(pdfOnly, (d) => (settings(d).types = ['pdf', 'word'])));
    expect(wider).toEqual([expect.objectContaining({ kind: 'file-types-changed', breaking: false, message: '“Fit note” now also accepts word documents (DOCX, DOC, ODT, RTF).' })]);
  });

  it('a smaller most size per file is breaking for drafts holding a larger file; a larger one is not', () => {
    const smaller = varied(base, (d) => (settings(d).maxFileSize = 2 * MB));
    const [c] = fieldChanges(base, smaller);
    expect(c).toMatchObject({ kind: 'file-size-changed', breaking: true, message: 'The most size per file of “Fit note” changed from 10 MB to 2 MB, so larger files uploaded before would be refused.' });
    expect(affects(c!, { fitNote: [fileRef('big.pdf', 3 * MB)] }, 'draft', () => false)).toBe(true);
    expect(affects(c!, { fitNote: [fileRef('small.pdf', MB)] }, 'draft', () => false)).toBe(false);
    expect(fieldChanges(smaller, base)).toEqual([expect.objectContaining({ kind: 'file-size-changed', breaking: false, message: 'The most size per file of “Fit note” changed from 2 MB to 10 MB.' })]);
  });

  it('fewer files at most is said in files, and refuses drafts with more', () => {
    const [c] = fieldChanges(base, varied(base, (d) => (note(d).maxItems = 1)));
    expect(c).toMatchObject({ kind: 'constraint-tightened', breaking: true, message: 'The most files of “Fit note” changed from 3 to 1, so some answers accepted before would now be refused.' });
    expect(affects(c!, { fitNote: [fileRef('a.pdf', 1, 'application/pdf', 1), fileRef('b.pdf', 1, 'application/pdf', 2)] }, 'draft', () => false)).toBe(true);
  });

  it('a question that stops taking files is a change of kind, breaking', () => {
    const [c] = fieldChanges(base, varied(base, (d) => delete note(d)['x-files']));
    expect(c).toMatchObject({ kind: 'type-changed', breaking: true, message: '“Fit note” no longer takes uploaded files; files uploaded to it before would no longer be accepted.' });
  });
});
