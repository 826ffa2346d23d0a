/**
 * A child as "find a child" shows it to confirm the right one: name, date of birth, legal status,
 * the allocated worker and team by name. Built for a page of children with one read of their
 * workers and one of the teams, never one read per child.
 */
import type { Account } from '../accounts/model.js';
import type { Store } from '../store/contract.js';
import { LEGAL_STATUS_TITLES, type Child, type Worker } from './model.js';
import { mayReadRestrictedChild } from './restricted.js';

export interface ChildCard {
  id: string;
  name: string;
  dateOfBirth?: string;
  legalStatus?: Child['legalStatus'];
  legalStatusTitle?: string;
  allocatedWorker?: { id: string; name?: string };
  team?: { id: string; name?: string };
  restricted: boolean;
  /** The ICS merged this person record into that one: records about this id are read as that child's. */
  mergedInto?: string;
}

/** The workers of these ids, by id (one read). */
export async function workersById(store: Store, ids: Iterable<string | undefined>): Promise<Map<string, Worker>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string' && id !== ''))];
  if (!wanted.length) return new Map();
  return new Map((await store.getWorkers(wanted)).map((w) => [w.id, w]));
}

/** The children of these ids, by id (one read). */
export async function childrenById(store: Store, ids: Iterable<string | undefined>): Promise<Map<string, Child>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string' && id !== ''))];
  if (!wanted.length) return new Map();
  return new Map((await store.getChildren(wanted)).map((c) => [c.id, c]));
}

/**
 * The cards of the children `account` may see, in the order given: a restricted child (or one
 * merged into a restricted child) only for those who may read its records (restricted.ts).
 */
export async function visibleCards(store: Store, account: Pick<Account, 'role' | 'workerId'>, children: readonly Child[]): Promise<ChildCard[]> {
  if (!children.length) return [];
  const kept = await childrenById(store, children.map((c) => c.mergedInto).filter((id) => id && !children.some((c) => c.id === id)));
  for (const c of children) kept.set(c.id, c);
  const workers = await workersById(store, [...kept.values()].map((c) => c.allocatedWorkerId));
  const mayRead = (c: Child | undefined) => !c || !c.restricted || mayReadRestrictedChild(account, c, c.allocatedWorkerId ? workers.get(c.allocatedWorkerId) : undefined);
  const shown = children.filter((c) => mayRead(c) && (!c.mergedInto || mayRead(kept.get(c.mergedInto))));
  const teams = shown.some((c) => c.team) ? new Map((await store.listDirectoryTeams()).map((t) => [t.id, t])) : new Map();
  return shown.map((c) => ({
    id: c.id,
    name: c.name,
    ...(c.dateOfBirth ? { dateOfBirth: c.dateOfBirth } : {}),
    ...(c.legalStatus ? { legalStatus: c.legalStatus, legalStatusTitle: LEGAL_STATUS_TITLES[c.legalStatus] } : {}),
    ...(c.allocatedWorkerId ? { allocatedWorker: { id: c.allocatedWorkerId, ...nameOf(workers.get(c.allocatedWorkerId)) } } : {}),
    ...(c.team ? { team: { id: c.team, ...nameOf(teams.get(c.team)) } } : {}),
    restricted: c.restricted,
    ...(c.mergedInto ? { mergedInto: c.mergedInto } : {}),
  }));
}

const nameOf = (x: { name: string } | undefined) => (x ? { name: x.name } : {});
