/**
 * The shared evaluator cases of calculated answers: run by the unit tests against
 * engine/forms/calculations and, through the runtime, in Chromium. `expected: undefined` means
 * blank (the answer is removed). today() cases use `CALC_CASE_ENV`.
 */
import type { JsonObject } from '../../engine/forms/model.js';
import { checkFormula } from '../../engine/forms/calculations/check.js';
import type { CalcEnv } from '../../engine/forms/calculations/evaluate.js';

const GRADES = [
  { const: 'outstanding', title: 'Outstanding' },
  { const: 'good', title: 'Good' },
  { const: 'requires-improvement', title: 'Requires improvement' },
  { const: 'inadequate', title: 'Inadequate' },
];

export const CALC_CASE_ENV: CalcEnv = { today: '2026-12-04' };

export const CALC_CASE_SCHEMA: JsonObject = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    d1: { type: 'string', format: 'date', title: 'First date' },
    d2: { type: 'string', format: 'date', title: 'Second date' },
    t1: { type: 'string', format: 'time', title: 'Start time' },
    t2: { type: 'string', format: 'time', title: 'End time' },
    n1: { type: 'number', title: 'First number' },
    n2: { type: 'number', title: 'Second number' },
    i1: { type: 'integer', title: 'Whole number' },
    yes1: { type: 'boolean', title: 'Yes or no' },
    g1: { type: 'string', title: 'First grade', oneOf: GRADES },
    g2: { type: 'string', title: 'Second grade', oneOf: GRADES },
    g3: { type: 'string', title: 'Third grade', oneOf: GRADES },
    rows: {
      type: 'array',
      title: 'Rows',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          n: { type: 'number', title: 'Number' },
          g: { type: 'string', title: 'Grade', oneOf: GRADES },
          d: { type: 'string', format: 'date', title: 'Date' },
        },
      },
    },
  },
};

export interface CalcCase {
  name: string;
  formula: string;
  data: Record<string, unknown>;
  /** undefined = blank. */
  expected: unknown;
}

const ROWS = [
  { n: 2, g: 'good', d: '2026-03-01' },
  { g: 'inadequate' },
  { n: 3.5, d: '2026-01-15' },
  { n: -1, g: 'good', d: '2026-05-30' },
];

