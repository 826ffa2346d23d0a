/**
 * Calculated answers' shared module (engine/forms/calculations): the evaluator on the shared
 * cases (also run in Chromium by the runtime's tests), the checker's sentences, the plan's order,
 * working days and the shipped bank holidays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFormula, fieldsForFormulas } from '../../../engine/forms/calculations/check.js';
import { CALC_FUNCTIONS, FUNCTION_RULES } from '../../../engine/forms/calculations/functions.js';
import { evaluateFormula, londonToday } from '../../../engine/forms/calculations/evaluate.js';
import { applyCalculations, calculationOrder, calculationPlan } from '../../../engine/forms/calculations/plan.js';
import { bankHolidayYears, dateOf, dayNumber, isLeapYear, workingDaysBetween } from '../../../engine/forms/calculations/dates.js';
import BANK_HOLIDAYS from '../../../engine/forms/calculations/bank-holidays.json' with { type: 'json' };
import type { JsonObject } from '../../../engine/forms/model.js';
import { CALC_CASES, CALC_CASE_ENV, CALC_CASE_SCHEMA, calcCaseDefinition } from '../../support/calculation-cases.js';

const env = CALC_CASE_ENV;

describe('the shared cases', () => {
  it.each(CALC_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(checkFormula(c.formula, CALC_CASE_SCHEMA).problems).toEqual([]);
    expect(evaluateFormula(c.formula, c.data, env, CALC_CASE_SCHEMA)).toEqual(c.expected);
  });

  it('give the same answers through a plan, every case a calculated answer of one definition', () => {
    const definition = calcCaseDefinition(CALC_CASES);
    const plan = calculationPlan(definition);
    expect(plan.fields).toHaveLength(CALC_CASES.length);
    CALC_CASES.forEach((c, i) => {
      const out = applyCalculations(plan, { ...c.data, [`c${i}`]: 'a wrong value from a client' }, env);
      expect(out[`c${i}`], c.name).toEqual(c.expected);
      expect(Object.prototype.hasOwnProperty.call(out, `c${i}`), c.name).toBe(c.expected !== undefined);
    });
  });

  it('without a schema give the same answers, but for grades (whose order only the schema knows)', () => {
    for (const c of CALC_CASES) {
      if (/lowest|mostCommon/.test(c.formula)) continue;
      expect(evaluateFormula(c.formula, c.data, env), c.name).toEqual(c.expected);
    }
  });
});

describe('evaluateFormula', () => {
  it('is blank for a formula that cannot be read, and never throws on odd data', () => {
    expect(evaluateFormula('round(', {}, env)).toBeUndefined();
    expect(evaluateFormula('nosuch(1)', {}, env)).toBeUndefined();
    for (const data of [null, 3, 'x', [], { rows: 'x' }, { rows: [null, 3, [1]] }, { n1: '3' }, { d1: 20260101 }]) {
      for (const f of ['sum(rows.n)', 'count(rows)', 'n1 + 1', 'workingDays(d1, d2)', 'lowest(rows.g)', 'min(rows.d)']) {
        expect(() => evaluateFormula(f, data, env, CALC_CASE_SCHEMA)).not.toThrow();
      }
    }
    expect(evaluateFormula('n1 + 1', { n1: '3' }, env, CALC_CASE_SCHEMA)).toBeUndefined();
  });

  it('treats an empty text as blank and a list result as blank', () => {
    expect(evaluateFormula('answered(g1)', { g1: '' }, env, CALC_CASE_SCHEMA)).toBe(false);
    expect(evaluateFormula('rows.n', { rows: [{ n: 1 }] }, env)).toBeUndefined();
  });

  it('rounds to places only for 0 to 10 places', () => {
    expect(evaluateFormula('round(n1, 1)', { n1: 2.25 }, env)).toBe(2.3);
    expect(evaluateFormula('round(n1, -1)', { n1: 25 }, env)).toBeUndefined();
  });
});

describe('londonToday', () => {
  it('is the date in London, summer time included', () => {
    expect(londonToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(londonToday(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
  });
});

describe('dates and working days', () => {
  it('knows leap years and real dates', () => {
    expect([2024, 2028, 2000].map(isLeapYear)).toEqual([true, true, true]);
    expect([2026, 2100, 1900].map(isLeapYear)).toEqual([false, false, false]);
    expect(dayNumber('2028-02-29')).toBeDefined();
    expect(dayNumber('2026-02-29')).toBeUndefined();
    expect(dayNumber('2100-02-29')).toBeUndefined();
    expect(dayNumber('2026-13-01')).toBeUndefined();
    expect(dateOf(dayNumber('2028-02-28')! + 1)).toBe('2028-02-29');
  });

  const HOLIDAY_DATES = new Set(BANK_HOLIDAYS.events.map((e) => e.date));
  /** The slow way: day by day. */
  const byDay = (from: number, to: number) => {
    let n = 0;
    for (let d = from; d <= to; d++) {
      const wd = new Date(d * 86_400_000).getUTCDay();
      if (wd !== 0 && wd !== 6 && !HOLIDAY_DATES.has(dateOf(d)!)) n++;
    }
    return n;
  };

  it('counts working days as a day-by-day count would, for any span (inside and outside the covered years)', () => {
    const lo = dayNumber('2014-01-01')!;
    const hi = dayNumber('2034-12-31')!;
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), fc.integer({ min: -20, max: 800 }), (from, span) => {
        expect(workingDaysBetween(from, from + span)).toBe(span < 0 ? 0 : byDay(from, from + span));
      }),
      { numRuns: 300 },
    );
  });

  it('costs the same for a span of centuries', () => {
    expect(workingDaysBetween(dayNumber('1900-01-01')!, dayNumber('2999-12-31')!)).toBeGreaterThan(280_000);
  });
});

