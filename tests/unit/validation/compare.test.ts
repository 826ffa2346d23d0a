import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compareKeyword, nowHolds, pairHolds } from '../../../engine/validation/compare.js';
import { createFormAjv, Validators } from '../../../engine/validation/index.js';
import { checkDefinition } from '../../../engine/policy/index.js';
import type { JsonObject } from '../../../engine/forms/model.js';

describe('pairHolds', () => {
  it('orders numbers, days, times of day and date-times', () => {
    expect(pairHolds('<', 3, 10)).toBe(true);
    expect(pairHolds('>=', 2.5, 2.5)).toBe(true);
    expect(pairHolds('>', '2026-11-17', '2026-11-10')).toBe(true);
    expect(pairHolds('>', '2026-11-10', '2026-11-17')).toBe(false);
    expect(pairHolds('>', '15:15', '13:30')).toBe(true);
    expect(pairHolds('==', '14:00', '14:00:00')).toBe(true);
    expect(pairHolds('>', '14:00:01', '14:00')).toBe(true);
  });

  it('compares two date-times as instants, whatever their offsets', () => {
    expect(pairHolds('==', '2026-09-28T12:15:00+01:00', '2026-09-28T11:15:00Z')).toBe(true);
    expect(pairHolds('>', '2026-09-28T12:15:00+01:00', '2026-09-28T11:30:00Z')).toBe(false);
    expect(pairHolds('>', '2026-09-28T12:15:00.5+01:00', '2026-09-28T11:15:00Z')).toBe(true);
  });

  it('compares a date with a date-time by day', () => {
    expect(pairHolds('>', '2026-11-17', '2026-11-03T14:30:00Z')).toBe(true);
    expect(pairHolds('>', '2026-11-03', '2026-11-03T14:30:00Z')).toBe(false);
    expect(pairHolds('==', '2026-11-03T23:30:00-05:00', '2026-11-03')).toBe(true);
  });

  it('holds while either answer is missing', () => {
    for (const missing of [undefined, null, '']) {
      expect(pairHolds('>', missing, '2026-11-10')).toBe(true);
      expect(pairHolds('==', 'W1', missing)).toBe(true);
    }
  });

  it('leaves answers of the wrong shape to their own errors, and tells different people apart', () => {
    expect(pairHolds('>', '2026-02-30', '2026-11-10')).toBe(true);
    expect(pairHolds('<', 'soon', '2026-11-10')).toBe(true);
    expect(pairHolds('<', 5, '14:00')).toBe(true);
    expect(pairHolds('!=', 'W30114', 'W12077')).toBe(true);
    expect(pairHolds('!=', 'W30114', 'W30114')).toBe(false);
    expect(pairHolds('==', 'W30114', 'W30114')).toBe(true);
    // Values of different kinds are never equal.
    expect(pairHolds('==', '2026-11-10', 'W1')).toBe(false);
    expect(pairHolds('!=', 5, '5')).toBe(true);
  });
});

describe('nowHolds', () => {
  const at = (iso: string) => () => Date.parse(iso);

  it('compares a date with today in London', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    expect(nowHolds('<=', '2026-07-01', at('2026-06-30T23:30:00Z'))).toBe(true);
    expect(nowHolds('<=', '2026-07-02', at('2026-06-30T23:30:00Z'))).toBe(false);
    expect(nowHolds('>=', '2026-06-30', at('2026-06-30T23:30:00Z'))).toBe(false);
  });

  it('allows a date-time up to five minutes ahead of the server', () => {
    const now = at('2026-11-26T12:00:00Z');
    expect(nowHolds('<=', '2026-11-26T12:04:59Z', now)).toBe(true);
    expect(nowHolds('<=', '2026-11-26T13:04:00+01:00', now)).toBe(true);
    expect(nowHolds('<=', '2026-11-26T12:05:01Z', now)).toBe(false);
    expect(nowHolds('>=', '2026-11-26T11:59:00Z', now)).toBe(false);
    expect(nowHolds('<=', '2026-11-26 12:10:00Z', now)).toBe(false);
  });

  it('holds for anything that is not a date, and reads the clock only for a date', () => {
    let reads = 0;
    const clock = () => (reads++, Date.parse('2026-11-26T12:00:00Z'));
    for (const v of [undefined, null, '', 'soon', 42, '2026-02-30', '14:00']) expect(nowHolds('<=', v, clock)).toBe(true);
    expect(reads).toBe(0);
  });
});

