import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Store } from '../../engine/store/contract.js';
import type { NewFile } from '../../engine/store/files.js';
import type { StoredFile } from '../../engine/files/model.js';
import { NotFoundError } from '../../engine/errors.js';
import { newId } from '../../engine/ids.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';
import { event } from '../support/records.js';
import { startChild } from '../support/child.js';

class SimulatedCrash extends Error {}

let n = 0;
function newFile(overrides: Partial<NewFile> = {}): NewFile {
  return {
    id: `f_${newId().replace(/[^A-Za-z0-9_-]/g, '')}${++n}`,
    name: 'fit note.pdf',
    submissionId: 's-1',
    formId: 'return-to-work',
    pointer: '/fitNote',
    uploadedBy: 'u-worker',
    uploadedAt: new Date().toISOString(),
    scan: 'not-configured',
    ...overrides,
  };
}

/** The bytes in pieces of 64 KB, as a request body arrives. */
async function* pieces(bytes: Buffer, failAfter?: number): AsyncGenerator<Uint8Array> {
  for (let off = 0; off < bytes.length; off += 65_536) {
    if (failAfter !== undefined && off >= failAfter) throw new Error('connection dropped');
    yield bytes.subarray(off, off + 65_536);
  }
}

const factsOf = (bytes: Buffer) => () => ({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), mediaType: 'application/pdf' });
const uploaded = (f: StoredFile) => event('file.uploaded', 'file', f.id, f.uploadedBy);

