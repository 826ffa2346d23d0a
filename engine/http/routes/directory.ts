/** /api/directory/children: find a child in the ICS directory (and read one child's card). */
import { Router } from 'express';
import type { EngineContext } from '../../context.js';
import { childCard, findChildren } from '../../directory/find-child.js';
import { accountOf, param, requires } from '../auth.js';
import { QueryReader } from '../query.js';

export function directoryRoutes(ctx: EngineContext): Router {
  const r = Router();
  r.get('/children', requires('directory:search'), async (req, res) => {
    const q = new QueryReader(req);
    const text = q.string('q', /^[^\u0000-\u001f]{0,200}$/s, 'what to look for: a name, an ICS person id or a date of birth') ?? '';
    const limit = q.int('limit', 1, 20) ?? 10;
    q.done();
    res.json(await findChildren(ctx, accountOf(res), text, limit));
  });
  r.get('/children/:id', requires('directory:search'), async (req, res) => {
    res.json(await childCard(ctx, accountOf(res), param(req, 'id')));
  });
  return r;
}
