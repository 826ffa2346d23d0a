/**
 * A record's review in words on its page: the stage and due date, lateness said in working days
 * (never colour alone), each step of the history, the banner on a returned draft, and what
 * signing means, said before anyone signs.
 */
import { describe, expect, it } from 'vitest';
import type { ReviewEntry, ReviewStatus, StageDefinition } from '../../../engine/review/model.js';
import { historyText, intactText, overdueText, recordStatusTag, returnedText, reviewStateText, signingMeans, workingDaysOverdue } from '../../../runtime/review/words.js';

const stages: StageDefinition[] = [
  { id: 'manager-sign-off', name: 'Manager sign-off', actor: { role: 'manager', relationship: 'line-manager' }, dueWorkingDays: 5 },
  { id: 'qa', name: 'Quality check', actor: { role: 'manager', relationship: 'group', group: 'qa' }, dueWorkingDays: 10 },
];
const submitted: ReviewEntry = { at: '2027-03-05T09:00:00Z', by: 'a1', name: 'Priya Practitioner', role: 'practitioner', action: 'submitted', revision: 2 };
const returned: ReviewEntry = { at: '2027-03-08T10:02:00Z', by: 'm1', name: 'Mo Manager', role: 'manager', action: 'returned', stage: 'manager-sign-off', stageName: 'Manager sign-off', reason: 'Add the date of the visit.', revision: 3 };
const waiting: ReviewStatus = { state: 'waiting', stage: 'manager-sign-off', stageIndex: 0, arrivedAt: '2027-03-05T09:00:00Z', dueOn: '2027-03-12', keys: ['manager|worker:W1'], excluded: ['a1'], history: [submitted], deliveryRevision: 1 };

describe('runtime: a review in words', () => {
  it('says the stage a record waits at and when it is due, or that it was returned or signed off', () => {
    expect(reviewStateText(waiting, stages)).toBe('Waiting for Manager sign-off — due 12 March 2027');
    expect(reviewStateText({ ...waiting, stage: 'qa', dueOn: undefined }, stages)).toBe('Waiting for Quality check');
    // The record's own history names a stage the form no longer lists.
    expect(reviewStateText({ ...waiting, stage: 'gone', history: [{ ...returned, stage: 'gone', stageName: 'Old stage' }] }, stages)).toBe('Waiting for Old stage — due 12 March 2027');
    expect(reviewStateText({ ...waiting, state: 'returned', keys: [], history: [submitted, returned] }, stages)).toBe('Returned for changes');
    expect(reviewStateText({ ...waiting, state: 'complete', keys: [] }, stages)).toBe('Signed off');
  });

  it('says in a list where each record is: a draft, returned, waiting at its stage, signed off, or submitted on a form without stages', () => {
    expect(recordStatusTag({ status: 'draft' })).toEqual({ text: 'Draft', colour: 'yellow' });
    expect(recordStatusTag({ status: 'draft', review: { ...waiting, state: 'returned', keys: [], history: [submitted, returned] } })).toEqual({ text: 'Returned for changes', colour: 'red' });
    expect(recordStatusTag({ status: 'submitted', review: { ...waiting, stageName: 'Manager sign-off' } })).toEqual({ text: 'Waiting for Manager sign-off', colour: 'blue' });
    // No form at hand: the stage's name as the record's history keeps it, else the stage's id.
    expect(recordStatusTag({ status: 'submitted', review: { ...waiting, stage: 'qa', history: [submitted, { ...returned, action: 'resubmitted', stage: 'qa', stageName: 'Quality check' }] } }).text).toBe('Waiting for Quality check');
    expect(recordStatusTag({ status: 'submitted', review: waiting }).text).toBe('Waiting for manager-sign-off');
    expect(recordStatusTag({ status: 'submitted', review: { ...waiting, state: 'complete', keys: [] } })).toEqual({ text: 'Signed off', colour: 'green' });
    expect(recordStatusTag({ status: 'submitted' })).toEqual({ text: 'Submitted', colour: 'green' });
  });

  it('says a waiting record is late in working days, leaving out weekends and bank holidays', () => {
    expect(overdueText(waiting, '2027-03-12')).toBeNull();
    expect(overdueText(waiting, '2027-03-11')).toBeNull();
    // Due Friday 12 March: late by Saturday (one day), by Monday 15th (one working day), by Wednesday 17th (three).
    expect(workingDaysOverdue(waiting, '2027-03-13')).toBe(1);
    expect(workingDaysOverdue(waiting, '2027-03-15')).toBe(1);
    expect(overdueText(waiting, '2027-03-17')).toBe('Overdue by 3 working days (it was due on 12 March 2027)');
    // Good Friday and Easter Monday 2027 (26 and 29 March) are not working days.
    expect(workingDaysOverdue({ state: 'waiting', dueOn: '2027-03-25' }, '2027-03-30')).toBe(1);
    // Only a record that is waiting can be late.
    expect(overdueText({ ...waiting, state: 'complete' }, '2027-04-30')).toBeNull();
  });

  it('writes each step of the history as who did what, where', () => {
    expect(historyText(submitted)).toBe('Submitted by Priya Practitioner (practitioner)');
    expect(historyText(returned)).toBe('Returned for changes at Manager sign-off by Mo Manager (manager)');
    expect(historyText({ ...returned, action: 'signed', reason: undefined })).toBe('Signed off at Manager sign-off by Mo Manager (manager)');
    expect(historyText({ ...submitted, action: 'resubmitted' })).toBe('Resubmitted by Priya Practitioner (practitioner)');
  });

  it('tells the author of a returned draft who returned it, when, and why', () => {
    const status: ReviewStatus = { ...waiting, state: 'returned', keys: [], history: [submitted, returned] };
    expect(returnedText(status)).toEqual({ heading: 'Returned for changes by Mo Manager on 8 March 2027', reason: 'Add the date of the visit.' });
    expect(returnedText(waiting)).toBeNull();
    expect(returnedText(undefined)).toBeNull();
  });

  it('says whether the answers are as they were signed in words, and what signing means before signing', () => {
    expect(intactText(true)).toBe('Yes: the record has not changed since it was signed');
    expect(intactText(false)).toBe('No: the record has changed since it was signed');
    expect(signingMeans({ name: 'Mo Manager', role: 'manager' }, stages[0]!)).toMatch(/^You are signing as Mo Manager \(manager\) at Manager sign-off\. /);
  });
});
