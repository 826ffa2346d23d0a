/**
 * Work-list keys: who may act on a record waiting at a stage, written so that a store can find
 * "records waiting for me" through an index. A stage's actor resolves, when the record arrives,
 * to keys (`manager|worker:W20001`); a person's own keys come from their account. A record is
 * in someone's list when the two share a key and they are not among its excluded accounts.
 */
import type { Account } from '../accounts/model.js';

export const workerKey = (role: string, workerId: string) => `${role}|worker:${workerId}`;
export const teamKey = (role: string, team: string) => `${role}|team:${team}`;
export const groupKey = (role: string, group: string) => `${role}|group:${group}`;
export const anyKey = (role: string) => `${role}|any`;

/** The keys a person holds: their worker id, team, groups and role, all under their role. */
export function keysOf(account: Pick<Account, 'role' | 'team' | 'workerId' | 'groups'>): string[] {
  const r = account.role;
  return [anyKey(r), teamKey(r, account.team), ...(account.workerId ? [workerKey(r, account.workerId)] : []), ...(account.groups ?? []).map((g) => groupKey(r, g))];
}
