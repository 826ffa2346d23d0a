/**
 * The answers that show who a record is about (engine/submissions/subject-answers.ts): one not
 * given is set to the subject's id; one that says someone else is a problem at its pointer, in
 * words that say why and what to do.
 */
import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../../../engine/errors.js';
import { answersWithSubject, atAnswers, subjectAnswerProblems, subjectWithAnswers } from '../../../engine/submissions/subject-answers.js';

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

describe('the subject from the answers', () => {
  it('takes each id not given from the answer that shows it, when that is an ICS id, and says which came from where', () => {
    expect(subjectWithAnswers(pointers, {}, { employee: { workerId: 'W2' }, about: { child: 'C1' } })).toEqual({ subject: { workerId: 'W2', childId: 'C1' }, from: { workerId: '/employee/workerId', childId: '/about/child' } });
    // Given wins; an answer that is no id (a name, empty, too long, not a string) gives nothing.
    expect(subjectWithAnswers(pointers, { workerId: 'W9' }, { employee: { workerId: 'W2' } })).toEqual({ subject: { workerId: 'W9' }, from: {} });
    for (const bad of ['Pat Singh', '', 'W'.repeat(21), 42, null, { id: 'W2' }]) expect(subjectWithAnswers(pointers, {}, { employee: { workerId: bad } })).toEqual({ subject: {}, from: {} });
    expect(subjectWithAnswers(undefined, {}, { employee: { workerId: 'W2' } })).toEqual({ subject: {}, from: {} });
  });

  it('moves a refusal at /subject/<id> to the answer that gave the id, and leaves others as they are', async () => {
    const refusal = () => new ValidationFailedError('No such child.', [{ pointer: '/subject/childId', message: 'No such child.' }, { pointer: '/subject/workerId', message: 'No such worker.' }]);
    const moved = await atAnswers({ childId: '/about/child' }, async () => { throw refusal(); }).catch((e: ValidationFailedError) => e);
    expect(moved).toBeInstanceOf(ValidationFailedError);
    expect((moved as ValidationFailedError).errors).toEqual([{ pointer: '/about/child', message: 'No such child.' }, { pointer: '/subject/workerId', message: 'No such worker.' }]);
    await expect(atAnswers({}, async () => { throw refusal(); })).rejects.toMatchObject({ errors: refusal().errors });
    await expect(atAnswers({ childId: '/about/child' }, async () => 'fine')).resolves.toBe('fine');
    const other = new Error('down');
    await expect(atAnswers({ childId: '/about/child' }, async () => { throw other; })).rejects.toBe(other);
  });
});
