/**
 * What the person is told at a question filled in when the draft was started: from an earlier
 * record (the record's `carriedForward`), which one; from the ICS directory (its `prefilled`),
 * which value. Either way, that they can change it.
 */
import { PREFILL_BY_SOURCE } from '../../engine/forms/prefill.js';
import type { CarriedForward, Prefilled } from '../api/types.js';
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

/**
 * "Filled in from the ICS directory (the child's date of birth). Check it is right; you can change
 * it." The analysts' words for the value, without what is in brackets (codes, "ICS worker id").
 */
export function prefilledNote(source: string): string {
  const words = PREFILL_BY_SOURCE.get(source)?.words.replace(/\s*\([^)]*\)/g, '');
  return `Filled in from the ICS directory${words ? ` (${words.charAt(0).toLowerCase()}${words.slice(1)})` : ''}. Check it is right; you can change it.`;
}

/** The notes for answers carried forward and filled in from the directory, by JSON Forms path. */
export function answerNotes(carried: readonly CarriedForward[] | undefined, prefilled: readonly Prefilled[] | undefined, isRows: (path: string) => boolean): ReadonlyMap<string, string> {
  const notes = new Map(carriedNotes(carried, isRows));
  for (const p of prefilled ?? []) notes.set(toPath(p.pointer), prefilledNote(p.source));
  return notes;
}
