/**
 * The changes a person can make to a tracked action — mark it done, cancel it, reassign it, move
 * its due date — as forms: their fields, what each refuses and in which words, and where a
 * refusal from the server (problem+json pointers) is shown. Pure, so it is tested without a page.
 */
import { dayNumber } from '../../engine/forms/calculations/dates.js';
import type { FieldError } from '../api/client.js';
import type { ActionChange, ActionDetail, ActionItem, ChangeBodies } from '../api/work.js';
import { dayText } from '../directory/words.js';

export interface ChangeValues {
  doneOn: string;
  note: string;
  reason: string;
  ownerWorkerId: string;
  dueOn: string;
}

export type ChangeField = keyof ChangeValues;

export interface ChangeForm {
  /** The form's heading and its submit button's words. */
  title: string;
  submit: string;
  fields: ChangeField[];
  /** The success banner's words. */
  success: string;
}

export const CHANGE_FORMS: Record<ActionChange, ChangeForm> = {
  done: { title: 'Mark as done', submit: 'Mark as done', fields: ['doneOn', 'note'], success: 'The action is marked as done' },
  cancel: { title: 'Cancel action', submit: 'Cancel action', fields: ['reason'], success: 'The action is cancelled' },
  reassign: { title: 'Reassign', submit: 'Reassign', fields: ['ownerWorkerId', 'reason'], success: 'The action is reassigned' },
  due: { title: 'Change due date', submit: 'Change due date', fields: ['dueOn', 'reason'], success: 'The due date is changed' },
};

/** Each field's id on the page (for labels, the error summary's links and focus). */
export const FIELD_IDS: Record<ChangeField, string> = {
  doneOn: 'action-done-on',
  note: 'action-note',
  reason: 'action-reason',
  ownerWorkerId: 'action-owner',
  dueOn: 'action-due-on',
};

export function emptyValues(today: string): ChangeValues {
  return { doneOn: today, note: '', reason: '', ownerWorkerId: '', dueOn: '' };
}

const REASON_MISSING: Record<ActionChange, string> = {
  done: '',
  cancel: 'Enter why the action is being cancelled',
  reassign: 'Enter why the action is being reassigned',
  due: 'Enter why the due date is changing',
};

const WORKER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** What is wrong with the answers, field by field, in the order of the form. */
export function checkChange(change: ActionChange, v: ChangeValues, action: Pick<ActionItem, 'ownerWorkerId' | 'dueOn'>, today: string): Partial<Record<ChangeField, string>> {
  const errors: Partial<Record<ChangeField, string>> = {};
  if (change === 'done') {
    if (!v.doneOn.trim()) errors.doneOn = 'Enter the date it was done';
    else if (dayNumber(v.doneOn) === undefined) errors.doneOn = 'The date it was done must be a real date, like 27 3 2026';
    else if (v.doneOn > today) errors.doneOn = 'The date it was done must be today or in the past';
    if (!v.note.trim()) errors.note = 'Enter what was done';
  }
  if (change === 'reassign') {
    const id = v.ownerWorkerId.trim();
    if (!id) errors.ownerWorkerId = 'Enter the ICS worker ID of the new owner';
    else if (!WORKER_ID.test(id)) errors.ownerWorkerId = 'Enter the ICS worker ID as the ICS shows it, like W20001: letters and numbers only';
    else if (id === action.ownerWorkerId) errors.ownerWorkerId = `The action is already owned by ${id}. Enter the ICS worker ID of someone else`;
  }
  if (change === 'due') {
    if (!v.dueOn.trim()) errors.dueOn = 'Enter the new due date';
    else if (dayNumber(v.dueOn) === undefined) errors.dueOn = 'The new due date must be a real date, like 27 3 2026';
    else if (v.dueOn === action.dueOn) errors.dueOn = `The action is already due on ${dayText(v.dueOn)}. Enter a different date`;
    else if (v.dueOn < today) errors.dueOn = 'The new due date must be today or later';
  }
  if (change !== 'done' && !v.reason.trim()) errors.reason = REASON_MISSING[change];
  return errors;
}

/** The body the API takes for the change. */
export function changeBody<C extends ActionChange>(change: C, v: ChangeValues): ChangeBodies[C] {
  const bodies: ChangeBodies = {
    done: { doneOn: v.doneOn, note: v.note.trim() },
    cancel: { reason: v.reason.trim() },
    reassign: { ownerWorkerId: v.ownerWorkerId.trim(), reason: v.reason.trim() },
    due: { dueOn: v.dueOn, reason: v.reason.trim() },
  };
  return bodies[change];
}

/**
 * The server's refusals placed at the form's fields (`/note` → the note); one it cannot place
 * (or a refusal without pointers) goes to the form's first field, so the summary still links somewhere.
 */
export function serverErrors(change: ActionChange, errors: FieldError[] | undefined, detail: string): Partial<Record<ChangeField, string>> {
  const fields = CHANGE_FORMS[change].fields;
  const placed: Partial<Record<ChangeField, string>> = {};
  for (const e of errors ?? []) {
    const name = e.pointer.replace(/^\//, '').split('/')[0] as ChangeField;
    const field = fields.includes(name) ? name : fields[0]!;
    placed[field] = placed[field] ? `${placed[field]}. ${e.message}` : e.message;
  }
  if (!Object.keys(placed).length) placed[fields[0]!] = detail;
  return placed;
}

/** The changes the person may make to an open action, in the order the buttons show. */
export function allowedChanges(a: Pick<ActionDetail, 'status' | 'you'>): ActionChange[] {
  if (a.status !== 'open') return [];
  return [...(a.you.mayComplete ? (['done'] as const) : []), ...(a.you.mayCancel ? (['cancel'] as const) : []), ...(a.you.mayReassign ? (['reassign', 'due'] as const) : [])];
}

/** Where the back link goes: the draft the person came from (`?back=/records/…`), else their actions. */
export function backOf(search: string): { href: string; label: string } {
  const back = new URLSearchParams(search).get('back');
  return back && /^\/records\/[A-Za-z0-9_-]+$/.test(back) ? { href: back, label: 'Back to the form' } : { href: '/actions', label: 'Back to your actions' };
}
