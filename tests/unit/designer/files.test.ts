/** The designer's File upload question: added from the palette, its types, most files, size per file and required set, and what the policy makes of it. */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { FILE_REF_SCHEMA } from '../../../engine/files/model.js';
import { checkDefinition } from '../../../engine/policy/index.js';
import { comparisonsFor } from '../../../designer/model/kinds.js';
import { deepFreeze, get, violations } from './support.js';
import { visibilityPlan, visibleAnswers } from '../../../engine/forms/hidden-answers.js';

const MB = 1024 * 1024;
const withFiles = () => {
  const r = M.addField(deepFreeze(M.emptyDefinition()), '', 0, 'files', 'Fit note');
  return { def: r.definition, path: r.path };
};

describe('designer model: File upload questions', () => {
  it('adds a files question the policy accepts as it is, which reads back as a File upload with its settings', () => {
    const { def, path } = withFiles();
    expect(get(def.schema, '/properties/fitNote')).toEqual({ type: 'array', 'x-files': { types: ['pdf', 'image'] }, maxItems: 5, items: FILE_REF_SCHEMA });
    expect(violations(def)).toEqual([]);
    expect(checkDefinition(def).notices.filter((n) => n.pointer.startsWith('/schema/properties/fitNote'))).toEqual([]);
    const props = M.fieldProps(def, path);
    expect(props).toMatchObject({ kind: 'files', label: 'Fit note', required: false, fileTypes: ['pdf', 'image'], maxItems: 5, settable: ['label', 'hint', 'required', 'fileTypes', 'maxFileSizeMb', 'maxItems'] });
    expect(M.outline(def).children[0]).toMatchObject({ kind: 'field', fieldKind: 'files' });
    expect(M.guessKind(def.schema, get(def.schema, '/properties/fitNote') as Record<string, unknown>)).toBe('files');
  });

  it('sets types, most files, size per file in MB, hint and required (minItems 1 with the form’s required), and clears required again', () => {
    const { def, path } = withFiles();
    const set = M.setFieldProps(def, path, { fileTypes: ['pdf', 'word'], maxItems: 3, maxFileSizeMb: 10, hint: 'A photo or scan', required: true }).definition;
    expect(get(set.schema, '/properties/fitNote')).toEqual({ type: 'array', 'x-files': { types: ['pdf', 'word'], maxFileSize: 10 * MB }, maxItems: 3, minItems: 1, description: 'A photo or scan', items: FILE_REF_SCHEMA });
    expect(set.schema.required).toEqual(['fitNote']);
    expect(violations(set)).toEqual([]);
    expect(M.fieldProps(set, path)).toMatchObject({ required: true, fileTypes: ['pdf', 'word'], maxFileSizeMb: 10, maxItems: 3, hint: 'A photo or scan' });
    const optional = M.setFieldProps(set, path, { required: false }).definition;
    expect(get(optional.schema, '/properties/fitNote/minItems')).toBeUndefined();
    expect(optional.schema.required ?? []).toEqual([]);
    const noLimit = M.setFieldProps(set, path, { maxFileSizeMb: undefined }).definition;
    expect(get(noLimit.schema, '/properties/fitNote/x-files')).toEqual({ types: ['pdf', 'word'] });
  });

  it('refuses no types, more files than 20, and a size over the server’s largest, in words', () => {
    const { def, path } = withFiles();
    expect(() => M.setFieldProps(def, path, { fileTypes: [] })).toThrow('Choose at least one type of file “Fit note” accepts.');
    expect(() => M.setFieldProps(def, path, { maxItems: 21 })).toThrow('The most files must be a whole number from 1 to 20.');
    expect(() => M.setFieldProps(def, path, { maxFileSizeMb: 25 })).toThrow('The most size per file (in MB; this server takes files up to 20 MB) must be a whole number from 1 to 20.');
    expect(() => M.setFieldProps(def, path, { maxFileSizeMb: 8 }, { uploadMaxBytes: 5 * MB })).toThrow('this server takes files up to 5 MB');
    expect(() => M.setFieldProps(def, path, { default: 'x' })).toThrow('“Fit note” is a file upload: it has no default answer.');
  });

  it('is not offered inside a repeating group, for carrying forward, or for rules other than has files / has no files', () => {
    const group = M.addRepeatableGroup(deepFreeze(M.emptyDefinition()), '', 0, 'Absences');
    expect(() => M.addField(group.definition, `${group.path}.d`, 0, 'files', 'Note')).toThrow('cannot be inside a repeating group');
    const { def, path } = withFiles();
    expect(M.canCarry(def, path)).toBe(false);
    expect(comparisonsFor('files')).toEqual(['answered', 'not-answered']);
  });

  it('a display rule can ask whether it has files: written as a list with at least one entry, which the policy accepts and the server evaluates', () => {
    const { def } = withFiles();
    const next = M.addField(def, '', 1, 'long-text', 'What the fit note says').definition;
    const fields = M.fieldsBefore(next, '1');
    expect(fields).toEqual([expect.objectContaining({ field: '/fitNote', kind: 'files', comparisons: ['answered', 'not-answered'] })]);
    const ruled = M.setRule(next, '1', { effect: 'show', combine: 'all', conditions: [{ field: '/fitNote', comparison: 'answered' }] }).definition;
    expect(get(ruled.uischema, '/elements/1/rule')).toEqual({ effect: 'SHOW', condition: { scope: '#/properties/fitNote', schema: { type: 'array', minItems: 1 } } });
    expect(violations(ruled)).toEqual([]);
    expect(M.ruleOf(ruled, '1')).toEqual({ effect: 'show', combine: 'all', conditions: [{ field: '/fitNote', comparison: 'answered' }] });
    const plan = visibilityPlan(checkDefinition(ruled).normalized);
    const file = { id: 'f_0000000001', name: 'a.pdf', size: 1, mediaType: 'application/pdf', sha256: '1'.repeat(64) };
    expect(visibleAnswers(plan, { fitNote: [], whatTheFitNoteSays: 'x' })).toEqual({ fitNote: [] });
    expect(visibleAnswers(plan, { fitNote: [file], whatTheFitNoteSays: 'x' })).toEqual({ fitNote: [file], whatTheFitNoteSays: 'x' });
  });
});
