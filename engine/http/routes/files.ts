/**
 * Uploaded files (issue 16): upload to a draft's files question (streamed, before the JSON body
 * parser, signed in on that route alone), download as an attachment, remove, and the limits the
 * designer and the upload control show.
 */
import { Router, type Request, type RequestHandler } from 'express';
import type { EngineContext } from '../../context.js';
import type { Account } from '../../accounts/model.js';
import { readerFor } from '../../directory/access.js';
import { FILE_TYPES, FILE_TYPE_NAMES } from '../../files/model.js';
import { downloadFile, recordFiles, removeFile, uploadFile, type UploadLimits } from '../../files/upload.js';
import { accountOf, param, requires } from '../auth.js';
import { sendBody, setDownloadHeaders } from '../download.js';
import { QueryReader } from '../query.js';

export interface FileRouteOptions extends UploadLimits {
  /** Told after each upload (the scan loop in this process looks at once). */
  uploaded?: () => void;
}

/** Most bytes read and dropped after refusing an upload part way, before the connection is cut. */
const DISCARD_MAX = 64 * 1024 * 1024;

/**
 * After a refusal part way through a body, the rest is read and dropped rather than the
 * connection closed at once: closing a socket with unread data sends a reset, which can make the
 * client lose the answer (413, 422) before it reads it. A client that sends on and on is cut off.
 */
function discardRest(req: Request): void {
  let dropped = 0;
  req.on('data', (b: Buffer) => {
    dropped += b.length;
    if (dropped > DISCARD_MAX) req.socket.destroy();
  });
  req.resume();
}

const access = async (ctx: EngineContext, account: Account) => {
  const reader = await readerFor(ctx, account);
  return { mayRead: reader.why, mayWrite: reader.mayWrite };
};

/** POST and GET /api/submissions/{id}/files: mounted before the JSON body parser, so an upload's body reaches it untouched. */
export function fileUploadRoutes(ctx: EngineContext, auth: RequestHandler, options: FileRouteOptions): Router {
  const r = Router();
  r.post('/:id/files', auth, requires('submissions:create'), async (req, res) => {
    const q = new QueryReader(req);
    const pointer = q.string('pointer', /^(\/[^/]{1,200}){1,16}$/, 'the JSON Pointer of a file upload question, like /fitNote');
    const name = q.string('name', /^[^]{1,1000}$/u, 'the file’s name (1 to 1,000 characters)');
    if (req.query.pointer === undefined) q.refuse('pointer', '"pointer" is needed: the JSON Pointer of the file upload question, like /fitNote.');
    if (req.query.name === undefined) q.refuse('name', '"name" is needed: the file’s name, like fit note.pdf.');
    q.done();
    const account = accountOf(res);
    const lengthHeader = req.get('content-length');
    const declared = lengthHeader !== undefined && /^[0-9]{1,15}$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    // Left undestroyed when reading stops early (too large, wrong type), so the answer still
    // reaches the client (see discardRest).
    const body = req.iterator({ destroyOnReturn: false });
    try {
      const file = await uploadFile(ctx, { id: account.id }, { submissionId: param(req, 'id'), pointer: pointer!, name: name!, body, ...(declared !== undefined ? { declaredLength: declared } : {}) }, options, await access(ctx, account));
      options.uploaded?.();
      res.location(`/api/files/${file.id}`);
      res.status(201).json({ id: file.id, name: file.name, size: file.size, mediaType: file.mediaType, sha256: file.sha256, scan: file.scan });
    } catch (err) {
      // The client went away mid-upload: nothing was kept, and there is no one to answer. (A body
      // read to its end is destroyed too, by autoDestroy: that client is still waiting.)
      if (req.readableAborted) return;
      if (!req.readableEnded) discardRest(req);
      throw err;
    }
  });

  r.get('/:id/files', auth, requires('submissions:read'), async (req, res) => {
    const account = accountOf(res);
    const files = await recordFiles(ctx, { id: account.id }, param(req, 'id'), (await access(ctx, account)).mayRead);
    res.json({ scanner: options.scanning, items: files.map((f) => ({ id: f.id, name: f.name, size: f.size, mediaType: f.mediaType, sha256: f.sha256, scan: f.scan })) });
  });
  return r;
}

/** GET /api/files/limits, GET and DELETE /api/files/{fileId}. */
export function fileRoutes(ctx: EngineContext, options: FileRouteOptions): Router {
  const r = Router();
  r.get('/limits', requires(), (_req, res) => {
    res.json({
      maxFileSize: options.maxBytes,
      types: FILE_TYPE_NAMES.map((name) => ({ name, label: FILE_TYPES[name].label, extensions: [...FILE_TYPES[name].extensions] })),
      scanner: options.scanning,
    });
  });

  r.get('/:fileId', requires('submissions:read'), async (req, res) => {
    const account = accountOf(res);
    const { file, bytes } = await downloadFile(ctx, { id: account.id }, param(req, 'fileId'), (await access(ctx, account)).mayRead, options.scanning);
    setDownloadHeaders(res, { name: file.name, type: file.mediaType, bytes: file.size });
    await sendBody(res, bytes);
  });

  r.delete('/:fileId', requires('submissions:create'), async (req, res) => {
    const account = accountOf(res);
    await removeFile(ctx, { id: account.id }, param(req, 'fileId'), await access(ctx, account));
    res.status(204).end();
  });
  return r;
}
