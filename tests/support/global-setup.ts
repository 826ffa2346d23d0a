/** vitest global setup: one MongoDB-protocol server for the whole run. */
import type { TestProject } from 'vitest/node';
import { startFerretdb } from './ferretdb.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.MONGODB_URI;
  if (external) {
    project.provide('mongoUri', external);
    return async () => {};
  }
  const server = await startFerretdb();
  project.provide('mongoUri', server.uri);
  return () => server.stop();
}
