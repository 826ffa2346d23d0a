/**
 * Uploading a file to a draft's files question, downloading it, removing it. The bytes stream
 * from the request into the store, checked on the way: size against the question's and the
 * server's limit (cut at the first byte over), type by content (sniff.ts, on the first 64 KB),
 * SHA-256. Nothing is kept unless every check passes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { EngineContext } from '../context.js';
import { FileRefusedError, ForbiddenError, InvalidRequestError, InvalidStateError, type FieldError } from '../errors.js';
import { getVersion } from '../forms/lifecycle.js';
import { newEvent } from '../store/events.js';
import { refuse } from '../store/messages.js';
import type { Submission } from '../submissions/model.js';
import type { Access } from '../submissions/lifecycle.js';
import { readSubmission, verdict } from '../submissions/lifecycle.js';
import { filesInAnswers } from './answers.js';
import { MAX_FILES_PER_QUESTION, filesSettings, isFilesQuestion, sizeInWords, type FilesSettings, type StoredFile } from './model.js';
import { SNIFF_BYTES, sniff, typesInWords } from './sniff.js';

export interface Actor {
  id: string;
}

/** What the server allows: its most bytes per file, and whether a virus scanner is configured. */
export interface UploadLimits {
  maxBytes: number;
  scanning: boolean;
}



/**
 * The name as people will see it: no folder part (`C:\Users\…\fit note.pdf` → `fit note.pdf`), no
 * control or invisible formatting characters (a right-to-left override can make `exe.pdf` read as
 * `fdp.exe`), spaces collapsed, at most 255 characters with the extension kept.
 */
export function cleanFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  let name = last.normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, '').replace(/\s+/g, ' ').trim();
  if (/^\.*$/.test(name)) return 'file';
  if (name.length > 255) {
    const ext = /\.[^.]{1,10}$/.exec(name)?.[0] ?? '';
    name = name.slice(0, 255 - ext.length) + ext;
  }
  return name;
}

/** The files question at `pointer` (properties, and items for rows), or undefined. */
export function filesQuestionAt(schema: unknown, pointer: string): FilesSettings | undefined {
  if (!pointer.startsWith('/')) return undefined;
  let node: unknown = schema;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    const n = node as Record<string, unknown>;
    if (n.type === 'array' && /^(0|[1-9][0-9]*)$/.test(key)) node = n.items;
    else if (n.properties && typeof n.properties === 'object' && Object.hasOwn(n.properties, key)) node = (n.properties as Record<string, unknown>)[key];
    else return undefined;
  }
  const settings = isFilesQuestion(node) ? filesSettings(node) : undefined;
  if (!settings) return undefined;
  const n = node as Record<string, unknown>;
  return { ...settings, ...(typeof n.maxItems === 'number' ? { maxItems: n.maxItems } : {}), ...(typeof n.title === 'string' ? { title: n.title } : {}) };
}

/**
 * Files a question may hold uploaded and not yet kept, beyond its most files: room for a file
 * still on its way while another is removed, or two tabs. Past that an upload is refused, so no
 * one can fill the server's disk through one draft (each file removed from the answer is deleted).
 */
export const SPARE_UPLOADS = 5;

/** The record a file is uploaded to or removed from: a draft its author may change. Not readable: not found, as reads are. */
async function draftToChange(ctx: EngineContext, id: string, mayRead: Access, mayWrite: Access): Promise<Submission> {
  const s = await ctx.store.getSubmission(id);
  if (!s || !(await verdict(mayRead, s)).allowed) throw refuse.submissionMissing(id);
  const w = await verdict(mayWrite, s);
  if (!w.allowed) throw new ForbiddenError(w.message ?? 'Only the author of a draft can add files to it or remove them.');
  if (s.status !== 'draft') throw new InvalidStateError('This record has been submitted, so its files can no longer be changed.');
  return s;
}

export interface UploadRequest {
  submissionId: string;
  /** The files question, as a JSON Pointer into the record's data. */
  pointer: string;
  /** The name as sent (cleaned here). */
  name: string;
  body: AsyncIterable<Uint8Array>;
  /** Content-Length, when the client said. */
  declaredLength?: number;
}

