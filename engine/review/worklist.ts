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
import { dueCursor } from '../store/due-cursor.js';
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

/** Which of your record lists: waiting for your stage, or returned to you for changes. */
export type MyList = 'waiting' | 'returned';

/**
 * One of your record lists a page at a time, soonest due first (what "Your work" shows the start
 * of). Records waiting that you may not act on (yours, or a stage you acted on before) are left
 * out, and the page is filled from the queue after them: read in pages of at least 25 (a few at
 * most), cut at `limit` with a cursor of its own (the queue's due-date-then-id cursor).
 */
export async function myRecords(ctx: EngineContext, who: WorkAccount, list: MyList, page: { limit: number; after?: string }): Promise<{ items: Submission[]; next: string | null }> {
  if (list === 'returned') return ctx.store.listReviewQueue({ state: 'returned', createdBy: who.id }, page);
  const query = { state: 'waiting' as const, keys: keysOf(who) };
  const items: Submission[] = [];
  let after = page.after;
  for (let round = 0; round < 8; round++) {
    const found = await ctx.store.listReviewQueue(query, { limit: Math.max(page.limit, 25), ...(after !== undefined ? { after } : {}) });
    for (const s of found.items) {
      if ((s.review?.excluded ?? []).includes(who.id)) continue;
      items.push(s);
      if (items.length === page.limit) {
        // Cut here: the next page starts after this record, even if more were read.
        const last = found.items.at(-1)!;
        return { items, next: s === last ? found.next : dueCursor.encode(s.review?.dueOn, s.id) };
      }
    }
    if (found.next === null) return { items, next: null };
    after = found.next;
  }
  // A long run of records not theirs: what was found, and where to go on from.
  return { items, next: after ?? null };
}

export function ownedBy(who: WorkAccount): NonNullable<ActionQuery['owners']> {
  return { accountId: who.id, ...(who.workerId ? { workerId: who.workerId } : {}) };
}

export async function myWork(ctx: EngineContext, who: WorkAccount): Promise<MyWork> {
  const store = ctx.store;
  const today = londonToday(ctx.now());
  const page = { limit: WORK_LIMIT };
  const [drafts, draftCount, returned, returnedCount, waiting, waitingCount, ownWaitingCount, actions, actionCount, audits, auditCount] = await Promise.all([
    store.listSubmissions({ createdBy: who.id, status: 'draft' }, { limit: WORK_LIMIT + 5, order: 'newest' }),
    store.countSubmissions({ createdBy: who.id, status: 'draft' }),
    store.listReviewQueue({ state: 'returned', createdBy: who.id }, page),
    store.countReviewQueue({ state: 'returned', createdBy: who.id }),
    myRecords(ctx, who, 'waiting', page),
    store.countReviewQueue({ state: 'waiting', keys: keysOf(who) }),
    store.countReviewQueue({ state: 'waiting', keys: keysOf(who), createdBy: who.id }),
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
  // Records at a stage of theirs that the person may not act on are not theirs to count: their own
  // (found walking: a manager's own records at the team's countersign stage were counted, and
  // filled the first page, so "Your work" showed 8 of 39 where 27 waited). On a list that ends
  // here, what is shown is the count; a stage they acted on earlier may still be counted beyond it.
  const waitingShown = waiting.next === null ? waiting.items.length : waitingCount - ownWaitingCount;
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
