/**
 * Uploaded files on the MongoDB store: GridFS (bucket `files`: `files.files`, `files.chunks`),
 * with the StoredFile on the GridFS file document's `metadata`. Works on FerretDB 1.24 as on
 * MongoDB (tests/store/files.test.ts runs against FerretDB).
 *
 * Without transactions, each change is decided by one single-document write that carries the
 * event it owes (`metadata.relay`), and is then rolled forward: the event inserted (its own id,
 * so a repeat is a no-op) and dropped from the relay. A crash in between is finished by the next
 * read of that file, or by the store's sweep (on open and before the event log is read). Events
 * are pushed onto the relay and only those written are pulled off it, so two changes to one file
 * at once on two nodes (a scan result and a deletion) never drop each other's owed event.
 *
 * - Upload: a marker in `fileUploads` is written first; the chunks stream in; GridFS writes the
 *   file document (with the metadata and its upload event) only after the last chunk, and that
 *   insert is what makes the file exist. Chunks of an upload that failed are removed at once;
 *   those of one whose process died are found by its marker and removed by `sweep`.
 * - Kept: a document in `fileKeeps` (a unique insert; FerretDB applies updates as
 *   read-modify-write, so a flag on the file document alone could be lost to a concurrent scan
 *   result). The flag is set too, so the sweep skips kept files; the keep document decides.
 * - Delete and sweep: the file document is marked `deleting` with the event (from then on it is
 *   gone to readers), then its chunks, document and keep go.
 */
import { GridFSBucket, type Collection, type Db, type IndexDescription, type ObjectId } from 'mongodb';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EventRecord } from '../events.js';
import { fileRecord, safeFileId, type FileFacts, type FileStore, type NewFile } from '../files.js';
import { refuse } from '../messages.js';
import type { ScanState, StoredFile } from '../../files/model.js';
import { insertIfAbsent, type EventDoc } from './collections.js';
import { eventToDoc } from './mapping.js';

const SWEEP_PAGE = 200;
const BUCKET = 'files';
// GridFS takes any _id; the driver's types name only ObjectId, hence the casts where ids are passed.

/** `kept` mirrors the `fileKeeps` document (which decides) so the sweep need not look at kept files; it may lag, never lead. */
type FileMeta = Omit<StoredFile, 'id' | 'keptAt'> & { relay?: EventDoc[]; deleting?: true; kept?: true };
interface FileDoc {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: FileMeta;
}
interface KeepDoc {
  _id: string;
  at: string;
}
interface UploadDoc {
  _id: string;
  startedAt: string;
}

const INDEXES: IndexDescription[] = [
  { name: 'files_submission', key: { 'metadata.submissionId': 1, 'metadata.uploadedAt': 1, _id: 1 } },
  { name: 'files_scan', key: { 'metadata.scan': 1, 'metadata.uploadedAt': 1, _id: 1 } },
  { name: 'files_unkept', key: { 'metadata.kept': 1, 'metadata.uploadedAt': 1 } },
  // What a crashed process left half-done (rollForward, at every sweep of the store): only those few are indexed.
  { name: 'files_relay', key: { 'metadata.relay': 1 }, sparse: true },
  { name: 'files_deleting', key: { 'metadata.deleting': 1 }, sparse: true },
];

