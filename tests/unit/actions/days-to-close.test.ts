/** Days to close, stamped on an action when it is done: whole calendar days from the London day it was made. */
import { describe, expect, it } from 'vitest';
import { daysToClose } from '../../../engine/actions/lifecycle.js';

describe('days to close', () => {
  it('counts calendar days from the day the action was made in London to the day it was done', () => {
    expect(daysToClose({ createdAt: '2026-03-02T10:00:00.000Z' }, '2026-03-02')).toBe(0);
    expect(daysToClose({ createdAt: '2026-03-02T10:00:00.000Z' }, '2026-03-09')).toBe(7);
    // Over the change to summer time (29 March 2026): still whole days.
    expect(daysToClose({ createdAt: '2026-03-28T12:00:00.000Z' }, '2026-03-30')).toBe(2);
  });

  it('takes the London day: made at 23:30 UTC in summer is the next day in London', () => {
    expect(daysToClose({ createdAt: '2026-06-01T23:30:00.000Z' }, '2026-06-02')).toBe(0);
    expect(daysToClose({ createdAt: '2026-06-01T23:30:00.000Z' }, '2026-06-05')).toBe(3);
  });

  it('is 0 when the date given as done is before the action was made (recorded late)', () => {
    expect(daysToClose({ createdAt: '2026-06-10T09:00:00.000Z' }, '2026-06-08')).toBe(0);
  });
});
