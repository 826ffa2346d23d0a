/** Chooses the store adapter: the one place that knows both. */
import { join } from 'node:path';
import type { Store } from './contract.js';
import { openMongoStore } from './mongo/index.js';
import { openSqliteStore } from './sqlite/index.js';

export type StoreConfig = { kind: 'sqlite'; dataDir: string } | { kind: 'mongo'; uri: string; dbName: string };

export async function openStore(config: StoreConfig): Promise<Store> {
  return config.kind === 'mongo' ? openMongoStore({ uri: config.uri, dbName: config.dbName }) : openSqliteStore({ file: join(config.dataDir, 'caseforms.sqlite') });
}
