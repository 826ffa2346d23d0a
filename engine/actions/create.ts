/**
 * The tracked actions a completed record raises: one per row of each repeating group the form
 * marks as actions (`x-actions`), in form order, numbered `<record id>.<n>`. The owner is the
 * ICS worker the row names: the account linked to that worker owns it (else the record's
 * author), on the worker's team (else the record's).
 */
import type { Account } from '../accounts/model.js';
import type { EngineContext } from '../context.js';
import { formFields } from '../forms/fields.js';
import type { FormVersion } from '../forms/model.js';
import { markedGroups } from '../forms/review.js';
import { getAt } from '../json/pointer.js';
import type { Submission } from '../submissions/model.js';
import type { TrackedAction } from './model.js';

/** The account linked to each worker id (accounts are few: one read of them all). */
export async function accountsByWorker(ctx: EngineContext, workerIds: readonly string[]): Promise<Map<string, Account>> {
  const wanted = new Set(workerIds);
  const out = new Map<string, Account>();
  if (!wanted.size) return out;
  for (const a of await ctx.store.listAccounts()) if (a.workerId && wanted.has(a.workerId) && !a.disabled && !out.has(a.workerId)) out.set(a.workerId, a);
  return out;
}

/** Owner fields for an action owned by `workerId` (or, when no one can be found, by the record's author). */
export async function ownerOf(ctx: EngineContext, workerId: string | undefined, fallback: Pick<Submission, 'createdBy' | 'team'>): Promise<Pick<TrackedAction, 'ownerWorkerId' | 'ownerAccountId' | 'ownerName' | 'team'>> {
  const worker = workerId ? (await ctx.store.getWorkers([workerId]))[0] : undefined;
  const account = workerId ? (await accountsByWorker(ctx, [workerId])).get(workerId) : undefined;
  const author = account ? undefined : await ctx.store.getAccount(fallback.createdBy);
  const team = worker?.team ?? account?.team ?? fallback.team;
  const name = worker?.name ?? account?.displayName;
  return {
    ...(workerId ? { ownerWorkerId: workerId } : {}),
    ownerAccountId: account?.id ?? author?.id ?? fallback.createdBy,
    ...(name ? { ownerName: name } : {}),
    ...(team ? { team } : {}),
  };
}

export async function trackedActionsOf(ctx: EngineContext, v: FormVersion, s: Submission, by: { id: string; name: string }): Promise<TrackedAction[]> {
  const groups = markedGroups(formFields(v).values());
  const out: TrackedAction[] = [];
  const at = ctx.now().toISOString();
  let n = 0;
  for (const g of groups) {
    const rows = getAt(s.data, g.path);
    if (!Array.isArray(rows)) continue;
    for (const [i, row] of rows.entries()) {
      if (!row || typeof row !== 'object') continue;
      n++;
      const r = row as Record<string, unknown>;
      const text = typeof r[g.marking.action] === 'string' ? (r[g.marking.action] as string).trim() : '';
      const due = r[g.marking.due];
      if (!text || typeof due !== 'string') continue;
      const ownerId = typeof r[g.marking.owner] === 'string' && (r[g.marking.owner] as string).trim() ? (r[g.marking.owner] as string).trim() : undefined;
      out.push({
        id: `${s.id}.${n}`,
        submissionId: s.id,
        ...(s.reference ? { reference: s.reference } : {}),
        formId: s.formId,
        version: s.version,
        ...(s.subject.childId ? { childId: s.subject.childId } : {}),
        pointer: `${g.path}/${i}`,
        text,
        ...(await ownerOf(ctx, ownerId, s)),
        dueOn: due,
        status: 'open',
        history: [{ at, by: by.id, name: by.name, action: 'created' }],
        revision: 1,
        createdAt: at,
        createdBy: by.id,
        updatedAt: at,
        updatedBy: by.id,
      });
    }
  }
  return out;
}
