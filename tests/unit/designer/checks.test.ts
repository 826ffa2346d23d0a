/**
 * Checks against other answers, set without JSON: they become `x-compare` rules on the object
 * that holds both questions (the root, or a repeating group's row), pass the definition policy, are enforced by the engine's
 * validation, and read back as they were set (also the shipped templates' own rules).
 */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { Validators } from '../../../engine/validation/index.js';
import { checkDefinition } from '../../../engine/policy/index.js';
import { deepFreeze, get, template, violations } from './support.js';

const pathOf = (def: M.Definition, pointer: string) => M.outlineFields(M.outline(def)).find((n) => n.dataPointer === pointer)!.path;

/** A section "Visit" (start and end dates, visitor and reviewer ids, a number; all kept at the top of the data) and a repeating group of actions. */
function visit(): M.Definition {
  let def = M.emptyDefinition();
  const section = M.addSection(def, '', 0, 'Visit');
  def = section.definition;
  for (const [kind, label] of [['date', 'Start'], ['date', 'End'], ['person-id', 'Visitor'], ['person-id', 'Reviewer'], ['number', 'Children seen']] as Array<[M.PaletteKind, string]>) {
    def = M.addField(def, section.path, 99, kind, label).definition;
  }
  def = M.addRepeatableGroup(def, '', 99, 'Actions').definition;
  return deepFreeze(def);
}

/** `visit()` with date questions added to its repeating group of actions. */
function visitWithActionDates(...labels: string[]): M.Definition {
  let def: M.Definition = visit();
  const group = M.outlineFields(M.outline(def)).find((n) => n.label === 'Actions')!;
  for (const label of labels) def = M.addField(def, group.path, 99, 'date', label).definition;
  return def;
}

