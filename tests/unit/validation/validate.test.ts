import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../../engine/policy/index.js';
import { Validators, type VersionRef } from '../../../engine/validation/index.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { sampleDefinition, varied } from '../../support/definitions.js';

const NOW = new Date('2026-11-26T12:00:00Z');
function version(def = sampleDefinition(), n = 1): VersionRef {
  const r = checkDefinition(def);
  expect(r.violations).toEqual([]);
  return { formId: 'sample', version: n, hash: `h${n}`, ...r.normalized };
}
const complete = () => ({
  childId: 'C1234567',
  caseType: 'CIN',
  periodFrom: '2025-11-01',
  periodTo: '2026-10-31',
  score: 7,
  concern: true,
  escalatedTo: 'W0042',
  summary: 'Ffion was seen alone at school; her views are recorded in her words.',
  actions: [{ action: 'Update the chronology', dueDate: '2026-12-15', priority: 'week' }],
});

describe('validation of submitted data', () => {
  const v = new Validators({ clock: () => NOW });
  const sample = version();

  it('keeps a date between its earliest and latest day, saying so in words', () => {
    const limited = version(
      varied(sampleDefinition(), (d) => {
        const props = d.schema.properties as Record<string, JsonObject>;
        Object.assign(props.periodFrom!, { formatMinimum: '2025-04-01', formatMaximum: '2026-03-31' });
      }),
      7,
    );
    expect(v.validate(limited, { ...complete(), periodFrom: '2025-04-01', periodTo: '2026-10-31' }, 'submit')).toEqual([]);
    expect(v.validate(limited, { ...complete(), periodFrom: '2026-03-31' }, 'submit')).toEqual([]);
    const early = v.validate(limited, { ...complete(), periodFrom: '2025-03-31' }, 'submit');
    expect(early.map(({ pointer, message }) => ({ pointer, message }))).toEqual([{ pointer: '/periodFrom', message: 'Period from must be between 1 April 2025 and 31 March 2026.' }]);
    const late = v.validate(limited, { ...complete(), periodFrom: '2026-04-01' }, 'submit');
    expect(late.map(({ pointer, message }) => ({ pointer, message }))).toEqual([{ pointer: '/periodFrom', message: 'Period from must be between 1 April 2025 and 31 March 2026.' }]);
    // A day that does not exist is a format problem alone, not also out of range.
    const unreal = v.validate(limited, { ...complete(), periodFrom: '2026-02-30' }, 'submit');
    expect(unreal.map((e) => e.message)).toEqual(['Period from must be a real date.']);
  });

  it('accepts a complete, correct record', () => {
    expect(v.validate(sample, complete(), 'submit')).toEqual([]);
  });

  it('reports every problem at once, each at its pointer, in words that use the field label', () => {
    const data = {
      ...complete(),
      childId: undefined,
      caseType: 'XYZ',
      periodFrom: '2026-02-30',
      score: 11,
      escalatedTo: undefined,
      actions: [{ action: 'Book review' }, { action: 'x'.repeat(501), dueDate: '2026-12-01' }],
    };
    const errors = v.validate(sample, JSON.parse(JSON.stringify(data)), 'submit');
    expect(errors.map(({ pointer, message }) => ({ pointer, message }))).toEqual(
      expect.arrayContaining([
        { pointer: '/childId', message: "Enter the child's ICS person ID." },
        { pointer: '/caseType', message: 'Select one of the options for the case type.' },
        { pointer: '/periodFrom', message: 'Period from must be a real date.' },
        { pointer: '/score', message: 'Score must be between 0 and 10.' },
        { pointer: '/escalatedTo', message: 'Enter “Escalated to”.' },
        { pointer: '/actions/0/dueDate', message: 'Actions, row 1: Enter the due date.' },
        { pointer: '/actions/1/action', message: 'Actions, row 2: Action must be 500 characters or fewer.' },
      ]),
    );
    expect(errors).toHaveLength(7);
  });

  it('rejects unknown fields at any depth rather than dropping them', () => {
    const errors = v.validate(sample, { ...complete(), favouriteColour: 'blue', actions: [{ ...complete().actions[0], extra: 1 }] }, 'submit');
    expect(errors.map((e) => [e.pointer, e.message])).toEqual([
      ['/favouriteColour', '"favouriteColour" is not a question on this form, so it cannot be saved.'],
      ['/actions/0/extra', 'Actions, row 1: "extra" is not a question on this form, so it cannot be saved.'],
    ]);
  });

  it('rejects a __proto__ key from JSON text as an unknown field, polluting nothing', () => {
    const data = JSON.parse(JSON.stringify(complete()).replace('{', '{"__proto__":{"polluted":true},'));
    expect(v.validate(sample, data, 'submit').map((e) => e.pointer)).toEqual(['/__proto__']);
    expect(({} as JsonObject).polluted).toBeUndefined();
  });

  it('applies conditional requirements only when their condition holds', () => {
    expect(v.validate(sample, { ...complete(), concern: false, escalatedTo: undefined }, 'submit')).toEqual([]);
  });

  it('checks the cross-field rule and names both fields', () => {
    const errors = v.validate(sample, { ...complete(), periodFrom: '2026-11-01', periodTo: '2026-10-31' }, 'submit');
    expect(errors).toEqual([{ pointer: '/periodTo', message: 'Period to must be on or after “Period from”.', keyword: 'x-compare' }]);
  });

  it('says what kind of value is wanted', () => {
    const errors = v.validate(sample, { ...complete(), score: 'seven', concern: 'yes', actions: {} }, 'submit');
    expect(errors.map((e) => e.message)).toEqual(['Score must be a whole number.', '“Safeguarding concern found?” must be yes or no.', 'Actions must be a list.']);
  });

  it('a non-object record is one clear error at the root', () => {
    expect(v.validate(sample, ['not', 'an', 'object'], 'submit').map((e) => [e.pointer, e.message])).toEqual([['', 'Form must be a set of answers.']]);
  });
});

