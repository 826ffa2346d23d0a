/**
 * /api/submissions/{id}/review and /comments: a record's review stages — what they are, where the
 * record is, the signatures (checked against the content now), what the caller may do — and the
 * steps: sign off, return for changes, save a stage's answers. Comments between reviewer and author.
 */
import { Router } from 'express';
import type { Account } from '../../accounts/model.js';
import type { EngineContext } from '../../context.js';
import { readerFor } from '../../directory/access.js';
import { withSubjectNames } from '../../directory/subjects.js';
import { ValidationFailedError, InvalidRequestError } from '../../errors.js';
import { actorWords } from '../../forms/review.js';
import { isObject } from '../../forms/schema-paths.js';
import { returnForChanges, reviewView, saveStageAnswers, signStage } from '../../review/transitions.js';
import { newEvent } from '../../store/events.js';
import type { Submission } from '../../submissions/model.js';
import { readSubmission } from '../../submissions/lifecycle.js';
import { accountOf, param, requires } from '../auth.js';
import { ifMatchRevision, setEtag } from '../preconditions.js';

const MAX_COMMENT = 4000;

/** The body's members, refusing any other. */
function body(raw: unknown, allowed: readonly string[], required: readonly string[]): Record<string, unknown> {
  if (!isObject(raw)) throw new InvalidRequestError('Send a JSON object.', [{ pointer: '', message: `Send { ${allowed.map((k) => `"${k}"`).join(', ')} }.` }]);
  const extra = Object.keys(raw).filter((k) => !allowed.includes(k));
  const missing = required.filter((k) => raw[k] === undefined);
  if (extra.length || missing.length) {
    throw new InvalidRequestError('The request is not of the right shape.', [
      ...extra.map((k) => ({ pointer: `/${k}`, message: `"${k}" is not part of this request.` })),
      ...missing.map((k) => ({ pointer: `/${k}`, message: `"${k}" is required.` })),
    ]);
  }
  if (raw.stage !== undefined && (typeof raw.stage !== 'string' || raw.stage.length > 40)) throw new InvalidRequestError('"stage" must be a stage id.', [{ pointer: '/stage', message: '"stage" must be the id of the stage, like "manager-sign-off".' }]);
  return raw;
}

export function reviewRoutes(ctx: EngineContext): Router {
  const r = Router();
  const readable = async (account: Account) => (await readerFor(ctx, account)).mayRead;
  const read = async (account: Account, id: string): Promise<Submission> => readSubmission(ctx, { id: account.id, team: account.team }, id, (await readerFor(ctx, account)).why);
  const send = async (res: import('express').Response, s: Submission) => {
    const [named] = await withSubjectNames(ctx.store, [s]);
    setEtag(res, s.revision);
    res.json(named);
  };

  r.get('/:id/review', requires('submissions:read'), async (req, res) => {
    const account = accountOf(res);
    const s = await read(account, param(req, 'id'));
    setEtag(res, s.revision);
    res.json(await reviewView(ctx, account, s, actorWords));
  });

  r.post('/:id/review/sign', requires('review:act'), async (req, res) => {
    const account = accountOf(res);
    const expected = ifMatchRevision(req, 'record');
    const b = body(req.body, ['stage', 'data'], ['stage']);
    await send(res, await signStage(ctx, account, param(req, 'id'), expected, { stage: b.stage as string, ...(b.data !== undefined ? { data: b.data } : {}) }, await readable(account)));
  });

  r.post('/:id/review/return', requires('review:act'), async (req, res) => {
    const account = accountOf(res);
    const expected = ifMatchRevision(req, 'record');
    const b = body(req.body, ['stage', 'reason'], ['stage']);
    await send(res, await returnForChanges(ctx, account, param(req, 'id'), expected, { stage: b.stage as string, reason: b.reason }, await readable(account)));
  });

  r.put('/:id/review/answers', requires('review:act'), async (req, res) => {
    const account = accountOf(res);
    const expected = ifMatchRevision(req, 'record');
    const b = body(req.body, ['stage', 'data'], ['stage', 'data']);
    await send(res, await saveStageAnswers(ctx, account, param(req, 'id'), expected, { stage: b.stage as string, data: b.data }, await readable(account)));
  });

  r.get('/:id/comments', requires('submissions:read'), async (req, res) => {
    const account = accountOf(res);
    const s = await read(account, param(req, 'id'));
    const events = await ctx.store.listEvents({ entityKind: 'submission', entityId: s.id, action: 'submission.commented', limit: 500 });
    const names = new Map<string, string>();
    for (const e of events) if (!names.has(e.actor)) names.set(e.actor, (await ctx.store.getAccount(e.actor))?.displayName ?? e.actor);
    res.json({ items: events.map((e) => ({ id: e.id, at: e.at, by: e.actor, name: names.get(e.actor), text: (e.details as { text?: string } | undefined)?.text ?? '' })) });
  });

  r.post('/:id/comments', requires('review:act'), async (req, res) => {
    const account = accountOf(res);
    const b = body(req.body, ['text'], ['text']);
    const text = typeof b.text === 'string' ? b.text.trim() : '';
    if (!text) throw new ValidationFailedError('The comment is empty.', [{ pointer: '/text', message: 'Enter a comment.' }]);
    if (text.length > MAX_COMMENT) throw new ValidationFailedError('The comment is too long.', [{ pointer: '/text', message: `A comment must be ${MAX_COMMENT} characters or fewer.` }]);
    const s = await read(account, param(req, 'id'));
    const event = newEvent(ctx.now(), account.id, 'submission.commented', 'submission', s.id, { text });
    await ctx.store.appendEvent(event);
    res.status(201).json({ id: event.id, at: event.at, by: account.id, name: account.displayName, text });
  });
  return r;
}
