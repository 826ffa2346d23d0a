/**
 * /api/work: "Your work" — drafts, records returned to you, records waiting for your stage, your
 * open actions — and, for managers, /api/work/team: the team's records waiting at any stage, open
 * and overdue actions per worker, and one worker's (or the team's) open actions.
 */
import { Router } from 'express';
import { viewOf } from '../../actions/lifecycle.js';
import type { EngineContext } from '../../context.js';
import { withChildNames, withSubjectNames } from '../../directory/subjects.js';
import { londonToday } from '../../forms/calculations/evaluate.js';
import { myRecords, myWork, teamActionCounts } from '../../review/worklist.js';
import type { Submission } from '../../submissions/model.js';
import { accountOf, requires } from '../auth.js';
import { QueryReader } from '../query.js';
import { submissionSummary } from './submissions.js';

const CURSOR = /^[A-Za-z0-9_=.:-]{1,200}$/;
const WORKER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export function workRoutes(ctx: EngineContext): Router {
  const r = Router();
  const summaries = (items: Submission[]) => withSubjectNames(ctx.store, items.map(submissionSummary));

  r.get('/', requires('work:read'), async (req, res) => {
    new QueryReader(req).done();
    const w = await myWork(ctx, accountOf(res));
    res.json({
      drafts: { items: await summaries(w.drafts.items), count: w.drafts.count },
      returned: { items: await summaries(w.returned.items), count: w.returned.count },
      waiting: { items: await summaries(w.waiting.items), count: w.waiting.count },
      actions: { items: await withChildNames(ctx.store, w.actions.items), count: w.actions.count },
      audits: { items: await withChildNames(ctx.store, w.audits.items), count: w.audits.count },
    });
  });

  // One of the record lists of "Your work" in full, a page at a time.
  r.get('/records', requires('work:read'), async (req, res) => {
    const q = new QueryReader(req);
    const list = q.oneOf('list', ['waiting', 'returned'] as const);
    const cursor = q.string('cursor', CURSOR, 'the nextCursor of the page before');
    const limit = q.int('limit', 1, 100) ?? 25;
    if (!list) q.refuse('list', 'Say which list: "waiting" (records waiting for you to act on) or "returned" (records returned to you for changes).');
    q.done();
    const found = await myRecords(ctx, accountOf(res), list!, { limit, ...(cursor ? { after: cursor } : {}) });
    res.json({ list, items: await summaries(found.items), nextCursor: found.next });
  });

  r.get('/team', requires('work:team'), async (req, res) => {
    const q = new QueryReader(req);
    const view = q.oneOf('view', ['records', 'actions', 'workers'] as const) ?? 'records';
    const worker = q.string('worker', WORKER, 'an ICS worker id');
    const overdue = q.oneOf('overdue', ['true', 'false'] as const) === 'true';
    const cursor = q.string('cursor', CURSOR, 'the nextCursor of the page before');
    const limit = q.int('limit', 1, 100) ?? 25;
    if (worker && view !== 'actions') q.refuse('worker', '"worker" filters the actions view only (view=actions).');
    q.done();
    const account = accountOf(res);
    const team = account.team;
    const page = { limit, ...(cursor ? { after: cursor } : {}) };
    const today = londonToday(ctx.now());
    if (view === 'workers') {
      res.json({ team, items: await teamActionCounts(ctx, team) });
      return;
    }
    if (view === 'actions') {
      const query = { status: 'open' as const, team, ...(worker ? { owners: { workerId: worker } } : {}), ...(overdue ? { dueBefore: today } : {}) };
      const [found, count] = await Promise.all([ctx.store.listActions(query, page), ctx.store.countActions(query)]);
      res.json({ team, items: await withChildNames(ctx.store, found.items.map((a) => viewOf(a, today))), count, nextCursor: found.next });
      return;
    }
    const query = { state: 'waiting' as const, team };
    const [found, count] = await Promise.all([ctx.store.listReviewQueue(query, page), ctx.store.countReviewQueue(query)]);
    // Soonest due first: the overdue records are the start of the list, so the filter ends the paging where they end.
    const items = overdue ? found.items.filter((s) => s.review?.dueOn !== undefined && s.review.dueOn < today) : found.items;
    const next = overdue && items.length < found.items.length ? null : found.next;
    res.json({ team, items: await summaries(items), ...(overdue ? {} : { count }), nextCursor: next });
  });
  return r;
}
