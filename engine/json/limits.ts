/** Guards for JSON from outside: nesting depth, checked without recursion. */

/** True when `value` nests objects or arrays more than `limit` deep. Stops early; never recurses. */
export function tooDeep(value: unknown, limit: number): boolean {
  if (limit < 0) return true;
  // Only objects and arrays are kept to look into (every request body passes here): a value
  // inside one at depth d is at depth d + 1, too deep when that passes the limit.
  const stack: object[] = [];
  const depths: number[] = [];
  if (typeof value === 'object' && value !== null) {
    stack.push(value);
    depths.push(0);
  }
  while (stack.length) {
    const v = stack.pop()!;
    const d = depths.pop()!;
    const inside = Array.isArray(v) ? v : Object.values(v);
    if (inside.length && d + 1 > limit) return true;
    for (const x of inside) {
      if (typeof x === 'object' && x !== null) {
        stack.push(x);
        depths.push(d + 1);
      }
    }
  }
  return false;
}
