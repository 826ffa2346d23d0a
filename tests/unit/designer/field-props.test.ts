/** The properties panel: reading and changing one field's settings. */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { deepFreeze, get, template, templates, violations } from './support.js';

const find = (def: M.Definition, pointer: string) => M.outlineFields(M.outline(def)).find((n) => n.dataPointer === pointer)!;

describe('designer model: fieldProps / setFieldProps round trips', () => {
  for (const t of templates()) {
    it(`${t.id}: writing back what was read changes nothing, for every field`, () => {
      const def = deepFreeze(t.definition);
      for (const n of M.outlineFields(M.outline(def))) {
        const props = M.fieldProps(def, n.path);
        const r = M.setFieldProps(def, n.path, props);
        expect(r.definition, n.path).toBe(def);
        expect(r.notes).toEqual([]);
      }
    });
  }

  it('reads a template field in full', () => {
    const def = template('case-supervision');
    expect(M.fieldProps(def, find(def, '/discussion/scalingScore').path)).toEqual({
      label: 'Scaling score (0 to 10)',
      hint: '0 means the child is not safe and must be removed; 10 means the case can close.',
      required: false,
      readOnly: false,
      minimum: 0,
      maximum: 10,
      kind: 'number',
      requiredWhenShown: false,
      requiredByCondition: false,
      settable: ['label', 'hint', 'required', 'readOnly', 'default', 'minimum', 'maximum'],
    });
    expect(M.fieldProps(def, find(def, '/meeting/supervisionType').path)).toMatchObject({
      options: [
        { label: 'Planned one-to-one', code: 'PLANNED' },
        { label: 'Ad hoc', code: 'AD-HOC' },
        { label: 'Group / reflective', code: 'GROUP' },
        { label: 'Management oversight', code: 'OVERSIGHT' },
        { label: 'Case closure', code: 'CLOSURE' },
      ],
      display: 'radios',
      required: true,
    });
    expect(M.fieldProps(def, find(def, '/meeting/attendees').path)).toMatchObject({ kind: 'repeatable-group', maxItems: 20 });
    const audit = template('case-file-audit');
    expect(M.fieldProps(audit, find(audit, '/domains/chronology/q1Evidence').path)).toMatchObject({ required: false, requiredByCondition: true });
    expect(M.fieldProps(audit, find(audit, '/overall/concernDetails').path)).toMatchObject({ required: true, requiredWhenShown: true, requiredByCondition: false });
  });
});

