/**
 * The designer model runs in the browser: nothing it imports, directly or through engine/
 * modules, may need Node (`node:` built-ins) or the policy's server-side regex engines.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODEL = fileURLToPath(new URL('../../../designer/model/', import.meta.url));
const FORBIDDEN = [/^node:/, /^re2-wasm$/, /^redos-detector$/, /^(fs|path|crypto|url|os)$/, /engine\/policy\/(index|schema|patterns|uischema|compare)\.js$/];

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('designer model: browser-safe imports', () => {
  it('imports nothing that needs Node or the server-side policy, however deep', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
          if (FORBIDDEN.some((re) => re.test(spec))) bad.push(`${file} → ${spec}`);
          visit(target);
        } else if (FORBIDDEN.some((re) => re.test(spec))) bad.push(`${file} → ${spec}`);
      }
    };
    for (const f of readdirSync(MODEL).filter((f) => f.endsWith('.ts'))) visit(MODEL + f);
    expect(bad).toEqual([]);
    expect([...seen].filter((f) => !f.startsWith(MODEL)).map((f) => f.replace(/^.*?\/(engine|schemas)\//, '$1/')).sort()).toEqual([
      // Review stages and tracked actions (engine/review/model.ts): roles and relationships, as data.
      'engine/accounts/model.ts',
      // Pre-fill from the ICS directory (engine/forms/prefill.ts): the directory's row types and legal status words.
      'engine/directory/model.ts',
      // File upload questions (issue 16): the types, limits and answer shape, as data.
      'engine/files/model.ts',
      // Calculated answers: the shared formula module (pure), bank holidays as data.
      'engine/forms/calculations/bank-holidays.json',
      'engine/forms/calculations/check.ts',
      'engine/forms/calculations/dates.ts',
      'engine/forms/calculations/evaluate.ts',
      'engine/forms/calculations/functions.ts',
      'engine/forms/calculations/language.ts',
      'engine/forms/calculations/plan.ts',
      'engine/forms/carry-forward.ts',
      'engine/forms/chosen-kind.ts',
      'engine/forms/labels.ts',
      'engine/forms/model.ts',
      'engine/forms/prefill.ts',
      'engine/forms/schedule.ts',
      'engine/forms/schema-paths.ts',
      'engine/forms/visibility.ts',
      'engine/json/equal.ts',
      'engine/json/pointer.ts',
      'engine/policy/limits.ts',
      'engine/policy/names.ts',
      'engine/policy/pattern-words.ts',
      'engine/review/model.ts',
      // How often records are due and what the dashboards chart (engine/forms/schedule.ts): types and words.
      'engine/timeliness/model.ts',
      'engine/validation/dates.ts',
      'engine/validation/named-formats.ts',
      'schemas/generated/child.ts',
      'schemas/generated/team.ts',
      'schemas/generated/worker.ts',
    ]);
  });
});
