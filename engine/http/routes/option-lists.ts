/** /api/option-lists: shared option lists, their versions, what a change would do, and where they are used. */
import { Router, type RequestHandler } from 'express';
import type { EngineContext } from '../../context.js';
import { can } from '../../accounts/permissions.js';
import { NotFoundError } from '../../errors.js';
import {
  checkOptionListChange,
  createOptionList,
  getOptionList,
  optionListFormCounts,
  optionListUsage,
  optionListVersions,
  saveOptionListVersion,
} from '../../forms/option-list-lifecycle.js';
import { accountOf, param, requires } from '../auth.js';
import { ifMatchRevision, setEtag } from '../preconditions.js';
import { HttpProblem } from '../problems.js';
import { versionParam } from '../query.js';

/** Designers (who use lists in forms) and integrators (who map their codes to the ICS) read lists; practitioners get options inside forms. */
const readsLists: RequestHandler = (_req, res, next) => {
  const account = accountOf(res);
  if (!can(account, 'forms:read-drafts') && !can(account, 'forms:types')) throw new HttpProblem('forbidden', `Your role (${account.role}) does not allow this.`);
  next();
};

function listVersionParam(text: string): number {
  const n = versionParam(text);
  if (n === null) throw new NotFoundError(`"${text}" is not a version number.`);
  return n;
}

export function optionListRoutes(ctx: EngineContext): Router {
  const r = Router();

  r.get('/', readsLists, async (_req, res) => {
    const [lists, counts] = await Promise.all([ctx.store.listOptionLists(), optionListFormCounts(ctx)]);
    res.json({ items: lists.map((l) => ({ ...l, usedBy: counts.get(l.id) ?? 0 })) });
  });

  r.post('/', requires('forms:write'), async (req, res) => {
    const v = await createOptionList(ctx, accountOf(res), req.body);
    setEtag(res, v.version);
    res.location(`/api/option-lists/${v.listId}`).status(201).json(v);
  });

  r.get('/:id', readsLists, async (req, res) => {
    const id = param(req, 'id');
    const v = await getOptionList(ctx, id);
    setEtag(res, v.version);
    res.json({ ...v, usage: await optionListUsage(ctx, id) });
  });

  r.get('/:id/versions', readsLists, async (req, res) => {
    res.json({ items: await optionListVersions(ctx, param(req, 'id')) });
  });

  // What saving this change would do, before saving it: nothing is written.
  r.post('/:id/versions/check', requires('forms:write'), async (req, res) => {
    res.json(await checkOptionListChange(ctx, param(req, 'id'), req.body));
  });

  r.post('/:id/versions', requires('forms:write'), async (req, res) => {
    const id = param(req, 'id');
    const expected = ifMatchRevision(req, 'shared list');
    const v = await saveOptionListVersion(ctx, accountOf(res), id, expected, req.body);
    setEtag(res, v.version);
    res.location(`/api/option-lists/${id}/versions/${v.version}`).status(201).json(v);
  });

  r.get('/:id/versions/:version', readsLists, async (req, res) => {
    const v = await getOptionList(ctx, param(req, 'id'), listVersionParam(param(req, 'version')));
    setEtag(res, v.version);
    res.json(v);
  });

  return r;
}
