/**
 * Due dates in words for work lists: "Due today", "Due in 2 working days", "Overdue by 3 working
 * days". Days are London dates (YYYY-MM-DD); working days leave out weekends and England and Wales
 * bank holidays, counted by the same module the formulas use. Words, not colour, say it is late.
 */
import { dayNumber, workingDaysBetween } from '../../engine/forms/calculations/dates.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';
import { dayText } from '../directory/words.js';

/** Today in Europe/London, where the council works (not this device's zone). */
export function today(now: Date = new Date()): string {
  return londonToday(now);
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Working days after `dueOn` up to and including `today` (0 when not yet due). */
export function workingDaysLate(dueOn: string, today: string): number {
  const due = dayNumber(dueOn);
  const now = dayNumber(today);
  return due === undefined || now === undefined ? 0 : workingDaysBetween(due + 1, now);
}

/** Open and due before today. */
export function isOverdue(dueOn: string | undefined, today: string): boolean {
  return dueOn !== undefined && dayNumber(dueOn) !== undefined && dueOn < today;
}

/**
 * `dueOn` in words as of `today`. `workingDaysOverdue`, when the server worked it out, wins (the
 * server's clock decides what is late). Due on a weekend and only late by the weekend: "Overdue
 * since 7 March 2026", since no working day has been missed yet.
 */
export function dueWords(dueOn: string, today: string, workingDaysOverdue?: number): string {
  const due = dayNumber(dueOn);
  const now = dayNumber(today);
  if (due === undefined || now === undefined) return `Due ${dueOn}`;
  if (due === now && !workingDaysOverdue) return 'Due today';
  if (due < now || (workingDaysOverdue ?? 0) > 0) {
    const late = workingDaysOverdue ?? workingDaysBetween(due + 1, now);
    return late > 0 ? `Overdue by ${plural(late, 'working day')}` : `Overdue since ${dayText(dueOn)}`;
  }
  const ahead = workingDaysBetween(now + 1, due);
  return ahead > 0 ? `Due in ${plural(ahead, 'working day')}` : `Due on ${dayText(dueOn)}`;
}

/** Whether the words above say it is late (for the red tag). */
export function overdueWords(words: string): boolean {
  return words.startsWith('Overdue');
}

/**
 * Sorted by due date, earliest first, so the overdue come first and the most overdue at the top;
 * those without a due date last; ties in the order given. Does not change `items`.
 */
export function byDue<T>(items: readonly T[], dueOf: (item: T) => string | undefined): T[] {
  return items
    .map((item, i) => ({ item, i, due: dueOf(item) }))
    .sort((a, b) => (a.due === b.due ? a.i - b.i : a.due === undefined ? 1 : b.due === undefined ? -1 : a.due < b.due ? -1 : 1))
    .map((x) => x.item);
}
