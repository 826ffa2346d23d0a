/**
 * Pages of lists ordered by a sort key and then `_id` (the review queue by due date, actions by
 * due date): the cursor is the last item's key and id, opaque to callers, and a page goes on
 * strictly after it, so an item is never shown twice nor skipped when earlier ones change.
 */
import type { Document, Filter } from 'mongodb';
import { InvalidRequestError } from '../../errors.js';

export interface Keyset {
  key: string;
  id: string;
}

export const keyset = {
  encode: (at: Keyset): string => Buffer.from(JSON.stringify([at.key, at.id]), 'utf8').toString('base64url'),
  decode: (c: string): Keyset => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    } catch {
      parsed = null;
    }
    if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((p) => typeof p === 'string')) {
      throw new InvalidRequestError('This cursor is not one this list gave out, so the list cannot go on from it.', [
        { pointer: '/cursor', message: 'Start the list again without a cursor.' },
      ]);
    }
    return { key: parsed[0] as string, id: parsed[1] as string };
  },
};

/** The documents after the cursor in (`field`, `_id`) order; nothing to add without one. */
export function afterCursor<T extends Document>(field: string, after: string | undefined): Array<Filter<T>> {
  if (after === undefined) return [];
  const { key, id } = keyset.decode(after);
  return [{ $or: [{ [field]: { $gt: key } }, { [field]: key, _id: { $gt: id } }] } as Filter<T>];
}

/**
 * One page in (`field`, `_id`) order: `filter` plus the cursor, at most `limit` items and the
 * cursor of the next page (null on the last).
 */
export async function keysetPage<T extends Document & { _id: string }>(
  find: (filter: Filter<T>, limit: number) => Promise<T[]>,
  filter: Filter<T>,
  field: string,
  keyOf: (doc: T) => string,
  page: { limit: number; after?: string },
): Promise<{ docs: T[]; next: string | null }> {
  const extra = afterCursor<T>(field, page.after);
  const f: Filter<T> = extra.length ? ({ $and: [filter, ...extra] } as Filter<T>) : filter;
  const docs = await find(f, page.limit + 1);
  const more = docs.length > page.limit;
  const shown = docs.slice(0, page.limit);
  const last = shown.at(-1);
  return { docs: shown, next: more && last ? keyset.encode({ key: keyOf(last), id: last._id }) : null };
}