describe('the x-compare keyword in a validator', () => {
  const schema = {
    type: 'object',
    properties: {
      meeting: {
        type: 'object',
        properties: { at: { type: 'string' }, supervisor: { type: 'string' }, supervisee: { type: 'string' } },
        'x-compare': [
          { field: '/at', op: '<=', other: 'now' },
          { field: '/supervisee', op: '!=', other: '/supervisor' },
        ],
      },
      nextDue: { type: 'string' },
      rows: {
        type: 'array',
        items: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } }, 'x-compare': [{ field: '/to', op: '>=', other: '/from' }] },
      },
    },
    'x-compare': [{ field: '/nextDue', op: '>', other: '/meeting/at' }],
  };
  const validate = createFormAjv(() => new Date('2026-11-26T12:00:00Z')).compile(schema);

  it('accepts answers that keep every rule', () => {
    const data = { meeting: { at: '2026-11-20T10:00:00Z', supervisor: 'W1', supervisee: 'W2' }, nextDue: '2026-12-01', rows: [{ from: '2026-01-01', to: '2026-01-02' }] };
    expect(validate(data)).toBe(true);
    expect(validate.errors).toBeNull();
  });

  it('reports each broken rule at its field, with the rule, wherever its object is', () => {
    const data = { meeting: { at: '2026-11-27T10:00:00Z', supervisor: 'W1', supervisee: 'W1' }, nextDue: '2026-11-27', rows: [{ from: '2026-01-01', to: '2026-01-02' }, { from: '2026-01-05', to: '2026-01-02' }] };
    expect(validate(data)).toBe(false);
    expect(validate.errors).toEqual([
      { instancePath: '/meeting/at', schemaPath: '#/properties/meeting/x-compare', keyword: 'x-compare', params: { rule: schema.properties.meeting['x-compare'][0] } },
      { instancePath: '/meeting/supervisee', schemaPath: '#/properties/meeting/x-compare', keyword: 'x-compare', params: { rule: schema.properties.meeting['x-compare'][1] } },
      { instancePath: '/rows/1/to', schemaPath: '#/properties/rows/items/x-compare', keyword: 'x-compare', params: { rule: schema.properties.rows.items['x-compare'][0] } },
      { instancePath: '/nextDue', schemaPath: '#/x-compare', keyword: 'x-compare', params: { rule: schema['x-compare'][0] } },
    ]);
  });

  it('reads only answers the record itself holds, never inherited ones', () => {
    const meeting = Object.assign(Object.create({ supervisor: 'W1' }) as object, { supervisee: 'W1' });
    expect(validate({ meeting })).toBe(true);
    const nested = Object.assign(Object.create({ meeting: { at: '2026-11-20T10:00:00Z' } }) as object, { nextDue: '2026-11-01' });
    expect(validate(nested)).toBe(true);
  });

  it('walks a pointer through a list only by index, and not through other values', () => {
    const v = createFormAjv().compile({
      type: 'object',
      properties: { list: {}, b: { type: 'string' } },
      'x-compare': [{ field: '/list/1', op: '==', other: '/b' }],
    });
    expect(v({ list: ['x', 'y'], b: 'z' })).toBe(false);
    expect(v({ list: ['x', 'z'], b: 'z' })).toBe(true);
    expect(v({ list: 'xz', b: 'z' })).toBe(true);
    expect(v({ list: { 1: 'y' }, b: 'z' })).toBe(false);
  });

  it('without allErrors, reports the broken rules of the first object that has any, and stops', () => {
    const ajv = new Ajv({ strict: false });
    ajv.addKeyword(compareKeyword(() => new Date('2026-11-26T12:00:00Z')));
    const v = ajv.compile(schema);
    expect(v({ meeting: { at: '2026-11-27T10:00:00Z', supervisor: 'W1', supervisee: 'W1' }, nextDue: '2026-11-01' })).toBe(false);
    expect(v.errors!.map((e) => e.instancePath)).toEqual(['/meeting/at', '/meeting/supervisee']);
    expect(v({ meeting: { at: '2026-11-20T10:00:00Z' }, nextDue: '2026-11-01' })).toBe(false);
    expect(v.errors!.map((e) => e.instancePath)).toEqual(['/nextDue']);
  });
});

