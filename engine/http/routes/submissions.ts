/** /api/submissions: create (idempotent), read, list, save and delete drafts, submit, migrate. */
import { Router, type Response } from 'express';
import type { EngineContext } from '../../context.js';
import type { Account } from '../../accounts/model.js';
import { mayCreateAbout, readerFor } from '../../directory/access.js';
import { InvalidRequestError } from '../../errors.js';
import { isObject } from '../../forms/schema-paths.js';
import type { ListOrder, SubmissionQuery } from '../../store/contract.js';
import { cursor as pageCursor } from '../../store/messages.js';
import type { Submission, Subject } from '../../submissions/model.js';
import { deleteDraft } from '../../submissions/delete.js';
import { listReadable } from '../../submissions/list.js';
import { withSubjectNames } from '../../directory/subjects.js';
import { withAuthorNames } from '../../accounts/names.js';
import { recordDelivery } from '../../submissions/delivery.js';
import { checkMigration, createSubmission, draftAdvice, migrateDraft, readSubmission, saveDraft, submitDraft } from '../../submissions/lifecycle.js';
import { accountOf, param, requires } from '../auth.js';
import { idempotencyKey, ifMatchRevision, setEtag } from '../preconditions.js';
import { FORM_ID, ID_PATTERN, QueryReader } from '../query.js';

