/**
 * The nesting guard every request body passes (engine/json/limits.ts), against the plain
 * definition: the root is at depth 0, anything inside an object or array one deeper than it, and a
 * body is too deep when anything in it is deeper than the limit.
 */
import { describe, expect, it } from 'vitest';
import { tooDeep } from '../../../engine/json/limits.js';

function depth(v: unknown): number {
  const inside = Array.isArray(v) ? v : typeof v === 'object' && v !== null ? Object.values(v) : [];
  return inside.length ? 1 + Math.max(...inside.map(depth)) : 0;
}

const nest = (n: number, leaf: unknown): unknown => (n === 0 ? leaf : { a: [nest(n - 1, leaf)] }.a);

describe('tooDeep', () => {
  const values: unknown[] = [
    null, 1, 'x', true, [], {}, [[]], [{}], { a: {} }, { a: 1 }, [1, [2, [3]]], { a: { b: { c: null } } },
    nest(3, 1), nest(3, []), nest(3, {}), nest(4, 'x'), { a: [1, { b: [[[]], 2] }], c: {} },
    [{ a: 1 }, { b: [{ c: [{ d: 'deep' }] }] }],
  ];
  it('says what the definition says, for every limit around each value’s depth', () => {
    for (const v of values) {
      for (let limit = -1; limit <= 6; limit++) expect(tooDeep(v, limit), `${JSON.stringify(v)} at limit ${limit}`).toBe(depth(v) > limit);
    }
  });

  it('a body a hundred thousand levels deep is refused without running out of stack, and a wide one is not too deep', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(tooDeep(deep, 80)).toBe(true);
    const wide = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`q${i}`, { answer: [i] }]));
    // { q0: { answer: [0] } }: the number is three deep.
    expect(tooDeep(wide, 3)).toBe(false);
    expect(tooDeep(wide, 2)).toBe(true);
  });
});
