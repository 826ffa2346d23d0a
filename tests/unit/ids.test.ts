import { describe, expect, it } from 'vitest';
import { newId } from '../../engine/ids.js';

describe('ids', () => {
  it('are UUIDv7, unique, and sort in the order they were made, even many per millisecond', () => {
    const ids = Array.from({ length: 50_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs(parseInt(ids.at(-1)!.replace(/-/g, '').slice(0, 12), 16) - Date.now())).toBeLessThan(5_000);
  });
});