export const CALC_CASES: CalcCase[] = [
  // Working days.
  { name: 'Working days in a plain week', formula: 'workingDays(d1, d2)', data: { d1: '2026-03-02', d2: '2026-03-06' }, expected: 5 },
  { name: 'Working days over Christmas and New Year 2026', formula: 'workingDays(d1, d2)', data: { d1: '2026-12-21', d2: '2027-01-08' }, expected: 12 },
  { name: 'Working days over Easter 2026', formula: 'workingDays(d1, d2)', data: { d1: '2026-03-30', d2: '2026-04-10' }, expected: 8 },
  { name: 'Working days over Christmas 2022 (substitute days)', formula: 'workingDays(d1, d2)', data: { d1: '2022-12-19', d2: '2023-01-06' }, expected: 12 },
  { name: 'Working days over the 2022 jubilee', formula: 'workingDays(d1, d2)', data: { d1: '2022-05-30', d2: '2022-06-03' }, expected: 3 },
  { name: 'Working days across the leap day 2028', formula: 'workingDays(d1, d2)', data: { d1: '2028-02-28', d2: '2028-03-01' }, expected: 3 },
  { name: 'Working days inside one weekend', formula: 'workingDays(d1, d2)', data: { d1: '2026-03-07', d2: '2026-03-08' }, expected: 0 },
  { name: 'Working days on one day', formula: 'workingDays(d1, d1)', data: { d1: '2026-03-04' }, expected: 1 },
  { name: 'Working days when the end is before the start', formula: 'workingDays(d1, d2)', data: { d1: '2026-03-06', d2: '2026-03-02' }, expected: 0 },
  { name: 'Working days with a blank date', formula: 'workingDays(d1, d2)', data: { d1: '2026-03-02' }, expected: undefined },
  { name: 'Working days over a whole year (2026)', formula: 'workingDays(d1, d2)', data: { d1: '2026-01-01', d2: '2026-12-31' }, expected: 253 },
  // Days and minutes.
  { name: 'Days between across a leap year', formula: 'daysBetween(d1, d2)', data: { d1: '2028-02-01', d2: '2028-03-01' }, expected: 29 },
  { name: 'Days between in a common year', formula: 'daysBetween(d1, d2)', data: { d1: '2027-02-01', d2: '2027-03-01' }, expected: 28 },
  { name: 'Days between backwards', formula: 'daysBetween(d1, d2)', data: { d1: '2026-03-10', d2: '2026-03-01' }, expected: -9 },
  { name: 'Calendar days absent, both days counted', formula: 'daysBetween(d1, d2) + 1', data: { d1: '2026-03-02', d2: '2026-03-06' }, expected: 5 },
  { name: 'Days between with a date that does not exist', formula: 'daysBetween(d1, d2)', data: { d1: '2026-02-29', d2: '2026-03-01' }, expected: undefined },
  { name: 'Minutes between two times', formula: 'minutesBetween(t1, t2)', data: { t1: '09:15', t2: '10:45' }, expected: 90 },
  { name: 'Minutes between with seconds', formula: 'minutesBetween(t1, t2)', data: { t1: '09:15:30', t2: '09:20:00' }, expected: 4 },
  { name: 'Minutes between backwards', formula: 'minutesBetween(t1, t2)', data: { t1: '10:00', t2: '09:30' }, expected: -30 },
  { name: 'Minutes between with a blank time', formula: 'minutesBetween(t1, t2)', data: { t2: '09:30' }, expected: undefined },
  { name: 'Add days over the leap day', formula: 'addDays(d1, 2)', data: { d1: '2028-02-28' }, expected: '2028-03-01' },
  { name: 'Add days backwards', formula: 'addDays(d1, -1)', data: { d1: '2026-03-01' }, expected: '2026-02-28' },
  { name: 'Today', formula: 'today()', data: {}, expected: '2026-12-04' },
  { name: 'Days since a date until today', formula: 'daysBetween(d1, today())', data: { d1: '2026-11-30' }, expected: 4 },
  // Arithmetic and rounding.
  { name: 'Arithmetic', formula: 'n1 * 7.5 + n2', data: { n1: 3, n2: 0.25 }, expected: 22.75 },
  { name: 'Arithmetic with a blank', formula: 'n1 + n2', data: { n1: 3 }, expected: undefined },
  { name: 'Decimals without binary noise', formula: 'n1 + n2', data: { n1: 0.1, n2: 0.2 }, expected: 0.3 },
  { name: 'Division by zero', formula: 'n1 / n2', data: { n1: 3, n2: 0 }, expected: undefined },
  { name: 'Round half away from zero', formula: 'round(n1)', data: { n1: 2.5 }, expected: 3 },
  { name: 'Round a negative half', formula: 'round(n1)', data: { n1: -2.5 }, expected: -3 },
  { name: 'Round to two places', formula: 'round(n1, 2)', data: { n1: 1.005 }, expected: 1.01 },
  { name: 'Floor and ceil', formula: 'floor(n1) * 10 + ceil(n2)', data: { n1: 7.9, n2: 0.1 }, expected: 71 },
  { name: 'Abs', formula: 'abs(i1)', data: { i1: -4 }, expected: 4 },
  { name: 'Bradford factor: occasions squared times days', formula: 'i1 * i1 * n1', data: { i1: 3, n1: 12 }, expected: 108 },
  // Conditions and blanks.
  { name: 'If yes', formula: "if(yes1, 'Excluded', 'Counted')", data: { yes1: true }, expected: 'Excluded' },
  { name: 'If no', formula: "if(yes1, 'Excluded', 'Counted')", data: { yes1: false }, expected: 'Counted' },
  { name: 'If with a blank condition', formula: "if(yes1, 'Excluded', 'Counted')", data: {}, expected: undefined },
  { name: 'Trigger point met', formula: 'i1 * i1 * n1 >= 200 || i1 >= 3', data: { i1: 3, n1: 1 }, expected: true },
  { name: 'Or with a blank but a yes', formula: 'yes1 || n1 > 1', data: { n1: 2 }, expected: true },
  { name: 'And with a blank but a no', formula: 'yes1 && n1 > 1', data: { n1: 0 }, expected: false },
  { name: 'Not', formula: '!yes1', data: { yes1: false }, expected: true },
  { name: 'If blank with an answer', formula: 'ifBlank(n1, 0)', data: { n1: 4 }, expected: 4 },
  { name: 'If blank without an answer', formula: 'ifBlank(n1, 0) + 1', data: {}, expected: 1 },
  { name: 'Answered', formula: 'answered(d1)', data: { d1: '2026-01-01' }, expected: true },
  { name: 'Not answered', formula: 'answered(d1)', data: {}, expected: false },
  { name: 'Compare dates', formula: 'd2 >= d1', data: { d1: '2026-03-02', d2: '2026-03-10' }, expected: true },
  { name: 'Compare a date with a written date', formula: "d1 < '2026-04-01'", data: { d1: '2026-03-31' }, expected: true },
  { name: 'Compare times', formula: 't1 < t2', data: { t1: '09:05', t2: '10:00' }, expected: true },
  { name: 'Compare a choice', formula: "g1 == 'good'", data: { g1: 'good' }, expected: true },
  { name: 'Compare with a blank', formula: "g1 != 'good'", data: {}, expected: undefined },
  // Repeating groups: rows added and removed, blank cells.
  { name: 'Sum of a column', formula: 'sum(rows.n)', data: { rows: ROWS }, expected: 4.5 },
  { name: 'Sum of no rows', formula: 'sum(rows.n)', data: { rows: [] }, expected: 0 },
  { name: 'Sum without the group', formula: 'sum(rows.n)', data: {}, expected: 0 },
  { name: 'Sum after a row is removed', formula: 'sum(rows.n)', data: { rows: ROWS.slice(0, 2) }, expected: 2 },
  { name: 'Count rows', formula: 'count(rows)', data: { rows: ROWS }, expected: 4 },
  { name: 'Count rows after one is added', formula: 'count(rows)', data: { rows: [...ROWS, {}] }, expected: 5 },
  { name: 'Count answered cells', formula: 'count(rows.n)', data: { rows: ROWS }, expected: 3 },
  { name: 'Count of no rows', formula: 'count(rows.g)', data: { rows: [] }, expected: 0 },
  { name: 'Min of a column', formula: 'min(rows.n)', data: { rows: ROWS }, expected: -1 },
  { name: 'Max of a column', formula: 'max(rows.n)', data: { rows: ROWS }, expected: 3.5 },
  { name: 'Earliest date of a column', formula: 'min(rows.d)', data: { rows: ROWS }, expected: '2026-01-15' },
  { name: 'Latest date of a column and a date', formula: 'max(rows.d, d1)', data: { rows: ROWS, d1: '2026-04-01' }, expected: '2026-05-30' },
  { name: 'Max of no rows', formula: 'max(rows.n)', data: { rows: [] }, expected: undefined },
  { name: 'Min of numbers', formula: 'min(n1, n2, i1)', data: { n1: 5, i1: 2 }, expected: 2 },
  { name: 'Lowest grade of a column', formula: 'lowest(rows.g)', data: { rows: ROWS }, expected: 'inadequate' },
  { name: 'Lowest grade of three', formula: 'lowest(g1, g2, g3)', data: { g1: 'good', g2: 'outstanding', g3: 'requires-improvement' }, expected: 'requires-improvement' },
  { name: 'Lowest grade with blanks', formula: 'lowest(g1, g2, g3)', data: { g2: 'good' }, expected: 'good' },
  { name: 'Lowest grade of nothing', formula: 'lowest(g1, g2, g3)', data: {}, expected: undefined },
  { name: 'Most common grade', formula: 'mostCommon(g1, g2, g3, rows.g)', data: { g1: 'good', g2: 'inadequate', g3: 'outstanding', rows: ROWS }, expected: 'good' },
  { name: 'Most common grade, a tie goes lower', formula: 'mostCommon(g1, g2)', data: { g1: 'outstanding', g2: 'requires-improvement' }, expected: 'requires-improvement' },
  { name: 'Most common grade of no rows', formula: 'mostCommon(rows.g)', data: { rows: [] }, expected: undefined },
];

