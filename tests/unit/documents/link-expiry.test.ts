import { describe, expect, it } from 'vitest';
import { linkExpiry } from '../../../engine/documents/source.js';

const DAY = 86_400_000;
const changed = Date.parse('2026-12-01T10:00:00Z');

describe('when a document link in a delivery expires', () => {
  it('sent within half its lifetime of the change: at the end of the first period, so retries carry the same link', () => {
    expect(linkExpiry(changed, 7 * DAY, changed)).toBe(changed + 7 * DAY);
    expect(linkExpiry(changed, 7 * DAY, changed + 3 * DAY)).toBe(changed + 7 * DAY);
    expect(linkExpiry(changed, 7 * DAY, changed + 3.5 * DAY)).toBe(changed + 7 * DAY);
  });
  it('sent later (a replay, a held-up send): the first period end at least half a period away, never one gone by', () => {
    expect(linkExpiry(changed, 7 * DAY, changed + 3.5 * DAY + 1)).toBe(changed + 14 * DAY);
    expect(linkExpiry(changed, 7 * DAY, changed + 30 * DAY)).toBe(changed + 35 * DAY);
    for (let now = changed; now < changed + 60 * DAY; now += 0.37 * DAY) {
      const ends = linkExpiry(changed, 7 * DAY, now);
      expect(ends - now).toBeGreaterThanOrEqual(3.5 * DAY);
      expect((ends - changed) % (7 * DAY)).toBe(0);
    }
  });
});