describe('bank-holidays.json', () => {
  const events = BANK_HOLIDAYS.events;
  const dates = events.map((e) => e.date);

  it('is England and Wales in gov.uk’s format, sorted, on weekdays, covering 2018 to 2030', () => {
    expect(BANK_HOLIDAYS.division).toBe('england-and-wales');
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    for (const e of events) {
      expect(Object.keys(e).sort()).toEqual(['bunting', 'date', 'notes', 'title']);
      const wd = new Date(e.date + 'T00:00:00Z').getUTCDay();
      expect(wd, e.date).not.toBe(0);
      expect(wd, e.date).not.toBe(6);
    }
    expect(bankHolidayYears()).toEqual({ first: 2018, last: 2030 });
  });

  it('has 8 a year but for the one-offs, which are there', () => {
    const perYear = (y: number) => dates.filter((d) => d.startsWith(`${y}-`));
    for (let y = 2018; y <= 2030; y++) expect(perYear(y).length, String(y)).toBe(y === 2022 ? 10 : y === 2023 ? 9 : 8);
    expect(perYear(2020)).toContain('2020-05-08');
    expect(perYear(2020)).not.toContain('2020-05-04');
    expect(perYear(2022)).toEqual(expect.arrayContaining(['2022-06-02', '2022-06-03', '2022-09-19']));
    expect(perYear(2022)).not.toContain('2022-05-30');
    expect(perYear(2023)).toEqual(expect.arrayContaining(['2023-05-01', '2023-05-08']));
  });

  it('has Easter and the substitute days where gov.uk has them', () => {
    expect(dates).toEqual(expect.arrayContaining(['2024-03-29', '2024-04-01', '2025-04-18', '2025-04-21', '2026-04-03', '2026-04-06', '2027-03-26', '2027-03-29', '2030-04-19', '2030-04-22']));
    // Christmas on a Saturday (2021, 2027), on a Sunday (2022), Boxing Day on a Saturday (2020, 2026); New Year on a weekend (2022, 2023, 2028).
    expect(dates).toEqual(expect.arrayContaining(['2021-12-27', '2021-12-28', '2027-12-27', '2027-12-28', '2022-12-26', '2022-12-27', '2020-12-28', '2026-12-28', '2022-01-03', '2023-01-02', '2028-01-03']));
  });
});

