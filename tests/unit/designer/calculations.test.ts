/**
 * Calculated answers in the designer's model: the palette kind, the picker's view of a formula
 * and the formula it builds, the formula's type setting the answer's, renames followed in
 * formulas and removals reported, and what "Try it" makes of sample answers.
 */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { formulaNames } from '../../../designer/model/formula-names.js';
import { sampleData, sampleProblem, sampleResult, type Sample } from '../../../designer/model/calculation-samples.js';
import { LIMITS } from '../../../engine/policy/limits.js';
import { deepFreeze, get, template, violations } from './support.js';

/** "First day" and "Last day" (dates) and "Working days lost", calculated (with `formula` when given). */
function absence(formula = ''): M.Definition {
  let def = M.emptyDefinition();
  def = M.addField(def, '', 0, 'date', 'First day').definition;
  def = M.addField(def, '', 1, 'date', 'Last day').definition;
  def = M.addField(def, '', 2, 'calculated', 'Working days lost').definition;
  if (formula) def = M.setFormula(def, '2', formula).definition;
  return deepFreeze(def);
}

const field = (name: string, path: string, type: M.FormulaField['type'], extra: Partial<M.FormulaField> = {}): M.FormulaField => ({ name, path, label: name, type, ...extra });

describe('designer model: a calculated answer from the palette', () => {
  it('starts read only with an empty formula, reads back as calculated, and has only a label and a hint to set', () => {
    const def = absence();
    expect(get(def.schema, '/properties/workingDaysLost')).toEqual({ type: 'number', readOnly: true, 'x-calculate': '' });
    expect(M.nodeAt(def, '2')).toMatchObject({ fieldKind: 'calculated', required: false });
    expect(M.fieldProps(def, '2')).toMatchObject({ readOnly: true, settable: ['label', 'hint'] });
    expect(() => M.setFieldProps(def, '2', { required: true })).toThrow('“Working days lost” is worked out from other answers, so it is always read only and cannot be required.');
    expect(M.calculationOf(def, '2')).toMatchObject({ formula: '', pick: { key: '', inputs: [] }, checked: { ok: false, problems: [{ message: 'Choose a calculation for “Working days lost”, or write its formula.' }] } });
  });

  it('cannot be added inside a repeatable group, whose columns it can use', () => {
    let def = M.emptyDefinition();
    const group = M.addField(def, '', 0, 'repeatable-group', 'Actions');
    def = group.definition;
    expect(() => M.addField(def, group.path, 1, 'calculated', 'Days late')).toThrow('A calculated answer cannot be inside a repeating group yet: add it outside the group, and use the group’s questions in its formula (e.g. sum(actions.hours)).');
    def = M.addField(def, '', 1, 'calculated', 'Rows').definition;
    expect(M.setFormula(def, '1', 'count(actions)').definition.schema).toMatchObject({ properties: { rows: { type: 'integer', 'x-calculate': 'count(actions)' } } });
  });

  it('offers the questions that fit each input: dates for working days, not itself', () => {
    const def = absence();
    const fn = M.pickFunctions().find((f) => f.label === 'Working days between two dates')!;
    expect(fn.key).toBe('workingDays');
    const fields = M.formulaFields(def, '2');
    expect(fields.map((f) => [f.name, f.label])).toEqual([
      ['firstDay', 'First day'],
      ['lastDay', 'Last day'],
    ]);
    expect(fields.filter((f) => M.fits(fn.params[0]!, f.type)).map((f) => f.name)).toEqual(['firstDay', 'lastDay']);
    const add = M.pickFunctions().find((f) => f.label === 'Add')!;
    expect(fields.filter((f) => M.fits(add.params[0]!, f.type))).toEqual([]);
    expect(M.typedFor(add.params[0]!)).toBe('number');
  });

  it('a right formula sets the answer’s type from its result; one with a problem is kept with its type as it was', () => {
    const def = absence('workingDays(firstDay, lastDay)');
    expect(get(def.schema, '/properties/workingDaysLost')).toEqual({ type: 'integer', readOnly: true, 'x-calculate': 'workingDays(firstDay, lastDay)' });
    expect(violations(def)).toEqual([]);
    const later = M.setFormula(def, '2', 'addDays(lastDay, 1)').definition;
    expect(get(later.schema, '/properties/workingDaysLost')).toEqual({ type: 'string', format: 'date', readOnly: true, 'x-calculate': 'addDays(lastDay, 1)' });
    const yes = M.setFormula(def, '2', 'lastDay > firstDay').definition;
    expect(get(yes.schema, '/properties/workingDaysLost')).toMatchObject({ type: 'boolean' });
    expect(M.nodeAt(yes, '2').fieldKind).toBe('calculated');
    const wrong = M.setFormula(def, '2', 'workingDays(firstDay, nextDay)').definition;
    expect(get(wrong.schema, '/properties/workingDaysLost')).toEqual({ type: 'integer', readOnly: true, 'x-calculate': 'workingDays(firstDay, nextDay)' });
    const checked = M.calculationOf(wrong, '2').checked;
    expect(checked.ok).toBe(false);
    expect(checked.problems.map((p) => p.message).join(' ')).toMatch(/nextDay/);
  });

  it('refuses a formula over the length limit, and says a formula cannot use its own answer', () => {
    expect(M.FORMULA_MAX_LENGTH).toBe(LIMITS.formulaLength);
    const long = `${'firstDay + '.repeat(LIMITS.formulaLength / 10)}1`;
    expect(() => M.setFormula(absence(), '2', long)).toThrow(`A formula can be at most ${LIMITS.formulaLength} characters long; this one has ${long.length}. Split it into several calculated answers.`);
    expect(M.checkCalculation(absence(), '2', long).problems.map((p) => p.message)).toEqual([`A formula can be at most ${LIMITS.formulaLength} characters long; this one has ${long.length}. Split it into several calculated answers.`]);
    const self = M.checkCalculation(absence(), '2', 'workingDaysLost + 1');
    expect(self.ok).toBe(false);
    expect(self.problems.map((p) => p.message)).toEqual(['"Working days lost" uses itself, so it cannot be worked out.']);
  });

  it('says when calculated answers would be worked out from each other, and does not offer them as inputs', () => {
    let def = absence('workingDays(firstDay, lastDay)');
    def = M.addField(def, '', 3, 'calculated', 'Weeks lost').definition;
    def = M.setFormula(def, '3', 'workingDaysLost / 5').definition;
    expect(M.formulaFields(def, '3').map((f) => f.name)).toEqual(['firstDay', 'lastDay', 'workingDaysLost']);
    expect(M.formulaFields(def, '2').map((f) => f.name)).toEqual(['firstDay', 'lastDay']);
    const loop = M.checkCalculation(def, '2', 'round(weeksLost * 5)');
    expect(loop.ok).toBe(false);
    expect(loop.problems.map((p) => p.message)).toEqual(['"Working days lost" and "Weeks lost" each use the other, so neither can be worked out.']);
  });

  it('shows the engine’s own sentence for a problem in the formula', () => {
    const checked = M.checkCalculation(absence(), '2', 'workingDays(firstDay)');
    expect(checked.problems.map((p) => p.message)).toEqual(['workingDays needs 2 values in its brackets; it has 1.']);
  });
});

