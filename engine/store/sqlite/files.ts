/**
 * Uploaded files on the embedded store (migration 13). The bytes are plain files in the data
 * folder's `files/` (folder 0700, files 0600), not BLOBs in the database: better-sqlite3 has no
 * incremental blob I/O, so a BLOB would mean holding each whole file in memory to write or read
 * it, and the database file (what a backup copies most often) stays small.
 *
 * An upload is written to `<id>.partial`, fsync'd, linked to `<id>` (a link, unlike a rename,
 * never lands on an existing file) and the folder fsync'd; only then are the metadata row and its
 * event written, in one transaction. That row is what makes the file exist: bytes without a row
 * (a crash or a failed upload) are never served, and are removed at once or by `sweep`.
 */
import { link, mkdir, open, readdir, rm, stat, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type Database from 'better-sqlite3';
import type { EventRecord } from '../events.js';
import type { FileFacts, FileStore, NewFile } from '../files.js';
import { refuse } from '../messages.js';
import type { ScanState, StoredFile } from '../../files/model.js';
import { fileRecord, safeFileId } from '../files.js';

type Row = { doc: string };
const PARTIAL = '.partial';
const WRITE_BATCH = 256 * 1024;
/** Rows handled per transaction by the sweep, so a large backlog never holds the write lock long. */
const SWEEP_PAGE = 200;

export class SqliteFiles implements FileStore {
  private made: Promise<void> | undefined;

  constructor(
    private readonly folder: string,
    private readonly sql: (text: string) => Database.Statement,
    private readonly tx: <T>(fn: () => T) => Promise<T>,
    private readonly insertEvent: (e: EventRecord) => void,
    private readonly step: (name: string) => void,
  ) {}

  private pathOf(id: string): string {
    return join(this.folder, safeFileId(id));
  }

  private ready(): Promise<void> {
    return (this.made ??= (async () => {
      await mkdir(this.folder, { recursive: true, mode: 0o700 });
      await chmod(this.folder, 0o700);
    })());
  }

  private read(id: string): StoredFile | null {
    const row = this.sql('SELECT doc FROM files WHERE id = ?').get(id) as Row | undefined;
    return row ? (JSON.parse(row.doc) as StoredFile) : null;
  }

  private write(f: StoredFile): void {
    this.sql('UPDATE files SET scan = ?, kept_at = ?, doc = ? WHERE id = ?').run(f.scan, f.keptAt ?? null, JSON.stringify(f), f.id);
  }

  async put(meta: NewFile, body: AsyncIterable<Uint8Array>, facts: () => FileFacts, event: (file: StoredFile) => EventRecord): Promise<StoredFile> {
    const final = this.pathOf(meta.id);
    const partial = final + PARTIAL;
    await this.ready();
    let linked = false;
    try {
      const fh = await open(partial, 'wx', 0o600);
      try {
        // Pieces (64 KB off the socket) gathered into one writev of 256 KB: a quarter of the trips to the disk's threads.
        let held: Uint8Array[] = [];
        let heldBytes = 0;
        const flush = async () => {
          const { bytesWritten } = await fh.writev(held);
          // A short write (rare on a regular file): the rest, one write at a time.
          if (bytesWritten < heldBytes) {
            const rest = Buffer.concat(held).subarray(bytesWritten);
            for (let off = 0; off < rest.byteLength; ) off += (await fh.write(rest, off, rest.byteLength - off)).bytesWritten;
          }
          held = [];
          heldBytes = 0;
        };
        for await (const chunk of body) {
          held.push(chunk);
          heldBytes += chunk.byteLength;
          if (heldBytes >= WRITE_BATCH) await flush();
        }
        if (heldBytes) await flush();
        await fh.sync();
      } finally {
        await fh.close();
      }
      this.step('file.bytes-written');
      await link(partial, final);
      linked = true;
      await rm(partial, { force: true });
      await syncFolder(this.folder);
      this.step('file.bytes-durable');
      const stored = fileRecord(meta, facts());
      await this.tx(() => {
        if (this.read(stored.id)) throw refuse.fileExists(stored.id);
        this.sql('INSERT INTO files (id, submission_id, scan, uploaded_at, kept_at, doc) VALUES (?, ?, ?, ?, NULL, ?)')
          .run(stored.id, stored.submissionId, stored.scan, stored.uploadedAt, JSON.stringify(stored));
        this.step('file.row-inserted');
        this.insertEvent(event(stored));
      });
      return stored;
    } catch (err) {
      await rm(partial, { force: true });
      if (linked) await rm(final, { force: true });
      throw err;
    }
  }

  async get(id: string): Promise<StoredFile | null> {
    return this.read(id);
  }

  async open(id: string): Promise<Readable | null> {
    const f = this.read(id);
    if (!f || f.scan === 'infected') return null;
    try {
      const fh = await open(this.pathOf(id), 'r');
      return fh.createReadStream();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async listForRecord(submissionId: string): Promise<StoredFile[]> {
    return (this.sql('SELECT doc FROM files WHERE submission_id = ? ORDER BY uploaded_at, id').all(submissionId) as Row[]).map((r) => JSON.parse(r.doc) as StoredFile);
  }

  async keep(ids: readonly string[], at: string): Promise<string[]> {
    return this.tx(() => {
      const kept: string[] = [];
      for (const id of ids) {
        const f = this.read(id);
        if (f && !f.keptAt) {
          this.write({ ...f, keptAt: at });
          kept.push(id);
        }
      }
      return kept;
    });
  }

  async unkeep(ids: readonly string[]): Promise<void> {
    await this.tx(() => {
      for (const id of ids) {
        const f = this.read(id);
        if (!f?.keptAt) continue;
        const { keptAt: _k, ...rest } = f;
        this.write(rest);
      }
    });
  }

  async setScan(id: string, scan: ScanState, event: EventRecord): Promise<StoredFile> {
    const updated = await this.tx(() => {
      const f = this.read(id);
      if (!f) throw refuse.fileMissing(id);
      const next = { ...f, scan };
      this.write(next);
      this.insertEvent(event);
      return next;
    });
    // An infected file's bytes go; its row stays, so the answer naming it can say why.
    if (scan === 'infected') await rm(this.pathOf(id), { force: true });
    return updated;
  }

  async listUnscanned(limit: number): Promise<StoredFile[]> {
    return (this.sql("SELECT doc FROM files WHERE scan = 'unscanned' ORDER BY uploaded_at, id LIMIT ?").all(limit) as Row[]).map((r) => JSON.parse(r.doc) as StoredFile);
  }

  async delete(id: string, event: EventRecord): Promise<void> {
    await this.tx(() => {
      if (this.sql('DELETE FROM files WHERE id = ?').run(id).changes === 0) throw refuse.fileMissing(id);
      this.insertEvent(event);
    });
    this.step('file.row-deleted');
    await rm(this.pathOf(id), { force: true });
  }

  async sweep(before: Date, event: (file: StoredFile) => EventRecord, spare?: (file: StoredFile) => Promise<boolean>): Promise<number> {
    const cutoff = before.toISOString();
    let removed = 0;
    // Pages in (uploaded, id) order from where the last ended: files spared stay behind it.
    let after: [string, string] = ['', ''];
    for (;;) {
      const page = (this.sql('SELECT doc FROM files WHERE kept_at IS NULL AND uploaded_at < ? AND (uploaded_at, id) > (?, ?) ORDER BY uploaded_at, id LIMIT ?').all(cutoff, ...after, SWEEP_PAGE) as Row[]).map((r) => JSON.parse(r.doc) as StoredFile);
      if (page.length) after = [page.at(-1)!.uploadedAt, page.at(-1)!.id];
      const spared = new Set<string>();
      if (spare) for (const f of page) if (await spare(f)) spared.add(f.id);
      const gone = await this.tx(() => page.filter((f) => {
        if (spared.has(f.id)) return false;
        // Kept or deleted since the page was read: left alone.
        if (this.sql('DELETE FROM files WHERE id = ? AND kept_at IS NULL').run(f.id).changes === 0) return false;
        this.insertEvent(event(f));
        return true;
      }));
      for (const f of gone) await rm(this.pathOf(f.id), { force: true });
      removed += gone.length;
      if (page.length < SWEEP_PAGE) break;
    }
    await this.sweepLeftovers(before);
    return removed;
  }

  /** Bytes with no row (an upload that died part way, or a row deleted by a process that died before removing its bytes), older than `before`. */
  private async sweepLeftovers(before: Date): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const [i, name] of names.entries()) {
      // A lookup per name: the loop gets a turn every few hundred, however many files there are.
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
      const id = name.endsWith(PARTIAL) ? name.slice(0, -PARTIAL.length) : name;
      if (name === id && this.read(id)) continue;
      const path = join(this.folder, name);
      const s = await stat(path).catch(() => null);
      if (s && s.mtime < before && (name !== id || !this.read(id))) await rm(path, { force: true });
    }
  }
}

/** Makes a link or removal in the folder durable (the file's own fsync does not cover its name). */
async function syncFolder(folder: string): Promise<void> {
  const fh = await open(folder, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
