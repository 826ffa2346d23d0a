/**
 * `npm start`: opens the store (embedded SQLite in ./data unless MONGODB_URI is set), seeds the
 * templates into a fresh store and reports what is there.
 */
import { resolve } from 'node:path';
import { createEngine } from './engine.js';
import { seedTemplates } from './forms/templates.js';
import { openStore, type StoreConfig } from './store/open.js';

const config: StoreConfig = process.env.MONGODB_URI
  ? { kind: 'mongo', uri: process.env.MONGODB_URI, dbName: process.env.MONGODB_DB ?? 'caseforms' }
  : { kind: 'sqlite', dataDir: resolve(process.env.CASEFORMS_DATA_DIR ?? 'data') };

const store = await openStore(config);
try {
  const ctx = createEngine({ store });
  const seeded = await seedTemplates(ctx);
  if (seeded.length) console.log(`Seeded ${seeded.length} templates as published version 1: ${seeded.join(', ')}`);
  console.log(`Store: ${config.kind === 'sqlite' ? config.dataDir : `${config.dbName} on MongoDB`}`);
  for (const form of await store.listForms()) {
    const versions = await store.listVersions(form.id);
    console.log(`  ${form.id.padEnd(24)} ${form.title.padEnd(36)} ${versions.map((v) => `v${v.version} ${v.status}`).join(', ')}`);
  }
} finally {
  await store.close();
}
