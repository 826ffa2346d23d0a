/**
 * The JSON export with its files, as one zip (`GET /api/forms/{id}/export?format=json&files=zip`):
 * `records.json` (the JSON export, each file with its link) first, then every file of those
 * records under `files/<record reference>/<name>`. Streamed end to end: the records are written
 * as they are read, and each file is opened only when the zip reaches it (yazl's lazy entries),
 * so memory holds one file's chunk at a time and a few hundred bytes per file still to come —
 * never the files. A file that cannot be given (still being checked for viruses, infected, not
 * this record's, gone) is replaced by a short note saying why. Every file given is logged
 * (`file.downloaded`) before the zip is made.
 */
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import yazl from 'yazl';
import type { EngineContext } from '../context.js';
import type { FileRef, StoredFile } from '../files/model.js';
import type { FormVersion } from '../forms/model.js';
import { newEvent, type EventRecord } from '../store/events.js';
import type { ExportedRecord } from './export.js';
import { filesIn, filesPaths, safeName, UniqueNames, type FilesPath } from './export-files.js';

/** Why a file in the answers is not in the zip; null when it is given. */
function leftOutBecause(stored: StoredFile | null, ref: FileRef, recordId: string): string | null {
  if (!stored || stored.submissionId !== recordId || stored.sha256 !== ref.sha256) return 'it is not among the files uploaded to this record (it may have been removed).';
  if (stored.scan === 'unscanned') return 'it is still being checked for viruses. Export again later to include it.';
  if (stored.scan === 'infected') return 'a virus was found in it, so it was removed.';
  return null;
}

/** The zip's bytes, to pipe to the response; errors (a store failure half-way) destroy the stream. */
export function exportZip(ctx: EngineContext, actorId: string, formId: string, pages: AsyncIterable<ExportedRecord[]>): Readable {
  const zip = new yazl.ZipFile();
  const out = zip.outputStream as Readable;
  const json = new PassThrough();
  const now = ctx.now();
  zip.addReadStream(json, 'records.json', { mtime: now });
  zip.on('error', (err: Error) => out.destroy(err));
  // The reader went away (or the zip failed): stop reading records. The error is seen by `write` below.
  json.on('error', () => {});
  let finished = false;
  out.on('close', () => {
    if (!finished) json.destroy(new Error('the export was stopped'));
  });

  const versions = new Map<number, FilesPath[]>();
  const pathsOf = async (n: number) => {
    if (!versions.has(n)) {
      const v: FormVersion | null = await ctx.store.getVersion(formId, n);
      versions.set(n, v ? filesPaths(v) : []);
    }
    return versions.get(n)!;
  };
  const write = async (chunk: string) => {
    if (json.destroyed) throw new Error('the export was stopped');
    if (!json.write(chunk)) await once(json, 'drain');
  };
  const folders = new UniqueNames();

  const fill = async () => {
    let first = true;
    await write('[');
    for await (const page of pages) {
      const events: EventRecord[] = [];
      const entries: Array<() => void> = [];
      for (const s of page) {
        await write((first ? '\n' : ',\n') + JSON.stringify(s));
        first = false;
        const refs = filesIn(await pathsOf(s.version), s.data);
        if (refs.length === 0) continue;
        const folder = `files/${folders.take(s.reference || s.id)}`;
        const names = new UniqueNames();
        for (const ref of refs) {
          const stored = await ctx.store.files.get(ref.id);
          const why = leftOutBecause(stored, ref, s.id);
          if (why) {
            const note = names.take(`${ref.name}.not-included.txt`);
            entries.push(() => zip.addBuffer(Buffer.from(`${safeName(ref.name)} is not included: ${why}\n`, 'utf8'), `${folder}/${note}`, { mtime: now }));
            continue;
          }
          const name = names.take(ref.name);
          events.push(newEvent(ctx.now(), actorId, 'file.downloaded', 'file', ref.id, { submissionId: s.id, via: 'export' }));
          const mtime = new Date(stored!.uploadedAt);
          // Files are mostly compressed already (PDF, JPEG, DOCX): stored as they are, which also spares the CPU.
          entries.push(() =>
            zip.addReadStreamLazy(`${folder}/${name}`, { mtime, compress: false }, (cb) => {
              ctx.store.files.open(ref.id).then(
                (body) => cb(body ? null : new Error(`file ${ref.id} is gone`), body ?? Readable.from([])),
                (err: unknown) => cb(err, Readable.from([])),
              );
            }),
          );
        }
      }
      // Logged before any of the page's files can leave.
      if (events.length) await ctx.store.appendEvents(events);
      for (const add of entries) add();
    }
    json.end('\n]\n');
    zip.end();
    finished = true;
  };
  fill().catch((err: unknown) => {
    json.destroy(err as Error);
    out.destroy(err as Error);
  });
  return out;
}