/**
 * CALC_CASE_SCHEMA plus one calculated property `c0`, `c1`, … per case (typed from the
 * formula's checked type), each with a Control labelled by the case name.
 */
export function calcCaseDefinition(cases: readonly CalcCase[] = CALC_CASES): { schema: JsonObject; uischema: JsonObject } {
  const schema = structuredClone(CALC_CASE_SCHEMA);
  const properties = schema.properties as JsonObject;
  const elements: JsonObject[] = Object.keys(properties).map((k) => ({ type: 'Control', scope: `#/properties/${k}` }));
  cases.forEach((c, i) => {
    const checked = checkFormula(c.formula, CALC_CASE_SCHEMA);
    if (!checked.ok || !checked.type) throw new Error(`case "${c.name}": ${checked.problems.map((p) => p.message).join(' ')}`);
    const t = checked.type;
    const property: JsonObject =
      t.type === 'integer' || t.type === 'number'
        ? { type: t.type }
        : t.type === 'yesno'
          ? { type: 'boolean' }
          : t.type === 'date' || t.type === 'time'
            ? { type: 'string', format: t.type }
            : t.type === 'choice'
              ? { type: 'string', oneOf: GRADES }
              : { type: 'string' };
    properties[`c${i}`] = { ...property, title: c.name, readOnly: true, 'x-calculate': c.formula };
    elements.push({ type: 'Control', scope: `#/properties/c${i}`, label: c.name });
  });
  return { schema, uischema: { type: 'VerticalLayout', elements } };
}
