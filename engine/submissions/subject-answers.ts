/**
 * A form names, for each id its records are about (child, episode, worker), the answer that shows
 * it (`Form.subject`: `{ workerId: '/employee/workerId' }`). The record's subject is chosen when it
 * is started and decides who may read it, who signs it (the employee of a return-to-work
 * interview) and whose ICS file it goes to; answers filled in from the directory and carried
 * forward from earlier records were chosen for it too. So the answer must say the same as the
 * subject: one that says otherwise is for a draft something to fix before submitting, and refuses
 * a submit. Writing about someone else means starting a new record (the runtime shows these
 * answers as they are, not as boxes to type in).
 */
import type { FieldError } from '../errors.js';
import type { Form, SubjectKey } from '../forms/model.js';
import { getAt, parsePointer, setAt } from '../json/pointer.js';
import type { Subject } from './model.js';

type Pointers = Form['subject'];

const WHAT: Record<SubjectKey, string> = { childId: 'the child with ICS person id', episodeId: 'ICS episode', workerId: 'the worker with ICS worker id' };

function entries(pointers: Pointers): Array<[SubjectKey, string]> {
  return (Object.entries(pointers ?? {}) as Array<[SubjectKey, string | undefined]>).filter((e): e is [SubjectKey, string] => typeof e[1] === 'string' && e[1] !== '');
}

/** The answers with each one that shows a subject id and is not given set to that id (as the start page does); never in place of another kind of answer. */
export function answersWithSubject(pointers: Pointers, subject: Subject, data: Record<string, unknown>): Record<string, unknown> {
  let out = data;
  for (const [key, pointer] of entries(pointers)) {
    const id = subject[key];
    if (typeof id !== 'string' || id === '' || getAt(out, pointer) !== undefined) continue;
    // Every object on the way there, or nothing yet: an answer of another kind stays as it was.
    const tokens = parsePointer(pointer);
    const blocked = tokens.slice(0, -1).some((_, i) => {
      const on = getAt(out, tokens.slice(0, i + 1));
      return on !== undefined && (on === null || typeof on !== 'object' || Array.isArray(on));
    });
    if (!blocked) out = setAt(out, pointer, id);
  }
  return out;
}

/** Answers that show an id other than the record's subject's, at each answer's pointer. */
export function subjectAnswerProblems(pointers: Pointers, subject: Subject, data: unknown): FieldError[] {
  const problems: FieldError[] = [];
  for (const [key, pointer] of entries(pointers)) {
    const chosen = subject[key];
    const answer = getAt(data, pointer);
    if (typeof chosen !== 'string' || chosen === '' || answer === undefined || answer === chosen) continue;
    problems.push({
      pointer,
      message: `This record is about ${WHAT[key]} ${chosen}, chosen when it was started, so this answer must be ${chosen}. To write about someone else, start a new record.`,
    });
  }
  return problems;
}
