/**
 * Pages of lists ordered by a due date and then `_id` (the review queue, tracked actions), with
 * the cursor both stores use (../due-cursor.ts): a page goes on strictly after the last item's
 * due date and id, so an item is never shown twice nor skipped when earlier ones change.
 */
import type { Document, Filter } from 'mongodb';
import { dueCursor } from '../due-cursor.js';

/**
 * One page in (`field`, `_id`) order: `filter` plus the cursor, at most `limit` items and the
 * cursor of the next page (null on the last). `field` holds `none` on items with no due date
 * (a value sorting after every date), which the cursor carries as null.
 */
export async function keysetPage<T extends Document & { _id: string }>(
  find: (filter: Filter<T>, limit: number) => Promise<T[]>,
  filter: Filter<T>,
  sortKey: { field: string; of: (doc: T) => string; none?: string },
  page: { limit: number; after?: string },
): Promise<{ docs: T[]; next: string | null }> {
  const { field, none } = sortKey;
  let f = filter;
  if (page.after !== undefined) {
    const { dueOn, id } = dueCursor.decode(page.after);
    const key = dueOn ?? none ?? null;
    f = { $and: [filter, { $or: [{ [field]: { $gt: key } }, { [field]: key, _id: { $gt: id } }] }] } as Filter<T>;
  }
  const docs = await find(f, page.limit + 1);
  const shown = docs.slice(0, page.limit);
  const last = shown.at(-1);
  if (docs.length <= page.limit || !last) return { docs: shown, next: null };
  const key = sortKey.of(last);
  return { docs: shown, next: dueCursor.encode(key === none ? null : key, last._id) };
}
