/**
 * From the event log to notifications. The producer reads events in id order after a stored
 * cursor and turns the ones people are told about into notifications whose ids say what they are
 * about, inserted if absent: reading an event twice (a crash before the cursor moved, two
 * processes) never makes a second email. Each change's event is written with the change itself,
 * so nothing is missed; events younger than `settleMs` are left for the next round, because ids
 * are taken before a write commits and a slower writer's event may still land behind a newer one.
 * The cursor moves by compare-and-set, so two producers never both move it.
 */
import type { EngineContext } from '../context.js';
import type { EventRecord } from '../store/events.js';
import type { Submission } from '../submissions/model.js';
import { enqueue, type Draft } from './queue.js';
import { AccountBook } from './recipients.js';
import { titles } from './words.js';

export const EVENT_CURSOR = 'events';

/** The smallest UUIDv7-shaped id of millisecond `ms`: every event id made at or after `ms` sorts after it. */
export function idFloor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-0000-0000-000000000000`;
}

const recordPath = (id: string) => `/records/${id}`;
const actionPath = (id: string) => `/actions/${id}`;
/** The audit's page in the app, where its auditor starts it (runtime/audits/AuditPage.tsx). */
const auditPath = (id: string) => `/audits/${id}`;

/** Notifications for people who may now act on a record waiting at a stage (not whoever put it there). */
export async function signOffDrafts(book: AccountBook, s: Submission, skip: readonly string[], kind: 'sign-off' | 'overdue'): Promise<Draft[]> {
  const r = s.review;
  if (!r || r.state !== 'waiting') return [];
  const accounts = await book.holding(r.keys, [...r.excluded, ...skip]);
  const arrival = `h${r.history.length}`;
  return accounts.map((a) =>
    kind === 'sign-off'
      ? { id: `sign-off:${s.id}:${arrival}:${a.id}`, kind, accountId: a.id, title: titles.signOff(s.reference, r.stageName, r.dueOn), path: recordPath(s.id), ...(s.reference ? { reference: s.reference } : {}) }
      : { id: `record-overdue:${s.id}:${arrival}:${a.id}`, kind, accountId: a.id, title: titles.recordOverdue(s.reference, r.stageName, r.dueOn ?? ''), path: recordPath(s.id), ...(s.reference ? { reference: s.reference } : {}) },
  );
}

/** The open actions a completed record raised, each to its owner (unless the owner completed it). */
async function actionDrafts(ctx: EngineContext, submissionId: string, actor: string): Promise<Draft[]> {
  const out: Draft[] = [];
  let after: string | undefined;
  do {
    const page = await ctx.store.listActions({ submissionId, status: 'open' }, { limit: 100, ...(after ? { after } : {}) });
    for (const a of page.items) {
      if (!a.ownerAccountId || a.ownerAccountId === actor) continue;
      out.push({ id: `assigned:action:${a.id}:${a.ownerAccountId}`, kind: 'assigned', accountId: a.ownerAccountId, title: titles.actionAssigned(a.reference, a.dueOn), path: actionPath(a.id), ...(a.reference ? { reference: a.reference } : {}) });
    }
    after = page.next ?? undefined;
  } while (after);
  return out;
}

/** What one event tells whom (nothing, for most events). */
export async function draftsFor(ctx: EngineContext, book: AccountBook, e: EventRecord): Promise<Draft[]> {
  const d = e.details ?? {};
  switch (e.action) {
    case 'submission.submitted':
    case 'submission.resubmitted':
    case 'submission.signed': {
      const s = await ctx.store.getSubmission(e.entity.id);
      if (!s || s.status !== 'submitted') return [];
      // Waiting at a stage now (submitted, resubmitted, or signed on to the next stage).
      if (s.review?.state === 'waiting') return signOffDrafts(book, s, [e.actor], 'sign-off');
      // Complete (signed at the last stage, or a form without stages): its actions are tracked.
      if (e.action !== 'submission.signed' || d.complete === true) return actionDrafts(ctx, s.id, e.actor);
      return [];
    }
    case 'submission.returned': {
      const s = await ctx.store.getSubmission(e.entity.id);
      const r = s?.review;
      if (!s || r?.state !== 'returned' || s.createdBy === e.actor) return [];
      const author = await book.get(s.createdBy);
      if (!author || author.disabled) return [];
      return [{ id: `returned:${s.id}:h${r.history.length}:${author.id}`, kind: 'returned', accountId: author.id, title: titles.returned(s.reference, r.stageName), path: recordPath(s.id), ...(s.reference ? { reference: s.reference } : {}) }];
    }
    case 'action.reassigned': {
      const a = await ctx.store.getAction(e.entity.id);
      // Only while the action is still with the person this event gave it to.
      if (!a || a.status !== 'open' || !a.ownerAccountId || a.ownerAccountId === e.actor || (typeof d.to === 'string' && a.ownerWorkerId !== d.to)) return [];
      return [{ id: `assigned:action:${a.id}:${e.id}:${a.ownerAccountId}`, kind: 'assigned', accountId: a.ownerAccountId, title: titles.actionAssigned(a.reference, a.dueOn), path: actionPath(a.id), ...(a.reference ? { reference: a.reference } : {}) }];
    }
    case 'audit.assigned': {
      const accountId = typeof d.auditorAccountId === 'string' ? d.auditorAccountId : undefined;
      const assignmentId = typeof d.assignmentId === 'string' ? d.assignmentId : e.entity.id;
      if (!accountId || accountId === e.actor) return [];
      const dueOn = typeof d.dueOn === 'string' ? d.dueOn : undefined;
      return [{ id: `assigned:audit:${assignmentId}:${accountId}`, kind: 'assigned', accountId, title: titles.auditAssigned(dueOn), path: auditPath(assignmentId) }];
    }
    default:
      return [];
  }
}

export interface ProduceOptions {
  /** Events younger than this (by their id's time, on this machine's clock) wait for the next round. */
  settleMs: number;
  batch?: number;
  /** This machine's clock (event ids are made with it, not with the engine's clock). */
  wallClock?: () => number;
}

/**
 * One round: the events after the cursor (old enough), turned into notifications, then the
 * cursor moved past them. Returns how many events were read. A first round (no cursor yet)
 * starts from now: turning email on never mails people about the past.
 */
export async function produceOnce(ctx: EngineContext, options: ProduceOptions): Promise<{ events: number; queued: number }> {
  const wall = options.wallClock ?? Date.now;
  const cursor = await ctx.store.getNotificationCursor(EVENT_CURSOR);
  if (cursor === null) {
    await ctx.store.advanceNotificationCursor(EVENT_CURSOR, null, idFloor(wall()));
    return { events: 0, queued: 0 };
  }
  const until = idFloor(wall() - options.settleMs);
  const events = (await ctx.store.listEvents({ after: cursor, limit: options.batch ?? 200 })).filter((e) => e.id < until);
  if (!events.length) return { events: 0, queued: 0 };
  const book = new AccountBook(ctx);
  const drafts: Draft[] = [];
  for (const e of events) drafts.push(...(await draftsFor(ctx, book, e)));
  const queued = await enqueue(ctx, drafts);
  await ctx.store.advanceNotificationCursor(EVENT_CURSOR, cursor, events.at(-1)!.id);
  return { events: events.length, queued: queued.length };
}