describe('validation of drafts', () => {
  const v = new Validators({ clock: () => NOW });
  const sample = version();

  it('keeps an incomplete draft with half-typed answers', () => {
    expect(v.validate(sample, { childId: 'c1', periodFrom: '2026-1', score: 42, caseType: 'X' }, 'draft')).toEqual([]);
  });

  it('reports what is incomplete as advice, not as a refusal', () => {
    const { blocking, advisory } = v.report(sample, { childId: 'C1' });
    expect(blocking).toEqual([]);
    expect(advisory.map((e) => e.pointer)).toEqual(['/caseType']);
  });

  it('still refuses answers that do not fit the form at all: unknown fields, wrong kinds of value', () => {
    const errors = v.validate(sample, { sneaky: 1, score: 'high', actions: [{ action: 'a', extra: true }] }, 'draft');
    expect(errors.map((e) => e.pointer).sort()).toEqual(['/actions/0/extra', '/score', '/sneaky']);
  });

  it('keeps over-long text and lists in a draft, as advice: refusing would lose every other answer too', () => {
    const data = { summary: 'x'.repeat(5001), actions: Array.from({ length: 21 }, () => ({ action: 'a', dueDate: '2026-12-01' })) };
    expect(v.validate(sample, data, 'draft')).toEqual([]);
    expect(v.report(sample, data).advisory.map((e) => e.pointer)).toEqual(expect.arrayContaining(['/summary', '/actions']));
  });
});

