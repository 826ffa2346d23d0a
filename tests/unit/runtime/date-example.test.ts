/** The line under a date question's label: the days it may fall between, with an example inside them. */
import { describe, expect, it } from 'vitest';
import { DATE_EXAMPLE, dateExample } from '../../../runtime/renderers/fields/date.js';

describe('a date question\'s example line', () => {
  it('is the plain example when the form sets no days', () => {
    expect(dateExample({ type: 'string', format: 'date' })).toBe(DATE_EXAMPLE);
  });

  it.each([
    [{ formatMinimum: '2025-04-01', formatMaximum: '2026-03-31' }, 'Between 1 April 2025 and 31 March 2026. For example, 27 3 2026'],
    [{ formatMinimum: '2026-04-01' }, 'On or after 1 April 2026. For example, 1 4 2026'],
    [{ formatMinimum: '2000-01-01' }, 'On or after 1 January 2000. For example, 27 3 2026'],
    [{ formatMaximum: '2024-12-31' }, 'On or before 31 December 2024. For example, 31 12 2024'],
  ])('says the days %j allows, with an example among them', (limits, line) => {
    expect(dateExample({ type: 'string', format: 'date', ...limits })).toBe(line);
  });

  it('ignores limits that are not days', () => {
    expect(dateExample({ formatMinimum: 20250401, formatMaximum: 'soon' })).toBe(DATE_EXAMPLE);
  });
});