describe('designer model: checks against other answers', () => {
  it('keeps a check on the object holding both questions, passing the policy, and the engine enforces it', () => {
    const def = visit();
    const end = pathOf(def, '/end');
    expect(M.checkTargets(def, end).map((t) => t.label)).toEqual(['Start']);
    expect(M.canCompareWithNow(def, end)).toBe(true);
    const r = M.setFieldChecks(def, end, [
      { op: '>=', other: '/start' },
      { op: '<=', other: 'now', message: 'The visit cannot end in the future.' },
    ]);
    expect(get(r.definition.schema, '/x-compare')).toEqual([
      { field: '/end', op: '>=', other: '/start' },
      { field: '/end', op: '<=', other: 'now', message: 'The visit cannot end in the future.' },
    ]);
    expect(violations(r.definition)).toEqual([]);
    expect(M.fieldChecks(r.definition, end)).toEqual([
      { op: '>=', other: '/start' },
      { op: '<=', other: 'now', message: 'The visit cannot end in the future.' },
    ]);

    const checked = checkDefinition(r.definition);
    const v = new Validators({ clock: () => new Date('2026-11-26T12:00:00Z') });
    const ref = { formId: 'visit', version: 1, hash: 'h1', ...checked.normalized };
    const errors = (data: Record<string, unknown>) => v.report(ref, data).advisory.map((e) => e.message);
    expect(errors({ start: '2026-11-01', end: '2026-11-02' })).toEqual([]);
    expect(errors({ start: '2026-11-03', end: '2026-11-02' })).toEqual(['End must be on or after the start.']);
    expect(errors({ start: '2026-11-01', end: '2026-12-02' })).toEqual(['End: The visit cannot end in the future.']);
  });

  it('an id can be kept different from another id; numbers compare with numbers only', () => {
    const def = visit();
    const reviewer = pathOf(def, '/reviewer');
    expect(M.checkTargets(def, reviewer).map((t) => t.label)).toEqual(['Visitor']);
    expect(M.canCompareWithNow(def, reviewer)).toBe(false);
    const r = M.setFieldChecks(def, reviewer, [{ op: '!=', other: '/visitor' }]);
    expect(get(r.definition.schema, '/x-compare')).toEqual([{ field: '/reviewer', op: '!=', other: '/visitor' }]);
    expect(violations(r.definition)).toEqual([]);
    expect(() => M.setFieldChecks(def, reviewer, [{ op: '<=', other: 'now' }])).toThrow(/Only a date, or a date and time, can be compared with now; “Reviewer” is not one/);
    expect(() => M.setFieldChecks(def, reviewer, [{ op: '<', other: '/start' }])).toThrow(/“Reviewer” and “Start” cannot be compared that way: both must be numbers, or both dates, or both times/);
    expect(() => M.setFieldChecks(def, reviewer, [{ op: '!=', other: '/reviewer' }])).toThrow(/cannot be compared with itself/);
  });

  it('removing every check removes the rules and leaves other questions\' checks alone', () => {
    const def = visit();
    const [end, reviewer] = [pathOf(def, '/end'), pathOf(def, '/reviewer')];
    let d = M.setFieldChecks(def, end, [{ op: '>', other: '/start' }]).definition;
    d = M.setFieldChecks(d, reviewer, [{ op: '!=', other: '/visitor' }]).definition;
    const cleared = M.setFieldChecks(d, end, []).definition;
    expect(get(cleared.schema, '/x-compare')).toEqual([{ field: '/reviewer', op: '!=', other: '/visitor' }]);
    expect(M.setFieldChecks(cleared, reviewer, []).definition.schema).not.toHaveProperty('x-compare');
  });

  it('reads the shipped audit template\'s rules, kept on its root and its sections', () => {
    const def = template('case-file-audit');
    expect(M.fieldChecks(def, pathOf(def, '/header/periodTo'))).toEqual([
      { op: '>=', other: '/header/periodFrom', message: expect.stringMatching(/on or after/) },
      { op: '<=', other: 'now' },
    ]);
    const supervision = template('case-supervision');
    expect(M.fieldChecks(supervision, pathOf(supervision, '/nextSteps/nextSupervisionDue'))).toEqual([{ op: '>', other: '/meeting/meetingAt', message: expect.any(String) }]);
    expect(M.fieldChecks(def, pathOf(def, '/overall/escalatedAt'))).toEqual([{ op: '<=', other: 'now' }]);
  });

  it('a question in a row is compared with the same row\'s answers, kept on the row', () => {
    const def = visitWithActionDates('Due', 'Done');
    const done = pathOf(def, '/actions/*/done');
    expect(M.checkTargets(def, done).filter((t) => !t.everyRow).map((t) => t.label)).toEqual(['Due']);
    const r = M.setFieldChecks(def, done, [{ op: '>=', other: '/actions/*/due' }]);
    expect(get(r.definition.schema, '/properties/actions/items/x-compare')).toEqual([{ field: '/done', op: '>=', other: '/due' }]);
    expect(violations(r.definition)).toEqual([]);
  });

  it('a question in a row can be compared with an answer outside its group: kept on the form, every row checked, the error on the row\'s field', () => {
    const def = visitWithActionDates('Due by', 'Done on');
    const dueBy = pathOf(def, '/actions/*/dueBy');
    expect(M.checkGroupLabel(def, dueBy)).toBe('Actions');
    expect(M.checkGroupLabel(def, pathOf(def, '/start'))).toBeNull();
    expect(M.checkTargets(def, dueBy)).toEqual([
      { path: '/start', label: 'Start', everyRow: true },
      { path: '/end', label: 'End', everyRow: true },
      { path: '/actions/*/doneOn', label: 'Done on', everyRow: false },
    ]);
    // Outside the group, a row's answer is no target: the check belongs on the row's question.
    expect(M.checkTargets(def, pathOf(def, '/end')).map((t) => t.label)).toEqual(['Start']);
    expect(() => M.setFieldChecks(def, pathOf(def, '/end'), [{ op: '<', other: '/actions/*/dueBy' }])).toThrow(
      '“End” cannot be compared with “Due by”, which has an answer in each row of “Actions”; add the check to “Due by” instead.',
    );

    const r = M.setFieldChecks(def, dueBy, [{ op: '>', other: '/start' }, { op: '>=', other: '/actions/*/doneOn' }]);
    expect(get(r.definition.schema, '/x-compare')).toEqual([{ field: '/actions/*/dueBy', op: '>', other: '/start' }]);
    expect(get(r.definition.schema, '/properties/actions/items/x-compare')).toEqual([{ field: '/dueBy', op: '>=', other: '/doneOn' }]);
    expect(violations(r.definition)).toEqual([]);
    expect(M.fieldChecks(r.definition, dueBy)).toEqual([{ op: '>', other: '/start' }, { op: '>=', other: '/actions/*/doneOn' }]);

    const checked = checkDefinition(r.definition);
    const v = new Validators();
    const ref = { formId: 'visit', version: 1, hash: 'h1', ...checked.normalized };
    const errors = (data: Record<string, unknown>) => v.report(ref, data).advisory.filter((e) => e.keyword === 'x-compare').map((e) => [e.pointer, e.message]);
    const rows = (...dues: string[]) => dues.map((d) => ({ dueBy: d }));
    expect(errors({ start: '2026-11-10', actions: rows('2026-11-11', '2026-11-30') })).toEqual([]);
    expect(errors({ start: '2026-11-10', actions: rows('2026-11-11', '2026-11-09', '2026-11-30') })).toEqual([['/actions/1/dueBy', 'Actions, row 2: Due by must be after the start.']]);

    // Removing the check, or the question compared with, takes the rule away.
    expect(M.setFieldChecks(r.definition, dueBy, [{ op: '>=', other: '/actions/*/doneOn' }]).definition.schema).not.toHaveProperty('x-compare');
    const removed = M.remove(r.definition, pathOf(r.definition, '/start'));
    expect(removed.definition.schema).not.toHaveProperty('x-compare');
    expect(violations(removed.definition)).toEqual([]);
  });

  it('renaming the group or the question keeps a check across the group pointing at them', () => {
    let def = visitWithActionDates('Due by');
    def = M.setFieldChecks(def, pathOf(def, '/actions/*/dueBy'), [{ op: '>', other: '/start' }]).definition;
    const renamed = M.renameField(def, M.outlineFields(M.outline(def)).find((n) => n.label === 'Actions')!.path, 'tasks').definition;
    expect(get(renamed.schema, '/x-compare')).toEqual([{ field: '/tasks/*/dueBy', op: '>', other: '/start' }]);
    expect(violations(renamed)).toEqual([]);
  });
});
