/**
 * Due dates in work lists, in words a worker reads at a glance: "Due today", "Due in 2 working
 * days", "Overdue by 3 working days" — working days without weekends or bank holidays — and lists
 * sorted so the most overdue come first.
 */
import { describe, expect, it } from 'vitest';
import { byDue, dueWords, isOverdue, overdueWords, today, workingDaysLate } from '../../../runtime/work/due.js';

// Wednesday 11 March 2026.
const WED = '2026-03-11';

describe('runtime: due dates in words', () => {
  it('says due today, due in working days, and overdue by working days', () => {
    expect(dueWords(WED, WED)).toBe('Due today');
    expect(dueWords('2026-03-12', WED)).toBe('Due in 1 working day');
    expect(dueWords('2026-03-13', WED)).toBe('Due in 2 working days');
    // Friday 13 to Monday 16: the weekend does not count.
    expect(dueWords('2026-03-16', WED)).toBe('Due in 3 working days');
    expect(dueWords('2026-03-10', WED)).toBe('Overdue by 1 working day');
    // Due Friday 6 March; Monday, Tuesday and Wednesday have gone by.
    expect(dueWords('2026-03-06', WED)).toBe('Overdue by 3 working days');
  });

  it('leaves bank holidays out of the count', () => {
    // Due Thursday 24 December 2026; Friday 25 and Monday 28 are bank holidays; today Tuesday 29.
    expect(dueWords('2026-12-24', '2026-12-29')).toBe('Overdue by 1 working day');
    expect(workingDaysLate('2026-12-24', '2026-12-29')).toBe(1);
    expect(dueWords('2026-12-29', '2026-12-24')).toBe('Due in 1 working day');
  });

  it('says when something due at the weekend is late or due without a working day between', () => {
    // Due Saturday 7 March; on Sunday no working day has been missed, but it is late all the same.
    expect(dueWords('2026-03-07', '2026-03-08')).toBe('Overdue since 7 March 2026');
    expect(dueWords('2026-03-07', '2026-03-06')).toBe('Due on 7 March 2026');
  });

  it("takes the server's count of working days overdue when it gives one", () => {
    expect(dueWords('2026-03-06', WED, 4)).toBe('Overdue by 4 working days');
    expect(overdueWords(dueWords('2026-03-06', WED))).toBe(true);
    expect(overdueWords(dueWords(WED, WED))).toBe(false);
  });

  it('does not pretend to understand a date that is not one', () => {
    expect(dueWords('2026-02-30', WED)).toBe('Due 2026-02-30');
    expect(isOverdue('2026-02-30', WED)).toBe(false);
    expect(isOverdue('2026-03-10', WED)).toBe(true);
    expect(isOverdue(WED, WED)).toBe(false);
    expect(isOverdue(undefined, WED)).toBe(false);
  });

  it("works out today's date in London, not in the device's zone", () => {
    // 23:30 UTC on 30 June is already 1 July in London (summer time).
    expect(today(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(today(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});

describe('runtime: work lists in due order', () => {
  it('puts the most overdue first and those without a due date last, keeping ties in order', () => {
    const items = [
      { id: 'a', dueOn: '2026-03-20' },
      { id: 'b' },
      { id: 'c', dueOn: '2026-03-02' },
      { id: 'd', dueOn: '2026-03-20' },
      { id: 'e', dueOn: '2026-03-09' },
    ];
    expect(byDue(items, (i) => i.dueOn).map((i) => i.id)).toEqual(['c', 'e', 'a', 'd', 'b']);
    expect(items.map((i) => i.id), 'the list given is left as it was').toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