describe('designer model: the picker’s view of a formula', () => {
  it.each([
    ['workingDays(absence.firstDay, absence.lastDay)', { key: 'workingDays', inputs: [{ field: 'absence.firstDay' }, { field: 'absence.lastDay' }] }],
    ['hoursPerDay * 7.5', { key: '*', inputs: [{ field: 'hoursPerDay' }, { number: 7.5 }] }],
    ['days - -1', { key: '-', inputs: [{ field: 'days' }, { number: -1 }] }],
    ['sum(actions.hours)', { key: 'sum', inputs: [{ field: 'actions.hours' }] }],
    ["lowest(g1, g2, g3)", { key: 'lowest', inputs: [{ field: 'g1' }, { field: 'g2' }, { field: 'g3' }] }],
    ['', { key: '', inputs: [] }],
  ])('%s is shown in the lists', (text, pick) => {
    expect(M.pickOf(text)).toEqual(pick);
    if (text) expect(M.formulaOf(pick)).toBe(text === 'days - -1' ? 'days - -1' : text);
  });

  it.each(['round(hours * 2)', 'workingDays(a, b) + 1', 'a[0]', 'workingDays(a,', 'nosuch(a)', 'if(yes1, 1, 2) * 3', 'true'])('%s is edited as text', (text) => {
    expect(M.pickOf(text)).toBeNull();
  });

  it('makes no formula until every input is chosen', () => {
    expect(M.formulaOf({ key: 'workingDays', inputs: [{ field: 'a' }, null] })).toBeNull();
    expect(M.formulaOf({ key: 'workingDays', inputs: [{ field: 'a' }] })).toBeNull();
    expect(M.formulaOf({ key: 'ifBlank', inputs: [{ field: 'a' }, { text: "it's" }] })).toBe("ifBlank(a, 'it\\'s')");
  });
});

