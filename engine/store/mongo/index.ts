import type { Store } from '../contract.js';
import type { StoreHooks } from '../hooks.js';

export interface MongoStoreOptions {
  uri: string;
  dbName: string;
  hooks?: StoreHooks;
}

export async function openMongoStore(_options: MongoStoreOptions): Promise<Store> {
  throw new Error('MongoDB store: being written');
}