describe('checkFormula', () => {
  const problem = (formula: string, schema: JsonObject = CALC_CASE_SCHEMA) => {
    const c = checkFormula(formula, schema);
    expect(c.ok, formula).toBe(false);
    return c.problems.map((p) => p.message).join(' ');
  };

  it('gives the result type and the inputs (rows as *)', () => {
    expect(checkFormula('workingDays(d1, d2)', CALC_CASE_SCHEMA)).toEqual({ ok: true, problems: [], type: { type: 'integer' }, inputs: ['/d1', '/d2'] });
    expect(checkFormula('sum(rows.n) / count(rows)', CALC_CASE_SCHEMA)).toMatchObject({ ok: true, type: { type: 'number' }, inputs: ['/rows/*/n', '/rows'] });
    expect(checkFormula('lowest(g1, rows.g)', CALC_CASE_SCHEMA).type).toEqual({ type: 'choice', options: ['outstanding', 'good', 'requires-improvement', 'inadequate'] });
    expect(checkFormula('round(n1, 2)', CALC_CASE_SCHEMA).type).toEqual({ type: 'number' });
  });

  it('names an unknown function, and a near miss', () => {
    expect(problem('roundup(n1)')).toMatch(/There is no function called “roundup”\. The functions are round, floor/);
    expect(problem('workingdays(d1, d2)')).toBe('There is no function called “workingdays”: did you mean workingDays? (Capitals matter.)');
    expect(problem('toString(n1)')).toMatch(/no function called “toString”/);
    expect(problem('constructor(n1)')).toMatch(/no function called “constructor”/);
  });

  it('names an unknown field, with its place in the text', () => {
    const c = checkFormula('n1 + absence.days', CALC_CASE_SCHEMA);
    expect(c.problems).toEqual([{ message: 'There is no question called “absence.days” in this form.', start: 5, end: 17 }]);
    expect(problem('rows.x')).toBe('“rows” has no question called “x”.');
    expect(problem('n1.x')).toBe('“n1” is a single answer, so “n1.x” does not exist.');
    expect(problem('today + 1')).toBe('today is a function: write it with brackets, e.g. today(…).');
  });

  it('says what kinds a function or operator needs', () => {
    expect(problem('d1 + 1')).toBe('The + sign works on numbers, but “d1” is a date. Use daysBetween(from, to) or addDays(date, days) for dates.');
    expect(problem('t2 - t1')).toMatch(/Use minutesBetween\(start, end\) for times/);
    expect(problem('workingDays(d1, n1)')).toBe('workingDays needs a date second, but is given a number.');
    expect(problem('sum(rows.g)')).toBe('sum adds up numbers, but is given a list of choices.');
    expect(problem("if(n1, 1, 2)")).toBe('if needs a yes/no condition first (e.g. hours > 7), but is given a number.');
    expect(problem("if(yes1, 1, 'x')")).toBe('if needs its two results to be of one kind, but is given a whole number and text.');
    expect(problem('min(d1, n1)')).toBe('min needs answers of one kind (numbers, dates or times), but is given a date and a number.');
    expect(problem('lowest(g1, n1)')).toBe('lowest works on graded answers (choices), but is given a number.');
    expect(problem('round(n1, n2)')).toBe('round needs a whole number of decimal places, but is given a number.');
    expect(problem('daysBetween(d1)')).toBe('daysBetween needs 2 values in its brackets; it has 1.');
    expect(problem('round(n1, 1, 2)')).toBe('round needs 1 or 2 values in its brackets; it has 3.');
    expect(problem('yes1 && n1')).toBe('“&&” joins yes/no conditions, but “n1” is a number.');
    expect(problem('!n1')).toBe('“!” (not) works on yes/no answers, but “n1” is a number.');
    expect(problem('-d1')).toBe('A minus sign works on numbers, but “d1” is a date.');
    expect(problem('g1 < g2')).toBe('“<” compares numbers, dates or times, but “g1” is a choice: use == or != instead.');
    expect(problem('d1 == n1')).toBe('“d1” (a date) cannot be compared with “n1” (a number).');
    expect(problem("d1 < 'soon'")).toBe('“d1” (a date) cannot be compared with \'soon\' (text).');
    expect(problem("g1 == 'Good'")).toBe("'Good' is not one of the answers to “g1”: its codes are outstanding, good, requires-improvement, inadequate.");
  });

  it('refuses lists and whole groups where one value is needed', () => {
    expect(problem('rows.n + 1')).toBe('“rows.n” is a list of numbers (one for each row): use sum, count, min or max over it, or another function that takes a list.');
    expect(problem('rows.n')).toBe('A calculated answer is one value, but this formula gives a list: use sum, count, min or max over it.');
    expect(problem('sum(rows)')).toBe('sum adds up numbers, but is given a repeating group.');
    expect(problem('workingDays(rows.d, d2)')).toBe('workingDays needs a date first, but is given a list of dates.');
  });

  it('refuses syntax outside the language with a plain sentence', () => {
    expect(problem('rows[0].n')).toMatch(/^Square brackets \[ \] cannot be used/);
    expect(problem('[1, 2]')).toMatch(/^Square brackets/);
    expect(problem('this')).toBe('“this” cannot be used in a formula: name the question instead.');
    expect(problem('yes1 ? 1 : 2')).toBe('Write if(condition, then, else) instead of “? :”.');
    expect(problem('n1 === 1')).toBe('Write == instead of ===.');
    expect(problem('i1 % 2')).toBe('The remainder operator % is not available in formulas.');
    expect(problem('i1 & 2')).toBe('The operator & is not available in formulas.');
    expect(problem('~i1')).toBe('The operator ~ is not available in formulas.');
    expect(problem('n1 n2')).toMatch(/^A formula is one expression/);
    expect(problem('null')).toMatch(/^“null” is not a value/);
    expect(problem('n1.toString()')).toBe('Only the functions in the list can be called, by their name, e.g. round(x).');
    expect(problem('round(n1')).toBe('A bracket ( is opened but never closed.');
    expect(problem("'abc")).toBe('A piece of text in quotes is not closed: end it with the same quote mark.');
    expect(problem('n1 +')).toBe('Something is missing after +.');
    expect(problem('')).toBe('Write a formula: it is empty.');
  });

  it('refuses over-long, over-large and over-deep formulas', () => {
    expect(problem('n1 + ' + '1 + '.repeat(130) + '1')).toMatch(/^A formula can be at most 500 characters long; this one has 5\d\d\./);
    expect(problem(Array.from({ length: 60 }, () => 'n1').join('+'))).toMatch(/at most 100 parts .* this one has 119\./);
    expect(problem('round('.repeat(13) + 'n1' + ')'.repeat(13))).toMatch(/^A formula can nest at most 12 levels deep; this one nests 14\./);
    expect(checkFormula('round('.repeat(10) + 'n1' + ')'.repeat(10), CALC_CASE_SCHEMA).ok).toBe(true);
  });

  it('catalogue and rules list the same functions, each described', () => {
    expect(CALC_FUNCTIONS.map((f) => f.name).sort()).toEqual(Object.keys(FUNCTION_RULES).sort());
    for (const f of CALC_FUNCTIONS) {
      expect(f.label.length).toBeGreaterThan(3);
      expect(f.description).toMatch(/\.$/);
    }
  });
});

