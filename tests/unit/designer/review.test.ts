/**
 * Issue 14 in the designer model: "Review and sign-off" (the root `x-review`) and "Track these
 * rows as actions" (a repeating group's `x-actions`) set without JSON, in the plan's format
 * exactly; stages added, changed, reordered and removed; a stage's own section stops being
 * required at submit; what is refused is refused in words; renames and removals are followed.
 */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { deepFreeze, get, violations } from './support.js';
import { TWO_STAGES, reviewForm } from '../../support/review-form.js';

const DEF: M.Definition = deepFreeze(reviewForm());
const pathOf = (def: M.Definition, pointer: string) => M.outlineFields(M.outline(def)).find((n) => n.dataPointer === pointer)!.path;
/** The policy's verdict, less its refusal of the two new keywords until engine/policy knows them. */


/** The two stages of the browser test (TWO_STAGES), made as an analyst makes them, the first with its own button words. */
function twoStages(): M.Definition {
  let def = M.addStage(DEF).definition;
  def = M.updateStage(def, 0, { name: "Practitioner's response" }).definition;
  def = M.updateStage(def, 0, { role: 'practitioner', relationship: 'allocated-worker', dueWorkingDays: 3, section: 'response', signOffLabel: 'Send my response' }).definition;
  def = M.addStage(def, 'Moderation').definition;
  def = M.updateStage(def, 1, { relationship: 'group', group: 'qa-moderators' }).definition;
  def = M.updateStage(def, 1, { notEarlierActor: true, dueWorkingDays: 10, section: 'moderation' }).definition;
  return M.setDeliverAt(def, 'final-sign-off').definition;
}

