/**
 * Issue 10, item 3: "Fewest rows: 1" on a repeatable group accepted no rows at all unless
 * "Required" was ticked too (JSON Schema's minItems says nothing about a list that is not there,
 * and the runtime drops the list with its last row). The two are kept in step.
 */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { Validators } from '../../../engine/validation/index.js';
import { deepFreeze, get, missing, violations } from './support.js';

function withGroup(): M.Definition {
  const def = M.addRepeatableGroup(M.emptyDefinition(), '', 0, 'Actions').definition;
  return deepFreeze(M.addField(def, '', 1, 'yes-no', 'Escalate?').definition);
}

describe('designer model: a repeatable group\'s fewest rows and "required" are kept in step', () => {
  it('fewest rows of 1 makes the group required, so no rows at all is refused', () => {
    const r = M.setFieldProps(withGroup(), '0', { minItems: 1 });
    expect(get(r.definition.schema, '/properties/actions/minItems')).toBe(1);
    expect(get(r.definition.schema, '/required')).toEqual(['actions']);
    expect(M.fieldProps(r.definition, '0')).toMatchObject({ minItems: 1, required: true });
    expect(r.notes).toEqual(['“Actions” now needs at least 1 row, so it is now required.']);
    expect(missing(r.definition, {}, '', 'actions')).toBe(true);
    expect(violations(r.definition)).toEqual([]);
  });

  it('a group a rule can hide becomes required when shown', () => {
    const ruled = M.setRule(withGroup(), '0', { effect: 'show', combine: 'all', conditions: [{ field: '/escalate', comparison: 'equals', value: true }] }).definition;
    const r = M.setFieldProps(ruled, '0', { minItems: 2 });
    expect(r.notes).toEqual(['“Actions” now needs at least 2 rows, so it is now required when shown.']);
    expect(M.fieldProps(r.definition, '0')).toMatchObject({ minItems: 2, required: true, requiredWhenShown: true });
    expect(missing(r.definition, { escalate: true }, '', 'actions')).toBe(true);
    expect(missing(r.definition, { escalate: false }, '', 'actions')).toBe(false);
    expect(violations(r.definition)).toEqual([]);
  });

  it('taking "required" away clears fewest rows, with a note; asking for both at once is refused', () => {
    const r = M.setFieldProps(withGroup(), '0', { minItems: 1 });
    const off = M.setFieldProps(r.definition, '0', { required: false });
    expect(get(off.definition.schema, '/properties/actions/minItems')).toBeUndefined();
    expect(get(off.definition.schema, '/required')).toBeUndefined();
    expect(off.notes).toEqual(['“Actions” may now be left with no rows, so its fewest rows (1) was cleared.']);
    expect(() => M.setFieldProps(withGroup(), '0', { minItems: 1, required: false })).toThrow(/cannot need at least 1 row and also be left without any/);
    // Fewest rows of 0 asks for nothing: "required" stays as it was.
    expect(M.fieldProps(M.setFieldProps(withGroup(), '0', { minItems: 0 }).definition, '0')).toMatchObject({ minItems: 0, required: false });
  });

  it('the practitioner is told how many rows to add', () => {
    const def = M.setFieldProps(withGroup(), '0', { minItems: 2 }).definition;
    const issues = new Validators().validate({ formId: 'f', version: 1, hash: 'h', schema: def.schema, uischema: def.uischema } as never, { escalate: false }, 'submit');
    expect(issues).toEqual([expect.objectContaining({ pointer: '/actions', message: 'Add at least 2 actions.' })]);
  });
});
