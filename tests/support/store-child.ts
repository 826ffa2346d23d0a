/**
 * A separate OS process working on a shared store, for the cross-process tests. Opens the store
 * named by the environment (see stores.ts), runs one command, prints JSON lines on stdout.
 *   claim <workerId> <leaseMs>             claim one at a time until nothing is left; print each id
 *   create-same-key <key> <count>          <count> concurrent creates with one idempotency key
 *   write-and-submit <prefix>              create and submit records forever; print each acknowledged id
 *   create-many <count> <goFile>           once <goFile> exists, <count> concurrent creates (drafts and submitted, two
 *                                          forms sharing the prefix SUP); print each record's id and reference
 *   directory-full <count> <prefix> <version> <key>
 *                                          apply one full children batch (manyChildren); print {applied: seq} when acknowledged
 *   file-modes                             (SQLite) write one event, print the folder's and files' permission bits while open
 *   upload-hang <fileId> <submissionId>    start uploading a file, print {halfway: true} once 2 MB are in, then wait to be killed
 */
import { existsSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname } from 'node:path';
import type { Store } from '../../engine/store/contract.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { event, submission } from './records.js';
import { batchOf } from './directory.js';
import { manyChildren } from './directory-rows.js';

async function open(): Promise<Store> {
  const env = process.env;
  if (env.STORE_KIND === 'sqlite') return openSqliteStore({ file: env.SQLITE_FILE! });
  return openMongoStore({ uri: env.MONGO_URI!, dbName: env.MONGO_DB! });
}

function emit(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

const [command, ...args] = process.argv.slice(2);
const store = await open();
emit({ ready: true });

if (command === 'claim') {
  const [workerId, leaseMs] = args as [string, string];
  let empty = 0;
  // A few empty rounds in a row means the queue is drained (the other claimer may hold the rest).
  while (empty < 5) {
    const got = await store.claimOutbox({ workerId, leaseMs: Number(leaseMs), now: new Date().toISOString(), limit: 1 });
    if (got.length === 0) {
      empty++;
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    empty = 0;
    for (const e of got) emit({ claimed: e.id, token: e.leaseToken });
  }
} else if (command === 'create-same-key') {
  const [key, count] = args as [string, string];
  const body = submission({ id: 'ignored', data: { note: 'same body' } });
  const results = await Promise.allSettled(
    Array.from({ length: Number(count) }, () =>
      store.createSubmission(
        { ...body, id: crypto.randomUUID() },
        { idempotency: { key, fingerprint: 'fp-same' }, outbox: [], event: event('submission.created', 'submission', 'x') },
      ),
    ),
  );
  for (const r of results) {
    emit(r.status === 'fulfilled' ? { id: r.value.submission.id, replayed: r.value.replayed } : { error: String(r.reason) });
  }
} else if (command === 'create-many') {
  const [count, goFile] = args as [string, string];
  // Both processes are open and waiting; the test starts them together.
  while (!existsSync(goFile)) await sleep(5);
  const results = await Promise.allSettled(
    Array.from({ length: Number(count) }, (_, i) => {
      const s = submission({
        formId: i % 3 === 0 ? 'supervision-notes' : 'case-supervision',
        status: i % 2 ? 'submitted' : 'draft',
        ...(i % 2 ? { submittedAt: new Date().toISOString(), submittedBy: 'u-worker' } : {}),
        data: { note: `record ${i}` },
      });
      return store.createSubmission(s, {
        referencePrefix: 'SUP',
        outbox: i % 2 ? [{ connector: 'ics-http' }] : [],
        event: event('submission.created', 'submission', s.id),
      });
    }),
  );
  for (const r of results) {
    emit(r.status === 'fulfilled' ? { id: r.value.submission.id, reference: r.value.submission.reference } : { error: String(r.reason) });
  }
} else if (command === 'directory-full') {
  const [count, prefix, version, key] = args as [string, string, string, string];
  const batch = batchOf('children', manyChildren(Number(count), { prefix, version: Number(version) }), { key });
  emit({ applying: true });
  const { applied } = await store.applyDirectoryBatch(batch, event('directory.batch-applied', 'directory', 'children'));
  emit({ applied: applied.seq });
} else if (command === 'file-modes') {
  await store.appendEvent(event('account.signed-in', 'account', 'u-child'));
  const file = process.env.SQLITE_FILE!;
  const mode = (p: string) => (existsSync(p) ? (statSync(p).mode & 0o777).toString(8) : 'absent');
  emit({ umask: process.umask().toString(8), dir: mode(dirname(file)), file: mode(file), wal: mode(`${file}-wal`), shm: mode(`${file}-shm`) });
} else if (command === 'upload-hang') {
  const [id, submissionId] = args as [string, string];
  const meta = { id, name: 'half.pdf', submissionId, formId: 'return-to-work', pointer: '/fitNote', uploadedBy: 'u-worker', uploadedAt: new Date().toISOString(), scan: 'not-configured' as const };
  async function* body(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < 8; i++) yield new Uint8Array(256 * 1024).fill(i);
    // Time for the last chunks to reach the store before the parent kills us.
    await sleep(500);
    emit({ halfway: true });
    // A timer keeps the process alive (an open file alone does not) until it is killed.
    await new Promise(() => setInterval(() => {}, 1000));
  }
  await store.files.put(meta, body(), () => ({ size: 0, sha256: '0'.repeat(64), mediaType: 'application/pdf' }), (f) => event('file.uploaded', 'file', f.id));
} else if (command === 'write-and-submit') {
  const [prefix] = args as [string];
  for (let i = 0; ; i++) {
    const s = submission({ subject: { childId: `${prefix}-${i % 7}` }, data: { note: `record ${i}` } });
    await store.createSubmission(s, { outbox: [], event: event('submission.created', 'submission', s.id) });
    const now = new Date().toISOString();
    await store.updateDraft(
      s.id,
      1,
      { status: 'submitted', submittedAt: now, submittedBy: 'u-worker', updatedAt: now, updatedBy: 'u-worker' },
      { outbox: [{ connector: 'ics-http' }, { connector: 'ics-file' }], event: event('submission.submitted', 'submission', s.id) },
    );
    emit({ acked: s.id });
  }
}
await store.close();
emit({ done: true });
