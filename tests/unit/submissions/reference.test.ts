import { describe, expect, it } from 'vitest';
import { defaultReferencePrefix, referencePrefixOf, referencePrefixProblem } from '../../../engine/forms/reference-prefix.js';
import { formatReference, normaliseReference, referenceSeriesOf, referenceYear } from '../../../engine/submissions/reference.js';

describe('record references', () => {
  it('makes a prefix from the initials of the form id’s words', () => {
    expect(defaultReferencePrefix('case-supervision')).toBe('CS');
    expect(defaultReferencePrefix('return-to-work')).toBe('RTW');
    expect(defaultReferencePrefix('visit-note')).toBe('VN');
    expect(defaultReferencePrefix('audit')).toBe('A');
    // Words starting with a digit give no initial; at most 8.
    expect(defaultReferencePrefix('s47-2026-enquiry')).toBe('SE');
    expect(defaultReferencePrefix('a-b-c-d-e-f-g-h-i-j')).toBe('ABCDEFGH');
    expect(referencePrefixOf({ id: 'case-supervision', referencePrefix: 'SUP' })).toBe('SUP');
    expect(referencePrefixOf({ id: 'case-supervision' })).toBe('CS');
  });

  it('says what is wrong with a prefix in words', () => {
    expect(referencePrefixProblem('SUP')).toBeNull();
    expect(referencePrefixProblem('RSUP2')).toBeNull();
    expect(referencePrefixProblem('')).toMatch(/Enter a reference prefix/);
    expect(referencePrefixProblem('SUPERVISE')).toBe('The reference prefix must be 8 characters or fewer.');
    expect(referencePrefixProblem('sup')).toBe('The reference prefix must be in capital letters, like SUP.');
    expect(referencePrefixProblem('2SUP')).toBe('The reference prefix must start with a letter.');
    expect(referencePrefixProblem('SU-P')).toBe('The reference prefix can only hold capital letters A to Z and digits 0 to 9.');
  });

  it('numbers with at least six digits and grows beyond', () => {
    expect(formatReference('SUP-2026', 123)).toBe('SUP-2026-000123');
    expect(formatReference('SUP-2026', 999_999)).toBe('SUP-2026-999999');
    expect(formatReference('SUP-2026', 1_234_567)).toBe('SUP-2026-1234567');
    expect(() => formatReference('SUP-2026', 0)).toThrow(RangeError);
  });

  it('takes the year in Europe/London', () => {
    expect(referenceYear('2026-12-31T23:59:59.999Z')).toBe(2026);
    expect(referenceYear('2027-01-01T00:00:00.000Z')).toBe(2027);
    // An offset written in the time is read as the instant it is.
    expect(referenceYear('2027-01-01T00:30:00+01:00')).toBe(2026);
    expect(referenceSeriesOf({ formId: 'return-to-work', createdAt: '2026-06-30T23:30:00.000Z' })).toBe('RTW-2026');
    expect(referenceSeriesOf({ formId: 'return-to-work', createdAt: '2026-06-30T23:30:00.000Z' }, 'ABS')).toBe('ABS-2026');
  });

  it('reads a reference as people type it', () => {
    expect(normaliseReference(' sup-2026-000123 ')).toBe('SUP-2026-000123');
    expect(normaliseReference('SUP-2026-1234567')).toBe('SUP-2026-1234567');
    expect(normaliseReference('SUP-2026-123')).toBeNull();
    expect(normaliseReference('SUP2026000123')).toBeNull();
  });
});
