/**
 * "Fill in from an earlier record", set without JSON: the questions offered are those whose kind
 * of answer fits (rows for a repeating group), it becomes `x-carry-forward` that the definition
 * policy accepts, reads back, and can be removed; a question in a group's rows cannot have it.
 */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { deepFreeze, get, template, violations } from './support.js';

const pathOf = (def: M.Definition, pointer: string) => M.outlineFields(M.outline(def)).find((n) => n.dataPointer === pointer)!.path;

describe('designer: fill in from an earlier record', () => {
  const supervision = deepFreeze(template('case-supervision'));

  it('reads the shipped case supervision’s settings back', () => {
    expect(M.carryOf(supervision, pathOf(supervision, '/meeting/lastCaseSupervisionOn'))).toEqual({ from: '/meeting/meetingAt' });
    expect(M.carryOf(supervision, pathOf(supervision, '/previousActions'))).toEqual({ from: '/nextSteps/actions' });
    expect(M.carryOf(supervision, pathOf(supervision, '/meeting/childId'))).toBeNull();
  });

  it('offers only the answers that fit: dates (and dates and times) for a date, repeating groups for a repeating group', () => {
    const date = M.carryChoices(supervision, pathOf(supervision, '/meeting/lastCaseSupervisionOn'), supervision).map((c) => c.pointer);
    expect(date).toContain('/meeting/meetingAt');
    expect(date).toContain('/discussion/childLastSeenOn');
    expect(date).not.toContain('/meeting/childId');
    expect(M.carryChoices(supervision, pathOf(supervision, '/previousActions'), supervision)).toEqual([
      { pointer: '/meeting/siblings', label: 'Siblings discussed in this supervision' },
      { pointer: '/meeting/attendees', label: 'Attendees' },
      { pointer: '/previousActions', label: 'Review of previous actions' },
      { pointer: '/nextSteps/actions', label: 'Actions' },
    ]);
    expect(M.answerLabel(supervision, '/meeting/meetingAt')).toBe('Date and time of the supervision');
  });

  it('sets, passes the policy, and removes; a question in a group’s rows or a bad choice is refused in words', () => {
    const path = pathOf(supervision, '/discussion/childLastSeenOn');
    const set = M.setCarry(supervision, path, { from: '/meeting/lastCaseSupervisionOn', form: 'case-supervision' }).definition;
    expect(M.carryOf(set, path)).toEqual({ from: '/meeting/lastCaseSupervisionOn', form: 'case-supervision' });
    expect(violations(set)).toEqual([]);
    expect(M.carryOf(M.setCarry(set, path, null).definition, path)).toBeNull();
    const inRow = pathOf(supervision, '/nextSteps/actions/*/dueDate');
    expect(M.canCarry(supervision, inRow)).toBe(false);
    expect(() => M.setCarry(supervision, inRow, { from: '/meeting/meetingAt' })).toThrow('is in a repeatable group\'s rows');
    expect(() => M.setCarry(supervision, path, { from: 'meetingAt' })).toThrow('Choose the question');
  });
});

describe('designer model: carry-forward follows renames and removals of its source in this form', () => {
  const find = (def: M.Definition, pointer: string) => M.outlineFields(M.outline(def)).find((n) => n.dataPointer === pointer)!;
  const carryAt = (def: M.Definition, pointer: string) => get(def.schema, `/properties/${pointer.slice(1).split('/').join('/properties/')}/x-carry-forward`);

  it('a renamed source is followed, so the policy stays satisfied', () => {
    const def = deepFreeze(template('case-supervision'));
    const r = M.renameField(def, find(def, '/meeting/meetingAt').path, 'heldAt');
    expect(carryAt(r.definition, '/meeting/lastCaseSupervisionOn')).toEqual({ from: '/meeting/heldAt' });
    expect(violations(r.definition)).toEqual([]);
  });

  it('a removed source stops the carrying and says so; a source in another form is left alone', () => {
    const def = deepFreeze(template('case-supervision'));
    const r = M.remove(def, find(def, '/meeting/meetingAt').path);
    expect(carryAt(r.definition, '/meeting/lastCaseSupervisionOn')).toBeUndefined();
    expect(r.notes.some((n) => n.startsWith('“Date of last case supervision” was filled in from') && n.endsWith('it is not filled in from an earlier record any more.'))).toBe(true);
    expect(violations(r.definition)).toEqual([]);
  });
});