export class MongoFiles implements FileStore {
  private readonly bucket: GridFSBucket;
  private readonly docs: Collection<FileDoc>;
  private readonly chunks: Collection<{ _id: unknown; files_id: string }>;
  private readonly keeps: Collection<KeepDoc>;
  private readonly uploads: Collection<UploadDoc>;
  private indexed: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly events: Collection<EventDoc>,
    private readonly step: (name: string) => void,
    private readonly pause: (name: string) => Promise<void> = async () => {},
  ) {
    this.bucket = new GridFSBucket(db, { bucketName: BUCKET });
    this.docs = db.collection<FileDoc>(`${BUCKET}.files`);
    this.chunks = db.collection(`${BUCKET}.chunks`);
    this.keeps = db.collection<KeepDoc>('fileKeeps');
    this.uploads = db.collection<UploadDoc>('fileUploads');
  }

  /** One at a time: FerretDB 1.24 panics on a createIndexes listing more than one existing index. */
  private ensureIndexes(): Promise<void> {
    return (this.indexed ??= (async () => {
      for (const index of INDEXES) await this.docs.createIndexes([index]);
      await this.uploads.createIndexes([{ name: 'file_uploads_started', key: { startedAt: 1 } }]);
    })());
  }

  async put(meta: NewFile, body: AsyncIterable<Uint8Array>, facts: () => FileFacts, event: (file: StoredFile) => EventRecord): Promise<StoredFile> {
    const id = safeFileId(meta.id);
    await this.ensureIndexes();
    if (await this.docs.findOne({ _id: id }, { projection: { _id: 1 } })) throw refuse.fileExists(id);
    await this.uploads.insertOne({ _id: id, startedAt: new Date().toISOString() });
    this.step('file.upload-started');
    const upload = this.bucket.openUploadStreamWithId(id as unknown as ObjectId, meta.name);
    let stored: StoredFile | undefined;
    const step = this.step;
    try {
      await pipeline(async function* () {
        for await (const chunk of body) yield chunk;
        step('file.chunks-written');
        stored = fileRecord(meta, facts());
        const { id: _id, keptAt: _k, ...rest } = stored;
        // GridFS reads the metadata when it writes the file document, after the last chunk.
        upload.options.metadata = { ...rest, relay: [eventToDoc(event(stored))] } satisfies FileMeta;
      }, upload);
    } catch (err) {
      await upload.abort().catch(() => {});
      await this.chunks.deleteMany({ files_id: id });
      await this.uploads.deleteOne({ _id: id });
      throw err;
    }
    this.step('file.stored');
    await this.uploads.deleteOne({ _id: id });
    await this.finish(id, (await this.docs.findOne({ _id: id }))!);
    return stored!;
  }

  /**
   * Writes the events a change owes and drops those (only those: another node may have pushed one
   * since `doc` was read) from the file document. Idempotent.
   */
  private async finish(id: string, doc: FileDoc): Promise<void> {
    if (doc.metadata.relay?.length) {
      for (const e of doc.metadata.relay) await insertIfAbsent(this.events, e);
      this.step('file.event-logged');
      if (!doc.metadata.deleting) await this.docs.updateOne({ _id: id }, { $pullAll: { 'metadata.relay': doc.metadata.relay } });
    }
    if (doc.metadata.deleting) {
      await this.chunks.deleteMany({ files_id: id });
      await this.keeps.deleteOne({ _id: id });
      await this.docs.deleteOne({ _id: id });
    }
  }

  /** The file document if the file exists, its owed event written first. */
  private async read(id: string): Promise<FileDoc | null> {
    const doc = await this.docs.findOne({ _id: id });
    if (!doc) return null;
    if (doc.metadata.relay?.length || doc.metadata.deleting) await this.finish(id, doc);
    return doc.metadata.deleting ? null : doc;
  }

  private toFile(doc: FileDoc, keep: KeepDoc | null | undefined): StoredFile {
    const { relay: _r, deleting: _d, kept: _k, ...meta } = doc.metadata;
    return { id: doc._id, ...meta, ...(keep ? { keptAt: keep.at } : {}) };
  }

  private async withKeeps(docs: FileDoc[]): Promise<StoredFile[]> {
    const live = docs.filter((d) => !d.metadata.deleting);
    if (live.length === 0) return [];
    const kept = new Map((await this.keeps.find({ _id: { $in: live.map((d) => d._id) } }).toArray()).map((k) => [k._id, k]));
    return live.map((d) => this.toFile(d, kept.get(d._id)));
  }

  async get(id: string): Promise<StoredFile | null> {
    const doc = await this.read(id);
    return doc && this.toFile(doc, await this.keeps.findOne({ _id: id }));
  }

  async open(id: string): Promise<Readable | null> {
    const doc = await this.read(id);
    if (!doc || doc.metadata.scan === 'infected') return null;
    return this.bucket.openDownloadStream(id as unknown as ObjectId);
  }

  async listForRecord(submissionId: string): Promise<StoredFile[]> {
    return this.withKeeps(await this.docs.find({ 'metadata.submissionId': submissionId }).sort({ 'metadata.uploadedAt': 1, _id: 1 }).toArray());
  }

  async keep(ids: readonly string[], at: string): Promise<string[]> {
    const kept: string[] = [];
    for (const id of ids) {
      if (await insertIfAbsent(this.keeps, { _id: id, at })) kept.push(id);
      await this.docs.updateOne({ _id: id }, { $set: { 'metadata.kept': true } });
    }
    return kept;
  }

  async unkeep(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      // The flag first: a file with its keep and no flag is found by the sweep, which reads the
      // keep and leaves it; the other way round a crash between would hide it from the sweep.
      await this.docs.updateOne({ _id: id }, { $unset: { 'metadata.kept': '' } });
      await this.keeps.deleteOne({ _id: id });
    }
  }

  async setScan(id: string, scan: ScanState, event: EventRecord): Promise<StoredFile> {
    const doc = await this.read(id);
    if (!doc) throw refuse.fileMissing(id);
    await this.pause('file.scan-read');
    const owed = eventToDoc(event);
    await this.docs.updateOne({ _id: id }, { $set: { 'metadata.scan': scan }, $push: { 'metadata.relay': owed } });
    this.step('file.scan-set');
    // An infected file's bytes go; its document stays, so the answer naming it can say why.
    if (scan === 'infected') await this.chunks.deleteMany({ files_id: id });
    const next = { ...doc, metadata: { ...doc.metadata, scan, relay: [owed] } };
    await this.finish(id, next);
    return this.toFile(next, await this.keeps.findOne({ _id: id }));
  }

  async listUnscanned(limit: number): Promise<StoredFile[]> {
    return this.withKeeps(await this.docs.find({ 'metadata.scan': 'unscanned' }).sort({ 'metadata.uploadedAt': 1, _id: 1 }).limit(limit).toArray());
  }

  private async remove(doc: FileDoc, event: EventRecord): Promise<void> {
    const owed = eventToDoc(event);
    await this.docs.updateOne({ _id: doc._id }, { $set: { 'metadata.deleting': true }, $push: { 'metadata.relay': owed } });
    this.step('file.deleting');
    // Read again: the events owed are the document's (another node's may be there beside this one).
    const now = await this.docs.findOne({ _id: doc._id });
    await this.finish(doc._id, now ?? { ...doc, metadata: { ...doc.metadata, deleting: true, relay: [...(doc.metadata.relay ?? []), owed] } });
  }

  async delete(id: string, event: EventRecord): Promise<void> {
    const doc = await this.read(id);
    if (!doc) throw refuse.fileMissing(id);
    await this.remove(doc, event);
  }

  async sweep(before: Date, event: (file: StoredFile) => EventRecord, spare?: (file: StoredFile) => Promise<boolean>): Promise<number> {
    await this.rollForward();
    const cutoff = before.toISOString();
    let removed = 0;
    // A page at a time, in id order from where the last ended (files spared stay behind it).
    let after = '';
    for (;;) {
      const page = await this.docs.find({ 'metadata.kept': { $ne: true }, 'metadata.uploadedAt': { $lt: cutoff }, _id: { $gt: after } }).sort({ _id: 1 }).limit(SWEEP_PAGE).toArray();
      for (const doc of page) {
        if (doc.metadata.deleting || (await this.keeps.findOne({ _id: doc._id }))) continue;
        const file = this.toFile(doc, null);
        if (spare && (await spare(file))) continue;
        await this.remove(doc, event(file));
        removed++;
      }
      if (page.length < SWEEP_PAGE) break;
      after = page.at(-1)!._id;
    }
    // Uploads whose process died part way: their chunks, and the marker.
    for (const u of await this.uploads.find({ startedAt: { $lt: cutoff } }).toArray()) {
      if (!(await this.docs.findOne({ _id: u._id }, { projection: { _id: 1 } }))) await this.chunks.deleteMany({ files_id: u._id });
      await this.uploads.deleteOne({ _id: u._id });
    }
    return removed;
  }

  /** Finishes every change a crashed process decided but did not write out (its event, a deletion). */
  async rollForward(): Promise<void> {
    for (const doc of await this.docs.find({ $or: [{ 'metadata.relay': { $exists: true } }, { 'metadata.deleting': true }] }).toArray()) await this.finish(doc._id, doc);
  }
}