export async function uploadFile(ctx: EngineContext, actor: Actor, req: UploadRequest, limits: UploadLimits, access: { mayRead: Access; mayWrite: Access }): Promise<StoredFile> {
  const s = await draftToChange(ctx, req.submissionId, access.mayRead, access.mayWrite);
  const v = await getVersion(ctx, s.formId, s.version);
  const settings = filesQuestionAt(v.schema, req.pointer);
  if (!settings) {
    throw new InvalidRequestError(`"${req.pointer}" is not a file upload question of this form.`, [{ pointer: req.pointer, message: 'Upload files only to a file upload question of the form.' }]);
  }
  const name = cleanFileName(req.name);
  const limit = Math.min(settings.maxFileSize ?? limits.maxBytes, limits.maxBytes);
  const at = (message: string): FieldError[] => [{ pointer: req.pointer, message }];
  const most = settings.maxItems ?? MAX_FILES_PER_QUESTION;
  const already = (await ctx.store.files.listForRecord(s.id)).filter((f) => f.pointer === req.pointer && !f.keptAt).length;
  if (already >= most + SPARE_UPLOADS) {
    const words = `${settings.title ?? 'This question'} already has ${already} files uploaded, and takes ${most === 1 ? 'only 1' : `up to ${most}`}. Remove one, then upload ${name} again.`;
    throw new FileRefusedError('file-too-many', words, at(words));
  }
  const tooLarge = (size: number | null) => {
    const words = `${name} is ${size === null ? `more than ${sizeInWords(limit)}` : sizeInWords(size)}. Files must be ${sizeInWords(limit)} or smaller.`;
    return new FileRefusedError('file-too-large', words, at(words));
  };
  if (req.declaredLength !== undefined && req.declaredLength > limit) throw tooLarge(req.declaredLength);

  const hash = createHash('sha256');
  let size = 0;
  let mediaType: string | undefined;
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  const decide = async () => {
    const head = Buffer.concat(held).subarray(0, SNIFF_BYTES);
    const found = await sniff(head, name, settings.types);
    if (!found.ok) {
      const allowed = typesInWords(settings.types);
      const words = `${name} is not ${allowed}: it looks like ${found.looksLike}. Choose ${allowed}.`;
      throw new FileRefusedError('file-type-not-allowed', words, at(words));
    }
    mediaType = found.mediaType;
  };
  // Holds the first 64 KB until the type is known, then passes every piece straight on.
  async function* checked(): AsyncGenerator<Uint8Array> {
    for await (const piece of req.body) {
      size += piece.byteLength;
      if (size > limit) throw tooLarge(null);
      hash.update(piece);
      if (mediaType) {
        yield piece;
        continue;
      }
      held.push(piece);
      heldBytes += piece.byteLength;
      if (heldBytes >= SNIFF_BYTES) {
        await decide();
        yield* held.splice(0);
      }
    }
    if (size === 0) {
      const words = `${name} is empty. Choose a file that has something in it.`;
      throw new FileRefusedError('file-empty', words, at(words));
    }
    if (!mediaType) {
      await decide();
      yield* held.splice(0);
    }
  }

  const now = ctx.now();
  const id = `f_${randomBytes(18).toString('base64url')}`;
  return ctx.store.files.put(
    { id, name, submissionId: s.id, formId: s.formId, pointer: req.pointer, uploadedBy: actor.id, uploadedAt: now.toISOString(), scan: limits.scanning ? 'unscanned' : 'not-configured' },
    checked(),
    () => ({ size, sha256: hash.digest('hex'), mediaType: mediaType! }),
    (f) => newEvent(now, actor.id, 'file.uploaded', 'file', f.id, { submissionId: f.submissionId, pointer: f.pointer, name: f.name, size: f.size, mediaType: f.mediaType, sha256: f.sha256 }),
  );
}

const fileMissing = (id: string) => refuse.fileMissing(id);

