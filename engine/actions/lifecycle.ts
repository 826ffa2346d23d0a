/**
 * A tracked action's life: open → done (a date and a note) or cancelled (a reason); while open,
 * the owner's manager may reassign it or move its due date (with a reason). Each step is a
 * compare-and-set on the action's revision with its event. Overdue is worked out on reading:
 * open and due before today (Europe/London), late by so many working days.
 *
 * Who may do what:
 * - read: its owner, the owner's manager (a manager of the owner's team or the owner's line
 *   manager), and whoever may read the record it came from;
 * - mark done: the owner or the owner's manager;
 * - cancel: the owner's manager or the record's author;
 * - reassign, move the due date: the owner's manager.
 */
import type { Account } from '../accounts/model.js';
import type { EngineContext } from '../context.js';
import { ForbiddenError, ValidationFailedError, type FieldError } from '../errors.js';
import { dayNumber, workingDaysLate } from '../forms/calculations/dates.js';
import { londonToday } from '../forms/calculations/evaluate.js';
import { newEvent } from '../store/events.js';
import { refuse } from '../store/messages.js';
import type { Submission } from '../submissions/model.js';
import { ownerOf } from './create.js';
import type { ActionEntry, ActionPatch, TrackedAction } from './model.js';

export type ActionAccount = Pick<Account, 'id' | 'role' | 'team' | 'workerId' | 'displayName'>;

export interface ActionRights {
  mayComplete: boolean;
  mayCancel: boolean;
  mayReassign: boolean;
}

/** An action as people read it: with whether it is overdue and by how many working days. */
export type ActionView = TrackedAction & { overdue: boolean; workingDaysOverdue?: number };

export function viewOf(a: TrackedAction, today: string): ActionView {
  const overdue = a.status === 'open' && a.dueOn < today;
  return { ...a, overdue, ...(overdue ? { workingDaysOverdue: workingDaysLate(a.dueOn, today) } : {}) };
}

export function isOwner(who: ActionAccount, a: TrackedAction): boolean {
  return a.ownerAccountId === who.id || (who.workerId !== undefined && a.ownerWorkerId === who.workerId);
}

/** A manager of the owner's team, or the owner's line manager in the directory. */
export async function isOwnersManager(ctx: EngineContext, who: ActionAccount, a: TrackedAction): Promise<boolean> {
  if (who.role !== 'manager') return false;
  if (a.team !== undefined && who.team === a.team) return true;
  if (!who.workerId || !a.ownerWorkerId) return false;
  const [owner] = await ctx.store.getWorkers([a.ownerWorkerId]);
  return owner?.managerId === who.workerId;
}

export async function rightsOver(ctx: EngineContext, who: ActionAccount, a: TrackedAction, record?: Pick<Submission, 'createdBy'> | null): Promise<ActionRights> {
  const open = a.status === 'open';
  const owner = isOwner(who, a);
  const manager = await isOwnersManager(ctx, who, a);
  const author = record?.createdBy === who.id;
  return { mayComplete: open && (owner || manager), mayCancel: open && (manager || author), mayReassign: open && manager };
}

/** May this person read the action: owner, owner's manager, or a reader of its record. */
export async function mayReadAction(ctx: EngineContext, who: ActionAccount, a: TrackedAction, readsRecord: (s: Submission) => Promise<boolean>): Promise<boolean> {
  if (isOwner(who, a) || (await isOwnersManager(ctx, who, a))) return true;
  const s = await ctx.store.getSubmission(a.submissionId);
  return s !== null && (await readsRecord(s));
}

/** The action, or 404 (also when the caller may not read it: a refusal tells nothing). */
export async function readAction(ctx: EngineContext, who: ActionAccount, id: string, readsRecord: (s: Submission) => Promise<boolean>): Promise<TrackedAction> {
  const a = await ctx.store.getAction(id);
  if (!a || !(await mayReadAction(ctx, who, a, readsRecord))) throw refuse.actionMissing(id);
  return a;
}

function text(value: unknown, pointer: string, what: string, max = 2000): string {
  const t = typeof value === 'string' ? value.trim() : '';
  const bad = (message: string): never => {
    throw new ValidationFailedError(message, [{ pointer, message }]);
  };
  if (!t) bad(`Enter ${what}.`);
  if (t.length > max) bad(`${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer.`);
  return t;
}

function date(value: unknown, pointer: string, what: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || dayNumber(value) === undefined) {
    const message = `Enter ${what} as a real date, like 2027-03-02.`;
    throw new ValidationFailedError(message, [{ pointer, message }] satisfies FieldError[]);
  }
  return value;
}

async function step(ctx: EngineContext, who: ActionAccount, a: TrackedAction, expectedRevision: number, patch: ActionPatch, entry: Omit<ActionEntry, 'at' | 'by' | 'name'>): Promise<TrackedAction> {
  if (a.revision !== expectedRevision) throw refuse.actionStale(a.id, a.revision);
  const at = ctx.now().toISOString();
  const full: ActionEntry = { at, by: who.id, name: who.displayName, ...entry };
  return ctx.store.updateAction(a.id, expectedRevision, { ...patch, history: [...a.history, full], updatedAt: at, updatedBy: who.id }, newEvent(ctx.now(), who.id, `action.${entry.action}`, 'action', a.id, { submissionId: a.submissionId, ...(entry.reason ? { reason: entry.reason } : {}), ...(entry.from ? { from: entry.from } : {}), ...(entry.to ? { to: entry.to } : {}) }));
}

