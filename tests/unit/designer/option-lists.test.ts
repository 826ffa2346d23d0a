/** A choice question taking its options from a shared option list (`x-option-list`), and giving it up. */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { deepFreeze, get } from './support.js';

const REASONS_1: M.SharedListVersion = {
  id: 'reasons-for-absence',
  version: 1,
  name: 'Reasons for absence',
  options: [
    { label: 'Illness', code: 'ILL' },
    { label: 'Holiday', code: 'HOL' },
    { label: 'Exclusion', code: 'EXC' },
  ],
};
const REASONS_2: M.SharedListVersion = { ...REASONS_1, version: 2, options: [REASONS_1.options[0]!, { label: 'Exclusion from school', code: 'EXC' }] };

/** One choice (0), choose several (1), a number (2). */
function base(): M.Definition {
  let def = M.emptyDefinition();
  for (const [kind, label] of [
    ['single-choice', 'Main reason'],
    ['multiple-choice', 'Other reasons'],
    ['number', 'Days absent'],
  ] as Array<[M.PaletteKind, string]>) {
    def = M.addField(def, '', 99, kind, label).definition;
  }
  return deepFreeze(def);
}

describe('designer model: shared option lists', () => {
  it('one choice: the reference and the list\'s options are written on the question, which reads as using the list', () => {
    // Nothing published yet: replacing the made-up options breaks nothing.
    const r = M.adoptOptionList(base(), '0', REASONS_1, { fixed: new Set() });
    const node = get(r.definition.schema, '/properties/mainReason') as Record<string, unknown>;
    expect(node['x-option-list']).toEqual({ id: 'reasons-for-absence', version: 1 });
    expect(node.oneOf).toEqual([
      { const: 'ILL', title: 'Illness' },
      { const: 'HOL', title: 'Holiday' },
      { const: 'EXC', title: 'Exclusion' },
    ]);
    expect(r.notes).toEqual(['“Main reason” now takes its options from the shared list “Reasons for absence”, version 1.']);
    expect(M.fieldProps(r.definition, '0')).toMatchObject({ optionList: { id: 'reasons-for-absence', version: 1 }, options: REASONS_1.options });
    expect(M.fieldProps(base(), '0').optionList).toBeUndefined();
  });

  it('choose several: the reference goes on the items, and as many answers as options are allowed', () => {
    const r = M.adoptOptionList(base(), '1', REASONS_1);
    const node = get(r.definition.schema, '/properties/otherReasons') as Record<string, unknown>;
    expect(node['x-option-list']).toBeUndefined();
    expect(get(r.definition.schema, '/properties/otherReasons/items/x-option-list')).toEqual({ id: 'reasons-for-absence', version: 1 });
    expect(node.maxItems).toBe(3);
    expect(M.fieldProps(r.definition, '1').optionList).toEqual({ id: 'reasons-for-absence', version: 1 });
  });

  it('refuses to change the options by hand while the list is used', () => {
    const r = M.adoptOptionList(base(), '0', REASONS_1);
    expect(() => M.setFieldProps(r.definition, '0', { options: [{ label: 'Other', code: 'OTH' }] })).toThrow(
      'The options of “Main reason” come from the shared list “reasons-for-absence” (version 1): change them on the list\'s page, or stop using the list here first.',
    );
    // Writing back what was read changes nothing.
    expect(M.setFieldProps(r.definition, '0', M.fieldProps(r.definition, '0')).definition).toBe(r.definition);
  });

  it('updating to a newer version writes its options, says which versions, and says a removed option is breaking once published', () => {
    const one = M.adoptOptionList(base(), '0', REASONS_1);
    const withDefault = M.setFieldProps(one.definition, '0', { default: 'HOL' }).definition;
    const r = M.adoptOptionList(withDefault, '0', REASONS_2, { fixed: new Set(['/mainReason']) });
    expect(get(r.definition.schema, '/properties/mainReason/x-option-list')).toEqual({ id: 'reasons-for-absence', version: 2 });
    expect(get(r.definition.schema, '/properties/mainReason/oneOf')).toEqual([
      { const: 'ILL', title: 'Illness' },
      { const: 'EXC', title: 'Exclusion from school' },
    ]);
    expect(get(r.definition.schema, '/properties/mainReason/default')).toBeUndefined();
    expect(r.notes).toEqual([
      'Removing the option “Holiday” (“HOL”) is a breaking change: answers already saved with it will no longer be accepted.',
      '“Holiday” was the default answer of “Main reason”; it now has none.',
      '“Main reason” now uses version 2 of the shared list “Reasons for absence” (it used version 1).',
    ]);
  });

  it('stopping keeps the options as the question\'s own, which can then be changed', () => {
    const one = M.adoptOptionList(base(), '1', REASONS_1);
    const r = M.stopUsingOptionList(one.definition, '1', 'Reasons for absence');
    expect(get(r.definition.schema, '/properties/otherReasons/items/x-option-list')).toBeUndefined();
    expect(M.fieldProps(r.definition, '1')).toMatchObject({ options: REASONS_1.options });
    expect(M.fieldProps(r.definition, '1').optionList).toBeUndefined();
    expect(r.notes).toEqual(['“Other reasons” now has its own copy of the options of “Reasons for absence” (version 1): change them here; newer versions of the list no longer reach it.']);
    expect(() => M.setFieldProps(r.definition, '1', { options: [{ label: 'Other', code: 'OTH' }] })).not.toThrow();
    // Nothing to stop: nothing changes.
    expect(M.stopUsingOptionList(base(), '0').definition).toEqual(base());
  });

  it('refuses a question that is not a choice, and a choice that stores numbers', () => {
    expect(() => M.adoptOptionList(base(), '2', REASONS_1)).toThrow('“Days absent” is not a choice question: only "one choice" and "choose several" questions can take their options from a shared list.');
    const numbered = deepFreeze(M.setFieldProps({ ...base(), schema: { ...base().schema, properties: { ...(base().schema.properties as object), mainReason: { type: 'integer', oneOf: [{ const: 1, title: 'One' }] } } } }, '0', {}).definition);
    expect(() => M.adoptOptionList(numbered, '0', REASONS_1)).toThrow('“Main reason” stores numbers, and a shared list\'s codes are text: add a new choice question for the list instead.');
  });
});