/**
 * The files a record's answers name, each with whether it can be downloaded yet (its scan), for
 * someone who may read the record (the read is logged as reading the record is; a record they may
 * not read is not found). A page opened again learns from this which files wait for a virus scan.
 */
export async function recordFiles(ctx: EngineContext, actor: Actor, submissionId: string, mayRead: Access): Promise<StoredFile[]> {
  const s = await readSubmission(ctx, actor, submissionId, mayRead);
  const v = await getVersion(ctx, s.formId, s.version);
  const named = new Set(filesInAnswers(v.schema, s.data).map((f) => f.id));
  return named.size ? (await ctx.store.files.listForRecord(s.id)).filter((f) => named.has(f.id)) : [];
}

/**
 * A file's bytes for someone who may read its record (a draft: as the draft is read). Unknown and
 * not allowed are both not found. `scanning`: whether this service has a virus scanner set up (a
 * file uploaded while one was, and not checked before it was taken away, waits for one).
 */
export async function downloadFile(ctx: EngineContext, actor: Actor, fileId: string, mayRead: Access, scanning = true): Promise<{ file: StoredFile; bytes: Readable }> {
  const file = /^f_[A-Za-z0-9_-]{8,64}$/.test(fileId) ? await ctx.store.files.get(fileId) : null;
  if (!file) throw fileMissing(fileId);
  const s = await ctx.store.getSubmission(file.submissionId);
  const v = s ? await verdict(mayRead, s) : { allowed: false as const };
  const why = v.reason ? { reason: v.reason } : {};
  if (!s || !v.allowed) {
    await ctx.store.appendEvent(newEvent(ctx.now(), actor.id, 'file.download-refused', 'file', fileId, { submissionId: file.submissionId, ...why }));
    throw fileMissing(fileId);
  }
  if (file.scan === 'unscanned') {
    throw new FileRefusedError(
      'file-not-scanned',
      scanning
        ? `${file.name} is still being checked for viruses. Try again in a minute.`
        : `${file.name} has not been checked for viruses, and no virus scanner is set up to check it now. Tell your IT service desk: it can be downloaded once a scanner has checked it.`,
    );
  }
  if (file.scan === 'infected') throw new FileRefusedError('file-infected', `${file.name} had a virus in it, so it was removed. Ask the person who uploaded it for a clean copy.`);
  const bytes = await ctx.store.files.open(fileId);
  if (!bytes) throw fileMissing(fileId);
  try {
    await ctx.store.appendEvent(newEvent(ctx.now(), actor.id, 'file.downloaded', 'file', fileId, { submissionId: file.submissionId, ...why }));
  } catch (err) {
    // Not sent unless logged; and the opened file is let go (its handle, its GridFS cursor).
    bytes.destroy();
    throw err;
  }
  return { file, bytes };
}

/** Removes a file its uploader added to a draft, while it is not kept with a submitted record. */
export async function removeFile(ctx: EngineContext, actor: Actor, fileId: string, access: { mayRead: Access; mayWrite: Access }): Promise<void> {
  const file = /^f_[A-Za-z0-9_-]{8,64}$/.test(fileId) ? await ctx.store.files.get(fileId) : null;
  if (!file) throw fileMissing(fileId);
  let s: Submission;
  try {
    s = await draftToChange(ctx, file.submissionId, access.mayRead, access.mayWrite);
  } catch (err) {
    // Not readable: the file is not found either (no oracle for its record).
    if ((err as { type?: string }).type === 'not-found') throw fileMissing(fileId);
    throw err;
  }
  if (file.uploadedBy !== actor.id) throw new ForbiddenError('Only the person who uploaded a file can remove it.');
  // Kept with a submission that then failed or was returned: a returned record's files stay with it.
  if (file.keptAt && s.submittedAt) throw new InvalidStateError(`${file.name} is part of the record as it was submitted, so it cannot be removed.`);
  await ctx.store.files.delete(fileId, newEvent(ctx.now(), actor.id, 'file.deleted', 'file', fileId, { submissionId: file.submissionId, pointer: file.pointer, name: file.name }));
}