describe('cross-field rules', () => {
  const v = new Validators({ clock: () => NOW });
  let n = 100;
  // Each definition gets its own version number: the cache keys on (form, version, hash).
  const def = (rules: JsonObject[], extra: Record<string, JsonObject> = {}) =>
    version({
      schema: {
        type: 'object',
        properties: {
          meetingAt: { type: 'string', format: 'date-time', title: 'Meeting date and time' },
          nextDue: { type: 'string', format: 'date', title: 'Next supervision due' },
          start: { type: 'string', format: 'time', title: 'Start time' },
          end: { type: 'string', format: 'time', title: 'End time' },
          supervisor: { type: 'string', maxLength: 20, title: 'Supervisor' },
          supervisee: { type: 'string', maxLength: 20, title: 'Supervisee' },
          ...extra,
        },
        'x-compare': rules,
      },
      uischema: { type: 'VerticalLayout', elements: [] },
    }, n++);

  it('a meeting in the future is refused; one a minute ago is fine', () => {
    const sv = def([{ field: '/meetingAt', op: '<=', other: 'now' }]);
    expect(v.validate(sv, { meetingAt: '2026-11-27T09:00:00Z' }, 'submit').map((e) => e.message)).toEqual(['Meeting date and time must be in the past.']);
    expect(v.validate(sv, { meetingAt: '2026-11-26T11:59:00Z' }, 'submit')).toEqual([]);
  });

  it('compares a date with a date-time by day', () => {
    const sv = def([{ field: '/nextDue', op: '>', other: '/meetingAt' }]);
    expect(v.validate(sv, { meetingAt: '2026-11-20T16:00:00Z', nextDue: '2026-11-20' }, 'submit').map((e) => e.message)).toEqual([
      'Next supervision due must be after the meeting date and time.',
    ]);
    expect(v.validate(sv, { meetingAt: '2026-11-20T16:00:00Z', nextDue: '2026-11-21' }, 'submit')).toEqual([]);
  });

  it('compares times of day, and different people', () => {
    const sv = def([
      { field: '/end', op: '>', other: '/start' },
      { field: '/supervisee', op: '!=', other: '/supervisor', message: 'The supervisee must be a different person from the supervisor.' },
    ]);
    expect(v.validate(sv, { start: '14:00', end: '13:30:00', supervisor: 'W1', supervisee: 'W1' }, 'submit').map((e) => [e.pointer, e.message])).toEqual([
      ['/end', 'End time must be after the start time.'],
      ['/supervisee', 'Supervisee: The supervisee must be a different person from the supervisor.'],
    ]);
  });

  it('leaves a rule alone until both answers are there', () => {
    const sv = def([{ field: '/end', op: '>', other: '/start' }]);
    expect(v.validate(sv, { end: '09:00' }, 'submit')).toEqual([]);
  });
});

describe('patterns run on RE2', () => {
  it('^(a+)+$ against 10,000 a’s and a ! is refused in milliseconds, not seconds', () => {
    const v = new Validators();
    const sv = version(
      varied(sampleDefinition(), (d) => {
        (d.schema.properties as Record<string, JsonObject>).childId = { type: 'string', maxLength: 20_000, pattern: '^(a+)+$' };
      }),
    );
    const started = performance.now();
    const errors = v.validate(sv, { ...complete(), childId: 'a'.repeat(10_000) + '!' }, 'submit');
    const elapsed = performance.now() - started;
    expect(errors.map((e) => e.pointer)).toEqual(['/childId']);
    // A backtracking engine takes longer than the age of the universe here; RE2 takes ~2 ms.
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('compiled validator cache', () => {
  it('compiles each version once and keeps at most `max` of them', () => {
    const v = new Validators({ max: 3 });
    const versions = [1, 2, 3, 4, 5].map((n) => version(sampleDefinition(), n));
    for (let round = 0; round < 3; round++) for (const sv of versions.slice(0, 2)) v.validate(sv, complete(), 'submit');
    expect(v.compilations).toBe(2);
    for (const sv of versions) v.validate(sv, complete(), 'submit');
    expect(v.compilations).toBe(5);
    expect(v.size).toBe(3);
  });

  it('a changed definition under the same version number (different hash) is compiled afresh', () => {
    const v = new Validators();
    const a = version();
    const b = { ...version(varied(sampleDefinition(), (d) => ((d.schema.properties as Record<string, JsonObject>).score!.maximum = 5))), hash: 'other' };
    expect(v.validate(a, { ...complete(), score: 7 }, 'submit')).toEqual([]);
    expect(v.validate(b, { ...complete(), score: 7 }, 'submit').map((e) => e.pointer)).toEqual(['/score']);
  });
});

describe('a missing section', () => {
  it('is reported as each question in it that needs an answer, so each can be found on the page', () => {
    const v = new Validators();
    const sv = version(
      {
        schema: {
          type: 'object',
          required: ['employee'],
          properties: {
            employee: {
              type: 'object',
              title: 'Employee',
              required: ['number', 'address'],
              properties: {
                number: { type: 'string', maxLength: 10, title: 'Employee number' },
                team: { type: 'string', maxLength: 10 },
                address: { type: 'object', required: ['postcode'], properties: { postcode: { type: 'string', maxLength: 8, title: 'Postcode' } } },
              },
            },
          },
        },
        uischema: { type: 'VerticalLayout', elements: [] },
      },
      900,
    );
    expect(v.validate(sv, {}, 'submit').map((e) => [e.pointer, e.message])).toEqual([
      ['/employee/number', 'Enter the employee number.'],
      ['/employee/address/postcode', 'Enter the postcode.'],
    ]);
  });
});
