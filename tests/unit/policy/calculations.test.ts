/** The definition policy on calculated answers (`x-calculate`): engine/policy/calculations.ts. */
import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../../engine/policy/index.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { calcCaseDefinition, CALC_CASES } from '../../support/calculation-cases.js';

/** Return to work, cut down: an absence and what is worked out from it. */
function absenceForm(calculated: Record<string, JsonObject>, more: (schema: JsonObject) => void = () => {}): { schema: JsonObject; uischema: JsonObject } {
  const schema: JsonObject = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    properties: {
      absence: {
        type: 'object',
        additionalProperties: false,
        properties: {
          firstDay: { type: 'string', format: 'date', title: 'First day of absence' },
          lastDay: { type: 'string', format: 'date', title: 'Last day of absence' },
        },
      },
      hoursPerDay: { type: 'number', title: 'Contracted hours per day', minimum: 0, maximum: 24 },
      ...calculated,
    },
  };
  more(schema);
  const controls = Object.keys(calculated).map((k) => ({ type: 'Control', scope: `#/properties/${k}` }));
  return {
    schema,
    uischema: {
      type: 'VerticalLayout',
      elements: [
        { type: 'Control', scope: '#/properties/absence/properties/firstDay' },
        { type: 'Control', scope: '#/properties/absence/properties/lastDay' },
        { type: 'Control', scope: '#/properties/hoursPerDay' },
        ...controls,
      ],
    },
  };
}

const WORKING_DAYS = { type: 'integer', title: 'Working days lost', readOnly: true, 'x-calculate': 'workingDays(absence.firstDay, absence.lastDay)' };

