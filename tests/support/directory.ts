/**
 * A small directory for tests: two teams of children's services and QA, their workers and
 * children, with a restricted child and a merged person record. Rows as the ICS extract gives
 * them (schemas/engine/{team,worker,child}.schema.json).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DirectoryBatch, DirectoryChild, DirectoryKind, DirectoryTeam, DirectoryWorker } from '../../engine/directory/model.js';
import type { Store } from '../../engine/store/contract.js';
import { newEvent } from '../../engine/store/events.js';

export const TEAMS: DirectoryTeam[] = [
  { id: 'cin-north', name: 'Children in need north', serviceArea: 'Children in need' },
  { id: 'cla-south', name: 'Children looked after south', serviceArea: 'Children looked after' },
  { id: 'quality-assurance', name: 'Quality assurance', serviceArea: 'Quality assurance' },
];

/** W1 manages cin-north (W2, W3); W5 manages cla-south (W6); W9 is QA; W8 has left. */
export const WORKERS: DirectoryWorker[] = [
  { id: 'W1', name: 'Maria Manager', email: 'maria.manager@council.example', team: 'cin-north', sweRegistration: 'SW100001', active: true },
  { id: 'W2', name: 'Priya Practitioner', email: 'priya.practitioner@council.example', team: 'cin-north', managerId: 'W1', sweRegistration: 'SW100002', active: true },
  { id: 'W3', name: 'Sam Social-Worker', email: 'sam.social-worker@council.example', team: 'cin-north', managerId: 'W1', sweRegistration: 'SW100003', active: true },
  { id: 'W5', name: 'Lee Looked-After-Manager', email: 'lee.manager@council.example', team: 'cla-south', sweRegistration: 'SW100005', active: true },
  { id: 'W6', name: 'Kim Carer-Worker', email: 'kim.worker@council.example', team: 'cla-south', managerId: 'W5', sweRegistration: 'SW100006', active: true },
  { id: 'W8', name: 'Former Worker', email: 'former.worker@council.example', team: 'cin-north', managerId: 'W1', active: false },
  { id: 'W9', name: 'Quinn Quality', email: 'quinn.quality@council.example', team: 'quality-assurance', active: true },
];

/** C1–C3 allocated to W2 (C3 restricted, also allowed to W9); C4 to W3; C5–C6 to W6; C7 merged into C1. */
export const CHILDREN: DirectoryChild[] = [
  { id: 'C1', name: 'Jordan Smith', dateOfBirth: '2015-03-02', allocatedWorkerId: 'W2', team: 'cin-north', legalStatus: 'CIN', restricted: false },
  { id: 'C2', name: 'Alex Jones', dateOfBirth: '2012-11-20', allocatedWorkerId: 'W2', team: 'cin-north', legalStatus: 'CP', restricted: false },
  { id: 'C3', name: 'Robin Hidden', dateOfBirth: '2010-01-15', allocatedWorkerId: 'W2', team: 'cin-north', legalStatus: 'CP', restricted: true, allowedWorkerIds: ['W9'] },
  { id: 'C4', name: 'Casey Brown', dateOfBirth: '2018-07-09', allocatedWorkerId: 'W3', team: 'cin-north', legalStatus: 'CIN', restricted: false },
  { id: 'C5', name: 'Morgan Taylor', dateOfBirth: '2009-05-30', allocatedWorkerId: 'W6', team: 'cla-south', legalStatus: 'CLA', restricted: false },
  { id: 'C6', name: 'Jordan Evans', dateOfBirth: '2006-02-14', allocatedWorkerId: 'W6', team: 'cla-south', legalStatus: 'CL', restricted: false },
  { id: 'C7', name: 'Jordan Smith', dateOfBirth: '2015-03-02', team: 'cin-north', restricted: false, mergedInto: 'C1' },
];

export const ROWS: Record<DirectoryKind, Array<Record<string, unknown>>> = { teams: TEAMS as never, workers: WORKERS as never, children: CHILDREN as never };

/** A batch as import.ts would make it (rows already valid), for store tests. */
export function batchOf<K extends DirectoryKind>(
  kind: K,
  rows: ReadonlyArray<object>,
  options: { mode?: 'full' | 'delta'; deletes?: string[]; key?: string; at?: Date } = {},
): DirectoryBatch<K> {
  const fingerprint = createHash('sha256').update(JSON.stringify([kind, options.mode ?? 'full', rows, options.deletes ?? []])).digest('hex');
  const filled = rows.map((r) =>
    kind === 'children' ? { restricted: false, ...r } : kind === 'workers' ? { active: true, ...r } : { ...r },
  );
  return {
    kind,
    mode: options.mode ?? 'full',
    key: options.key ?? `api:${randomUUID()}`,
    fingerprint,
    upserts: filled as never,
    deletes: options.deletes ?? [],
    source: { via: 'api', name: `${kind} (tests)`, by: 'tests' },
    appliedAt: (options.at ?? new Date()).toISOString(),
  };
}

/** Loads the whole test directory (teams, workers, children: full batches) into a store. */
export async function loadDirectory(store: Store, rows: Partial<typeof ROWS> = ROWS): Promise<void> {
  for (const kind of ['teams', 'workers', 'children'] as const) {
    const list = rows[kind];
    if (!list) continue;
    const batch = batchOf(kind, list);
    await store.applyDirectoryBatch(batch, newEvent(new Date(), 'tests', 'directory.batch-applied', 'directory', kind, { key: batch.key }));
  }
}
