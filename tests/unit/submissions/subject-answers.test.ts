/**
 * The answers that show who a record is about (engine/submissions/subject-answers.ts): one not
 * given is set to the subject's id; one that says someone else is a problem at its pointer, in
 * words that say why and what to do.
 */
import { describe, expect, it } from 'vitest';
import { answersWithSubject, subjectAnswerProblems } from '../../../engine/submissions/subject-answers.js';

const pointers = { workerId: '/employee/workerId', childId: '/about/child', episodeId: '' };

describe('subject and answers', () => {
  it('an answer saying someone other than the subject is a problem at its pointer; the same answer, or none, is not', () => {
    expect(subjectAnswerProblems(pointers, { workerId: 'W2' }, { employee: { workerId: 'W2' } })).toEqual([]);
    expect(subjectAnswerProblems(pointers, { workerId: 'W2' }, {})).toEqual([]);
    // No id chosen for the subject: nothing for an answer to disagree with.
    expect(subjectAnswerProblems(pointers, {}, { employee: { workerId: 'W3' } })).toEqual([]);
    expect(subjectAnswerProblems(pointers, { workerId: 'W2', childId: 'C1' }, { employee: { workerId: 'W3' }, about: { child: '' } })).toEqual([
      { pointer: '/employee/workerId', message: 'This record is about the worker with ICS worker id W2, chosen when it was started, so this answer must be W2. To write about someone else, start a new record.' },
      { pointer: '/about/child', message: 'This record is about the child with ICS person id C1, chosen when it was started, so this answer must be C1. To write about someone else, start a new record.' },
    ]);
  });
});

describe('answers given the subject', () => {
  it('sets each missing answer that shows a subject id, through objects it makes; leaves given answers and unreachable places alone, and the input unchanged', () => {
    const data = { employee: { jobTitle: 'Social worker' } };
    expect(answersWithSubject(pointers, { workerId: 'W2', childId: 'C1' }, data)).toEqual({ employee: { jobTitle: 'Social worker', workerId: 'W2' }, about: { child: 'C1' } });
    expect(data).toEqual({ employee: { jobTitle: 'Social worker' } });
    expect(answersWithSubject(pointers, { workerId: 'W2' }, { employee: { workerId: 'W3' } })).toEqual({ employee: { workerId: 'W3' } });
    expect(answersWithSubject(pointers, { workerId: 'W2' }, { employee: 'not an object' })).toEqual({ employee: 'not an object' });
    expect(answersWithSubject(pointers, {}, data)).toBe(data);
  });
});
