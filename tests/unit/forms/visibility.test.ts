/**
 * The one display-rule evaluator, through both of its entry points: the engine's
 * (engine/forms/visibility.ts, which the server prunes answers with) and the runtime's
 * (runtime/renderers/conditions.ts, which JSON Forms is given). Each case runs through both and
 * through JSON Forms' stock evaluation with real ajv — the behaviour the stand-in must copy.
 */
import { Ajv } from 'ajv';
import { isVisible, type UISchemaElement } from '@jsonforms/core';
import fc from 'fast-check';
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

/** The value at a JSON Forms data path (`actions.1`), as the server's walk hands it to a rule. */
const holderAt = (data: unknown, path: string) => (path ? engine.resolveIn(data, path.split('.')) : data);

describe('isShown and visibilityTest: the server and the runtime show the same elements', () => {
  const stock = new Ajv({ strict: false });
  it.each(ELEMENTS)('%s', (_, element, data, path, shown) => {
    expect(engine.isShown(element, data, path)).toBe(shown);
    // The rule made ready once, as the server prunes with it, given the value at the path.
    expect(engine.visibilityTest(element)?.(holderAt(data, path)) ?? true).toBe(shown);
    // What the runtime's JSON Forms decides with the runtime's entry point…
    expect(isVisible(element, data, path, runtime.conditionsAsAjv, undefined)).toBe(shown);
    // …and what stock JSON Forms would decide with ajv.
    expect(isVisible(element, data, path, stock, undefined)).toBe(shown);
  });
});

describe('visibilityTest answers as JSON Forms does, for any rule and any answers', () => {
  const stock = new Ajv({ strict: false });
  const value = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(true, false, null, 0, 1, 7, -0, 2.5, '', 'HELD', 'DONE', 'x'),
    fc.constantFrom([], ['EAP'], ['EAP', 'OH'], {}, { c: 'HELD' }, { c: 1 }),
  );
  const schema = fc.constantFrom<object | boolean>(
    true,
    false,
    { const: true },
    { const: 'HELD' },
    { const: null },
    { const: 1 },
    { const: { c: 1 } },
    { enum: ['HELD', 'DONE'] },
    { enum: [0, 1, null] },
    { not: { const: 'HELD' } },
    { not: { enum: ['HELD', 'DONE'] } },
    { not: { not: { const: true } } },
    { minimum: 1 },
    { type: 'string', minLength: 1 },
    { contains: { const: 'EAP' } },
    { const: true, type: 'boolean' },
    { required: ['c'] },
  );
  const scope = fc.constantFrom('#/properties/a', '#/properties/b', '#/properties/s/properties/c', '#/properties/s');
  const leaf = fc.oneof(
    fc.record({ scope, schema, failWhenUndefined: fc.boolean() }),
    fc.record({ type: fc.constant('SCHEMA'), scope, schema }),
    fc.record({ type: fc.constant('LEAF'), scope, expectedValue: fc.constantFrom(true, 'HELD', 1, null) }),
  );
  const condition = fc.letrec<{ c: object }>((tie) => ({
    c: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.record({ type: fc.constantFrom('AND', 'OR'), conditions: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) })),
  })).c;
  const answers = fc.record({ a: value, b: value, s: value }, { requiredKeys: [] });
  const element = fc.record({ effect: fc.constantFrom('SHOW', 'HIDE', 'ENABLE', 'DISABLE'), condition }).map((rule) => ({ type: 'Control', scope: '#/properties/x', rule }) as unknown as UISchemaElement);

  it('at the top of the form', () => {
    fc.assert(
      fc.property(element, answers, (el, data) => {
        const expected = isVisible(el, data, '', stock, undefined);
        expect(engine.isShown(el, data, '')).toBe(expected);
        expect(engine.visibilityTest(el)?.(data) ?? true).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('inside a row, where scopes name the row\'s fields', () => {
    fc.assert(
      fc.property(element, fc.array(answers, { minLength: 2, maxLength: 2 }), (el, rows) => {
        const data = { rows };
        const expected = isVisible(el, data, 'rows.1', stock, undefined);
        expect(engine.isShown(el, data, 'rows.1')).toBe(expected);
        expect(engine.visibilityTest(el)?.(rows[1]) ?? true).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
