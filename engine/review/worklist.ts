/**
 * "Your work": what is waiting for a person — their drafts, records returned to them, records
 * waiting for their stage, their open actions, the audits assigned to them — each with its due date, the soonest (so the
 * overdue) first; and for managers their team's: records waiting at any stage, and open and
 * overdue actions per worker. Every list comes from an index-backed store query.
 */
import type { Account } from '../accounts/model.js';
import { viewOf, type ActionView } from '../actions/lifecycle.js';
import type { ActionQuery } from '../actions/model.js';
import { repairOpenAssignments } from '../audits/lifecycle.js';
import type { AuditAssignment } from '../audits/model.js';
import type { EngineContext } from '../context.js';
import { londonToday } from '../forms/calculations/evaluate.js';
import type { Submission } from '../submissions/model.js';
import { keysOf } from './keys.js';

export type WorkAccount = Pick<Account, 'id' | 'role' | 'team' | 'workerId' | 'groups'>;

export interface Listed<T> {
  items: T[];
  count: number;
}

export interface MyWork {
  drafts: Listed<Submission>;
  returned: Listed<Submission>;
  waiting: Listed<Submission>;
  actions: Listed<ActionView>;
  /** Open audit assignments of theirs (engine/audits), soonest due first. */
  audits: Listed<AuditAssignment>;
}

export const WORK_LIMIT = 20;

/** Waiting records this person may act on: their keys, less those they are excluded from (the author, earlier actors). */
export async function waitingFor(ctx: EngineContext, who: WorkAccount, page: { limit: number; after?: string }): Promise<{ items: Submission[]; next: string | null }> {
  const found = await ctx.store.listReviewQueue({ state: 'waiting', keys: keysOf(who) }, page);
  return { items: found.items.filter((s) => !(s.review?.excluded ?? []).includes(who.id)), next: found.next };
}

export function ownedBy(who: WorkAccount): NonNullable<ActionQuery['owners']> {
  return { accountId: who.id, ...(who.workerId ? { workerId: who.workerId } : {}) };
}

export async function myWork(ctx: EngineContext, who: WorkAccount): Promise<MyWork> {
  const store = ctx.store;
  const today = londonToday(ctx.now());
  const page = { limit: WORK_LIMIT };
  const [drafts, draftCount, returned, returnedCount, waiting, waitingCount, actions, actionCount, audits, auditCount] = await Promise.all([
    store.listSubmissions({ createdBy: who.id, status: 'draft' }, { limit: WORK_LIMIT + 5, order: 'newest' }),
    store.countSubmissions({ createdBy: who.id, status: 'draft' }),
    store.listReviewQueue({ state: 'returned', createdBy: who.id }, page),
    store.countReviewQueue({ state: 'returned', createdBy: who.id }),
    waitingFor(ctx, who, page),
    store.countReviewQueue({ state: 'waiting', keys: keysOf(who) }),
    store.listActions({ status: 'open', owners: ownedBy(who) }, page),
    store.countActions({ status: 'open', owners: ownedBy(who) }),
    store.listAssignments({ auditorAccountId: who.id, status: 'open' }, page),
    store.countAssignments({ auditorAccountId: who.id, status: 'open' }),
  ]);
  // An audit whose record completed but was not marked done (the step after it was lost) is marked done now.
  const repaired = await repairOpenAssignments(ctx, audits.items);
  const openAudits = repaired.filter((a) => a.status === 'open');
  // Drafts returned for changes are listed as returned, not among the drafts.
  const plain = drafts.items.filter((s) => !s.review).slice(0, WORK_LIMIT);
  // The count of waiting records includes those the person is excluded from; on a short list, count what is shown.
  const waitingShown = waiting.next === null ? waiting.items.length : waitingCount;
  return {
    drafts: { items: plain, count: Math.max(plain.length, draftCount - returnedCount) },
    returned: { items: returned.items, count: returnedCount },
    waiting: { items: waiting.items, count: waitingShown },
    actions: { items: actions.items.map((a) => viewOf(a, today)), count: actionCount },
    audits: { items: openAudits, count: auditCount - (audits.items.length - openAudits.length) },
  };
}

export interface WorkerActions {
  workerId?: string;
  accountId?: string;
  name: string;
  open: number;
  overdue: number;
}

/** A manager's team: open and overdue actions per owner, most overdue first, named from the directory or accounts. */
export async function teamActionCounts(ctx: EngineContext, team: string): Promise<WorkerActions[]> {
  const counts = await ctx.store.actionCountsByOwner({ team, today: londonToday(ctx.now()) });
  const workerIds = [...new Set(counts.flatMap((c) => (c.ownerWorkerId ? [c.ownerWorkerId] : [])))];
  const workers = new Map(workerIds.length ? (await ctx.store.getWorkers(workerIds.slice(0, 1000))).map((w) => [w.id, w.name]) : []);
  const accounts = new Map<string, string>();
  for (const c of counts) if (!c.ownerWorkerId && c.ownerAccountId && !accounts.has(c.ownerAccountId)) accounts.set(c.ownerAccountId, (await ctx.store.getAccount(c.ownerAccountId))?.displayName ?? c.ownerAccountId);
  return counts
    .map((c) => ({
      ...(c.ownerWorkerId ? { workerId: c.ownerWorkerId } : {}),
      ...(c.ownerAccountId ? { accountId: c.ownerAccountId } : {}),
      name: (c.ownerWorkerId ? workers.get(c.ownerWorkerId) : undefined) ?? (c.ownerAccountId ? accounts.get(c.ownerAccountId) : undefined) ?? c.ownerWorkerId ?? 'Unknown',
      open: c.open,
      overdue: c.overdue,
    }))
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.name.localeCompare(b.name));
}