describe('designer: review and sign-off (x-review)', () => {
  it('writes the stages in the plan’s format, with ids made from their names', () => {
    const def = twoStages();
    expect(get(def.schema, '/x-review')).toEqual({ ...TWO_STAGES, stages: [{ ...TWO_STAGES.stages[0], signOffLabel: 'Send my response' }, TWO_STAGES.stages[1]] });
    expect(M.reviewOf(def).stages.map((s) => s.id)).toEqual(['practitioners-response', 'moderation']);
    expect(M.reviewOf(DEF)).toEqual({ deliverAt: 'submit', stages: [] });
    expect(violations(def)).toEqual([]);
  });

  it('a stage’s own section is no longer required at submit, and says so; sections are the root’s objects, labelled as shown', () => {
    expect(M.sectionChoices(DEF)).toEqual([
      { name: 'visit', label: 'The visit' },
      { name: 'response', label: 'Practitioner’s response' },
      { name: 'moderation', label: 'Quality moderation' },
    ]);
    const one = M.addStage(DEF, 'Moderation').definition;
    const r = M.updateStage(one, 0, { section: 'moderation' });
    expect(get(r.definition.schema, '/required')).toEqual(['visit']);
    expect(r.notes).toEqual(['“Quality moderation” is now filled in at the stage “Moderation”, so it is no longer required when the record is submitted.']);
    expect(get(M.updateStage(r.definition, 0, { section: null }).definition.schema, '/x-review/stages/0')).not.toHaveProperty('section');
    // Passing over a section (a dropdown moved by arrow keys) gives it back to the author: one
    // with required questions is required again.
    const passed = M.updateStage(M.updateStage(one, 0, { section: 'visit' }).definition, 0, { section: 'moderation' });
    expect(get(passed.definition.schema, '/required')).toEqual(['visit']);
    expect(passed.notes).toContain('“The visit” is filled in by the author again, so it is required when the record is submitted.');
    // Not another stage's, not a list, not a question.
    const two = M.addStage(r.definition, 'Second look').definition;
    expect(() => M.updateStage(two, 1, { section: 'moderation' })).toThrow('“Quality moderation” is already filled in at the stage “Moderation”; a section can belong to one stage only.');
    expect(() => M.updateStage(two, 1, { section: 'actions' })).toThrow('“actions” is not one');
  });

  it('the id follows the name until a published version holds it, and stays unique', () => {
    let def = M.addStage(DEF).definition;
    expect(M.reviewOf(def).stages[0]!.id).toBe('new-stage');
    def = M.addStage(def).definition;
    expect(M.reviewOf(def).stages.map((s) => [s.id, s.name])).toEqual([
      ['new-stage', 'New stage'],
      ['new-stage-2', 'New stage'],
    ]);
    expect(() => M.updateStage(def, 1, { name: 'new STAGE' })).toThrow('Another stage is already called “new STAGE”');
    def = M.updateStage(def, 1, { name: 'Manager sign-off' }).definition;
    expect(M.reviewOf(def).stages[1]!.id).toBe('manager-sign-off');
    const fixed = M.publishedStageIds([{ schema: def.schema }]);
    expect(M.reviewOf(M.updateStage(def, 1, { name: 'Team manager sign-off' }, { fixed }).definition).stages[1]).toMatchObject({ id: 'manager-sign-off', name: 'Team manager sign-off' });
    expect(M.stageIdOf('2nd opinion')).toBe('stage-2nd-opinion');
    expect(M.stageIdOf('Révision — finale')).toBe('revision-finale');
    expect(M.uniqueStageId('x'.repeat(60), ['x'.repeat(40)])).toBe(`${'x'.repeat(38)}-2`);
  });

  it('reorders, removes (the last one takes x-review away) and undoes', () => {
    const def = twoStages();
    const moved = M.moveStage(def, 1, 0).definition;
    expect(M.reviewOf(moved).stages.map((s) => s.id)).toEqual(['moderation', 'practitioners-response']);
    expect(() => M.moveStage(def, 0, -1)).toThrow('“Practitioner\'s response” is already the first stage.');
    expect(() => M.moveStage(def, 1, 2)).toThrow('“Moderation” is already the last stage.');
    const one = M.removeStage(def, 0);
    expect(one.notes).toContain('“Practitioner’s response” is filled in by the author again.');
    const none = M.removeStage(one.definition, 0);
    expect(none.definition.schema).not.toHaveProperty('x-review');
    expect(none.notes).toContain('With no stages, records are not reviewed after they are submitted.');
    const history = new M.History(10);
    history.edit(def);
    expect(M.reviewOf(history.undo(moved)!.definition).stages[0]!.id).toBe('practitioners-response');
  });

  it('refuses, in words, what the plan does not allow', () => {
    const def = M.addStage(DEF, 'Sign-off').definition;
    expect(() => M.updateStage(def, 0, { name: '  ' })).toThrow('Enter a name for the stage');
    expect(() => M.updateStage(def, 0, { name: 'x'.repeat(81) })).toThrow("A stage's name can be at most 80 characters; it has 81.");
    expect(() => M.updateStage(def, 0, { relationship: 'group' })).toThrow('Enter the name of the group whose members act at “Sign-off”');
    expect(() => M.updateStage(def, 0, { relationship: 'group', group: 'QA Moderators' })).toThrow("A group's name is 2 to 40 small letters");
    expect(() => M.updateStage(def, 0, { dueWorkingDays: 0 })).toThrow('as a whole number from 1 to 250');
    expect(() => M.updateStage(def, 0, { dueWorkingDays: 2.5 })).toThrow('as a whole number from 1 to 250');
    expect(() => M.updateStage(def, 0, { signOffLabel: 'y'.repeat(41) })).toThrow('at most 40 characters');
    expect(() => M.updateStage(def, 3, { name: 'x' })).toThrow('That stage no longer exists');
    expect(() => M.setDeliverAt(DEF, 'final-sign-off')).toThrow('Add a stage first');
    // Leaving the group takes its name away; a sign-off label left empty is the default.
    const grouped = M.updateStage(def, 0, { relationship: 'group', group: 'qa-moderators', signOffLabel: 'Approve' }).definition;
    expect(get(grouped.schema, '/x-review/stages/0/signOffLabel')).toBe('Approve');
    const back = M.updateStage(grouped, 0, { relationship: 'team-manager', signOffLabel: '' }).definition;
    expect(get(back.schema, '/x-review/stages/0')).toEqual({ id: 'sign-off', name: 'Sign-off', actor: { role: 'manager', relationship: 'team-manager', notAuthor: true, notEarlierActor: false }, dueWorkingDays: 5 });
  });

  it('follows a renamed section and forgets a removed one', () => {
    const def = twoStages();
    const sectionPath = M.outline(def).children[4]!.path;
    const renamed = M.renameField(def, sectionPath, 'qa');
    expect(get(renamed.definition.schema, '/x-review/stages/1/section')).toBe('qa');
    const removed = M.remove(def, sectionPath);
    expect(get(removed.definition.schema, '/x-review/stages/1')).not.toHaveProperty('section');
    expect(removed.notes).toContain('The stage “Moderation” has no section of its own any more: “Moderation” went.');
  });
});

