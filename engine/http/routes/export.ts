/** GET /api/forms/{formId}/export?format=csv|json[&files=zip]: every record of a form, streamed (with its uploaded files as a zip on request). */
import { pipeline } from 'node:stream/promises';
import { Router, type Response } from 'express';
import type { EngineContext } from '../../context.js';
import { readerFor } from '../../directory/access.js';
import { getForm } from '../../forms/lifecycle.js';
import { exportColumns, exportPages } from '../../submissions/export.js';
import { csvText, jsonText } from '../../submissions/export-text.js';
import { exportZip } from '../../submissions/export-zip.js';
import { accountOf, param, requires } from '../auth.js';
import { QueryReader } from '../query.js';

/**
 * Writes, waiting for the socket to drain when it is full (a slow client never buffers the whole
 * export); false once the reader has gone (the export then stops, and logs only what was handed out).
 * The text goes as bytes encoded once (a string would be measured, then encoded, by Node).
 */
async function write(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(Buffer.from(chunk, 'utf8'))) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
  return !res.destroyed;
}

export function exportRoutes(ctx: EngineContext): Router {
  const r = Router({ mergeParams: true });
  r.get('/', requires('submissions:export'), async (req, res) => {
    const q = new QueryReader(req);
    const format = q.oneOf('format', ['csv', 'json'] as const) ?? 'json';
    const status = q.oneOf('status', ['draft', 'submitted'] as const);
    const files = q.oneOf('files', ['zip'] as const);
    if (files && format !== 'json') q.refuse('files', 'Uploaded files come only with the JSON export: ask for format=json with files=zip.');
    q.done();
    const form = await getForm(ctx, param(req, 'formId'));
    const account = accountOf(res);
    const stamp = ctx.now().toISOString().slice(0, 10);
    res.setHeader('Content-Disposition', `attachment; filename="${form.id}-${stamp}.${files ? 'zip' : format}"`);
    res.setHeader('Cache-Control', 'no-store');
    const reader = await readerFor(ctx, account);
    const pages = exportPages(ctx, account.id, form.id, status, reader.narrow);

    if (files) {
      res.type('application/zip');
      // A failure half-way cuts the response short (no status can be sent any more): the client sees an incomplete zip.
      await pipeline(exportZip(ctx, account.id, form.id, pages), res).catch(() => res.destroy());
      return;
    }

    const text = format === 'json' ? jsonText(pages) : csvText(exportColumns(await ctx.store.listVersions(form.id)), pages);
    res.type(format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8');
    for await (const chunk of text) if (!(await write(res, chunk))) return;
    res.end();
  });
  return r;
}
