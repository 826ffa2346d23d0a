/**
 * Which row of a repeatable group a field sits in ("Action 2"), so that every label inside a
 * row can say so to screen readers: "Action 2: Due date" is announced, "Due date" is seen.
 * Without it, ten rows give ten identical "Due date" fields in a screen reader's list of fields.
 */
import { createContext, useContext } from 'react';

const RowContext = createContext<string>('');

export const RowProvider = RowContext.Provider;

/** "Action 2" (or "Attendee 1: Sibling 3" when rows nest), or '' outside any row. */
export function useRowName(): string {
  return useContext(RowContext);
}
