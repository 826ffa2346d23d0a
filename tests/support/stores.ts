/** Fresh, isolated stores of each kind for the contract suite (real SQLite file, real MongoDB-protocol server). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Store } from '../../engine/store/contract.js';
import type { StoreHooks } from '../../engine/store/hooks.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';

export type StoreKind = 'sqlite' | 'mongo';

/** A place a store lives; `open` can be called again after `close` to see what survived. */
export interface StoreLocation {
  kind: StoreKind;
  /** Environment for a child process to open the same store (see store-child.ts). */
  env: Record<string, string>;
  open(options?: { hooks?: StoreHooks }): Promise<Store>;
}

export function newLocation(kind: StoreKind): StoreLocation {
  if (kind === 'sqlite') {
    const file = join(mkdtempSync(join(tmpdir(), 'caseforms-store-')), 'caseforms.sqlite');
    return {
      kind,
      env: { STORE_KIND: 'sqlite', SQLITE_FILE: file },
      open: (options) => openSqliteStore({ file, hooks: options?.hooks }),
    };
  }
  const uri = inject('mongoUri');
  const dbName = `t_${randomBytes(6).toString('hex')}`;
  return {
    kind,
    env: { STORE_KIND: 'mongo', MONGO_URI: uri, MONGO_DB: dbName },
    open: (options) => openMongoStore({ uri, dbName, hooks: options?.hooks }),
  };
}

export const STORE_KINDS: StoreKind[] = ['sqlite', 'mongo'];
