/**
 * Cursor for lists ordered by a due date, then id (the review queue, tracked actions): opaque to
 * callers, the last item's due date (null: none, which sorts last) and id. Both adapters use it.
 */
import { InvalidRequestError } from '../errors.js';

export interface DueCursor {
  dueOn: string | null;
  id: string;
}

const badCursor = () =>
  new InvalidRequestError('This cursor does not continue this list.', [{ pointer: '/cursor', message: 'Use the cursor the last page gave, or start again without one.' }]);

export const dueCursor = {
  encode: (dueOn: string | null | undefined, id: string): string => Buffer.from(JSON.stringify([dueOn ?? null, id]), 'utf8').toString('base64url'),
  decode: (c: string): DueCursor => {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    } catch {
      throw badCursor();
    }
    if (!Array.isArray(value) || value.length !== 2 || !(value[0] === null || typeof value[0] === 'string') || typeof value[1] !== 'string') throw badCursor();
    return { dueOn: value[0] as string | null, id: value[1] };
  },
};
