/** Where a record is in its review, in words for work lists: the stage's name, why it came back. */
import type { ReviewEntry, WorkRecord } from '../api/work.js';

/** "manager-sign-off" → "Manager sign off": only when the server gave no name. */
function fromSlug(id: string): string {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The name of the stage the record waits at (or that returned it). */
export function stageName(r: Pick<WorkRecord, 'review' | 'stageName'>): string | undefined {
  const review = r.review;
  if (!review?.stage) return r.stageName;
  const named = r.stageName ?? review.stageName ?? [...review.history].reverse().find((e) => e.stage === review.stage && e.stageName)?.stageName;
  return named ?? fromSlug(review.stage);
}

/** The step that sent the record back to its author, the latest one. */
export function returnedBy(r: Pick<WorkRecord, 'review'>): ReviewEntry | undefined {
  return r.review ? [...r.review.history].reverse().find((e) => e.action === 'returned') : undefined;
}
