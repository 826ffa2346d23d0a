/**
 * vitest global setup: one MongoDB-protocol server for the whole run, and one temporary folder
 * for everything the run makes there (stores, data folders, drop folders, browser profiles),
 * removed when the run ends: a full run makes thousands of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startFerretdb } from './ferretdb.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Set before the workers start: they, and every process they start, inherit it (os.tmpdir()).
  const runDir = mkdtempSync(join(tmpdir(), 'caseforms-test-run-'));
  process.env.TMPDIR = runDir;
  const removeRunDir = () => rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  const external = process.env.MONGODB_URI;
  if (external) {
    project.provide('mongoUri', external);
    return async () => removeRunDir();
  }
  const server = await startFerretdb();
  project.provide('mongoUri', server.uri);
  return async () => {
    await server.stop();
    removeRunDir();
  };
}
