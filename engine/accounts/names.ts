/** Accounts' names for people to read (a list's "Started by", a record's document), read once per page. */
import type { Store } from '../store/contract.js';
import type { Account } from './model.js';

export type AccountName = Pick<Account, 'id' | 'displayName' | 'username'>;

/** The accounts with these ids that exist, by id (each read once; one that cannot be read is left out). */
export async function accountsById(store: Pick<Store, 'getAccount'>, ids: ReadonlyArray<string | undefined>): Promise<Map<string, AccountName>> {
  const distinct = [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))];
  const found = await Promise.all(distinct.map((id) => store.getAccount(id).catch(() => null)));
  return new Map(found.filter((a): a is Account => a !== null).map((a) => [a.id, { id: a.id, displayName: a.displayName, username: a.username }]));
}

/** Records with the name of the account that started each (`createdByName`), when it is still there. */
export async function withAuthorNames<T extends { createdBy: string }>(store: Pick<Store, 'getAccount'>, records: readonly T[]): Promise<Array<T & { createdByName?: string }>> {
  const names = await accountsById(store, records.map((r) => r.createdBy));
  return records.map((r) => {
    const a = names.get(r.createdBy);
    return a ? { ...r, createdByName: a.displayName || a.username } : r;
  });
}
