/**
 * A field's own message for an answer in the wrong format (`x-format-message`) and the named
 * formats pass the definition policy, within bounds: short text, on a field with a pattern or a
 * format it can apply to, never inside a condition.
 */
import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../../engine/policy/index.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { NAMED_FORMATS } from '../../../engine/validation/named-formats.js';
import { sampleDefinition, varied } from '../../support/definitions.js';

type Def = ReturnType<typeof sampleDefinition>;
const props = (d: Def) => d.schema.properties as Record<string, JsonObject>;
const violations = (change: (d: Def) => void) => checkDefinition(varied(sampleDefinition(), change)).violations;

describe('definition policy: formats and their messages', () => {
  it.each(NAMED_FORMATS.map((f) => f.name))('accepts the named format %s on text, with a message', (name) => {
    expect(violations((d) => Object.assign(props(d).childId!, { format: name, 'x-format-message': 'Enter it like this' }))).toEqual([]);
  });

  it('accepts a message beside a pattern, and beside an email format', () => {
    expect(violations((d) => Object.assign(props(d).childId!, { pattern: '^P[0-9]{7}$', 'x-format-message': "Enter the child's ICS person id, like P1234567" }))).toEqual([]);
    expect(violations((d) => Object.assign(props(d).childId!, { format: 'email', 'x-format-message': 'Enter an email address, like name@example.org' }))).toEqual([]);
  });

  it.each([
    ['a message that is not text', { pattern: '^P', 'x-format-message': 42 }, /must be text/],
    ['an empty message', { pattern: '^P', 'x-format-message': '  ' }, /must be text/],
    ['a message over 200 characters', { pattern: '^P', 'x-format-message': 'x'.repeat(201) }, /longer than 200 characters/],
    ['a message with nothing to apply to', { 'x-format-message': 'Enter it like P1234567' }, /no pattern or format \(such as an NHS number\)/],
    ['a message on a date, whose own messages say which part is wrong', { format: 'date', 'x-format-message': 'Enter a date' }, /no pattern or format/],
    ['a named format that does not exist', { format: 'nhs' }, /The format "nhs" of .* is not supported; use one of: .*nhs-number/],
  ])('refuses %s', (_why, change, message) => {
    // The sample's person id has a pattern of its own: only the change's is kept.
    const found = violations((d) => {
      delete props(d).childId!.pattern;
      Object.assign(props(d).childId!, change);
    });
    expect(found.map((v) => v.message).join('\n')).toMatch(message);
    expect(found.map((v) => v.pointer)).toContain(`/schema/properties/childId/${'x-format-message' in change ? 'x-format-message' : 'format'}`);
  });

  it('refuses a named format on a number', () => {
    const found = violations((d) => (props(d).score = { type: 'integer', format: 'nhs-number' }));
    expect(found.map((v) => v.message).join('\n')).toMatch(/has a format \(nhs-number\) but is not text/);
  });

  it('refuses a message inside a condition', () => {
    const found = violations((d) => ((d.schema as JsonObject).allOf = [{ if: { required: ['childId'] }, then: { properties: { childId: { pattern: '^P', 'x-format-message': 'Enter P' } } } }]));
    expect(found.map((v) => v.message).join('\n')).toMatch(/"x-format-message" belongs on a field itself/);
  });
});