async function loaded(ctx: EngineContext, who: ActionAccount, id: string, readsRecord: (s: Submission) => Promise<boolean>): Promise<{ a: TrackedAction; rights: ActionRights }> {
  const a = await readAction(ctx, who, id, readsRecord);
  return { a, rights: await rightsOver(ctx, who, a, await ctx.store.getSubmission(a.submissionId)) };
}

const notOpen = (a: TrackedAction) => new ForbiddenError(`This action is ${a.status === 'done' ? 'done' : 'cancelled'} already; it can no longer be changed.`);

/**
 * Whole calendar days from the day the action was made (Europe/London) to the day it was done;
 * 0 when it was done that day or, recorded late, before it. Stamped when it is done, so the
 * dashboards count days to close as a plain field.
 */
export function daysToClose(a: Pick<TrackedAction, 'createdAt'>, doneOn: string): number {
  const made = dayNumber(londonToday(new Date(a.createdAt)));
  const done = dayNumber(doneOn);
  return made === undefined || done === undefined ? 0 : Math.max(0, done - made);
}

export async function completeAction(ctx: EngineContext, who: ActionAccount, id: string, expectedRevision: number, body: { doneOn?: unknown; note?: unknown }, readsRecord: (s: Submission) => Promise<boolean>): Promise<TrackedAction> {
  const { a, rights } = await loaded(ctx, who, id, readsRecord);
  if (a.status !== 'open') throw notOpen(a);
  if (!rights.mayComplete) throw new ForbiddenError('Only the action’s owner or their manager can mark it as done.');
  const today = londonToday(ctx.now());
  const doneOn = date(body.doneOn ?? today, '/doneOn', 'the date it was done');
  if (doneOn > today) throw new ValidationFailedError('The date it was done is in the future.', [{ pointer: '/doneOn', message: 'The date it was done must be today or in the past.' }]);
  const note = text(body.note, '/note', 'what was done');
  return step(ctx, who, a, expectedRevision, { status: 'done', doneOn, daysToClose: daysToClose(a, doneOn), note }, { action: 'done', note });
}

export async function cancelAction(ctx: EngineContext, who: ActionAccount, id: string, expectedRevision: number, body: { reason?: unknown }, readsRecord: (s: Submission) => Promise<boolean>): Promise<TrackedAction> {
  const { a, rights } = await loaded(ctx, who, id, readsRecord);
  if (a.status !== 'open') throw notOpen(a);
  if (!rights.mayCancel) throw new ForbiddenError('Only the owner’s manager or the record’s author can cancel an action.');
  const reason = text(body.reason, '/reason', 'why the action is cancelled');
  return step(ctx, who, a, expectedRevision, { status: 'cancelled', reason }, { action: 'cancelled', reason });
}

export async function reassignAction(ctx: EngineContext, who: ActionAccount, id: string, expectedRevision: number, body: { ownerWorkerId?: unknown; reason?: unknown }, readsRecord: (s: Submission) => Promise<boolean>): Promise<TrackedAction> {
  const { a, rights } = await loaded(ctx, who, id, readsRecord);
  if (a.status !== 'open') throw notOpen(a);
  if (!rights.mayReassign) throw new ForbiddenError('Only the owner’s manager can reassign an action.');
  const to = text(body.ownerWorkerId, '/ownerWorkerId', 'the ICS worker id of the new owner', 40);
  const reason = text(body.reason, '/reason', 'why the action is reassigned');
  const directoryHasWorkers = (await ctx.store.directoryCounts()).workers > 0;
  if (directoryHasWorkers && (await ctx.store.getWorkers([to])).length === 0) {
    throw new ValidationFailedError('There is no such worker.', [{ pointer: '/ownerWorkerId', message: `There is no worker with ICS id ${to} in the directory. Check the id.` }]);
  }
  if (to === a.ownerWorkerId) throw new ValidationFailedError('That is the owner already.', [{ pointer: '/ownerWorkerId', message: `${a.ownerName ?? to} owns this action already.` }]);
  const record = await ctx.store.getSubmission(a.submissionId);
  const owner = await ownerOf(ctx, to, record ?? { createdBy: a.createdBy, ...(a.team ? { team: a.team } : {}) });
  const patch: ActionPatch = { ...owner, reason };
  return step(ctx, who, a, expectedRevision, patch, { action: 'reassigned', ...(a.ownerWorkerId ? { from: a.ownerWorkerId } : {}), to, reason });
}

export async function moveActionDue(ctx: EngineContext, who: ActionAccount, id: string, expectedRevision: number, body: { dueOn?: unknown; reason?: unknown }, readsRecord: (s: Submission) => Promise<boolean>): Promise<TrackedAction> {
  const { a, rights } = await loaded(ctx, who, id, readsRecord);
  if (a.status !== 'open') throw notOpen(a);
  if (!rights.mayReassign) throw new ForbiddenError('Only the owner’s manager can change an action’s due date.');
  const dueOn = date(body.dueOn, '/dueOn', 'the new due date');
  if (dueOn === a.dueOn) throw new ValidationFailedError('That is the due date already.', [{ pointer: '/dueOn', message: 'Choose a different date, or leave the due date as it is.' }]);
  const reason = text(body.reason, '/reason', 'why the due date changes');
  return step(ctx, who, a, expectedRevision, { dueOn, reason }, { action: 'due-moved', from: a.dueOn, to: dueOn, reason });
}