describe('fieldsForFormulas', () => {
  it('lists every answer with its dotted name, path, title and type (rows as lists)', () => {
    const fields = fieldsForFormulas(CALC_CASE_SCHEMA);
    expect(fields.map((f) => f.name)).toEqual(['d1', 'd2', 't1', 't2', 'n1', 'n2', 'i1', 'yes1', 'g1', 'g2', 'g3', 'rows.n', 'rows.g', 'rows.d']);
    expect(fields.find((f) => f.name === 'rows.d')).toEqual({ name: 'rows.d', path: '/rows/*/d', title: 'Date', type: { type: 'date', list: true } });
    expect(fields.find((f) => f.name === 'g1')?.type.options).toHaveLength(4);
  });

  it('follows references and nested groups', () => {
    const schema: JsonObject = {
      type: 'object',
      definitions: { day: { type: 'string', format: 'date' } },
      properties: { absence: { type: 'object', properties: { firstDay: { $ref: '#/definitions/day', title: 'First day' } } } },
    };
    expect(fieldsForFormulas(schema)).toEqual([{ name: 'absence.firstDay', path: '/absence/firstDay', title: 'First day', type: { type: 'date' } }]);
    expect(checkFormula('daysBetween(absence.firstDay, today())', schema)).toMatchObject({ ok: true, inputs: ['/absence/firstDay'] });
  });
});