describe('designer model: changing field settings', () => {
  const base = () => {
    let def = M.emptyDefinition();
    for (const [kind, label] of [
      ['short-text', 'Name'],
      ['number', 'Age'],
      ['single-choice', 'Colour'],
      ['multiple-choice', 'Pets'],
      ['date', 'Born'],
      ['yes-no', 'Consent'],
    ] as Array<[M.PaletteKind, string]>) {
      def = M.addField(def, '', 99, kind, label).definition;
    }
    def = M.addRepeatableGroup(def, '', 99, 'Visits').definition;
    return deepFreeze(def);
  };

  it('writes label, hint, required, read only, lengths and pattern where they belong', () => {
    const def = base();
    const r = M.setFieldProps(def, '0', { label: 'Full name', hint: 'As on the birth certificate', required: true, readOnly: true, minLength: 2, maxLength: 120, pattern: '^[^0-9]*$', default: 'Sam' });
    expect(violations(r.definition)).toEqual([]);
    expect(get(r.definition.uischema, '/elements/0/label')).toBe('Full name');
    expect(get(r.definition.schema, '/properties/name')).toEqual({ type: 'string', maxLength: 120, description: 'As on the birth certificate', readOnly: true, minLength: 2, pattern: '^[^0-9]*$', default: 'Sam' });
    expect(get(r.definition.schema, '/required')).toEqual(['name']);
    const cleared = M.setFieldProps(r.definition, '0', { hint: undefined, required: false, readOnly: false, minLength: undefined, pattern: undefined, default: undefined });
    expect(get(cleared.definition.schema, '/properties/name')).toEqual({ type: 'string', maxLength: 120 });
    expect(get(cleared.definition.schema, '/required')).toBeUndefined();
  });

  it.each([
    ['a maximum length of 0', '0', { maxLength: 0 }, /maximum length must be a whole number from 1 to 50,000/],
    ['a maximum length over 50,000', '0', { maxLength: 50_001 }, /from 1 to 50,000/],
    ['no maximum length', '0', { maxLength: undefined }, /needs a maximum length/],
    ['a minimum over the maximum', '0', { minLength: 300 }, /minimum length of “Name” \(300\) is more than its maximum length \(200\)/],
    ['a pattern that looks ahead', '0', { pattern: '^(?=a)' }, /look ahead or behind/],
    ['a pattern with a back-reference', '0', { pattern: '(a)\\1' }, /refer back/],
    ['a broken pattern', '0', { pattern: '([a-z' }, /is never closed with "\]"/],
    ['lowest above highest', '1', { minimum: 5, maximum: 1 }, /lowest value of “Age” \(5\) is more than its highest value \(1\)/],
    ['an earliest date that is not a day', '4', { minimum: '2024-02-30' }, /earliest date of “Born” must be a real day written YYYY-MM-DD/],
    ['a latest date written as a number', '4', { maximum: 20240101 }, /latest date of “Born” must be a real day/],
    ['an earliest date after the latest', '4', { minimum: '2025-01-01', maximum: '2024-12-31' }, /earliest date of “Born” \(2025-01-01\) is after its latest date \(2024-12-31\)/],
    ['a default date before the earliest', '4', { minimum: '2024-01-01', default: '2023-12-31' }, /outside its earliest and latest dates/],
    ['length limits on a number', '1', { maxLength: 5 }, /“Age” is a number: it has no length limits/],
    ['options on a yes/no question', '5', { options: [{ label: 'A', code: 'A' }] }, /yes\/no question: it has no options/],
    ['two options with one code', '2', { options: [{ label: 'Red', code: 'R' }, { label: 'Rose', code: 'R' }] }, /Two options have the code “R”/],
    ['a code with spaces', '2', { options: [{ label: 'Red', code: 'R E D' }] }, /may only use letters, digits/],
    ['an option without a code', '2', { options: [{ label: 'Red', code: '' }] }, /needs a code/],
    ['no options', '2', { options: [] }, /needs at least one option/],
    ['a default that is not an option', '2', { default: 'NOPE' }, /must be one of its option codes/],
    ['a default of the wrong kind', '1', { default: 'old' }, /must be a number/],
    ['a default date not written as a date', '4', { default: '1/2/2024' }, /YYYY-MM-DD/],
    ['more rows allowed than the policy allows', '6', { maxItems: 501 }, /from 1 to 500/],
    ['fewer rows required than allowed', '6', { minItems: 30, maxItems: 20 }, /smallest number of rows of “Visits” \(30\) is more than the largest \(20\)/],
    ['an empty label', '0', { label: ' ' }, /needs a label/],
    ['a setting that does not exist', '0', { colour: 'red' } as Partial<M.FieldProps>, /no field setting called “colour”/],
  ] as Array<[string, string, Partial<M.FieldProps>, RegExp]>)('refuses %s', (_, path, patch, message) => {
    const def = base();
    expect(() => M.setFieldProps(def, path, patch)).toThrow(M.DesignError);
    expect(() => M.setFieldProps(def, path, patch)).toThrow(message);
  });

  it('refuses settings on what is not a field', () => {
    let def = M.addSection(base(), '', 0, 'About');
    expect(() => M.fieldProps(def.definition, def.path)).toThrow(/This is a section, not a field/);
  });

  it('options: codes and labels, a dropdown from 13 options, and multiple choice allowing as many answers as options', () => {
    const def = base();
    const many = Array.from({ length: 14 }, (_, i) => ({ label: `Colour ${i + 1}`, code: `C${i + 1}` }));
    const r = M.setFieldProps(def, '2', { options: many });
    expect(r.notes).toContain('With more than 12 options, “Colour” is now shown as a dropdown; choose radios to keep radio buttons.');
    expect(M.fieldProps(r.definition, '2')).toMatchObject({ display: 'dropdown' });
    const radios = M.setFieldProps(r.definition, '2', { display: 'radios' });
    expect(get(radios.definition.uischema, '/elements/2/options')).toEqual({ format: 'radio' });
    const dropdown = M.setFieldProps(radios.definition, '2', { display: 'dropdown' });
    expect(get(dropdown.definition.uischema, '/elements/2/options')).toEqual({ format: 'select' });
    expect(M.fieldProps(dropdown.definition, '2')).toMatchObject({ display: 'dropdown' });
    const pets = M.setFieldProps(def, '3', { options: [{ label: 'Cat', code: 'CAT' }, { label: 'Dog', code: 'DOG' }, { label: 'Fish', code: 'FISH' }] });
    expect(get(pets.definition.schema, '/properties/pets')).toMatchObject({ maxItems: 3, uniqueItems: true, items: { oneOf: [{ const: 'CAT', title: 'Cat' }, { const: 'DOG', title: 'Dog' }, { const: 'FISH', title: 'Fish' }] } });
    for (const x of [r, radios, dropdown, pets]) expect(violations(x.definition)).toEqual([]);
  });

  it('a date has earliest and latest days, kept as the schema\'s formatMinimum/formatMaximum and passing the policy', () => {
    const def = base();
    const r = M.setFieldProps(def, '4', { minimum: '2024-04-01', maximum: '2025-03-31', default: '2024-06-01' });
    expect(get(r.definition.schema, '/properties/born')).toMatchObject({ type: 'string', format: 'date', formatMinimum: '2024-04-01', formatMaximum: '2025-03-31', default: '2024-06-01' });
    expect(get(r.definition.schema, '/properties/born/minimum')).toBeUndefined();
    expect(M.fieldProps(r.definition, '4')).toMatchObject({ minimum: '2024-04-01', maximum: '2025-03-31' });
    expect(violations(r.definition)).toEqual([]);
    const cleared = M.setFieldProps(r.definition, '4', { minimum: undefined, default: undefined });
    expect(get(cleared.definition.schema, '/properties/born/formatMinimum')).toBeUndefined();
    expect(get(cleared.definition.schema, '/properties/born/formatMaximum')).toBe('2025-03-31');
    // A date and time, or a time, has no such days.
    const withTime = M.setFieldProps(def, '4', {});
    const timed = { ...withTime.definition, schema: JSON.parse(JSON.stringify(withTime.definition.schema)) };
    timed.schema.properties.born = { type: 'string', format: 'date-time', maxLength: 40 };
    expect(M.fieldProps(timed, '4').settable).not.toContain('minimum');
    expect(() => M.setFieldProps(timed, '4', { minimum: '2024-01-01' })).toThrow(/Earliest and latest days can be set only for a date; “Born” holds a date and time/);
  });

  it('a dropdown for a short list when the analyst asks for one, kept as the options change', () => {
    const def = base();
    expect(M.fieldProps(def, '2')).toMatchObject({ display: 'radios' });
    const dropdown = M.setFieldProps(def, '2', { display: 'dropdown' });
    expect(get(dropdown.definition.uischema, '/elements/2/options')).toEqual({ format: 'select' });
    expect(M.fieldProps(dropdown.definition, '2')).toMatchObject({ display: 'dropdown' });
    expect(violations(dropdown.definition)).toEqual([]);
    // Growing past 12 options and back keeps the dropdown, with no note about how it is shown.
    const many = Array.from({ length: 14 }, (_, i) => ({ label: `Colour ${i + 1}`, code: `C${i + 1}` }));
    const grown = M.setFieldProps(dropdown.definition, '2', { options: many });
    expect(grown.notes.filter((n) => /shown as/.test(n))).toEqual([]);
    expect(M.fieldProps(grown.definition, '2')).toMatchObject({ display: 'dropdown' });
    const shrunk = M.setFieldProps(grown.definition, '2', { options: many.slice(0, 3) });
    expect(M.fieldProps(shrunk.definition, '2')).toMatchObject({ display: 'dropdown' });
    // Back to radios, which a short list would have been anyway.
    const radios = M.setFieldProps(shrunk.definition, '2', { display: 'radios' });
    expect(get(radios.definition.uischema, '/elements/2/options')).toEqual({ format: 'radio' });
    expect(M.fieldProps(radios.definition, '2')).toMatchObject({ display: 'radios' });
  });

  it('a changed code is a breaking change: said so, and renamed in every rule and condition that tests it', () => {
    const def = deepFreeze(template('reflective-supervision'));
    const status = find(def, '/session/status');
    const props = M.fieldProps(def, status.path);
    const options = props.options!.map((o) => (o.code === 'HELD' ? { ...o, code: 'MET' } : o));
    const r = M.setFieldProps(def, status.path, { options });
    expect(r.notes[0]).toMatch(/^Changing the code of “.*” from “HELD” to “MET” is a breaking change/);
    expect(r.notes).toContain('Rules and conditions that tested “' + options.find((o) => o.code === 'MET')!.label + '” now test the new code.');
    expect(violations(r.definition)).toEqual([]);
    expect(JSON.stringify(r.definition)).not.toContain('"HELD"');
    expect(M.ruleOf(r.definition, '2.0')).toEqual({ effect: 'show', combine: 'all', conditions: [{ field: '/session/status', comparison: 'equals', value: 'MET' }] });
    for (const p of ['/practice/reflection', '/session/startTime', '/caseload/capacityDetail']) expect(M.fieldProps(r.definition, find(r.definition, p).path).required, p).toBe(true);
  });

  it('a removed option is a breaking change, and a rule still testing it is pointed out', () => {
    const def = deepFreeze(template('reflective-supervision'));
    const status = find(def, '/session/status');
    const options = M.fieldProps(def, status.path).options!.filter((o) => o.code !== 'REARRANGED');
    const r = M.setFieldProps(def, status.path, { options });
    expect(r.notes.some((n) => /Removing the option “.*” \(“REARRANGED”\) is a breaking change/.test(n))).toBe(true);
    expect(r.notes).toContain('A rule or condition still tests “' + M.fieldProps(def, status.path).label + '” for “REARRANGED”, which can no longer be chosen; check it.');
    expect(violations(r.definition)).toEqual([]);
  });

  it('required, for a field a rule can hide, means required when shown — and stays so as the rule changes', () => {
    let def = base();
    def = M.setRule(def, '0', { effect: 'show', combine: 'all', conditions: [{ field: '/consent', comparison: 'equals', value: true }] }).definition;
    const on = M.setFieldProps(def, '0', { required: true }).definition;
    expect(violations(on)).toEqual([]);
    expect(get(on.schema, '/required')).toBeUndefined();
    expect(get(on.schema, '/allOf')).toEqual([{ if: { properties: { consent: { const: true } }, required: ['consent'] }, then: { required: ['name'] } }]);
    expect(M.fieldProps(on, '0')).toMatchObject({ required: true, requiredWhenShown: true });
    const hidden = M.setRule(on, '0', { effect: 'hide', combine: 'any', conditions: [{ field: '/age', comparison: 'less-than', value: 16 }] }).definition;
    expect(get(hidden.schema, '/allOf')).toEqual([{ if: { not: { properties: { age: { exclusiveMaximum: 16 } }, required: ['age'] } }, then: { required: ['name'] } }]);
    const plain = M.setRule(hidden, '0', null);
    expect(plain.notes).toEqual(['“Name” can no longer be hidden, so it is now always required.']);
    expect(get(plain.definition.schema, '/required')).toEqual(['name']);
    expect(get(plain.definition.schema, '/allOf')).toBeUndefined();
    const off = M.setFieldProps(on, '0', { required: false }).definition;
    expect(get(off.schema, '/allOf')).toBeUndefined();
    for (const d of [hidden, plain.definition, off]) expect(violations(d)).toEqual([]);
  });

  it('changing a field of a shared definition changes that place only', () => {
    const def = deepFreeze(template('case-file-audit'));
    const q1 = find(def, '/domains/risk/q1Evidence');
    const r = M.setFieldProps(def, q1.path, { hint: 'What on the file shows it', maxLength: 3000 });
    expect(r.notes).toEqual(['“Risk identified and reduced” now has its own copy of the shared definition “practiceDomain”, so changes to it apply there only.']);
    expect(get(r.definition.schema, '/properties/domains/properties/risk')).toMatchObject({ title: 'Risk identified and reduced', type: 'object' });
    expect(get(r.definition.schema, '/properties/domains/properties/risk/properties/q1Evidence')).toMatchObject({ maxLength: 3000, description: 'What on the file shows it' });
    expect(get(r.definition.schema, '/definitions/practiceDomain/properties/q1Evidence/maxLength')).toBe(2000);
    expect(violations(r.definition)).toEqual([]);
    expect(M.fieldProps(r.definition, q1.path)).toMatchObject({ label: q1.label, requiredByCondition: true });
  });

  it('setLabel renames pages, sections and guidance', () => {
    const def = deepFreeze(template('case-supervision'));
    const a = M.setLabel(def, '0', 'About the supervision');
    const b = M.setLabel(a.definition, '0.1', 'Child');
    const c = M.setLabel(b.definition, '0.0', 'Use the date it happened.');
    const page = M.outline(c.definition).children[0]!;
    expect([page.label, page.children[0]!.label, page.children[1]!.label]).toEqual(['About the supervision', 'Use the date it happened.', 'Child']);
    expect(() => M.setLabel(def, '0.2.1', 'Row')).toThrow(/Rows have no label/);
    expect(violations(c.definition)).toEqual([]);
  });
});
