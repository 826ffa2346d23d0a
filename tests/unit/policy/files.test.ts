/** The definition policy on `x-files`: a files question shaped as the designer writes it, refused otherwise in an analyst's words at its place. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_UPLOAD_MAX_BYTES, MAX_FILES_PER_QUESTION } from '../../../engine/files/model.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { checkDefinition } from '../../../engine/policy/index.js';
import { filesDefinition } from '../../support/files-form.js';
import { varied } from '../../support/definitions.js';

type Def = ReturnType<typeof filesDefinition>;
const props = (d: Def) => d.schema.properties as Record<string, JsonObject>;
const check = (edit: (p: Record<string, JsonObject>, d: Def) => void, options: { uploadMaxBytes?: number } = {}) => checkDefinition(varied(filesDefinition(), (d) => edit(props(d), d)), options);
const at = (rest = '') => `/schema/properties/fitNote${rest}`;
const MB = 1024 * 1024;

describe('definition policy: files questions', () => {
  it('accepts a files question as the designer writes it, unchanged, with no notices about it', () => {
    const report = check(() => {});
    expect(report.violations).toEqual([]);
    expect(report.notices.filter((n) => n.pointer.startsWith(at()))).toEqual([]);
    expect((report.normalized.schema.properties as Record<string, JsonObject>).fitNote).toEqual(props(filesDefinition()).fitNote);
  });

  it('fills in the most files when left out, saying so', () => {
    const report = check((p) => delete p.fitNote!.maxItems);
    expect(report.violations).toEqual([]);
    expect((report.normalized.schema.properties as Record<string, JsonObject>).fitNote!.maxItems).toBe(MAX_FILES_PER_QUESTION);
    expect(report.notices).toContainEqual({ pointer: at('/maxItems'), message: `"Fit note" had no most number of files, so ${MAX_FILES_PER_QUESTION} has been applied.` });
  });

  it('refuses unknown types, no types, a type twice and unknown settings, each at its place', () => {
    const v = check((p) => {
      p.fitNote!['x-files'] = { types: ['pdf', 'exe', 'pdf'], maxFileSize: MB, scan: false };
    }).violations;
    expect(v.map((x) => x.pointer)).toEqual([at('/x-files/scan'), at('/x-files/types/1'), at('/x-files/types/2')]);
    expect(v[0]!.message).toBe('The file settings of "Fit note" take only "types" and "maxFileSize"; "scan" is not one of them.');
    expect(v[1]!.message).toMatch(/^"exe" is not a type of file Caseforms can check; choose from: pdf \(PDF documents\), image/);
    expect(v[2]!.message).toBe('"Fit note" allows pdf documents twice.');
    const none = check((p) => {
      p.fitNote!['x-files'] = { types: [] };
    }).violations;
    expect(none).toEqual([{ pointer: at('/x-files/types'), message: expect.stringMatching(/^Choose at least one type of file "Fit note" accepts, from: pdf/) }]);
    expect(check((p) => (p.fitNote!['x-files'] = 'pdf')).violations).toEqual([{ pointer: at('/x-files'), message: expect.stringContaining('must be an object like') }]);
  });

  it('refuses a most size that is not a whole number of bytes, or more than the server takes (its configured maximum, else the default)', () => {
    const size = (n: unknown, options = {}) => check((p) => ((p.fitNote!['x-files'] as JsonObject).maxFileSize = n), options).violations;
    expect(size(0)[0]).toEqual({ pointer: at('/x-files/maxFileSize'), message: expect.stringContaining('must be a whole number of bytes, 1 or more') });
    expect(size(1.5)).toHaveLength(1);
    expect(size('10MB')).toHaveLength(1);
    expect(size(DEFAULT_UPLOAD_MAX_BYTES)).toEqual([]);
    expect(size(DEFAULT_UPLOAD_MAX_BYTES + 1)).toEqual([
      { pointer: at('/x-files/maxFileSize'), message: '"Fit note" allows files of up to 20.1 MB, but this server takes files of at most 20 MB. Choose 20 MB or less.' },
    ]);
    expect(size(30 * MB, { uploadMaxBytes: 50 * MB })).toEqual([]);
    expect(size(10 * MB, { uploadMaxBytes: 5 * MB })).toEqual([
      { pointer: at('/x-files/maxFileSize'), message: '"Fit note" allows files of up to 10 MB, but this server takes files of at most 5 MB. Choose 5 MB or less.' },
    ]);
  });

  it('refuses rows other than the file schema, a most number of files outside 1 to 20, and x-files on anything but a list', () => {
    const v = check((p) => {
      ((p.fitNote!.items as JsonObject).properties as JsonObject).note = { type: 'string', maxLength: 10 };
      p.fitNote!.maxItems = MAX_FILES_PER_QUESTION + 1;
      p.reason!['x-files'] = { types: ['pdf'] };
    }).violations;
    expect(v).toEqual([
      { pointer: '/schema/properties/reason/x-files', message: 'Only a list can hold uploaded files: "Reason for absence" is not one. Add a File upload question instead.' },
      { pointer: at('/items'), message: expect.stringContaining('"items" must be exactly the file schema Caseforms writes') },
      { pointer: at('/maxItems'), message: 'The most files "Fit note" takes must be a whole number from 1 to 20.' },
    ]);
    expect(check((p) => (p.fitNote!.maxItems = 0)).violations.map((x) => x.pointer)).toEqual([at('/minItems'), at('/maxItems')]);
  });

  it('refuses a value given to it: a default, a fixed value, options, a formula, a pre-fill or a carry-forward', () => {
    const v = check((p) => {
      p.fitNote!.default = [];
      p.fitNote!.const = [];
      p.fitNote!.enum = [[]];
      p.fitNote!['x-calculate'] = 'reason';
      p.fitNote!['x-prefill'] = 'child.name';
      p.fitNote!['x-carry-forward'] = { from: '/fitNote' };
    }).violations;
    const mine = v.filter((x) => /^\/schema\/properties\/fitNote\/(default|const|enum|x-calculate|x-prefill|x-carry-forward)$/.test(x.pointer));
    // A formula makes the calculations' check refuse the rest too: each place is named, once or twice.
    expect([...new Set(mine.map((x) => x.pointer))].sort()).toEqual([at('/const'), at('/default'), at('/enum'), at('/x-calculate'), at('/x-carry-forward'), at('/x-prefill')]);
    expect(mine.find((x) => x.pointer === at('/x-calculate'))!.message).toContain('A calculated answer must be a number, text, a date, a time or a yes/no answer.');
    expect(mine.find((x) => x.pointer === at('/x-carry-forward'))!.message).toBe('"Fit note" takes uploaded files, and a file belongs to the record it was uploaded to, so it cannot be filled in from an earlier record.');
    expect(mine.find((x) => x.pointer === at('/default'))!.message).toBe('"Fit note" takes uploaded files only, so it cannot have a default.');
  });

  it('refuses a files question inside a repeating group’s rows, and a carry-forward taking its answer from one', () => {
    const inRows = check((p) => {
      p.absences = { type: 'array', maxItems: 5, items: { type: 'object', additionalProperties: false, properties: { note: structuredClone(p.fitNote!) } } };
    }).violations;
    expect(inRows).toEqual([{ pointer: '/schema/properties/absences/items/properties/note/x-files', message: expect.stringContaining('is in a repeating group\'s rows; a File upload question can only be outside a repeating group') }]);
    const carried = check((p) => (p.reason!['x-carry-forward'] = { from: '/fitNote' })).violations;
    expect(carried).toEqual([{ pointer: '/schema/properties/reason/x-carry-forward/from', message: expect.stringContaining('which takes uploaded files; a file belongs to the record it was uploaded to') }]);
  });

  it('refuses x-files inside a condition', () => {
    const v = check((_p, d) => {
      d.schema.allOf = [{ properties: { fitNote: { 'x-files': { types: ['pdf'] } } } }];
    }).violations;
    expect(v).toEqual([{ pointer: '/schema/allOf/0/properties/fitNote/x-files', message: '"x-files" belongs on a field itself, not inside a condition or option.' }]);
  });
});
