/**
 * Who may read the records of a restricted child (the ICS's restricted-access flag): the worker
 * the child is allocated to, that worker's line manager, the workers the ICS names as also
 * allowed, and integrators (who read every record). Accounts are linked to workers by
 * `Account.workerId`; an account that is no worker sees no restricted child.
 * (engine/directory/access.ts decides every record read; the search asks only this.)
 */
import type { Account } from '../accounts/model.js';
import type { Child, Worker } from './model.js';

export function mayReadRestrictedChild(
  account: Pick<Account, 'role' | 'workerId'>,
  child: Pick<Child, 'allocatedWorkerId' | 'allowedWorkerIds'>,
  allocatedWorker: Pick<Worker, 'managerId'> | undefined,
): boolean {
  if (account.role === 'integrator') return true;
  const me = account.workerId;
  if (!me) return false;
  return child.allocatedWorkerId === me || (child.allowedWorkerIds ?? []).includes(me) || (allocatedWorker?.managerId !== undefined && allocatedWorker.managerId === me);
}
