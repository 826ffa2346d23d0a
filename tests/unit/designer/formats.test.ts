/**
 * The properties panel's "Format": a named format instead of a pattern, the message people see
 * when an answer does not match, and an example of a right answer — each written where the
 * engine reads it, and passing the definition policy.
 */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { deepFreeze, get, violations } from './support.js';

const base = () => {
  let def = M.emptyDefinition();
  def = M.addField(def, '', 99, 'short-text', "Child's NHS number").definition;
  def = M.addField(def, '', 99, 'person-id', "Child's ICS person id").definition;
  def = M.addField(def, '', 99, 'email', "Worker's email").definition;
  return deepFreeze(def);
};

describe('designer model: formats and their messages', () => {
  it('a named format replaces any pattern and carries the message people see; the most characters stay as they were', () => {
    const withPattern = M.setFieldProps(base(), '0', { pattern: '^[0-9 ]+$' }).definition;
    const r = M.setFieldProps(withPattern, '0', { format: 'nhs-number', pattern: undefined });
    const msg = M.setFieldProps(r.definition, '0', { formatMessage: "  Enter the child's NHS number, like 943 476 5919  " });
    expect(violations(msg.definition)).toEqual([]);
    expect(get(msg.definition.schema, '/properties/childsNhsNumber')).toEqual({ type: 'string', maxLength: 200, format: 'nhs-number', 'x-format-message': "Enter the child's NHS number, like 943 476 5919" });
    expect(M.fieldProps(msg.definition, '0')).toMatchObject({ format: 'nhs-number', formatMessage: "Enter the child's NHS number, like 943 476 5919" });
    expect(M.fieldProps(msg.definition, '0').pattern).toBeUndefined();
  });

  it('a person id made by the palette reads as the ICS person id format; its message needs no pattern written', () => {
    const def = base();
    expect(M.fieldProps(def, '1')).toMatchObject({ kind: 'person-id', format: 'ics-person-id' });
    expect(M.fieldProps(def, '1').pattern).toBeUndefined();
    expect(M.setFieldProps(def, '1', M.fieldProps(def, '1')).definition).toBe(def);
    const r = M.setFieldProps(def, '1', { formatMessage: "Enter the child's ICS person id, like P1234567" });
    expect(violations(r.definition)).toEqual([]);
    expect(get(r.definition.schema, '/properties/childsIcsPersonId')).toMatchObject({ pattern: M.ICS_ID_PATTERN, 'x-format-message': "Enter the child's ICS person id, like P1234567" });
  });

  it('"Custom pattern" from a named format leaves no format; "Any text" takes the message away with the format', () => {
    const named = M.setFieldProps(base(), '0', { format: 'uk-postcode', pattern: undefined, formatMessage: 'Enter a postcode, like SW1A 2AA' }).definition;
    const custom = M.setFieldProps(named, '0', { format: undefined }).definition;
    expect(get(custom.schema, '/properties/childsNhsNumber/format')).toBeUndefined();
    // Nothing for the message to apply to until the pattern is written: it goes (undo brings it back).
    expect(get(custom.schema, '/properties/childsNhsNumber/x-format-message')).toBeUndefined();
    expect(violations(custom)).toEqual([]);
    const patterned = M.setFieldProps(custom, '0', { pattern: '^[A-Z]{2}[0-9]{6}$', example: 'AB123456', formatMessage: 'Enter a postcode, like SW1A 2AA' }).definition;
    expect(violations(patterned)).toEqual([]);
    expect(get(patterned.schema, '/properties/childsNhsNumber')).toMatchObject({ pattern: '^[A-Z]{2}[0-9]{6}$', examples: ['AB123456'], 'x-format-message': 'Enter a postcode, like SW1A 2AA' });
    const none = M.setFieldProps(patterned, '0', { format: undefined, pattern: undefined }).definition;
    expect(get(none.schema, '/properties/childsNhsNumber/x-format-message')).toBeUndefined();
    expect(violations(none)).toEqual([]);
  });

  it('an email has its own format, so a message can be set without choosing one', () => {
    const r = M.setFieldProps(base(), '2', { formatMessage: 'Enter an email address, like name@example.org' });
    expect(violations(r.definition)).toEqual([]);
    expect(M.fieldProps(r.definition, '2').settable).not.toContain('format');
  });

  it.each([
    ['a format that does not exist', { format: 'nhs' }, /There is no format called “nhs”; choose one of: ICS person id, .*NHS number.*, or a custom pattern/],
    ['a format and a pattern together', { format: 'nhs-number', pattern: '^[0-9]+$' }, /a named format or a custom pattern, not both/],
    ['a message with nothing to apply to', { formatMessage: 'Enter it right' }, /Choose a format or write a pattern for “Child's NHS number” first/],
    ['a message over 200 characters', { pattern: '^P', formatMessage: 'x'.repeat(201) }, /at most 200 characters/],
    ['an example that does not match the pattern', { pattern: '^P[0-9]+$', example: 'Q1' }, /The example “Q1” does not match the pattern/],
    // Found by the designer fuzz test: an example kept while the most characters went below its length.
    ['an example longer than the most characters', { example: 'AB123456', maxLength: 1 }, /The example “AB123456” is 8 characters long, but “Child's NHS number” allows at most 1/],
    ['an example shorter than the fewest characters', { example: 'AB1', minLength: 5 }, /The example “AB1” is 3 characters long, but “Child's NHS number” needs at least 5/],
  ])('refuses %s', (_why, patch, message) => {
    expect(() => M.setFieldProps(base(), '0', patch as Partial<M.FieldProps>)).toThrow(message);
  });
});
