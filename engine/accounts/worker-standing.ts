/**
 * Whether the person behind an account is still a worker the ICS directory knows as active. An
 * account linked to a worker (`Account.workerId`) stops working — its sessions and API tokens, at
 * their next request, and signing in again — once the directory marks the worker inactive or
 * drops them (a leaver, a suspension). While no workers have ever been loaded, the directory is
 * not in use and nobody is stopped by it.
 */
import type { EngineContext } from '../context.js';
import { newEvent } from '../store/events.js';
import type { Account } from './model.js';
import { revokeTokensOf } from './tokens.js';

export type WorkerStanding = 'active' | 'inactive' | 'gone';

export async function workerStanding(ctx: EngineContext, workerId: string): Promise<WorkerStanding> {
  const [worker] = await ctx.store.getWorkers([workerId]);
  if (worker) return worker.active ? 'active' : 'inactive';
  return (await ctx.store.directoryCounts()).workers === 0 ? 'active' : 'gone';
}

/** Why an account linked to a worker may not be used, in the person's words; null when it may. */
export async function workerRefusal(ctx: EngineContext, account: Pick<Account, 'workerId'>): Promise<string | null> {
  if (!account.workerId) return null;
  const standing = await workerStanding(ctx, account.workerId);
  return standing === 'active' ? null : workerWords(standing);
}

export function workerWords(standing: Exclude<WorkerStanding, 'active'>): string {
  return standing === 'inactive'
    ? 'The ICS directory shows you are no longer an active worker, so you cannot use Caseforms. If that is wrong, ask your system administrator to correct your record in the ICS.'
    : 'The ICS directory no longer lists you as a worker, so you cannot use Caseforms. If that is wrong, ask your system administrator to add you back.';
}

/**
 * Ends what the account held (every session; every API token, revoked for good as when an
 * account is disabled) once the directory says its worker has gone or is inactive.
 */
export async function stopWorkerAccount(ctx: EngineContext, account: Account, standing: Exclude<WorkerStanding, 'active'>): Promise<void> {
  await ctx.store.deleteSessionsOf(account.id);
  await revokeTokensOf(ctx, { id: 'directory' }, account.id, standing === 'inactive' ? 'worker inactive in the directory' : 'worker no longer in the directory');
  await ctx.store.appendEvent(newEvent(ctx.now(), 'directory', 'account.stopped', 'account', account.id, { workerId: account.workerId, standing }));
}