describe('definition policy: calculated answers', () => {
  it('accepts calculated answers that fit, in any order', () => {
    const r = checkDefinition(
      absenceForm({
        hoursLost: { type: 'number', title: 'Hours lost', readOnly: true, 'x-calculate': 'workingDaysLost * hoursPerDay' },
        workingDaysLost: WORKING_DAYS,
        overAWeek: { type: 'boolean', title: 'More than a week?', readOnly: true, 'x-calculate': 'daysBetween(absence.firstDay, absence.lastDay) >= 7' },
        back: { type: 'string', format: 'date', title: 'Back at work', readOnly: true, 'x-calculate': 'addDays(absence.lastDay, 1)' },
      }),
    );
    expect(r.violations).toEqual([]);
    expect(r.notices).toEqual([]);
  });

  it('accepts the shared evaluator cases as one definition', () => {
    expect(checkDefinition(calcCaseDefinition(CALC_CASES)).violations).toEqual([]);
  });

  it('makes a calculated answer read-only, saying so', () => {
    const { readOnly: _, ...notMarked } = WORKING_DAYS;
    const r = checkDefinition(absenceForm({ workingDaysLost: notMarked }));
    expect(r.violations).toEqual([]);
    expect(r.notices).toEqual([{ pointer: '/schema/properties/workingDaysLost/readOnly', message: '"Working days lost" is worked out by its formula, so it has been made read-only.' }]);
    expect((r.normalized.schema.properties as Record<string, JsonObject>).workingDaysLost!.readOnly).toBe(true);
    expect(checkDefinition(absenceForm({ workingDaysLost: { ...WORKING_DAYS, readOnly: false } })).violations[0]!.message).toMatch(/it must be read-only/);
  });

  it('refuses a formula that does not check, pointing at it with the question named', () => {
    const r = checkDefinition(absenceForm({ workingDaysLost: { ...WORKING_DAYS, 'x-calculate': 'workingDays(absence.firstDay, absence.lastDy)' } }));
    expect(r.violations).toEqual([{ pointer: '/schema/properties/workingDaysLost/x-calculate', message: '"Working days lost": “absence” has no question called “lastDy”.' }]);
    expect(checkDefinition(absenceForm({ workingDaysLost: { ...WORKING_DAYS, 'x-calculate': 'networkDays(absence.firstDay, absence.lastDay)' } })).violations[0]!.message).toMatch(
      /^"Working days lost": There is no function called “networkDays”\./,
    );
    expect(checkDefinition(absenceForm({ workingDaysLost: { ...WORKING_DAYS, 'x-calculate': 'absence.firstDay ? 1 : 2' } })).violations[0]!.message).toBe(
      '"Working days lost": Write if(condition, then, else) instead of “? :”.',
    );
  });

  it('refuses a result that does not fit the question: a whole number needs round()', () => {
    const r = checkDefinition(absenceForm({ hoursLost: { type: 'integer', title: 'Hours lost', readOnly: true, 'x-calculate': 'hoursPerDay * 2' } }));
    expect(r.violations).toEqual([
      { pointer: '/schema/properties/hoursLost/x-calculate', message: '"Hours lost": This question holds whole numbers, but the formula can give a fraction: use round(…), floor(…) or ceil(…).' },
    ]);
    expect(checkDefinition(absenceForm({ back: { type: 'string', format: 'date', readOnly: true, 'x-calculate': 'hoursPerDay' } })).violations[0]!.message).toBe(
      '"back": This question holds a date, but the formula gives a number.',
    );
  });

  it('refuses calculated answers that use each other', () => {
    const r = checkDefinition(
      absenceForm({
        workingDaysLost: { ...WORKING_DAYS, 'x-calculate': 'round(hoursLost / hoursPerDay)' },
        hoursLost: { type: 'number', title: 'Hours lost', readOnly: true, 'x-calculate': 'workingDaysLost * hoursPerDay' },
      }),
    );
    expect(r.violations).toEqual([
      { pointer: '/schema/properties/workingDaysLost/x-calculate', message: '"Working days lost" and "Hours lost" each use the other, so neither can be worked out.' },
    ]);
    expect(checkDefinition(absenceForm({ workingDaysLost: { ...WORKING_DAYS, 'x-calculate': 'workingDaysLost + 1' } })).violations[0]!.message).toBe(
      '"Working days lost" uses itself, so it cannot be worked out.',
    );
  });

  it('refuses a required calculated answer, and constraints beyond its type', () => {
    const r = checkDefinition(
      absenceForm({ workingDaysLost: { ...WORKING_DAYS, minimum: 0, default: 1 } }, (s) => {
        s.required = ['hoursPerDay', 'workingDaysLost'];
      }),
    );
    expect(r.violations).toEqual([
      { pointer: '/schema/properties/workingDaysLost/minimum', message: '"Working days lost" is worked out by its formula, so it cannot have "minimum": remove it.' },
      { pointer: '/schema/properties/workingDaysLost/default', message: '"Working days lost" is worked out by its formula, so it cannot have "default": remove it.' },
      { pointer: '/schema/required/1', message: '"Working days lost" is worked out by its formula, so it cannot be required: it is blank whenever what it uses is not answered.' },
    ]);
  });

  it('refuses a calculated answer inside a repeating group, a formula that is not text, and one in a condition', () => {
    const rows = checkDefinition(
      absenceForm({}, (s) => {
        (s.properties as Record<string, JsonObject>).actions = {
          type: 'array',
          maxItems: 5,
          items: { type: 'object', additionalProperties: false, properties: { days: { type: 'integer', readOnly: true, 'x-calculate': '1' } } },
        };
      }),
    );
    expect(rows.violations).toContainEqual({ pointer: '/schema/properties/actions/items/properties/days/x-calculate', message: '"days": a calculated answer cannot be inside a repeating group yet.' });
    expect(checkDefinition(absenceForm({ workingDaysLost: { ...WORKING_DAYS, 'x-calculate': 3 } })).violations).toEqual([
      { pointer: '/schema/properties/workingDaysLost/x-calculate', message: 'The formula ("x-calculate") of "Working days lost" must be text, like "workingDays(absence.firstDay, absence.lastDay)".' },
    ]);
    const inCondition = checkDefinition(absenceForm({}, (s) => (s.allOf = [{ if: { properties: { hoursPerDay: { 'x-calculate': '1' } } }, then: {} }])));
    expect(inCondition.violations.map((v) => v.message)).toContain('"x-calculate" belongs on a field itself, not inside a condition or option.');
  });

  it('refuses more than 100 calculated answers', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`c${i}`, { type: 'number', readOnly: true, 'x-calculate': 'hoursPerDay + 1' }]));
    const r = checkDefinition(absenceForm(many));
    expect(r.violations).toEqual([{ pointer: '/schema', message: 'The form has 101 calculated answers; at most 100 are allowed. Split it into smaller forms.' }]);
  });
});
