/**
 * vitest global setup for the browser tests: a directory private to this run, where
 * `buildWebApps()` (tests/support/web.ts) keeps its lock and outcome so that the web apps are built
 * once per run, by the first test file that needs them, whichever worker it runs in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
// For the `webBuildRunDir` entry of ProvidedContext (types only; nothing is loaded).
import type {} from '../support/web.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-web-build-'));
  project.provide('webBuildRunDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
