/**
 * What the person is told at a question filled in from an earlier record when the draft was
 * started (the record's `carriedForward`): from which record, and that they can change it.
 */
import type { CarriedForward } from '../api/types.js';
import { toPath } from './paths.js';

const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** "Carried forward from the record of 3 October 2026 (SUP-2026-000012). Check it is still right; you can change it." */
export function carriedNote(from: CarriedForward['from'], rows = false): string {
  const at = new Date(from.submittedAt);
  const which = `the record of ${Number.isNaN(at.getTime()) ? from.submittedAt : day.format(at)}${from.reference ? ` (${from.reference})` : ''}`;
  return rows ? `Carried forward from ${which}. Check each one is still right; you can change or remove them.` : `Carried forward from ${which}. Check it is still right; you can change it.`;
}

/** The notes by JSON Forms path (`meeting.lastCaseSupervisionOn`). */
export function carriedNotes(list: readonly CarriedForward[] | undefined, isRows: (path: string) => boolean): ReadonlyMap<string, string> {
  return new Map((list ?? []).map((c) => [toPath(c.pointer), carriedNote(c.from, isRows(toPath(c.pointer)))]));
}
