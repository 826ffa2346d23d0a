/**
 * Changing a tracked action from its page, without a browser: what each form refuses and in
 * which words, the body it sends, where the server's refusals are shown, which buttons a person
 * gets, the history in words, stage names and return reasons in work lists, the team page's
 * address, and the way back to a draft.
 */
import { describe, expect, it } from 'vitest';
import type { ActionEntry } from '../../../engine/actions/model.js';
import type { ReviewStatus } from '../../../engine/review/model.js';
import { allowedChanges, backOf, changeBody, checkChange, emptyValues, serverErrors } from '../../../runtime/work/action-changes.js';
import { historyWords } from '../../../runtime/work/history-words.js';
import { returnedBy, stageName } from '../../../runtime/work/review-words.js';
import { teamFilters, teamHref } from '../../../runtime/work/team-view.js';

const TODAY = '2026-03-11';
const ACTION = { ownerWorkerId: 'W2', dueOn: '2026-03-20' };

describe('runtime: changing an action', () => {
  it('marks as done today unless told otherwise, and needs a note', () => {
    const v = emptyValues(TODAY);
    expect(v.doneOn).toBe(TODAY);
    expect(checkChange('done', v, ACTION, TODAY)).toEqual({ note: 'Enter what was done' });
    expect(checkChange('done', { ...v, note: '  ' }, ACTION, TODAY)).toEqual({ note: 'Enter what was done' });
    expect(checkChange('done', { ...v, note: 'Visited at school', doneOn: '2026-03-12' }, ACTION, TODAY)).toEqual({ doneOn: 'The date it was done must be today or in the past' });
    expect(checkChange('done', { ...v, note: 'x', doneOn: '2026-02-30' }, ACTION, TODAY).doneOn).toMatch(/must be a real date/);
    expect(checkChange('done', { ...v, note: 'x', doneOn: '' }, ACTION, TODAY).doneOn).toBe('Enter the date it was done');
    expect(checkChange('done', { ...v, note: 'Visited', doneOn: '2026-03-09' }, ACTION, TODAY)).toEqual({});
    expect(changeBody('done', { ...v, note: ' Visited at school ' })).toEqual({ doneOn: TODAY, note: 'Visited at school' });
  });

  it('needs a reason to cancel, reassign or move the due date, each asked in its own words', () => {
    const v = emptyValues(TODAY);
    expect(checkChange('cancel', v, ACTION, TODAY)).toEqual({ reason: 'Enter why the action is being cancelled' });
    expect(checkChange('reassign', { ...v, ownerWorkerId: 'W3' }, ACTION, TODAY)).toEqual({ reason: 'Enter why the action is being reassigned' });
    expect(checkChange('due', { ...v, dueOn: '2026-03-25' }, ACTION, TODAY)).toEqual({ reason: 'Enter why the due date is changing' });
    expect(changeBody('cancel', { ...v, reason: ' Child moved away ' })).toEqual({ reason: 'Child moved away' });
  });

  it('refuses a new owner who is no worker id, or the same owner', () => {
    const v = { ...emptyValues(TODAY), reason: 'Covering leave' };
    expect(checkChange('reassign', v, ACTION, TODAY)).toEqual({ ownerWorkerId: 'Enter the ICS worker ID of the new owner' });
    expect(checkChange('reassign', { ...v, ownerWorkerId: 'W 3' }, ACTION, TODAY).ownerWorkerId).toMatch(/like W20001/);
    expect(checkChange('reassign', { ...v, ownerWorkerId: 'W2' }, ACTION, TODAY).ownerWorkerId).toBe('The action is already owned by W2. Enter the ICS worker ID of someone else');
    expect(changeBody('reassign', { ...v, ownerWorkerId: ' W3 ' })).toEqual({ ownerWorkerId: 'W3', reason: 'Covering leave' });
  });

  it('refuses a due date that is missing, not a date, the same, or in the past', () => {
    const v = { ...emptyValues(TODAY), reason: 'Waiting for the school' };
    expect(checkChange('due', v, ACTION, TODAY).dueOn).toBe('Enter the new due date');
    expect(checkChange('due', { ...v, dueOn: '2026-13-01' }, ACTION, TODAY).dueOn).toMatch(/real date/);
    expect(checkChange('due', { ...v, dueOn: '2026-03-20' }, ACTION, TODAY).dueOn).toBe('The action is already due on 20 March 2026. Enter a different date');
    expect(checkChange('due', { ...v, dueOn: '2026-03-10' }, ACTION, TODAY).dueOn).toBe('The new due date must be today or later');
    expect(checkChange('due', { ...v, dueOn: '2026-03-27' }, ACTION, TODAY)).toEqual({});
  });

  it("shows the server's refusals at the fields they point at, and one it cannot place at the first field", () => {
    expect(serverErrors('done', [{ pointer: '/note', message: 'The note must be 4000 characters or fewer' }], 'Check the answers')).toEqual({ note: 'The note must be 4000 characters or fewer' });
    expect(serverErrors('reassign', [{ pointer: '/ownerWorkerId', message: 'There is no worker W99 in the directory' }, { pointer: '', message: 'Only the owner’s manager may reassign it' }], 'x')).toEqual({
      ownerWorkerId: 'There is no worker W99 in the directory. Only the owner’s manager may reassign it',
    });
    expect(serverErrors('cancel', undefined, 'The action is already done, so it cannot be cancelled.')).toEqual({ reason: 'The action is already done, so it cannot be cancelled.' });
  });

  it('offers only the changes the server allows, and none on a closed action', () => {
    const you = { mayComplete: true, mayCancel: true, mayReassign: true };
    expect(allowedChanges({ status: 'open', you })).toEqual(['done', 'cancel', 'reassign', 'due']);
    expect(allowedChanges({ status: 'open', you: { ...you, mayReassign: false, mayCancel: false } })).toEqual(['done']);
    expect(allowedChanges({ status: 'done', you })).toEqual([]);
  });

  it('goes back to the draft it came from, and nowhere else', () => {
    expect(backOf('back=%2Frecords%2F0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toEqual({ href: '/records/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', label: 'Back to the form' });
    expect(backOf('back=https%3A%2F%2Fevil.example%2F')).toEqual({ href: '/actions', label: 'Back to your actions' });
    expect(backOf('back=%2F%2Fevil.example%2Frecords%2Fx')).toEqual({ href: '/actions', label: 'Back to your actions' });
    expect(backOf('')).toEqual({ href: '/actions', label: 'Back to your actions' });
  });

  it('tells the history in words', () => {
    const e = (x: Partial<ActionEntry>): ActionEntry => ({ at: '2026-03-11T10:00:00Z', by: 'a1', name: 'Mo Manager', action: 'created', ...x });
    expect(historyWords(e({ by: 'system' }))).toBe('Created when the record was completed');
    expect(historyWords(e({ action: 'done', note: 'Seen at school', to: '2026-03-10' }))).toBe('Marked as done (done on 10 March 2026): Seen at school');
    expect(historyWords(e({ action: 'cancelled', reason: 'Moved out of area' }))).toBe('Cancelled: Moved out of area');
    expect(historyWords(e({ action: 'reassigned', from: 'W2', to: 'W3', reason: 'Leave' }))).toBe('Reassigned from W2 to W3: Leave');
    expect(historyWords(e({ action: 'due-moved', from: '2026-03-20', to: '2026-03-27', reason: 'School closed' }))).toBe('Due date moved from 20 March 2026 to 27 March 2026: School closed');
  });
});

describe('runtime: records in work lists', () => {
  const review = (x: Partial<ReviewStatus>): ReviewStatus => ({ state: 'waiting', keys: [], excluded: [], history: [], deliveryRevision: 0, ...x });

  it("names the stage a record waits at: the server's name, else the history's, else its id in words", () => {
    expect(stageName({ review: review({ stage: 'manager-sign-off' }), stageName: 'Manager sign-off' })).toBe('Manager sign-off');
    const history = [{ at: 'x', by: 'a', name: 'Priya', role: 'practitioner' as const, action: 'returned' as const, stage: 'qa', stageName: 'Quality assurance', reason: 'Add the visit date', revision: 3 }];
    expect(stageName({ review: review({ stage: 'qa', history }) })).toBe('Quality assurance');
    expect(stageName({ review: review({ stage: 'head-of-service' }) })).toBe('Head of service');
    expect(stageName({})).toBeUndefined();
    expect(returnedBy({ review: review({ state: 'returned', stage: 'qa', history }) })?.reason).toBe('Add the visit date');
    expect(returnedBy({ review: review({}) })).toBeUndefined();
  });
});

describe("runtime: the team page's address", () => {
  it('reads and writes the view and filters, records being the default view', () => {
    expect(teamFilters('')).toEqual({ view: 'records', overdue: false, worker: '' });
    expect(teamFilters('view=actions&worker=W3&overdue=true')).toEqual({ view: 'actions', overdue: true, worker: 'W3' });
    expect(teamFilters('view=nonsense').view).toBe('records');
    expect(teamHref({ view: 'records' })).toBe('/team');
    expect(teamHref({ view: 'actions', worker: 'W3', overdue: true })).toBe('/team?view=actions&worker=W3&overdue=true');
  });
});
