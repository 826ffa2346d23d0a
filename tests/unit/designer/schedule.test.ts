/**
 * Issue 15 in the designer model: "Timeliness" — how often records are due (`x-schedule`) and what
 * the dashboards chart (`x-measures`) — set without JSON, in the keywords' format exactly; what is
 * refused is refused in words; renames and removals of questions follow into both.
 */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { deepFreeze, get, template, violations } from './support.js';

/** The outline path of the question, section or page that keeps its answers at `pointer`. */
function pathOf(def: M.Definition, pointer: string): string {
  const found: string[] = [];
  const walk = (nodes: readonly { dataPointer?: string; path: string; children?: readonly unknown[] }[]) => {
    for (const n of nodes) {
      if (n.dataPointer === pointer) found.push(n.path);
      if (n.children) walk(n.children as typeof nodes);
    }
  };
  walk([M.outline(def) as never]);
  if (found[0]) return found[0];
  // A section has no answer of its own: the top-level part of the outline that holds its questions.
  const inside = M.outlineFields(M.outline(def)).find((n) => n.dataPointer?.startsWith(pointer + '/'));
  if (!inside) throw new Error(`nothing keeps its answers at ${pointer}`);
  return inside.path.split('.')[0]!;
}

/** The return-to-work template without its schedule and measures: as an analyst would start. */
function bare(id: string): M.Definition {
  const def = structuredClone(template(id));
  delete def.schema['x-schedule'];
  delete def.schema['x-measures'];
  return deepFreeze(def);
}

