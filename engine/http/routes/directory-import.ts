/**
 * /api/directory for integrators: batches of children, workers or teams sent as NDJSON, streamed
 * (never through the JSON body parser, never held whole as one string), applied whole and once
 * per Idempotency-Key; the directory's counts and its batch log. Child search is routes/directory.ts.
 */
import { Router, type RequestHandler } from 'express';
import type { EngineContext } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { applyExtract, DEFAULT_IMPORT_LIMITS, ExtractRejectedError, ExtractTooLargeError, readExtract, recordRejection, sizeInWords, type Extract, type ImportLimits } from '../../directory/import.js';
import { DIRECTORY_KINDS, type DirectoryBatch, type DirectoryKind } from '../../directory/model.js';
import { accountOf, param, requires } from '../auth.js';
import { idempotencyKey } from '../preconditions.js';
import { HttpProblem } from '../problems.js';
import { QueryReader } from '../query.js';

export const NDJSON = 'application/x-ndjson';

function kindParam(text: string): DirectoryKind {
  if (!(DIRECTORY_KINDS as readonly string[]).includes(text)) throw new NotFoundError(`There is no directory of "${text}"; the directory has ${DIRECTORY_KINDS.join(', ')}.`);
  return text as DirectoryKind;
}

/**
 * POST /api/directory/batches/{kind}. Mounted before the JSON body parser, with the sign-in check
 * (`auth`) on this route alone.
 */
export function directoryUploadRoutes(ctx: EngineContext, auth: RequestHandler, options: { limits?: Partial<ImportLimits> } = {}): Router {
  const limits: ImportLimits = { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
  const r = Router();
  r.post('/batches/:kind', auth, requires('directory:import'), async (req, res) => {
    const kind = kindParam(param(req, 'kind'));
    const q = new QueryReader(req);
    const mode = q.oneOf('mode', ['full', 'delta'] as const);
    if (req.query.mode === undefined) q.refuse('mode', '"mode" is needed: full (the batch is the whole of that kind; rows it leaves out are removed) or delta (rows added or replaced, and {"delete": id} lines removed).');
    q.done();
    if (!req.is(NDJSON)) throw new HttpProblem('unsupported-media-type', `Send the batch as JSON Lines, one object per line, with Content-Type: ${NDJSON} (not ${req.get('content-type') ?? 'unlabelled'}).`);
    const encoding = req.get('content-encoding')?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') throw new HttpProblem('unsupported-media-type', `Send the batch uncompressed (Content-Encoding ${encoding} is not read here).`);
    if (!req.get('idempotency-key')?.trim()) {
      throw new HttpProblem('idempotency-key-missing', 'Sending a batch needs an Idempotency-Key header, e.g. Idempotency-Key: "children-full-2026-12-05" (a new key per new batch; a retry with the same key is applied once).');
    }
    const key = idempotencyKey(req);
    const length = Number(req.get('content-length') ?? 0);
    if (length > limits.maxBytes) throw new HttpProblem('payload-too-large', `The batch is larger than ${sizeInWords(limits.maxBytes)}, the most one batch may be.`);

    const account = accountOf(res);
    const source: DirectoryBatch['source'] = { via: 'api', name: `Idempotency-Key ${key}`, by: account.id };
    // Left undestroyed when reading stops early, so the answer still reaches the client (Node reads and drops the rest).
    let x: Extract;
    try {
      x = await readExtract(req.iterator({ destroyOnReturn: false }), { kind, mode: mode!, format: 'jsonl', limits });
    } catch (err) {
      // The client went away mid-batch: nothing was applied, and there is no one to answer.
      if (req.readableAborted || req.destroyed) return;
      throw err;
    }
    try {
      const { applied, replayed } = await applyExtract(ctx, x, { key: `api:${key}`, source, actor: account.id });
      if (replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(replayed ? 200 : 201).json({ applied, replayed });
    } catch (err) {
      if (err instanceof ExtractTooLargeError || err instanceof ExtractRejectedError) {
        await recordRejection(ctx, x, { kind, actor: account.id, source, reason: err.message });
      }
      if (err instanceof ExtractTooLargeError) throw new HttpProblem('payload-too-large', err.message);
      throw err;
    }
  });
  return r;
}

/** GET /api/directory (counts, each kind's last batch) and GET /api/directory/batches (the batch log). */
export function directoryImportRoutes(ctx: EngineContext): Router {
  const r = Router();
  r.get('/', requires('directory:read-batches'), async (_req, res) => {
    res.json(await ctx.store.directoryCounts());
  });
  r.get('/batches', requires('directory:read-batches'), async (req, res) => {
    const q = new QueryReader(req);
    const kind = q.oneOf('kind', DIRECTORY_KINDS);
    const limit = q.int('limit', 1, 500);
    q.done();
    res.json({ items: await ctx.store.listDirectoryBatches({ ...(kind ? { kind } : {}), limit: limit ?? 50 }) });
  });
  return r;
}