describe('Validators without a clock', () => {
  it('take "now" from the system clock', () => {
    const def = {
      schema: { type: 'object', properties: { at: { type: 'string', format: 'date-time', title: 'Signed at' } }, 'x-compare': [{ field: '/at', op: '<=', other: 'now' }] },
      uischema: { type: 'VerticalLayout', elements: [] },
    } as unknown as { schema: JsonObject; uischema: JsonObject };
    const r = checkDefinition(def);
    expect(r.violations).toEqual([]);
    const version = { formId: 'clockless', version: 1, hash: 'h', ...r.normalized };
    const v = new Validators();
    expect(v.validate(version, { at: new Date(Date.now() - 3_600_000).toISOString() }, 'submit')).toEqual([]);
    expect(v.validate(version, { at: new Date(Date.now() + 3_600_000).toISOString() }, 'submit').map((e) => e.message)).toEqual(['Signed at must be in the past.']);
  });
});

describe('x-compare: a row\'s answer against an answer outside its repeating group', () => {
  // "Management oversight record": each action's due date after the date of the oversight.
  const definition = {
    schema: {
      type: 'object',
      properties: {
        oversight: { type: 'object', properties: { heldOn: { type: 'string', format: 'date', title: 'Date of the oversight' } } },
        actions: {
          type: 'array',
          title: 'Actions',
          items: {
            type: 'object',
            title: 'Action',
            properties: { action: { type: 'string', title: 'Action' }, dueBy: { type: 'string', format: 'date', title: 'Due by' } },
          },
        },
      },
      'x-compare': [{ field: '/actions/*/dueBy', op: '>', other: '/oversight/heldOn' }],
    },
    uischema: { type: 'VerticalLayout', elements: [] },
  } as unknown as { schema: JsonObject; uischema: JsonObject };
  const validate = createFormAjv(() => new Date('2026-11-26T12:00:00Z')).compile(definition.schema);
  const rule = (definition.schema['x-compare'] as JsonObject[])[0];
  const errorsFor = (heldOn: unknown, ...dues: unknown[]) => {
    validate({ oversight: heldOn === undefined ? {} : { heldOn }, actions: dues.map((dueBy) => (dueBy === undefined ? { action: 'Visit' } : { action: 'Visit', dueBy })) });
    // (null and '' have their own type and format errors.)
    return (validate.errors ?? []).filter((e) => e.keyword === 'x-compare').map((e) => e.instancePath);
  };

  it('passes the definition policy', () => {
    expect(checkDefinition(definition).violations).toEqual([]);
  });

  it('refuses a due date before or on the day of the oversight, and accepts one after it', () => {
    expect(errorsFor('2026-11-10', '2026-11-09')).toEqual(['/actions/0/dueBy']);
    expect(errorsFor('2026-11-10', '2026-11-10')).toEqual(['/actions/0/dueBy']);
    expect(errorsFor('2026-11-10', '2026-11-11')).toEqual([]);
  });

  it('the error is at the row\'s field, with the rule and the holder\'s schema path', () => {
    expect(validate({ oversight: { heldOn: '2026-11-10' }, actions: [{ dueBy: '2026-11-11' }, { dueBy: '2026-11-01' }] })).toBe(false);
    expect(validate.errors).toEqual([{ instancePath: '/actions/1/dueBy', schemaPath: '#/x-compare', keyword: 'x-compare', params: { rule } }]);
  });

  it('holds while the oversight date or a row\'s due date is not answered, and with no rows at all', () => {
    for (const empty of [undefined, null, '']) {
      expect(errorsFor(empty, '2026-11-01', '2026-11-20')).toEqual([]);
      expect(errorsFor('2026-11-10', empty, '2026-11-20')).toEqual([]);
    }
    expect(errorsFor('2026-11-10')).toEqual([]);
    expect(validate({ oversight: { heldOn: '2026-11-10' } })).toBe(true);
    expect(validate({ oversight: { heldOn: '2026-11-10' }, actions: 'not rows' })).toBe(false); // only the list's own type error
    expect(validate.errors!.map((e) => e.keyword)).toEqual(['type']);
  });

  it('checks every row: one bad row among good ones is the only error, several bad rows each get one', () => {
    expect(errorsFor('2026-11-10', '2026-11-11', '2026-12-01', '2026-11-02', '2026-11-30')).toEqual(['/actions/2/dueBy']);
    expect(errorsFor('2026-11-10', '2026-11-01', '2026-12-01', '2026-11-02')).toEqual(['/actions/0/dueBy', '/actions/2/dueBy']);
    expect(errorsFor('2026-11-10', ...Array.from({ length: 20 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`))).toEqual([]);
  });

  it('reads only rows the record holds and skips rows that are not objects', () => {
    expect(validate({ oversight: { heldOn: '2026-11-10' }, actions: [null, 'x', [], { dueBy: '2026-11-01' }] })).toBe(false);
    expect(validate.errors!.filter((e) => e.keyword === 'x-compare').map((e) => e.instancePath)).toEqual(['/actions/3/dueBy']);
    const row = Object.create({ dueBy: '2026-11-01' }) as object;
    validate({ oversight: { heldOn: '2026-11-10' }, actions: [row] });
    expect((validate.errors ?? []).filter((e) => e.keyword === 'x-compare')).toEqual([]);
  });

  it('reaches rows of rows, and compares each row with "now"', () => {
    const v = createFormAjv(() => new Date('2026-11-26T12:00:00Z')).compile({
      type: 'object',
      properties: {
        from: { type: 'string' },
        plans: { type: 'array', items: { type: 'object', properties: { steps: { type: 'array', items: { type: 'object', properties: { on: { type: 'string' } } } } } } },
      },
      'x-compare': [
        { field: '/plans/*/steps/*/on', op: '>=', other: '/from' },
        { field: '/plans/*/steps/*/on', op: '<=', other: 'now' },
      ],
    });
    expect(v({ from: '2026-11-01', plans: [{ steps: [{ on: '2026-11-02' }] }, { steps: [{ on: '2026-11-05' }, { on: '2026-10-30' }, { on: '2026-12-30' }] }] })).toBe(false);
    expect(v.errors!.map((e) => e.instancePath)).toEqual(['/plans/1/steps/1/on', '/plans/1/steps/2/on']);
  });

  it('says which row and names both questions, in the engine\'s words', () => {
    const r = checkDefinition(definition);
    const version = { formId: 'oversight', version: 1, hash: 'h', ...r.normalized };
    const v = new Validators({ clock: () => new Date('2026-11-26T12:00:00Z') });
    const data = { oversight: { heldOn: '2026-11-10' }, actions: [{ action: 'Visit', dueBy: '2026-11-20' }, { action: 'Call', dueBy: '2026-11-03' }] };
    expect(v.validate(version, data, 'submit')).toEqual([{ pointer: '/actions/1/dueBy', message: 'Actions, row 2: Due by must be after the date of the oversight.', keyword: 'x-compare' }]);
  });
});
