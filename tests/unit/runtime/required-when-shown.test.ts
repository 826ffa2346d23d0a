/** "(optional)" is never said of a question the form requires whenever it is shown. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requiredWhenShown } from '../../../runtime/renderers/required-when-shown.js';

const template = (id: string) => JSON.parse(readFileSync(new URL(`../../../schemas/templates/${id}.json`, import.meta.url), 'utf8')) as { schema: unknown };

describe('questions required when shown', () => {
  it('finds them in the templates: escalation details, the supervisee\'s reason for disagreeing', () => {
    const required = requiredWhenShown(template('case-supervision').schema);
    expect(required('decision.escalationDetails')).toBe(true);
    expect(required('superviseeView.disagreementReason')).toBe(true);
    expect(required('decision.contingency')).toBe(false);
  });

  it('finds them inside a repeatable group\'s rows, whatever the row', () => {
    const schema = {
      type: 'object',
      properties: { actions: { type: 'array', items: { type: 'object', properties: { done: { type: 'boolean' }, doneOn: { type: 'string' } }, allOf: [{ if: { properties: { done: { const: true } }, required: ['done'] }, then: { required: ['doneOn'] } }] } } },
    };
    const required = requiredWhenShown(schema);
    expect(required('actions.0.doneOn')).toBe(true);
    expect(required('actions.12.doneOn')).toBe(true);
    expect(required('actions.0.done')).toBe(false);
  });

  it('follows a conditional whose `then` walks into a section', () => {
    const schema = { type: 'object', properties: { a: { type: 'boolean' }, s: { type: 'object', properties: { b: { type: 'string' } } } }, if: { properties: { a: { const: true } } }, then: { properties: { s: { required: ['b'] } } } };
    expect(requiredWhenShown(schema)('s.b')).toBe(true);
  });

  it('does not count what a condition tests (`if`) as required', () => {
    const schema = { type: 'object', properties: { a: { type: 'boolean' } }, allOf: [{ if: { required: ['a'] }, then: {} }] };
    expect(requiredWhenShown(schema)('a')).toBe(false);
  });
});