describe('designer model: formulas follow renames, and what they use cannot be removed from under them', () => {
  it('renames names in a formula, not text in quotes, function names or names that only start the same', () => {
    const text = "if(absence.firstDay > absenceDays, 'absence.firstDay', sum(absence.rows))";
    expect(M.renameInFormula(text, '/absence', '/leave')).toBe("if(leave.firstDay > absenceDays, 'absence.firstDay', sum(leave.rows))");
    expect(M.renameInFormula('sum(actions.hours) + actions.hours2', '/actions/*/hours', '/actions/*/time')).toBe('sum(actions.time) + actions.hours2');
    expect(M.renameInFormula('sum(sum) + 1.5e3', '/sum', '/total')).toBe('sum(total) + 1.5e3');
    expect(formulaNames('a . b + "x" + f(c)').map((n) => n.name)).toEqual(['a.b', 'c']);
  });

  it('renaming a question in the properties panel, or by its label, changes the formulas that use it', () => {
    const def = absence('workingDays(firstDay, lastDay)');
    const renamed = M.renameField(def, '0', 'absenceStart').definition;
    expect(get(renamed.schema, '/properties/workingDaysLost/x-calculate')).toBe('workingDays(absenceStart, lastDay)');
    expect(violations(renamed)).toEqual([]);
    const relabelled = M.setFieldProps(def, '1', { label: 'Back at work' }, { fixed: new Set() }).definition;
    expect(get(relabelled.schema, '/properties/workingDaysLost/x-calculate')).toBe('workingDays(firstDay, backAtWork)');
  });

  it('removing a question a formula uses is refused, naming the calculation to change first; removing both together is fine', () => {
    const def = absence('workingDays(firstDay, lastDay)');
    expect(() => M.remove(def, '0')).toThrow('“First day” cannot be removed: “Working days lost” is worked out from it. Change or remove that calculation first.');
    const calculated = M.remove(def, '2').definition;
    expect(M.remove(calculated, '0').definition.schema).not.toHaveProperty('properties.firstDay');
  });
});

describe('designer model: Try it’s sample answers', () => {
  const d1 = field('d1', '/d1', { type: 'date' });
  const hours = field('rows.n', '/rows/*/n', { type: 'number', list: true });
  const grade = field('g', '/g', { type: 'choice', options: ['good', 'inadequate'] }, { options: [{ code: 'good', label: 'Good' }, { code: 'inadequate', label: 'Inadequate' }] });
  const s = (f: M.FormulaField, value: string, row?: number): Sample => ({ field: f, key: `${f.path}#${row ?? ''}`, value, ...(row === undefined ? {} : { row }) });

  it('makes answers of the samples: rows for every sample row, blanks and wrong ones left out', () => {
    expect(sampleData([s(d1, '2026-12-24'), s(hours, '2', 0), s(hours, '', 1), s(hours, 'x', 2), s(hours, '3.5', 3)])).toEqual({ d1: '2026-12-24', rows: [{ n: 2 }, {}, {}, { n: 3.5 }] });
    expect(sampleData([s(d1, '2026-02-30')])).toEqual({});
  });

  it('says what is wrong with a sample in words', () => {
    expect(sampleProblem(s(d1, '24/12/2026'))).toBe('Write the date as YYYY-MM-DD, for example 2026-12-24.');
    expect(sampleProblem(s(hours, 'seven'))).toBe('Enter a number, like 7.5.');
    expect(sampleProblem(s(field('t', '/t', { type: 'time' }), '25:00'))).toBe('Write the time as HH:MM, for example 09:30.');
    expect(sampleProblem(s(d1, ''))).toBeNull();
  });

  it('says the result in words', () => {
    expect(sampleResult(undefined, { type: 'integer' }, [])).toBe('blank (no answer)');
    expect(sampleResult('2027-01-04', { type: 'date' }, [])).toBe('2027-01-04 (Monday 4 January 2027)');
    expect(sampleResult('inadequate', { type: 'choice' }, [grade])).toBe('Inadequate (inadequate)');
    expect(sampleResult(true, { type: 'yesno' }, [])).toBe('Yes');
    expect(sampleResult(1234.5, { type: 'number' }, [])).toBe('1,234.5');
  });
});

describe('designer model: an edit that would break a calculation is refused', () => {
  it('reordering the options of one audit domain’s grade, which the worked-out grade compares with the others, is refused naming the calculation', () => {
    const def = deepFreeze(template('case-file-audit'));
    const grade = M.outlineFields(M.outline(def)).find((n) => n.dataPointer === '/domains/chronology/grade')!;
    const options = M.fieldProps(def, grade.path).options!;
    expect(options.length).toBeGreaterThan(2);
    expect(() => M.setFieldProps(def, grade.path, { options: [...options].reverse() })).toThrow(
      /^This change would break the calculation of “Worked-out overall grade”: .+ Change that calculation first\.$/,
    );
    // The final grade is the worked-out one or the one given: their options must stay the same.
    const given = M.outlineFields(M.outline(def)).find((n) => n.dataPointer === '/overall/givenGrade')!;
    const givenOptions = M.fieldProps(def, given.path).options!;
    expect(() => M.setFieldProps(def, given.path, { options: givenOptions.slice(0, -1) })).toThrow(/^This change would break the calculation of “Overall grade”: /);
    // A change the calculation does not mind is still made.
    const relabelled = M.setFieldProps(def, grade.path, { label: 'Chronology grade' }).definition;
    expect(violations(relabelled)).toEqual([]);
  });
});
