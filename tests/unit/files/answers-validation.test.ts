/**
 * Answers of a files question (issue 16): validated against the question (most files, required),
 * told in a social worker's words, and left out with the rest when a display rule hides the question.
 */
import { describe, expect, it } from 'vitest';
import { hiddenAnswers, visibilityPlan, visibleAnswers } from '../../../engine/forms/hidden-answers.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { checkDefinition } from '../../../engine/policy/index.js';
import { Validators, createFormAjv, type VersionRef } from '../../../engine/validation/index.js';
import { fileRef, filesDefinition } from '../../support/files-form.js';
import { varied } from '../../support/definitions.js';

function version(def = filesDefinition(), n = 1): VersionRef {
  const r = checkDefinition(def);
  expect(r.violations).toEqual([]);
  return { formId: 'rtw', version: n, hash: `h${n}`, ...r.normalized };
}
const words = (issues: Array<{ pointer: string; message: string }>) => issues.map(({ pointer, message }) => ({ pointer, message }));

describe('answers of a files question', () => {
  const v = new Validators();
  const rtw = version();
  const note = fileRef('fit-note.pdf', 120 * 1024);

  it('accepts one to the most files', () => {
    expect(v.validate(rtw, { reason: 'Flu', fitNote: [note] }, 'submit')).toEqual([]);
    expect(v.validate(rtw, { reason: 'Flu', fitNote: [1, 2, 3].map((n) => fileRef(`scan-${n}.png`, 2048, 'image/png', n)) }, 'submit')).toEqual([]);
  });

  it('asks for a file when required and none is given, in GOV.UK words, only at submit', () => {
    expect(words(v.validate(rtw, { reason: 'Flu' }, 'submit'))).toEqual([{ pointer: '/fitNote', message: 'Upload at least one file for the fit note.' }]);
    expect(words(v.validate(rtw, { reason: 'Flu', fitNote: [] }, 'submit'))).toEqual([{ pointer: '/fitNote', message: 'Upload at least one file for the fit note.' }]);
    expect(v.validate(rtw, { reason: 'Flu', fitNote: [] }, 'draft')).toEqual([]);
  });

  it('says how many files at most', () => {
    const four = [1, 2, 3, 4].map((n) => fileRef(`scan-${n}.png`, 2048, 'image/png', n));
    expect(words(v.validate(rtw, { reason: 'Flu', fitNote: four }, 'submit'))).toEqual([{ pointer: '/fitNote', message: 'Upload no more than 3 files for the fit note.' }]);
  });

  it('refuses, even in a draft, an answer that is not a list of uploaded files, one message per file at its place', () => {
    const forged = { ...note, path: '/etc/passwd' };
    const bad = v.validate(rtw, { reason: 'Flu', fitNote: [note, forged, { name: 'x.pdf' }] }, 'draft');
    expect(words(bad)).toEqual([
      { pointer: '/fitNote/1', message: 'File 2 of the fit note is not a file uploaded to this record. Remove it and upload the file again.' },
      { pointer: '/fitNote/2', message: 'File 3 of the fit note is not a file uploaded to this record. Remove it and upload the file again.' },
    ]);
    expect(words(v.validate(rtw, { reason: 'Flu', fitNote: 'fit-note.pdf' }, 'draft'))).toEqual([{ pointer: '/fitNote', message: 'Fit note must be a list of uploaded files.' }]);
    const badId = v.validate(rtw, { reason: 'Flu', fitNote: [{ ...note, id: '../../x' }] }, 'submit');
    expect(words(badId)).toEqual([{ pointer: '/fitNote/0', message: 'File 1 of the fit note is not a file uploaded to this record. Remove it and upload the file again.' }]);
  });

  it('compiles with the form ajv, x-files declared as a keyword it knows', () => {
    const ajv = createFormAjv();
    expect(ajv.getKeyword('x-files')).toBeTruthy();
    expect(ajv.validate(rtw.schema, { reason: 'Flu', fitNote: [note] })).toBe(true);
  });

  it('leaves a hidden files answer out of what is submitted, and keeps it while shown', () => {
    const def = varied(filesDefinition(), (d) => {
      d.schema.required = ['reason'];
      delete (d.schema.properties as Record<string, JsonObject>).fitNote!.minItems;
      ((d.uischema.elements as JsonObject[])[2]!).rule = { effect: 'SHOW', condition: { scope: '#/properties/hadNote', schema: { const: true } } };
    });
    const plan = visibilityPlan(version(def));
    const data = { reason: 'Flu', hadNote: false, fitNote: [note] };
    expect(hiddenAnswers(plan, data)).toEqual(['/fitNote']);
    expect(visibleAnswers(plan, data)).toEqual({ reason: 'Flu', hadNote: false });
    const shown = { ...data, hadNote: true };
    expect(visibleAnswers(plan, shown)).toBe(shown);
  });
});
