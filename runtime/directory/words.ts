/**
 * How the directory's people are written on the app's pages: a child as "Jordan Smith (C1)", a
 * date of birth as "2 March 2015". The id stays next to the name: two children can share a name.
 */
import { LEGAL_STATUS_TITLES } from '../../engine/directory/model.js';
import type { ChildCard, SubjectKey, SubmissionSummary } from '../api/types.js';

const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2015-03-02" → "2 March 2015" (a day, not an instant: no time zone moves it). */
export function dayText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  // setUTCFullYear, not Date.UTC: that reads years 0 to 99 as 1900 to 1999 ("0012-05-06" was shown as 6 May 1912).
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return day.format(d);
}

/** "Jordan Smith (C1)", or just the id when the directory has no name for it. */
export function named(id: string, name: string | undefined): string {
  return name ? `${name} (${id})` : id;
}

/** The legal status in words ("Child protection plan"), from the card or the code. */
export function legalStatusText(c: ChildCard): string | undefined {
  return c.legalStatusTitle ?? (c.legalStatus ? (LEGAL_STATUS_TITLES[c.legalStatus as keyof typeof LEGAL_STATUS_TITLES] ?? c.legalStatus) : undefined);
}

/** The allocated worker's name, or their id when the directory has no name. */
export function workerText(c: ChildCard): string | undefined {
  return c.allocatedWorker ? (c.allocatedWorker.name ?? c.allocatedWorker.id) : undefined;
}

/** Who a record is about, for lists: "Child Jordan Smith (C1), Episode E12". */
export function subjectText(s: Pick<SubmissionSummary, 'subject' | 'subjectNames'>): string {
  const parts = (['childId', 'workerId', 'episodeId'] as SubjectKey[])
    .filter((k) => s.subject[k])
    .map((k) => {
      const id = s.subject[k]!;
      if (k === 'childId') return `Child ${named(id, s.subjectNames?.child)}`;
      if (k === 'workerId') return `Worker ${named(id, s.subjectNames?.worker)}`;
      return `Episode ${id}`;
    });
  return parts.length ? parts.join(', ') : '—';
}

/** The child a record is about, for a sentence: "Jordan Smith (C1)" or "child C1". */
export function childInSentence(id: string, name: string | undefined): string {
  return name ? named(id, name) : `child ${id}`;
}

/** A record in a link's hidden words: "SUP-2026-000123, Case supervision, Child Jordan Smith (C1)". */
export function recordAbout(s: Pick<SubmissionSummary, 'reference' | 'subject' | 'subjectNames'>, formTitle: string): string {
  return `${s.reference ? `${s.reference}, ` : ''}${formTitle}, ${subjectText(s)}`;
}
