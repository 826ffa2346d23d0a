import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import LongestFirst from './support/sequencer.js';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['**/node_modules/**', 'tests/bench/**'],
    // The second gives the browser tests (tests/e2e) a per-run place to build the web apps once.
    globalSetup: ['tests/support/global-setup.ts', 'tests/e2e/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Store suites start child processes and servers; two workers keep a 2-core machine responsive.
    maxWorkers: 2,
    // Each worker loads the modules once for all the files it runs, not once per file: loading
    // them again (playwright, the server, the engine; 2-6 s a file) took 335 s of a full run.
    // Test files share no state through modules: no mocks, no fake timers, no patched globals.
    isolate: false,
    // The longest files first, on a clean clone too (see the sequencer).
    sequence: { sequencer: LongestFirst },
    // On CI (2 shared cores, a browser and servers beside each worker), a failed test is tried once
    // more, so one load-induced race does not hold back everything else; a test that passes only
    // then is named at the end of the run as FLAKY (the reporter below), to be fixed.
    retry: process.env.CI ? 1 : 0,
    reporters: ['default', './tests/support/flaky-reporter.ts'],
  },
});
