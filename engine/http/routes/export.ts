/** GET /api/forms/{formId}/export?format=csv|json: every record of a form, streamed. */
import { once } from 'node:events';
import { Router, type Response } from 'express';
import { stringify } from 'csv-stringify';
import type { EngineContext } from '../../context.js';
import { readerFor } from '../../directory/access.js';
import { getForm } from '../../forms/lifecycle.js';
import { cellText, exportColumns, exportPages } from '../../submissions/export.js';
import { accountOf, param, requires } from '../auth.js';
import { QueryReader } from '../query.js';

/** Writes, waiting for the socket to drain when it is full (a slow client never buffers the whole export). */
async function write(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await once(res, 'drain');
}

export function exportRoutes(ctx: EngineContext): Router {
  const r = Router({ mergeParams: true });
  r.get('/', requires('submissions:export'), async (req, res) => {
    const q = new QueryReader(req);
    const format = q.oneOf('format', ['csv', 'json'] as const) ?? 'json';
    const status = q.oneOf('status', ['draft', 'submitted'] as const);
    q.done();
    const form = await getForm(ctx, param(req, 'formId'));
    const account = accountOf(res);
    const stamp = ctx.now().toISOString().slice(0, 10);
    res.setHeader('Content-Disposition', `attachment; filename="${form.id}-${stamp}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    const reader = await readerFor(ctx, account);
    const pages = exportPages(ctx, account.id, form.id, status, reader.narrow);

    if (format === 'json') {
      res.type('application/json; charset=utf-8');
      let first = true;
      await write(res, '[');
      for await (const page of pages) {
        for (const s of page) {
          await write(res, (first ? '\n' : ',\n') + JSON.stringify(s));
          first = false;
        }
      }
      res.end('\n]\n');
      return;
    }

    const columns = exportColumns(await ctx.store.listVersions(form.id));
    res.type('text/csv; charset=utf-8');
    // A BOM so spreadsheet programs read the UTF-8 (names with accents) correctly.
    await write(res, '\ufeff');
    const csv = stringify({ header: true, columns: columns.map((c) => cellText(c.name)) });
    csv.pipe(res, { end: false });
    for await (const page of pages) {
      for (const s of page) {
        if (!csv.write(columns.map((c) => cellText(c.value(s))))) await once(csv, 'drain');
      }
    }
    csv.end();
    await once(csv, 'end');
    res.end();
  });
  return r;
}
