/**
 * A child as "find a child" shows it to confirm the right one: name, date of birth, legal status,
 * the allocated worker and team by name. Built for a page of children with one read of their
 * workers and one of the teams, never one read per child.
 */
import type { Store } from '../store/contract.js';
import { LEGAL_STATUS_TITLES, type Child, type Worker } from './model.js';

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
 * The cards of the children the reader may see, in the order given: `visible` says whether the
 * reader may start a record about a child — false only for a restricted child (or one merged into
 * a restricted child) whose records they may not read (access.ts decides, as for every record).
 */
export async function visibleCards(store: Store, visible: (childId: string) => boolean, children: readonly Child[]): Promise<ChildCard[]> {
  if (!children.length) return [];
  const shown = children.filter((c) => visible(c.id));
  const workers = await workersById(store, shown.map((c) => c.allocatedWorkerId));
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