describe('designer: timeliness (x-schedule and x-measures)', () => {
  it('offers date questions and single-choice or yes/no questions outside repeating groups, told apart by their section', () => {
    const rtw = bare('return-to-work');
    const dates = M.dateQuestions(rtw).map((c) => c.path);
    expect(dates).toEqual(expect.arrayContaining(['/absence/returnDate', '/absence/interviewDate', '/absence/firstDayAbsent']));
    expect(dates.some((p) => p.includes('*'))).toBe(false);
    const choices = M.choiceQuestions(rtw);
    expect(choices.map((c) => c.path)).toEqual(expect.arrayContaining(['/triggers/triggerMet', '/absence/absenceType']));
    expect(choices.map((c) => c.path)).not.toContain('/absence/reasonDetail');
    const audit = M.choiceQuestions(bare('case-file-audit'));
    expect(audit.find((c) => c.path === '/domains/chronology/grade')?.label).toMatch(/chronology and genogram/i);
  });

  it('finds the questions of a section the layout shows with one Control', () => {
    const def: M.Definition = {
      schema: { type: 'object', properties: { absence: { type: 'object', title: 'Absence', properties: { returnDate: { type: 'string', format: 'date', title: 'Return date' }, met: { type: 'boolean', title: 'Met' } } } } },
      uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/absence' }] },
    };
    expect(M.dateQuestions(def)).toEqual([{ path: '/absence/returnDate', label: 'Return date' }]);
    expect(M.choiceQuestions(def)).toEqual([{ path: '/absence/met', label: 'Met' }]);
  });

  it('sets a per-record schedule as the return-to-work template has it, and passes the policy', () => {
    let def = M.setSchedule(bare('return-to-work'), { per: 'record' }).definition;
    def = M.setSchedule(def, { from: '/absence/returnDate', date: '/absence/interviewDate' }).definition;
    def = M.setSchedule(def, { n: 3 }).definition;
    def = M.setMeasured(def, '/triggers/triggerMet', true).definition;
    expect(get(def.schema, '/x-schedule')).toEqual({ per: 'record', within: { workingDays: 3 }, from: '/absence/returnDate', date: '/absence/interviewDate' });
    expect(get(def.schema, '/x-measures')).toEqual({ answers: [{ field: '/triggers/triggerMet' }] });
    expect(violations(def)).toEqual([]);
    expect(M.scheduleOf(def)).toEqual({ per: 'record', n: 3, unit: 'workingDays', from: '/absence/returnDate', date: '/absence/interviewDate' });
  });

  it('the schedule the editor puts in words is the keyword as kept, read back (scheduleRule of scheduleOf)', () => {
    const record = M.setSchedule(M.setSchedule(bare('return-to-work'), { per: 'record' }).definition, { from: '/absence/returnDate', date: '/absence/interviewDate', n: 3 }).definition;
    const worker = M.setSchedule(bare('reflective-supervision'), { per: 'worker', unit: 'weeks', n: 4 }).definition;
    for (const def of [record, worker]) expect(M.scheduleRule(M.scheduleOf(def)!)).toEqual(get(def.schema, '/x-schedule'));
  });

  it('sets a per-worker schedule every 4 weeks; switching per keeps the interval; no schedule removes the keyword', () => {
    let def = M.setSchedule(bare('reflective-supervision'), { per: 'worker', unit: 'weeks', n: 4, date: '/session/sessionDate' }).definition;
    expect(get(def.schema, '/x-schedule')).toEqual({ per: 'worker', every: { weeks: 4 }, date: '/session/sessionDate' });
    def = M.setSchedule(def, { per: 'child' }).definition;
    expect(get(def.schema, '/x-schedule')).toEqual({ per: 'child', every: { weeks: 4 }, date: '/session/sessionDate' });
    const off = M.setSchedule(def, { per: null });
    expect(get(off.definition.schema, '/x-schedule')).toBeUndefined();
    expect(off.notes).toContain('Records of this form are no longer due at any time.');
    // A smaller unit's limit shortens the number rather than refusing the unit.
    expect(get(M.setSchedule(M.setSchedule(def, { unit: 'workingDays', n: 200 }).definition, { unit: 'months' }).definition.schema, '/x-schedule/every')).toEqual({ months: 24 });
  });

  it('refuses, in words, a number out of range, a question that is not a date, and counting from the day it is done on', () => {
    const def = M.setSchedule(bare('return-to-work'), { per: 'record', from: '/absence/returnDate' }).definition;
    expect(() => M.setSchedule(def, { n: 0 })).toThrow('Enter the number of working days as a whole number from 1 to 250.');
    expect(() => M.setSchedule(def, { unit: 'weeks', n: 53 })).toThrow('Enter the number of weeks as a whole number from 1 to 52.');
    expect(() => M.setSchedule(def, { date: '/absence/reasonDetail' })).toThrow('Choose one of the form\'s date questions for the day a record is done on: “/absence/reasonDetail” is not one.');
    expect(() => M.setSchedule(def, { date: '/absence/returnDate' })).toThrow(/must be different questions/);
    expect(() => M.setMeasured(def, '/absence/reasonDetail', true)).toThrow(/Only single-choice and yes\/no questions can be charted/);
    expect(() => M.setAgreement(def, { first: '/triggers/triggerMet', second: '/triggers/triggerMet' })).toThrow('Choose two different questions to compare.');
  });

  it('charts the audit template’s grades and measures agreement, as the template has it', () => {
    let def = bare('case-file-audit');
    const grades = M.choiceQuestions(def).filter((c) => /^\/domains\/[^/]+\/grade$/.test(c.path));
    expect(grades).toHaveLength(12);
    for (const g of [...grades, { path: '/overall/grade' }]) def = M.setMeasured(def, g.path, true).definition;
    def = M.setAgreement(def, { first: '/overall/grade', second: '/moderation/moderatedGrade' }).definition;
    expect((get(def.schema, '/x-measures/answers') as unknown[]).length).toBe(13);
    expect(get(def.schema, '/x-measures/agreement')).toEqual({ first: '/overall/grade', second: '/moderation/moderatedGrade' });
    expect(violations(def)).toEqual([]);
    def = M.setMeasured(def, '/overall/grade', false).definition;
    expect((get(def.schema, '/x-measures/answers') as unknown[]).length).toBe(12);
    expect(get(M.setAgreement(def, null).definition.schema, '/x-measures/agreement')).toBeUndefined();
  });

  it('follows a renamed question or section into both keywords', () => {
    const def = template('return-to-work');
    const renamed = M.renameField(def, pathOf(def, '/absence/returnDate'), 'backOn').definition;
    expect(get(renamed.schema, '/x-schedule/from')).toBe('/absence/backOn');
    const section = M.renameField(def, pathOf(def, '/triggers'), 'triggerPoints').definition;
    expect(get(section.schema, '/x-measures/answers/0/field')).toBe('/triggerPoints/triggerMet');
    expect(violations(section)).toEqual([]);
  });

  it('follows removed questions: the done-on date falls back to the day of completion, a lost "from" ends the schedule, lost measures go, each said', () => {
    const def = template('return-to-work');
    const noInterview = M.remove(def, pathOf(def, '/absence/interviewDate'));
    expect(get(noInterview.definition.schema, '/x-schedule')).toEqual({ per: 'record', within: { workingDays: 3 }, from: '/absence/returnDate' });
    expect(noInterview.notes.join(' ')).toMatch(/A record now counts as done on the day it is completed: “.+” went\./);
    const noReturn = M.remove(def, pathOf(def, '/absence/returnDate'));
    expect(get(noReturn.definition.schema, '/x-schedule')).toBeUndefined();
    expect(noReturn.notes.join(' ')).toMatch(/no longer due at any time/);
    const noTriggers = M.remove(def, pathOf(def, '/triggers'));
    expect(get(noTriggers.definition.schema, '/x-measures')).toBeUndefined();
    expect(noTriggers.notes.join(' ')).toMatch(/The dashboards no longer chart answers: “.+” went\./);
    for (const r of [noInterview, noReturn, noTriggers]) expect(violations(r.definition)).toEqual([]);
    const audit = template('case-file-audit');
    const noModeration = M.remove(audit, pathOf(audit, '/moderation'));
    expect(get(noModeration.definition.schema, '/x-measures/agreement')).toBeUndefined();
    expect(noModeration.notes.join(' ')).toMatch(/no longer measure agreement/);
  });
});
