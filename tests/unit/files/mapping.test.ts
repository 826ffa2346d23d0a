/** ICS mappings know File upload questions: mapped as rows of files, and a question turned into (or out of) one breaks a mapping at publish. */
import { describe, expect, it } from 'vitest';
import { formFields } from '../../../engine/forms/fields.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { applyMapping, breakingChanges, mappingProblems } from '../../../engine/sync/mapping.js';
import type { Mapping, MappingRule } from '../../../engine/sync/model.js';
import { fileRef, filesDefinition } from '../../support/files-form.js';
import { varied } from '../../support/definitions.js';

const rules: MappingRule[] = [{ target: 'FitNotes', from: '/fitNote', items: [{ target: 'FileName', from: '/name' }, { target: 'Sha256', from: '/sha256' }] }];
const mapping: Mapping = { connector: 'ics', formId: 'rtw', version: 1, fields: rules, revision: 1, updatedBy: 'u', updatedAt: '' };

describe('mappings and File upload questions', () => {
  it('maps a files question’s files as rows (their names and fingerprints)', () => {
    const def = filesDefinition();
    expect(mappingProblems(rules, def, 'Version 1')).toEqual([]);
    const note = fileRef('fit-note.pdf', 10);
    expect(applyMapping(rules, { fitNote: [note] }, { dateFormat: 'YYYY-MM-DD', fields: formFields(def) })).toEqual({ FitNotes: [{ FileName: 'fit-note.pdf', Sha256: note.sha256 }] });
  });

  it('a repeating group turned into a File upload breaks a mapping made for the group, in words', () => {
    const group = varied(filesDefinition(), (d) => {
      (d.schema.properties as Record<string, JsonObject>).fitNote = { type: 'array', title: 'Fit note', maxItems: 3, items: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', maxLength: 100 }, sha256: { type: 'string', maxLength: 64 } } } };
    });
    const problems = breakingChanges(mapping, group, filesDefinition(), 2);
    expect(problems).toEqual([{ pointer: '/fitNote', message: expect.stringContaining('changes “Fit note” from a list to uploaded files') }]);
  });
});
