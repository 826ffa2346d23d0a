/** /api/actions: tracked actions — list yours (or a child's, or a record's), read one, and its steps. */
import { Router, type Response } from 'express';
import { cancelAction, completeAction, moveActionDue, readAction, reassignAction, rightsOver, viewOf } from '../../actions/lifecycle.js';
import { ACTION_STATUSES, type ActionQuery, type TrackedAction } from '../../actions/model.js';
import type { Account } from '../../accounts/model.js';
import type { EngineContext } from '../../context.js';
import { readerFor } from '../../directory/access.js';
import { withChildNames } from '../../directory/subjects.js';
import { InvalidRequestError } from '../../errors.js';
import { londonToday } from '../../forms/calculations/evaluate.js';
import { isObject } from '../../forms/schema-paths.js';
import { ownedBy } from '../../review/worklist.js';
import { refuse } from '../../store/messages.js';
import { accountOf, param, requires } from '../auth.js';
import { ifMatchRevision, setEtag } from '../preconditions.js';
import { QueryReader } from '../query.js';

const CURSOR = /^[A-Za-z0-9_=.:-]{1,200}$/;
const CHILD = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const RECORD = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function fields(raw: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (!isObject(raw)) throw new InvalidRequestError('Send a JSON object.', [{ pointer: '', message: `Send { ${allowed.map((k) => `"${k}"`).join(', ')} }.` }]);
  const extra = Object.keys(raw).filter((k) => !allowed.includes(k));
  if (extra.length) throw new InvalidRequestError('The request has fields it should not.', extra.map((k) => ({ pointer: `/${k}`, message: `"${k}" is not part of this request.` })));
  return raw;
}

export function actionRoutes(ctx: EngineContext): Router {
  const r = Router();
  const readsRecord = async (account: Account) => (await readerFor(ctx, account)).mayRead;
  const send = async (res: Response, account: Account, a: TrackedAction, status = 200) => {
    setEtag(res, a.revision);
    const you = await rightsOver(ctx, account, a, await ctx.store.getSubmission(a.submissionId));
    const [named] = await withChildNames(ctx.store, [viewOf(a, londonToday(ctx.now()))]);
    res.status(status).json({ ...named, you });
  };

  r.get('/', requires('actions:read'), async (req, res) => {
    const q = new QueryReader(req);
    const status = q.oneOf('status', ACTION_STATUSES);
    const child = q.string('child', CHILD, 'an ICS person id');
    const record = q.string('submission', RECORD, 'a record id');
    const overdue = q.oneOf('overdue', ['true', 'false'] as const) === 'true';
    const cursor = q.string('cursor', CURSOR, 'the nextCursor of the page before');
    const limit = q.int('limit', 1, 100) ?? 25;
    q.done();
    const account = accountOf(res);
    const reader = await readerFor(ctx, account);
    const today = londonToday(ctx.now());
    let query: ActionQuery;
    if (record) {
      // A record's actions: for those who may read the record (a refusal looks like a record with none).
      const s = await ctx.store.getSubmission(record);
      if (!s || !(await reader.mayRead(s))) throw refuse.submissionMissing(record);
      query = { submissionId: record };
    } else if (child) {
      // A child's actions: for those who may read that child's records.
      if (!(await reader.mayRead({ createdBy: '', subject: { childId: child } }))) {
        res.json({ items: [], count: 0, nextCursor: null });
        return;
      }
      query = { childId: child };
    } else query = { owners: ownedBy(account) };
    if (status) query.status = status;
    if (overdue) Object.assign(query, { status: 'open', dueBefore: today });
    const page = { limit, ...(cursor ? { after: cursor } : {}) };
    const [found, count] = await Promise.all([ctx.store.listActions(query, page), ctx.store.countActions(query)]);
    res.json({ items: await withChildNames(ctx.store, found.items.map((a) => viewOf(a, today))), count, nextCursor: found.next });
  });

  r.get('/:id', requires('actions:read'), async (req, res) => {
    const account = accountOf(res);
    await send(res, account, await readAction(ctx, account, param(req, 'id'), await readsRecord(account)));
  });

  r.post('/:id/done', requires('actions:update'), async (req, res) => {
    const account = accountOf(res);
    const expected = ifMatchRevision(req, 'action');
    const b = fields(req.body, ['doneOn', 'note']);
    await send(res, account, await completeAction(ctx, account, param(req, 'id'), expected, b, await readsRecord(account)));
  });

  r.post('/:id/cancel', requires('actions:update'), async (req, res) => {
    const account = accountOf(res);
    const expected = ifMatchRevision(req, 'action');
    await send(res, account, await cancelAction(ctx, account, param(req, 'id'), expected, fields(req.body, ['reason']), await readsRecord(account)));
  });

  r.post('/:id/reassign', requires('actions:update'), async (req, res) => {
    const account = accountOf(res);
    const expected = ifMatchRevision(req, 'action');
    await send(res, account, await reassignAction(ctx, account, param(req, 'id'), expected, fields(req.body, ['ownerWorkerId', 'reason']), await readsRecord(account)));
  });

  r.post('/:id/due', requires('actions:update'), async (req, res) => {
    const account = accountOf(res);
    const expected = ifMatchRevision(req, 'action');
    await send(res, account, await moveActionDue(ctx, account, param(req, 'id'), expected, fields(req.body, ['dueOn', 'reason']), await readsRecord(account)));
  });
  return r;
}