describe('designer: track a repeating group’s rows as actions (x-actions)', () => {
  const actions = () => pathOf(DEF, '/actions');

  it('offers only questions of the right kind, and a first guess', () => {
    const choices = M.actionsChoices(DEF, actions());
    expect(choices).toEqual({
      action: [{ name: 'action', label: 'Action' }],
      owner: [{ name: 'ownerId', label: 'Owner' }],
      due: [{ name: 'dueDate', label: 'Due by' }],
      missing: [],
    });
    expect(M.guessActions(choices)).toEqual({ action: 'action', owner: 'ownerId', due: 'dueDate' });
    expect(M.canTrackActions(DEF, actions())).toBe(true);
    expect(M.canTrackActions(DEF, pathOf(DEF, '/visit/seenOn'))).toBe(false);
  });

  it('says in words what a group lacks', () => {
    const choices = M.actionsChoices(DEF, pathOf(DEF, '/attendees'));
    expect(choices.missing).toEqual(['“Attendees” needs a date question for when it is due.']);
    expect(M.guessActions(choices)).toBeNull();
    expect(() => M.setActions(DEF, pathOf(DEF, '/attendees'), { action: 'name', owner: 'role', due: 'name' })).toThrow('“Attendees” needs a date question for when it is due.');
  });

  it('writes x-actions on the array, reads it back, removes it, and refuses what does not fit', () => {
    const marking = { action: 'action', owner: 'ownerId', due: 'dueDate' };
    const def = M.setActions(DEF, actions(), marking).definition;
    expect(get(def.schema, '/properties/actions/x-actions')).toEqual(marking);
    expect(M.actionsOf(def, actions())).toEqual(marking);
    expect(violations(def)).toEqual([]);
    expect(get(M.setActions(def, actions(), null).definition.schema, '/properties/actions')).not.toHaveProperty('x-actions');
    expect(() => M.setActions(DEF, actions(), { ...marking, due: 'done' })).toThrow("Choose when it is due from the questions of “Actions”'s rows.");
    expect(() => M.setActions(DEF, pathOf(DEF, '/visit/seenOn'), marking)).toThrow('Only a repeating group’s rows can be tracked as actions.');
  });

  it('follows a renamed question of the rows, and stops tracking when one goes', () => {
    const def = M.setActions(DEF, actions(), { action: 'action', owner: 'ownerId', due: 'dueDate' }).definition;
    const renamed = M.renameField(def, pathOf(def, '/actions/*/ownerId'), 'owner').definition;
    expect(get(renamed.schema, '/properties/actions/x-actions')).toEqual({ action: 'action', owner: 'owner', due: 'dueDate' });
    const removed = M.remove(def, pathOf(def, '/actions/*/dueDate'));
    expect(get(removed.definition.schema, '/properties/actions')).not.toHaveProperty('x-actions');
    expect(removed.notes).toContain('The rows of “Actions” are no longer tracked as actions: “Due by” went.');
  });
});