describe('the plan', () => {
  const schema = (props: JsonObject): JsonObject => ({ type: 'object', properties: { n1: { type: 'number' }, d1: { type: 'string', format: 'date' }, ...props } });

  it('orders calculated answers after the ones they use, wherever they are written', () => {
    const s = schema({
      total: { type: 'number', readOnly: true, 'x-calculate': 'part.double + 1' },
      part: { type: 'object', properties: { double: { type: 'number', readOnly: true, 'x-calculate': 'n1 * 2' } } },
      flag: { type: 'boolean', readOnly: true, 'x-calculate': 'total > 10' },
    });
    const plan = calculationPlan({ schema: s });
    expect(plan.fields.map((f) => f.name)).toEqual(['part.double', 'total', 'flag']);
    expect(plan.fields[0]).toEqual({ pointer: '/part/double', name: 'part.double', formula: 'n1 * 2' });
    const data = { n1: 5, total: 999 };
    expect(applyCalculations(plan, data, env)).toEqual({ n1: 5, part: { double: 10 }, total: 11, flag: true });
    expect(data).toEqual({ n1: 5, total: 999 });
    expect(applyCalculations(plan, { total: 1, flag: false, part: { double: 3 } }, env)).toEqual({ part: {} });
  });

  it('finds a cycle and leaves its answers out of the plan', () => {
    const s = schema({
      a: { type: 'number', readOnly: true, 'x-calculate': 'b + 1' },
      b: { type: 'number', readOnly: true, 'x-calculate': 'a + 1' },
      c: { type: 'number', readOnly: true, 'x-calculate': 'n1 + 1' },
      d: { type: 'number', readOnly: true, 'x-calculate': 'd + 1' },
    });
    expect(calculationOrder(s).cycle?.map((f) => f.name)).toEqual(['a', 'b']);
    expect(calculationOrder(s).blocked.map((f) => f.name)).toEqual(['a', 'b', 'd']);
    const { a: _a, b: _b, ...rest } = s.properties as JsonObject;
    expect(calculationOrder(schema(rest)).cycle?.map((f) => f.name)).toEqual(['d']);
    const through = schema({ ...rest, e: { type: 'number', 'x-calculate': 'd * 2' } });
    expect(calculationOrder(through).blocked.map((f) => f.name)).toEqual(['d', 'e']);
    expect(calculationPlan({ schema: s }).fields.map((f) => f.name)).toEqual(['c']);
  });

  it('leaves out calculated answers inside repeating rows', () => {
    const s = schema({ rows: { type: 'array', items: { type: 'object', properties: { x: { type: 'number', 'x-calculate': 'n1' } } } } });
    expect(calculationPlan({ schema: s }).fields).toEqual([]);
  });
});