const REFERENCE_QUERY = /^[A-Za-z][A-Za-z0-9]{0,7}-[0-9]{4}-[0-9]{6,12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a list shows of a record: everything but the answers. */
export function submissionSummary(s: Submission) {
  const { data: _d, ...rest } = s;
  return rest;
}

const LIST_ORDERS: readonly ListOrder[] = ['oldest', 'newest'];

const actorOf = (a: Account) => ({ id: a.id, team: a.team });

function send(res: Response, status: number, s: Submission, extra: Record<string, unknown> = {}): void {
  setEtag(res, s.revision);
  res.status(status).json({ ...s, ...extra });
}

/** The body of a draft save: `{ data, subject? }`. */
function draftBody(body: unknown): { data: Record<string, unknown>; subject?: Subject } {
  if (!isObject(body) || !isObject(body.data)) {
    throw new InvalidRequestError('Send the draft as { "data": { … } }.', [{ pointer: '/data', message: '"data" must be an object of answers.' }]);
  }
  const extra = Object.keys(body).filter((k) => k !== 'data' && k !== 'subject');
  if (extra.length) throw new InvalidRequestError('The draft has fields it should not.', extra.map((k) => ({ pointer: `/${k}`, message: `"${k}" is not part of a draft save.` })));
  if (body.subject !== undefined && !isObject(body.subject)) throw new InvalidRequestError('"subject" must be an object.', [{ pointer: '/subject', message: '"subject" must be an object.' }]);
  return { data: body.data, ...(body.subject ? { subject: body.subject as Subject } : {}) };
}

export function submissionRoutes(ctx: EngineContext): Router {
  const r = Router();
  /** A submitted record's `delivery` member (for callers who may read it). */
  const delivered = async (s: Submission, justSubmitted = false) => {
    const delivery = await recordDelivery(ctx, s, { justSubmitted });
    return delivery ? { delivery } : {};
  };

  /** Only a draft's author changes it, and only while they may still read it. */
  const writerOf = async (account: Account) => (await readerFor(ctx, account)).mayWrite;

  r.post('/', requires('submissions:create'), async (req, res) => {
    const key = idempotencyKey(req);
    const account = accountOf(res);
    // Nothing is started about a restricted child it may not read (a few reads by id). Answers
    // carried forward (drafts only) come only from records this account may read: that needs its
    // whole reach, which a record submitted at once does not.
    const mayCreate = (s: Submission) => mayCreateAbout(ctx, account, s.subject);
    const reader = isObject(req.body) && req.body.status === 'submitted' ? null : await readerFor(ctx, account);
    const carry = reader ? { mayRead: reader.mayRead, mayCreate, narrow: reader.narrow({}) ?? { anyOf: [] } } : { mayRead: () => false, mayCreate, narrow: { anyOf: [] } };
    const { submission, advisory, replayed } = await createSubmission(ctx, actorOf(account), req.body, key, carry);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.location(`/api/submissions/${submission.id}`);
    send(res, 201, submission, submission.status === 'draft' ? { advisory } : await delivered(submission, !replayed));
  });

  r.get('/', requires('submissions:read'), async (req, res) => {
    const account = accountOf(res);
    const q = new QueryReader(req);
    const query: SubmissionQuery = {};
    const formId = q.string('formId', FORM_ID, 'a form id');
    const version = q.int('version', 1, 999_999_999);
    const status = q.oneOf('status', ['draft', 'submitted'] as const);
    const childId = q.string('childId', ID_PATTERN, 'an ICS person id');
    // Exact, in any case; the reader's scope still applies, so another's record is simply not found.
    const reference = q.string('reference', REFERENCE_QUERY, 'a record reference, like SUP-2026-000123')?.toUpperCase();
    const submittedBy = q.string('submittedBy', ID_PATTERN, 'an account id');
    const from = q.time('from');
    const to = q.time('to');
    const limit = q.int('limit', 1, 200) ?? 50;
    const asked = q.oneOf('order', LIST_ORDERS);
    const cursor = q.string('cursor', /^[A-Za-z0-9_-]{1,200}$/, 'the nextCursor of a previous page');
    // A cursor carries its order: following nextCursor alone continues the same list.
    const decoded = cursor !== undefined ? pageCursor.decode(cursor) : undefined;
    // A cursor is the last record's id: anything else is not one we gave out.
    if (decoded && !UUID.test(decoded.after)) q.refuse('cursor', '"cursor" must be the nextCursor of a previous page, unchanged.');
    const cursorOrder = decoded && UUID.test(decoded.after) ? decoded.order : undefined;
    if (asked && cursorOrder && asked !== cursorOrder) {
      q.refuse('cursor', `This cursor continues a list in ${cursorOrder}-first order; ask with order=${cursorOrder}, or start again without a cursor.`);
    }
    const order = asked ?? cursorOrder ?? 'oldest';
    q.done();
    Object.assign(query, { formId, version, status, childId, reference, submittedBy, from, to });
    for (const k of Object.keys(query) as Array<keyof SubmissionQuery>) if (query[k] === undefined) delete query[k];
    const page = await listReadable(ctx, await readerFor(ctx, account), query, { limit, cursor: cursor ?? null, order });
    // The directory's current names beside the ids, and who started each, read once for the whole page.
    res.json({ items: await withAuthorNames(ctx.store, await withSubjectNames(ctx.store, page.items.map(submissionSummary))), nextCursor: page.next });
  });

  r.get('/:id', requires('submissions:read'), async (req, res) => {
    const account = accountOf(res);
    const reader = await readerFor(ctx, account);
    const s = await readSubmission(ctx, actorOf(account), param(req, 'id'), reader.why);
    const [named] = await withAuthorNames(ctx.store, await withSubjectNames(ctx.store, [s]));
    // The form's title and category as they are now (what a record's page heads itself with, in
    // this one answer rather than a second request after it), and which answers show its subject.
    const f = await ctx.store.getForm(s.formId);
    const form = f ? { form: { title: f.title, category: f.category, ...(f.subject ? { subject: f.subject } : {}) } } : {};
    // A draft comes with what still needs an answer, so the app can show where to go next; a
    // submitted record with where it went. Both with the directory's names for what it is about.
    send(res, 200, named!, { ...form, ...(s.status === 'draft' ? { advisory: await draftAdvice(ctx, s, f) } : await delivered(s)) });
  });

  r.put('/:id', requires('submissions:create'), async (req, res) => {
    const account = accountOf(res);
    const expected = ifMatchRevision(req, 'draft');
    const { submission, advisory } = await saveDraft(ctx, actorOf(account), param(req, 'id'), expected, draftBody(req.body), await writerOf(account));
    send(res, 200, submission, { advisory });
  });

  r.delete('/:id', requires('submissions:create'), async (req, res) => {
    const account = accountOf(res);
    const expected = ifMatchRevision(req, 'draft');
    await deleteDraft(ctx, actorOf(account), param(req, 'id'), expected, await writerOf(account));
    res.status(204).end();
  });

  r.post('/:id/submit', requires('submissions:create'), async (req, res) => {
    const account = accountOf(res);
    const expected = ifMatchRevision(req, 'draft');
    const body = isObject(req.body) ? req.body : {};
    const change = body.data !== undefined ? draftBody({ data: body.data }) : {};
    const submitted = await submitDraft(ctx, actorOf(account), param(req, 'id'), expected, change, await writerOf(account));
    // The confirmation page says "it will be added to the case record" only when it will be.
    send(res, 200, submitted, await delivered(submitted));
  });

  r.get('/:id/migration', requires('submissions:create'), async (req, res) => {
    const account = accountOf(res);
    const q = new QueryReader(req);
    const to = q.int('to', 1, 999_999_999);
    q.done();
    res.json(await checkMigration(ctx, actorOf(account), param(req, 'id'), to, await writerOf(account)));
  });

  r.post('/:id/migrate', requires('submissions:create'), async (req, res) => {
    const account = accountOf(res);
    const expected = ifMatchRevision(req, 'draft');
    const body = isObject(req.body) ? req.body : {};
    if (body.to !== undefined && !(Number.isInteger(body.to) && (body.to as number) > 0)) {
      throw new InvalidRequestError('"to" must be a version number.', [{ pointer: '/to', message: '"to" must be a whole number, 1 or more.' }]);
    }
    send(res, 200, await migrateDraft(ctx, actorOf(account), param(req, 'id'), expected, body.to as number | undefined, await writerOf(account)));
  });

  return r;
}
