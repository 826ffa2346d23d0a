/** Calculated answers in the browser: the draft store keeps them worked out, and they read as a person reads them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calculatedAnswers, choiceOptions, missingInputs, withCalculations } from '../../../runtime/form/calculations.js';
import { DraftStore } from '../../../runtime/form/draft-store.js';
import { calculatedText, whyBlank } from '../../../runtime/renderers/fields/calculated.js';

const template = (id: string) => JSON.parse(readFileSync(new URL(`../../../schemas/templates/${id}.json`, import.meta.url), 'utf8')) as { schema: Record<string, unknown> };
const rtw = template('return-to-work').schema;
const audit = template('case-file-audit').schema;

describe('the draft store works calculated answers out on every change', () => {
  it('sets them as their inputs are typed, and removes them when an input is cleared', () => {
    const store = new DraftStore({}, {}, calculatedAnswers(rtw));
    store.set('absence.firstDayAbsent', '2026-08-24');
    expect(store.get('absence.calendarDays')).toBeUndefined();
    store.set('absence.lastDayAbsent', '2026-09-04');
    expect(store.get('absence.calendarDays')).toBe(12);
    // Monday 31 August 2026 is the summer bank holiday.
    expect(store.get('absence.workingDaysLost')).toBe(9);
    store.set('absence.contractedHoursPerDay', 7.4);
    expect(store.get('absence.hoursLost')).toBe(66.6);
    store.set('absence.lastDayAbsent', undefined);
    expect(store.data.absence).toEqual({ firstDayAbsent: '2026-08-24', contractedHoursPerDay: 7.4 });
  });

  it('never keeps a value written over a calculated answer', () => {
    const store = new DraftStore({ absence: { firstDayAbsent: '2026-08-24', lastDayAbsent: '2026-09-04', calendarDays: 99 } }, {}, calculatedAnswers(rtw));
    expect(store.get('absence.calendarDays')).toBe(12);
    store.set('absence.calendarDays', 1);
    expect(store.get('absence.calendarDays')).toBe(12);
  });

  it('gives the same answers object back when nothing calculated changes (no needless redraws or saves)', () => {
    const data = { employee: { jobTitle: 'Social worker' } };
    expect(withCalculations(rtw, data)).toBe(data);
    expect(calculatedAnswers({ type: 'object', properties: { a: { type: 'string' } } })).toBeNull();
  });

  it('starts working them out when a preview gets its form, and stops when told', () => {
    const store = new DraftStore({ session: { startTime: '13:30', endTime: '15:15' } });
    let changes = 0;
    store.subscribe(() => changes++);
    store.setDerive(calculatedAnswers(template('reflective-supervision').schema));
    expect(store.get('session.durationMinutes')).toBe(105);
    expect(changes).toBe(1);
  });
});

describe('what a blank calculated answer still needs', () => {
  it('names the questions by their titles, following a blank calculated input to what it needs', () => {
    expect(missingInputs(rtw, '/absence/calendarDays', {})).toEqual(['First day of absence', 'Last day of absence']);
    expect(missingInputs(rtw, '/absence/hoursLost', { absence: { firstDayAbsent: '2026-08-24' } })).toEqual(['Last day of absence', 'Contracted hours per day']);
    expect(whyBlank(['Last day of absence', 'Contracted hours per day'])).toBe('Answer ‘Last day of absence’ and ‘Contracted hours per day’ to work this out.');
    expect(whyBlank([])).toBe('It cannot be worked out from the answers given.');
  });
});

describe('a calculated answer as a person reads it', () => {
  it('writes numbers, yes/no, dates, times and choices as the rest of the app does', () => {
    expect(calculatedText(66.6, { type: 'number' })).toBe('66.6');
    expect(calculatedText(1250, { type: 'integer' })).toBe('1,250');
    expect(calculatedText(true, { type: 'boolean' })).toBe('Yes');
    expect(calculatedText(false, { type: 'boolean' })).toBe('No');
    expect(calculatedText('2026-03-03', { type: 'string', format: 'date' })).toBe('3 March 2026');
    expect(calculatedText('14:30', { type: 'string', format: 'time' })).toBe('2:30pm');
    expect(calculatedText(undefined, { type: 'number' })).toBe('');
    expect(calculatedText('RI', { type: 'string' }, { rootSchema: audit, path: 'overall.grade' })).toBe('Requires improvement to be good');
  });

  it('finds a calculated choice\'s titles in the answers it is worked out from when it lists none itself', () => {
    const schema = structuredClone(audit) as { properties: { overall: { properties: Record<string, Record<string, unknown>> } } };
    delete schema.properties.overall.properties.workedOutGrade!.oneOf;
    expect(choiceOptions(schema, '/overall/workedOutGrade').find((o) => o.code === 'INADEQUATE')?.label).toBe('Inadequate');
  });
});

describe('the case-file audit\'s overall grade', () => {
  const domains = (grades: string[]) =>
    Object.fromEntries(['chronology', 'referralDecision', 'assessment', 'childSeen', 'plan', 'statutoryVisits', 'multiAgency', 'risk', 'driftPermanence', 'managementOversight', 'recordingQuality', 'impact'].map((k, i) => [k, { grade: grades[i] ?? 'GOOD' }]));

  it('is the lowest domain grade, leaving out domains not applicable, unless the auditor gives another', () => {
    const agreed = withCalculations(audit, { domains: domains(['NA', 'GOOD', 'OUTSTANDING', 'RI']), overall: { agreeWithGrade: true } });
    expect(agreed.overall).toMatchObject({ workedOutGrade: 'RI', grade: 'RI' });
    const allNa = withCalculations(audit, { domains: domains(Array(12).fill('NA')), overall: { agreeWithGrade: true } });
    expect(allNa.overall).toMatchObject({ workedOutGrade: 'NA', grade: 'NA' });
    const given = withCalculations(audit, { domains: domains(['RI']), overall: { agreeWithGrade: false, givenGrade: 'GOOD', givenGradeReason: 'One slip in an otherwise good file.' } });
    expect(given.overall).toMatchObject({ workedOutGrade: 'RI', grade: 'GOOD' });
    const undecided = withCalculations(audit, { domains: domains(['RI']), overall: {} });
    expect((undecided.overall as Record<string, unknown>).grade).toBeUndefined();
  });
});
