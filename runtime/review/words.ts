/**
 * A record's review in words: where it is ("Waiting for Manager sign-off — due 12 March 2027"),
 * whether it is late (said, never shown by colour alone), who did what, and who signed. Pure, so
 * the wording is tested without a browser.
 */
import { dayNumber, workingDaysBetween } from '../../engine/forms/calculations/dates.js';
import type { ReviewEntry, ReviewStatus, Signature, StageDefinition } from '../../engine/review/model.js';
import { dayText } from '../directory/words.js';

const at = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' });
const on = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' });

/** "5 December 2026 at 10:02" (London time, as the people reading it live there). */
export function momentText(iso: string): string {
  return at.format(new Date(iso));
}

/** "5 December 2026". */
export function dateOfMoment(iso: string): string {
  return on.format(new Date(iso));
}

const ROLE_WORDS: Record<string, string> = { practitioner: 'practitioner', manager: 'manager', designer: 'designer', integrator: 'integrator', admin: 'administrator' };

/** "manager", "administrator": a role as a person says it. */
export function roleText(role: string): string {
  return ROLE_WORDS[role] ?? role;
}

/** The stage's name from the form, or from the record itself when the form no longer has it. */
export function stageName(stages: readonly StageDefinition[], id: string | undefined, fallback?: string): string {
  return stages.find((s) => s.id === id)?.name ?? fallback ?? id ?? 'review';
}

/** "Waiting for Manager sign-off — due 12 March 2027", "Returned for changes", "Signed off". */
export function reviewStateText(status: ReviewStatus, stages: readonly StageDefinition[]): string {
  switch (status.state) {
    case 'waiting': {
      const name = stageName(stages, status.stage, lastStageName(status));
      return `Waiting for ${name}${status.dueOn ? ` — due ${dayText(status.dueOn)}` : ''}`;
    }
    case 'returned':
      return 'Returned for changes';
    case 'complete':
      return 'Signed off';
  }
}

/** A record's status in a list, as a tag: its words and the GOV.UK tag colour (the words alone say it). */
export interface StatusTag {
  text: string;
  colour: 'yellow' | 'red' | 'blue' | 'green';
}

/**
 * "Draft", "Returned for changes", "Waiting for Manager sign-off", "Signed off" or "Submitted"
 * (a form without review stages): where a record is, from what a list gives of it (no form at hand:
 * the stage's name as the record keeps it). The due date is left to the record's page.
 */
export function recordStatusTag(s: { status: 'draft' | 'submitted'; review?: ReviewStatus | undefined }): StatusTag {
  const review = s.review;
  if (s.status === 'draft') return review?.state === 'returned' ? { text: 'Returned for changes', colour: 'red' } : { text: 'Draft', colour: 'yellow' };
  if (review?.state === 'waiting') return { text: `Waiting for ${review.stageName ?? stageName([], review.stage, lastStageName(review))}`, colour: 'blue' };
  if (review?.state === 'complete') return { text: 'Signed off', colour: 'green' };
  return { text: 'Submitted', colour: 'green' };
}

/** The stage name the record itself last recorded for its current stage (when the form's definition is not at hand). */
function lastStageName(status: ReviewStatus): string | undefined {
  return [...status.history].reverse().find((h) => h.stage === status.stage && h.stageName)?.stageName;
}

/** Working days a waiting record is past its due date, today (London date, YYYY-MM-DD); 0 when it is not late. */
export function workingDaysOverdue(status: Pick<ReviewStatus, 'state' | 'dueOn'>, today: string): number {
  if (status.state !== 'waiting' || !status.dueOn) return 0;
  const due = dayNumber(status.dueOn);
  const now = dayNumber(today);
  if (due === undefined || now === undefined || now <= due) return 0;
  // At least a day: a record due on Friday is late on Saturday, before the next working day.
  return Math.max(1, workingDaysBetween(due + 1, now));
}

/** "Overdue by 3 working days (it was due on 12 March 2027)", or null when it is not late. */
export function overdueText(status: Pick<ReviewStatus, 'state' | 'dueOn'>, today: string): string | null {
  const days = workingDaysOverdue(status, today);
  if (!days || !status.dueOn) return null;
  return `Overdue by ${days} working ${days === 1 ? 'day' : 'days'} (it was due on ${dayText(status.dueOn)})`;
}

/** One step of the history, as a sentence: "Returned for changes at Manager sign-off by Mo Manager (manager)". */
export function historyText(entry: ReviewEntry): string {
  const who = `${entry.name} (${roleText(entry.role)})`;
  const where = entry.stageName ? ` at ${entry.stageName}` : '';
  switch (entry.action) {
    case 'submitted':
      return `Submitted by ${who}`;
    case 'resubmitted':
      return `Resubmitted by ${who}`;
    case 'signed':
      return `Signed off${where} by ${who}`;
    case 'returned':
      return `Returned for changes${where} by ${who}`;
  }
}

/** The banner on a returned draft: "Returned for changes by Mo Manager on 5 December 2026: <reason>". */
export function returnedText(status: ReviewStatus | undefined): { heading: string; reason: string | undefined } | null {
  if (status?.state !== 'returned') return null;
  const entry = [...status.history].reverse().find((h) => h.action === 'returned');
  if (!entry) return { heading: 'Returned for changes', reason: undefined };
  return { heading: `Returned for changes by ${entry.name} on ${dateOfMoment(entry.at)}`, reason: entry.reason };
}

/** Who signed, in what capacity: "Mo Manager (manager)". */
export function signerText(s: Pick<Signature, 'name' | 'role'>): string {
  return `${s.name} (${roleText(s.role)})`;
}

/** Whether the answers are as they were signed, in words (never an icon or a colour alone). */
export function intactText(intact: boolean | undefined): string {
  if (intact === undefined) return 'Not checked';
  return intact ? 'Yes: the record has not changed since it was signed' : 'No: the record has changed since it was signed';
}

/** What signing means, said before the person signs. */
export function signingMeans(you: { name: string; role: string }, stage: Pick<StageDefinition, 'name'>): string {
  return `You are signing as ${you.name} (${roleText(you.role)}) at ${stage.name}. Your name, role and the time are recorded with the record's answers as they are now; if the answers change later, the record will show that they changed after you signed.`;
}
