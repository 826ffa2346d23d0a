import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedTypes } from '../../schemas/generate-types.js';

describe('generated types', () => {
  it('schemas/generated matches what the engine schemas generate (run `npm run gen:types` after changing them)', async () => {
    const fresh = await generatedTypes();
    expect(fresh.size).toBeGreaterThanOrEqual(4);
    for (const [name, ts] of fresh) {
      expect(readFileSync(new URL(`../../schemas/generated/${name}`, import.meta.url), 'utf8'), name).toBe(ts);
    }
  });
});
