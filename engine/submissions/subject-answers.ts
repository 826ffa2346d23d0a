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
import { ValidationFailedError, type FieldError } from '../errors.js';
import type { Form, SubjectKey } from '../forms/model.js';
import { getAt, parsePointer, setAt } from '../json/pointer.js';
import type { Subject } from './model.js';

type Pointers = Form['subject'];

/** An ICS id as a record's subject takes it (schemas/engine/submission-input.schema.json, icsId). */
const ICS_ID = /^[A-Za-z0-9][A-Za-z0-9/_-]{0,19}$/;

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

/**
 * The subject a record is started about: as given, and for each id not given, the answer that
 * shows it when there is one (a record made through the API with the child's id in its answers
 * only is about that child, checked and read as any other). Also which ids came from an answer,
 * by pointer, so a refusal of one names the answer that gave it.
 */
export function subjectWithAnswers(pointers: Pointers, given: Subject, data: unknown): { subject: Subject; from: Partial<Record<SubjectKey, string>> } {
  let subject = given;
  const from: Partial<Record<SubjectKey, string>> = {};
  for (const [key, pointer] of entries(pointers)) {
    if (typeof given[key] === 'string' && given[key] !== '') continue;
    const answer = getAt(data, pointer);
    if (typeof answer !== 'string' || !ICS_ID.test(answer)) continue;
    subject = { ...subject, [key]: answer };
    from[key] = pointer;
  }
  return { subject, from };
}

/**
 * Runs a check of a subject that refuses at `/subject/<key>`; for an id taken from an answer,
 * the refusal is at that answer instead (the request never said `subject`).
 */
export async function atAnswers<T>(from: Partial<Record<SubjectKey, string>>, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    if (!(err instanceof ValidationFailedError) || !Object.keys(from).length) throw err;
    const moved = err.errors.map((e) => {
      const key = /^\/subject\/(childId|episodeId|workerId)$/.exec(e.pointer)?.[1] as SubjectKey | undefined;
      const pointer = key ? from[key] : undefined;
      return pointer ? { ...e, pointer } : e;
    });
    throw new ValidationFailedError(err.message, moved);
  }
}
