/**
 * The MongoDB-protocol server a bench's second half runs against: MONGODB_URI when set, else a
 * FerretDB started for the bench and stopped after it. Says so and skips when it cannot start.
 */
import { startFerretdb } from '../support/ferretdb.js';

export async function withMongoServer(log: (line: string) => void, run: (server: { uri: string; name: string; external: boolean }) => Promise<void>): Promise<void> {
  const external = process.env.MONGODB_URI;
  let server: Awaited<ReturnType<typeof startFerretdb>> | null = null;
  try {
    server = external ? null : await startFerretdb();
  } catch (err) {
    log(`  FerretDB could not be started, so no figures for it: ${(err as Error).message.split('\n')[0]}`);
    return;
  }
  try {
    await run({ uri: external ?? server!.uri, name: external ? 'MongoDB' : 'FerretDB', external: external !== undefined });
  } finally {
    await server?.stop();
  }
}
