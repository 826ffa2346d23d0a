/**
 * Files questions in ICS mappings (issue 16): the mapping knows the kind. Mapped plainly, a files
 * question sends its file names (never the store's ids and hashes as fields); `as: "text"` joins
 * them; `as: "files"` also sends the files (and only a files question may say so); a flag, date,
 * code or join of uploaded files is refused in words; changing a question to or from file
 * uploads breaks a mapping that reads it.
 */
import { describe, expect, it } from 'vitest';
import { FILE_REF_SCHEMA } from '../../../engine/files/model.js';
import { formFields } from '../../../engine/forms/fields.js';
import { applyMapping, breakingChanges, filesToSend, mappingProblems } from '../../../engine/sync/mapping.js';
import type { Mapping, MappingRule } from '../../../engine/sync/model.js';

const definition = (evidence: Record<string, unknown>) => ({
  schema: { type: 'object', properties: { note: { type: 'string', title: 'Note' }, evidence: { title: 'Evidence', ...evidence } } },
  uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/note' }, { type: 'Control', scope: '#/properties/evidence' }] },
});
const files = definition({ type: 'array', 'x-files': { types: ['pdf'] }, maxItems: 3, items: FILE_REF_SCHEMA });
const ref = (id: string, name: string) => ({ id, name, size: 10, mediaType: 'application/pdf', sha256: 'a'.repeat(64) });

describe('files questions in mappings', () => {
  it('sends the names plainly and as text, and the files themselves with as: files', () => {
    const rules: MappingRule[] = [
      { target: 'PLAIN', from: '/evidence' },
      { target: 'TEXT', from: '/evidence', as: 'text' },
      { target: 'FILES', from: '/evidence', as: 'files' },
      { target: 'NOTE', from: '/note' },
    ];
    expect(mappingProblems(rules, files, 'Version 1')).toEqual([]);
    const data = { note: 'n', evidence: [ref('f1', 'fit note.pdf'), ref('f2', 'letter.pdf')] };
    expect(applyMapping(rules, data, { dateFormat: 'YYYY-MM-DD', fields: formFields(files) })).toEqual({ PLAIN: ['fit note.pdf', 'letter.pdf'], TEXT: 'fit note.pdf; letter.pdf', FILES: ['fit note.pdf', 'letter.pdf'], NOTE: 'n' });
    expect(applyMapping(rules, { note: 'n' }, { dateFormat: 'YYYY-MM-DD', fields: formFields(files) })).toEqual({ PLAIN: null, TEXT: null, FILES: null, NOTE: 'n' });
    expect(filesToSend(rules, data)).toEqual([
      { target: 'FILES', file: ref('f1', 'fit note.pdf') },
      { target: 'FILES', file: ref('f2', 'letter.pdf') },
    ]);
  });

  it('refuses files from another kind of question, and a flag, date, code or join of uploaded files, in words', () => {
    const problems = mappingProblems(
      [
        { target: 'A', from: '/note', as: 'files' },
        { target: 'B', from: '/evidence', as: 'flag' },
        { target: 'C', from: '/evidence', as: 'date' },
        { target: 'D', from: '/evidence', as: 'code' },
        { target: 'E', join: [{ heading: 'Evidence', from: '/evidence' }] },
      ],
      files,
      'Version 1',
    );
    expect(problems.map((p) => `${p.pointer} ${p.message}`)).toEqual([
      '/fields/0/from The ICS field “A” sends uploaded files, and “Note” is text: map it without "as": "files".',
      '/fields/1/from The ICS field “B” makes a flag from a yes/no answer, and “Evidence” is uploaded files.',
      '/fields/2/from The ICS field “C” formats a date, and “Evidence” is uploaded files.',
      '/fields/3/from The ICS field “D” sends a choice\'s code, and “Evidence” is uploaded files.',
      '/fields/4/join/0/from The ICS field “E” joins only text answers, and “Evidence” is uploaded files.',
    ]);
  });

  it('a version that turns a list into file uploads breaks a mapping that reads it', () => {
    const list = definition({ type: 'array', items: { type: 'string' } });
    const mapping: Mapping = { connector: 'ics', formId: 'f', version: 1, fields: [{ target: 'EV', from: '/evidence' }], revision: 1, updatedBy: 'u', updatedAt: '2026-01-01T00:00:00Z' };
    expect(breakingChanges(mapping, list, files, 2).map((p) => p.message)).toEqual([
      'Version 2 changes “Evidence” from a list to uploaded files, which breaks the “ics” mapping (made for version 1) (“EV”). Change the mapping for version 2 first.',
    ]);
  });
});
