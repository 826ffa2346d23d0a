/**
 * The store contract for uploaded files (issue 16). Bytes are streamed in and out, never held
 * whole in memory. SQLite: files in the data folder (mode 0600) with a metadata row; MongoDB:
 * GridFS with the metadata on the GridFS file document.
 */
import type { Readable } from 'node:stream';
import type { EventRecord } from './events.js';
import type { FileRef, ScanState, StoredFile } from '../files/model.js';

/** What is known before the bytes arrive. */
export type NewFile = Pick<StoredFile, 'id' | 'name' | 'submissionId' | 'formId' | 'pointer' | 'uploadedBy' | 'uploadedAt' | 'scan'>;
/** What is worked out while streaming (size, hash, the type found from the content). */
export type FileFacts = Pick<FileRef, 'size' | 'sha256' | 'mediaType'>;

export interface FileStore {
  /**
   * Streams `body` in. The file becomes visible (get/open/list) only once every byte is durable
   * and its metadata written with the event `event(file)` makes: if the body errors (too big, wrong
   * type, connection dropped) or the process dies first, nothing is visible and leftover bytes
   * are removed (at once, or by `sweep`). `facts()` is called once the body has ended.
   */
  put(meta: NewFile, body: AsyncIterable<Uint8Array>, facts: () => FileFacts, event: (file: StoredFile) => EventRecord): Promise<StoredFile>;
  get(id: string): Promise<StoredFile | null>;
  /** The bytes; null when there is no such file. */
  open(id: string): Promise<Readable | null>;
  /** Files uploaded to this record, oldest first. */
  listForRecord(submissionId: string): Promise<StoredFile[]>;
  /** Marks these files kept with their record (they are in its submitted answers); the ids it kept that were not kept before. */
  keep(ids: readonly string[], at: string): Promise<string[]>;
  /**
   * Undoes `keep` for these files: a submit that kept them and then failed, or a draft never
   * submitted that was deleted. The sweep then treats them as any file not kept.
   */
  unkeep(ids: readonly string[]): Promise<void>;
  setScan(id: string, scan: ScanState, event: EventRecord): Promise<StoredFile>;
  /** Files whose scan is `unscanned`, oldest first. */
  listUnscanned(limit: number): Promise<StoredFile[]>;
  /** Removes the file's bytes and metadata, with the event. NotFound when absent. */
  delete(id: string, event: EventRecord): Promise<void>;
  /**
   * Removes every file not kept that was uploaded before `before` (with `event(file)` each),
   * except those `spare` says to leave (a draft still naming them in its answers), and any bytes
   * left by an upload that never finished; returns how many files it removed.
   */
  sweep(before: Date, event: (file: StoredFile) => EventRecord, spare?: (file: StoredFile) => Promise<boolean>): Promise<number>;
}

/** Stored ids look like `f_` + letters, digits, `_` or `-` (FILE_REF_SCHEMA); anything else is refused before it can name a path. */
export function safeFileId(id: string): string {
  if (!/^f_[A-Za-z0-9_-]{8,64}$/.test(id)) throw new TypeError(`not a file id: ${JSON.stringify(id)}`);
  return id;
}

/** The stored file once its bytes are in, with the answer's fields first. */
export function fileRecord(meta: NewFile, facts: FileFacts): StoredFile {
  return {
    id: meta.id,
    name: meta.name,
    size: facts.size,
    mediaType: facts.mediaType,
    sha256: facts.sha256,
    submissionId: meta.submissionId,
    formId: meta.formId,
    pointer: meta.pointer,
    uploadedBy: meta.uploadedBy,
    uploadedAt: meta.uploadedAt,
    scan: meta.scan,
  };
}
