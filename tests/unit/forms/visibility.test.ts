/**
 * The one display-rule evaluator, through both of its entry points: the engine's
 * (engine/forms/visibility.ts, which the server prunes answers with) and the runtime's
 * (runtime/renderers/conditions.ts, which JSON Forms is given). Each case runs through both and
 * through JSON Forms' stock evaluation with real ajv — the behaviour the stand-in must copy.
 */
import { Ajv } from 'ajv';
import { isVisible, type UISchemaElement } from '@jsonforms/core';
import { describe, expect, it } from 'vitest';
import * as engine from '../../../engine/forms/visibility.js';
import * as runtime from '../../../runtime/renderers/conditions.js';

const ajv = new Ajv({ strict: false });

/** Condition schemas and values, with what ajv answers (ajv is the oracle: JSON Forms' default). */
const CASES: Array<[schema: object, value: unknown]> = [
  [{ const: true }, true],
  [{ const: true }, false],
  [{ const: true }, undefined],
  [{ const: false }, false],
  [{ const: false }, undefined],
  [{ enum: ['CANCELLED-SUPERVISOR', 'CANCELLED-SUPERVISEE'] }, 'CANCELLED-SUPERVISEE'],
  [{ enum: ['CANCELLED-SUPERVISOR', 'CANCELLED-SUPERVISEE'] }, 'HELD'],
  [{ enum: ['CANCELLED-SUPERVISOR', 'CANCELLED-SUPERVISEE'] }, undefined],
  [{ not: { const: 'HELD' } }, 'HELD'],
  [{ not: { const: 'HELD' } }, 'REARRANGED'],
  [{ not: { const: 'HELD' } }, undefined],
  [{ minimum: 5 }, 3],
  [{ minimum: 5 }, 7],
  [{ minimum: 5 }, undefined],
  [{ type: 'string', minLength: 1 }, ''],
  [{ type: 'string', minLength: 1 }, 'x'],
  [{ type: 'string', minLength: 1 }, undefined],
  [{ contains: { const: 'EAP' } }, ['OH', 'EAP']],
  [{ contains: { const: 'EAP' } }, ['OH']],
  [{ contains: { const: 'EAP' } }, undefined],
  [{ anyOf: [{ const: 'A' }, { minimum: 3 }] }, undefined],
  [{ oneOf: [{ const: 'A' }, { minimum: 3 }] }, undefined],
  [{ allOf: [{ not: { const: 'A' } }, { maxLength: 3 }] }, undefined],
  [{ if: { const: 'A' }, then: { minLength: 2 }, else: { const: 'B' } }, undefined],
  [{ properties: { a: { const: 1 } }, required: ['a'] }, { a: 1 }],
  [{ properties: { a: { const: 1 } }, required: ['a'] }, {}],
  [{ const: { a: [1, 2] } }, { a: [1, 2] }],
  [{ const: { a: [1, 2] } }, { a: [2, 1] }],
  [{ const: 1 }, 1.0],
];

describe('rule conditions: the engine and the runtime answer as JSON Forms with ajv does', () => {
  it.each(CASES)('%j against %j', (schema, value) => {
    const expected = ajv.validate(schema, value);
    expect(engine.conditions.validate(schema, value)).toBe(expected);
    expect(runtime.conditions.validate(schema, value)).toBe(expected);
  });

  it('is one evaluator: the runtime re-exports the engine\'s', () => {
    expect(runtime.conditions).toBe(engine.conditions);
    expect(runtime.conditionsAsAjv).toBe(engine.conditionsAsAjv);
    expect(runtime.isShown).toBe(engine.isShown);
  });

  it('never compiles (no `new Function` in the browser)', () => {
    expect(() => engine.conditions.compile({})).toThrow(/NoValidation/);
  });
});

const control = (rule: object): UISchemaElement => ({ type: 'Control', scope: '#/properties/x', rule } as unknown as UISchemaElement);
const show = (condition: object) => control({ effect: 'SHOW', condition });
const hide = (condition: object) => control({ effect: 'HIDE', condition });

/** Elements, data and path, with whether the element shows. */
const ELEMENTS: Array<[name: string, element: UISchemaElement, data: unknown, path: string, shown: boolean]> = [
  ['SHOW when answered yes', show({ scope: '#/properties/seen', schema: { const: true } }), { seen: true }, '', true],
  ['SHOW when answered yes, answered no', show({ scope: '#/properties/seen', schema: { const: true } }), { seen: false }, '', false],
  ['SHOW when answered yes, unanswered', show({ scope: '#/properties/seen', schema: { const: true } }), {}, '', false],
  ['HIDE when answered yes', hide({ scope: '#/properties/seen', schema: { const: true } }), { seen: true }, '', false],
  ['HIDE when answered yes, unanswered', hide({ scope: '#/properties/seen', schema: { const: true } }), {}, '', true],
  ['SHOW unless held, unanswered', show({ scope: '#/properties/status', schema: { not: { const: 'HELD' } } }), {}, '', true],
  ['failWhenUndefined, unanswered', show({ scope: '#/properties/n', schema: { minimum: 1 }, failWhenUndefined: true }), {}, '', false],
  ['nested scope', show({ scope: '#/properties/s/properties/seen', schema: { const: true } }), { s: { seen: true } }, '', true],
  ['nested scope, section missing', show({ scope: '#/properties/s/properties/seen', schema: { const: true } }), {}, '', false],
  ['in a row: the row\'s own answer', show({ scope: '#/properties/status', schema: { const: 'DONE' } }), { actions: [{ status: 'OPEN' }, { status: 'DONE' }] }, 'actions.1', true],
  ['in a row: another row\'s answer does not count', show({ scope: '#/properties/status', schema: { const: 'DONE' } }), { actions: [{ status: 'OPEN' }, { status: 'DONE' }] }, 'actions.0', false],
  ['AND', show({ type: 'AND', conditions: [{ scope: '#/properties/a', schema: { const: 1 } }, { scope: '#/properties/b', schema: { const: 2 } }] }), { a: 1, b: 3 }, '', false],
  ['OR', show({ type: 'OR', conditions: [{ scope: '#/properties/a', schema: { const: 1 } }, { scope: '#/properties/b', schema: { const: 2 } }] }), { a: 0, b: 2 }, '', true],
  ['LEAF', show({ type: 'LEAF', scope: '#/properties/a', expectedValue: 'x' }), { a: 'x' }, '', true],
  ['ENABLE never hides', control({ effect: 'ENABLE', condition: { scope: '#/properties/a', schema: { const: 1 } } }), { a: 0 }, '', true],
  ['DISABLE never hides', control({ effect: 'DISABLE', condition: { scope: '#/properties/a', schema: { const: 1 } } }), { a: 1 }, '', true],
  ['no rule', { type: 'Control', scope: '#/properties/x' } as UISchemaElement, {}, '', true],
];

describe('isShown: the server and the runtime show the same elements', () => {
  const stock = new Ajv({ strict: false });
  it.each(ELEMENTS)('%s', (_, element, data, path, shown) => {
    expect(engine.isShown(element, data, path)).toBe(shown);
    // What the runtime's JSON Forms decides with the runtime's entry point…
    expect(isVisible(element, data, path, runtime.conditionsAsAjv, undefined)).toBe(shown);
    // …and what stock JSON Forms would decide with ajv.
    expect(isVisible(element, data, path, stock, undefined)).toBe(shown);
  });
});
