/**
 * Lists, at the end of a run, the tests that failed and then passed when tried again (CI tries a
 * failed test once more: see tests/vitest.config.ts). Each is a race to find and fix — two of the
 * last three found were real product defects — so they are named loudly, with their first error.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class FlakyReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const flaky: string[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        if (!t.diagnostic()?.flaky) continue;
        // Enough of the first error to find its cause (an axe finding names its rule on the lines after the first).
        const first = (t.result().errors?.[0]?.message ?? '').split('\n').filter((l) => l.trim()).slice(0, 12).join('\n        ');
        flaky.push(`  ${m.moduleId.replace(`${process.cwd()}/`, '')} > ${t.fullName}${first ? `\n      first try: ${first}` : ''}`);
      }
    }
    if (!flaky.length) return;
    console.log(`\nFLAKY: ${flaky.length} test${flaky.length === 1 ? '' : 's'} failed, then passed when tried again (fix the race):\n${flaky.join('\n')}\n`);
  }
}