async function readAll(store: Store, id: string): Promise<Buffer | null> {
  const stream = await store.files.open(id);
  if (!stream) return null;
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

/** What an unfinished or removed upload could leave behind, read under the store: names of files, or GridFS chunks and markers. */
async function leftovers(loc: StoreLocation): Promise<string[]> {
  if (loc.kind === 'sqlite') {
    const folder = join(dirname(loc.env.SQLITE_FILE!), 'files');
    return existsSync(folder) ? readdirSync(folder) : [];
  }
  const client = await MongoClient.connect(loc.env.MONGO_URI!);
  try {
    const db = client.db(loc.env.MONGO_DB!);
    const chunks = await db.collection('files.chunks').distinct('files_id');
    const markers = (await db.collection('fileUploads').find({}).toArray()).map((d) => `marker:${String(d._id)}`);
    return [...chunks.map((id) => `chunks:${String(id)}`), ...markers];
  } finally {
    await client.close();
  }
}

describe.each(STORE_KINDS)('%s store: uploaded files', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
  });
  afterEach(async () => {
    await store.close();
  });

  async function put(bytes: Buffer, overrides: Partial<NewFile> = {}): Promise<StoredFile> {
    return store.files.put(newFile(overrides), pieces(bytes), factsOf(bytes), uploaded);
  }

  it('stores a file with its facts and upload event, gives the same bytes back and lists it under its record', async () => {
    const bytes = randomBytes(700_000);
    const f = await put(bytes);
    expect(f).toStrictEqual({ ...newFileShape(f), size: 700_000, sha256: createHash('sha256').update(bytes).digest('hex'), mediaType: 'application/pdf' });
    expect(await store.files.get(f.id)).toStrictEqual(f);
    expect((await readAll(store, f.id))!.equals(bytes)).toBe(true);
    const other = await put(randomBytes(10), { submissionId: 's-2' });
    expect((await store.files.listForRecord('s-1')).map((x) => x.id)).toEqual([f.id]);
    expect((await store.files.listForRecord('s-2')).map((x) => x.id)).toEqual([other.id]);
    expect((await store.listEvents({ entityId: f.id })).map((e) => e.action)).toEqual(['file.uploaded']);
    expect(await store.files.get('f_nosuchfile1')).toBeNull();
    expect(await store.files.open('f_nosuchfile1')).toBeNull();
  });

  it('keeps the bytes private to the service on SQLite (files 0600, folder 0700)', async () => {
    if (kind !== 'sqlite') return;
    const f = await put(randomBytes(100));
    const folder = join(dirname(loc.env.SQLITE_FILE!), 'files');
    expect((statSync(folder).mode & 0o777).toString(8)).toBe('700');
    expect((statSync(join(folder, f.id)).mode & 0o777).toString(8)).toBe('600');
  });

  it('an upload whose body fails half-way leaves nothing visible and no bytes behind', async () => {
    const meta = newFile();
    const bytes = randomBytes(1_000_000);
    await expect(store.files.put(meta, pieces(bytes, 600_000), factsOf(bytes), uploaded)).rejects.toThrow('connection dropped');
    expect(await store.files.get(meta.id)).toBeNull();
    expect(await store.files.listForRecord('s-1')).toEqual([]);
    expect(await store.listEvents({ entityId: meta.id })).toEqual([]);
    expect(await leftovers(loc)).toEqual([]);
  });

  it('a process killed with SIGKILL half-way through an upload leaves nothing visible, and the sweep removes its bytes', async () => {
    await store.close();
    const id = `f_killed${newId().replace(/[^A-Za-z0-9_-]/g, '')}`;
    const run = await startChild(loc.env, ['upload-hang', id, 's-killed']);
    const started = Date.now();
    while (!run.lines.some((l) => l.halfway) && !run.lines.some((l) => l.childFailed) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 20));
    expect(run.lines.filter((l) => !l.ready)).toEqual([{ halfway: true }]);
    run.child.kill('SIGKILL');
    await run.exited;
    // The bytes that were in when it died are there, but nothing shows them.
    expect((await leftovers(loc)).length).toBeGreaterThan(0);
    store = await loc.open();
    expect(await store.files.get(id)).toBeNull();
    expect(await store.files.open(id)).toBeNull();
    expect(await store.files.listForRecord('s-killed')).toEqual([]);
    expect(await store.listEvents({ entityId: id })).toEqual([]);
    // Leftovers younger than the cutoff are left (an upload may still be running in another process).
    await store.files.sweep(new Date(Date.now() - 60_000), (f) => event('file.swept', 'file', f.id, 'system'));
    expect((await leftovers(loc)).length).toBeGreaterThan(0);
    expect(await store.files.sweep(new Date(Date.now() + 1000), (f) => event('file.swept', 'file', f.id, 'system'))).toBe(0);
    expect(await leftovers(loc)).toEqual([]);
  });

  it('a crash at each step of an upload leaves either the file with its event or nothing at all', async () => {
    const steps: string[] = [];
    {
      const s2 = await newLocation(kind).open({ hooks: { between: (s) => void steps.push(s) } });
      const bytes = randomBytes(300_000);
      await s2.files.put(newFile(), pieces(bytes), factsOf(bytes), uploaded);
      await s2.close();
    }
    expect(steps.length).toBeGreaterThan(1);
    for (const step of steps) {
      const l = newLocation(kind);
      let armed = true;
      let s = await l.open({ hooks: { between: (name) => { if (armed && name === step) throw new SimulatedCrash(name); } } });
      const meta = newFile();
      const bytes = randomBytes(300_000);
      await expect(s.files.put(meta, pieces(bytes), factsOf(bytes), uploaded), step).rejects.toBeInstanceOf(SimulatedCrash);
      armed = false;
      await s.close();
      s = await l.open();
      const got = await s.files.get(meta.id);
      const events = (await s.listEvents({ entityId: meta.id })).map((e) => e.action);
      if (got) {
        expect((await readAll(s, meta.id))!.equals(bytes), step).toBe(true);
        expect(events, step).toEqual(['file.uploaded']);
      } else {
        expect(events, step).toEqual([]);
        expect(await s.files.listForRecord('s-1'), step).toEqual([]);
      }
      await s.files.sweep(new Date(Date.now() + 1000), (f) => event('file.swept', 'file', f.id, 'system'));
      expect(await leftovers(l), step).toEqual([]);
      await s.close();
    }
  });

  it('the sweep leaves the files it is told to spare, and goes on past a whole page of them to the rest', { timeout: 120_000 }, async () => {
    const old = Date.now() - 2 * 86_400_000;
    const files: StoredFile[] = [];
    // More spared than one page of the sweep (200): a sweep that read the same page again would stop, or never end.
    for (let i = 0; i < 203; i++) files.push(await put(Buffer.from(`%PDF-1.4 ${i}`), { uploadedAt: new Date(old + i * 1000).toISOString() }));
    const gone = new Set([files[5]!.id, files[202]!.id]);
    const asked = new Set<string>();
    const removed = await store.files.sweep(new Date(Date.now() - 86_400_000), (f) => event('file.swept', 'file', f.id, 'system'), async (f) => {
      asked.add(f.id);
      return !gone.has(f.id);
    });
    expect(removed).toBe(2);
    expect(asked.size).toBe(203);
    const left = new Set((await store.files.listForRecord('s-1')).map((f) => f.id));
    expect(files.filter((f) => !left.has(f.id)).map((f) => f.id).sort()).toEqual([...gone].sort());
  });

  it('the sweep removes files never kept that were uploaded before the cutoff, with an event each, and leaves kept and newer ones', async () => {
    const old = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const stale = await put(randomBytes(1000), { uploadedAt: old });
    const keptOld = await put(randomBytes(1000), { uploadedAt: old });
    const fresh = await put(randomBytes(1000));
    await store.files.keep([keptOld.id], '2026-12-01T10:00:00.000Z');
    expect((await store.files.get(keptOld.id))?.keptAt).toBe('2026-12-01T10:00:00.000Z');
    const removed = await store.files.sweep(new Date(Date.now() - 86_400_000), (f) => event('file.swept', 'file', f.id, 'system'));
    expect(removed).toBe(1);
    expect(await store.files.get(stale.id)).toBeNull();
    expect(await store.files.open(stale.id)).toBeNull();
    expect((await store.listEvents({ entityId: stale.id })).map((e) => e.action)).toEqual(['file.uploaded', 'file.swept']);
    expect((await store.files.listForRecord('s-1')).map((f) => f.id).sort()).toEqual([keptOld.id, fresh.id].sort());
    expect(await readAll(store, keptOld.id)).not.toBeNull();
    // Keeping twice keeps the first time; it says which it kept just now.
    expect(await store.files.keep([keptOld.id, fresh.id], '2026-12-02T10:00:00.000Z')).toEqual([fresh.id]);
    expect((await store.files.get(keptOld.id))?.keptAt).toBe('2026-12-01T10:00:00.000Z');
    expect((await store.files.get(fresh.id))?.keptAt).toBe('2026-12-02T10:00:00.000Z');
    if (kind === 'sqlite') expect((await leftovers(loc)).sort()).toEqual([keptOld.id, fresh.id].sort());
    else expect((await leftovers(loc)).sort()).toEqual([`chunks:${keptOld.id}`, `chunks:${fresh.id}`].sort());
  });

  it('a file let go of (unkeep) is the sweep\'s again, as if never kept; letting go twice, or of a file not kept, changes nothing', async () => {
    const old = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const a = await put(randomBytes(1000), { uploadedAt: old });
    const b = await put(randomBytes(1000), { uploadedAt: old });
    expect(await store.files.keep([a.id, b.id], '2026-12-01T10:00:00.000Z')).toEqual([a.id, b.id]);
    await store.files.unkeep([a.id]);
    await store.files.unkeep([a.id]);
    expect((await store.files.get(a.id))?.keptAt).toBeUndefined();
    expect((await store.files.get(b.id))?.keptAt).toBe('2026-12-01T10:00:00.000Z');
    expect(await store.files.sweep(new Date(Date.now() - 86_400_000), (f) => event('file.swept', 'file', f.id, 'system'))).toBe(1);
    expect((await store.files.listForRecord('s-1')).map((f) => f.id)).toEqual([b.id]);
    // Kept again after letting go: kept, with the new time.
    await store.files.unkeep([b.id]);
    expect(await store.files.keep([b.id], '2026-12-03T10:00:00.000Z')).toEqual([b.id]);
    expect((await store.files.get(b.id))?.keptAt).toBe('2026-12-03T10:00:00.000Z');
  });

  it('scan states: unscanned files are listed oldest first until a result is set; an infected file keeps its record but loses its bytes', async () => {
    const a = await put(randomBytes(2000), { scan: 'unscanned', uploadedAt: '2026-12-01T10:00:00.000Z' });
    const b = await put(randomBytes(2000), { scan: 'unscanned', uploadedAt: '2026-12-01T09:00:00.000Z' });
    await put(randomBytes(2000));
    expect((await store.files.listUnscanned(10)).map((f) => f.id)).toEqual([b.id, a.id]);
    expect((await store.files.listUnscanned(1)).map((f) => f.id)).toEqual([b.id]);
    expect(await store.files.setScan(a.id, 'clean', event('file.scanned', 'file', a.id, 'system'))).toMatchObject({ id: a.id, scan: 'clean' });
    const infected = await store.files.setScan(b.id, 'infected', event('file.scanned', 'file', b.id, 'system'));
    expect(infected).toStrictEqual({ ...b, scan: 'infected' });
    expect(await store.files.listUnscanned(10)).toEqual([]);
    expect(await store.files.get(b.id)).toStrictEqual({ ...b, scan: 'infected' });
    expect(await store.files.open(b.id)).toBeNull();
    expect((await readAll(store, a.id))!.length).toBe(2000);
    expect((await store.listEvents({ entityId: b.id })).map((e) => e.action)).toEqual(['file.uploaded', 'file.scanned']);
    await expect(store.files.setScan('f_nosuchfile1', 'clean', event('file.scanned', 'file', 'f_nosuchfile1'))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('delete removes the bytes and the record with its event; deleting again is not found', async () => {
    const f = await put(randomBytes(5000));
    await store.files.delete(f.id, event('file.deleted', 'file', f.id, 'u-worker'));
    expect(await store.files.get(f.id)).toBeNull();
    expect(await store.files.open(f.id)).toBeNull();
    expect(await store.files.listForRecord('s-1')).toEqual([]);
    expect((await store.listEvents({ entityId: f.id })).map((e) => e.action)).toEqual(['file.uploaded', 'file.deleted']);
    expect(await leftovers(loc)).toEqual([]);
    await expect(store.files.delete(f.id, event('file.deleted', 'file', f.id))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a scan result and a deletion of one file at once on two nodes (the deleting node dying part way) both keep their events', async () => {
    const f = await put(randomBytes(3000), { scan: 'unscanned' });
    // Node B deletes the file and dies before finishing; node A's scan result has read the file
    // before B's mark and writes after it (held there: on MongoDB each is a separate write).
    const nodeB = await loc.open({ hooks: { between: (step) => { if (step === 'file.deleting') throw new SimulatedCrash(step); } } });
    let deletedMeanwhile = false;
    const deleteOnB = async () => {
      deletedMeanwhile = true;
      await nodeB.files.delete(f.id, event('file.deleted', 'file', f.id, 'u-worker')).catch((err: unknown) => {
        if (!(err instanceof SimulatedCrash)) throw err;
      });
    };
    const nodeA = await loc.open({ hooks: { paused: async (step) => { if (step === 'file.scan-read' && !deletedMeanwhile) await deleteOnB(); } } });
    try {
      await nodeA.files.setScan(f.id, 'clean', event('file.scanned', 'file', f.id, 'system')).catch((err: unknown) => {
        if (!(err instanceof NotFoundError)) throw err;
      });
      // A store without the pause (SQLite: one transaction each) meets them one after the other.
      if (!deletedMeanwhile) await deleteOnB();
    } finally {
      await nodeA.close();
      await nodeB.close();
    }
    // What B left half done is finished by the next store to open (its roll-forward): nothing lost.
    const after = await loc.open();
    try {
      expect(await after.files.get(f.id)).toBeNull();
      expect((await after.listEvents({ entityId: f.id })).map((e) => e.action).sort()).toEqual(['file.deleted', 'file.scanned', 'file.uploaded']);
      expect(await leftovers(loc)).toEqual([]);
    } finally {
      await after.close();
    }
  });

  it('refuses an id that could name a path', async () => {
    await expect(store.files.put(newFile({ id: 'f_../../etc' }), pieces(Buffer.from('x')), factsOf(Buffer.from('x')), uploaded)).rejects.toThrow('not a file id');
  });
});

/** The stored file's fields that come from what was known before the bytes (for a strict comparison). */
function newFileShape(f: StoredFile): StoredFile {
  return { id: f.id, name: 'fit note.pdf', size: f.size, mediaType: f.mediaType, sha256: f.sha256, submissionId: 's-1', formId: 'return-to-work', pointer: '/fitNote', uploadedBy: 'u-worker', uploadedAt: f.uploadedAt, scan: 'not-configured' };
}
