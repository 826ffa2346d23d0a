/**
 * A small made-up directory for trying the product (`npm start` on an empty store): three teams,
 * eight workers and twenty children, one of them restricted and one merged into another, with the
 * demo practitioner and manager accounts linked to two of the workers. So "find a child" and
 * pre-fill work at once; the first import from the ICS (a full batch of each kind) replaces it all.
 * Test servers start without it unless they ask.
 */
import { createHash } from 'node:crypto';
import type { EngineContext } from '../context.js';
import { newEvent } from '../store/events.js';
import { type DirectoryBatch, type DirectoryChild, type DirectoryKind, type DirectoryTeam, type DirectoryWorker } from './model.js';

export const DEMO_TEAMS: DirectoryTeam[] = [
  { id: 'children-in-need-north', name: 'Children in need north', serviceArea: 'Children in need' },
  { id: 'children-looked-after', name: 'Children looked after', serviceArea: 'Children looked after' },
  { id: 'quality-assurance', name: 'Quality assurance', serviceArea: 'Quality assurance' },
];

/** W20001 manages children in need north (the demo manager); W20002 is the demo practitioner. */
export const DEMO_WORKERS: DirectoryWorker[] = [
  { id: 'W20001', name: 'Morgan Okafor', email: 'morgan.okafor@council.example', team: 'children-in-need-north', sweRegistration: 'SW200001', active: true },
  { id: 'W20002', name: 'Pat Singh', email: 'pat.singh@council.example', team: 'children-in-need-north', managerId: 'W20001', sweRegistration: 'SW200002', active: true },
  { id: 'W20003', name: 'Chris Doyle', email: 'chris.doyle@council.example', team: 'children-in-need-north', managerId: 'W20001', sweRegistration: 'SW200003', active: true },
  { id: 'W20004', name: 'Sasha Green', email: 'sasha.green@council.example', team: 'children-looked-after', sweRegistration: 'SW200004', active: true },
  { id: 'W20005', name: 'Ellis Moore', email: 'ellis.moore@council.example', team: 'children-looked-after', managerId: 'W20004', sweRegistration: 'SW200005', active: true },
  { id: 'W20006', name: 'Nia Roberts', email: 'nia.roberts@council.example', team: 'children-looked-after', managerId: 'W20004', sweRegistration: 'SW200006', active: true },
  { id: 'W20007', name: 'Quinn Ahmed', email: 'quinn.ahmed@council.example', team: 'quality-assurance', active: true },
  { id: 'W20008', name: 'Robin Former', email: 'robin.former@council.example', team: 'children-in-need-north', managerId: 'W20001', active: false },
];

type Row = [id: string, name: string, dateOfBirth: string, worker: string, team: string, status: NonNullable<DirectoryChild['legalStatus']>];
const CHILD_ROWS: Row[] = [
  ['C9990001', 'Jordan Smith', '2015-03-02', 'W20002', 'children-in-need-north', 'CIN'],
  ['C9990002', 'Alex Jones', '2012-11-20', 'W20002', 'children-in-need-north', 'CP'],
  ['C9990003', 'Amira Hussain', '2017-06-14', 'W20002', 'children-in-need-north', 'CIN'],
  ['C9990004', 'Leo Walsh', '2010-09-01', 'W20002', 'children-in-need-north', 'CP'],
  ['C9990005', 'Maya Patel', '2019-01-23', 'W20002', 'children-in-need-north', 'EH'],
  ['C9990006', 'Oscar Brown', '2014-04-30', 'W20003', 'children-in-need-north', 'CIN'],
  ['C9990007', 'Ruby Clarke', '2016-12-05', 'W20003', 'children-in-need-north', 'CP'],
  ['C9990008', 'Tyler Evans', '2011-07-17', 'W20003', 'children-in-need-north', 'CIN'],
  ['C9990009', 'Zara Ali', '2013-02-11', 'W20003', 'children-in-need-north', 'NONE'],
  ['C9990010', 'Noah Wright', '2008-10-09', 'W20005', 'children-looked-after', 'CLA'],
  ['C9990011', 'Isla Thompson', '2009-05-28', 'W20005', 'children-looked-after', 'CLA'],
  ['C9990012', 'Harvey King', '2005-08-19', 'W20005', 'children-looked-after', 'CL'],
  ['C9990013', 'Poppy Wood', '2012-03-15', 'W20006', 'children-looked-after', 'CLA'],
  ['C9990014', 'Kai Robinson', '2006-01-04', 'W20006', 'children-looked-after', 'CL'],
  ['C9990015', 'Freya Hughes', '2018-11-30', 'W20006', 'children-looked-after', 'CLA'],
  ['C9990016', 'Jordan Evans', '2007-02-14', 'W20006', 'children-looked-after', 'CLA'],
  ['C9990017', 'Ava Mitchell', '2020-06-08', 'W20002', 'children-in-need-north', 'CIN'],
  ['C9990018', 'Ethan Scott', '2015-10-21', 'W20003', 'children-in-need-north', 'EH'],
];

export const DEMO_CHILDREN: DirectoryChild[] = [
  ...CHILD_ROWS.map(([id, name, dateOfBirth, allocatedWorkerId, team, legalStatus]) => ({ id, name, dateOfBirth, allocatedWorkerId, team, legalStatus, restricted: false })),
  // Restricted: allocated to Chris Doyle, so the demo practitioner (Pat) does not find them; the demo manager and quality assurance do.
  { id: 'C9990019', name: 'Sam Restricted', dateOfBirth: '2011-04-12', allocatedWorkerId: 'W20003', team: 'children-in-need-north', legalStatus: 'CP', restricted: true, allowedWorkerIds: ['W20007'] },
  // The ICS merged this duplicate person record into C9990001.
  { id: 'C9990020', name: 'Jordan Smith', dateOfBirth: '2015-03-02', team: 'children-in-need-north', restricted: false, mergedInto: 'C9990001' },
];

/** The demo accounts (accounts/lifecycle.ts) that are these workers. */
export const DEMO_ACCOUNT_WORKERS: Record<string, string> = { 'pat.practitioner': 'W20002', 'mo.manager': 'W20001' };

const ROWS: Record<DirectoryKind, ReadonlyArray<object>> = { teams: DEMO_TEAMS, workers: DEMO_WORKERS, children: DEMO_CHILDREN };

/**
 * Loads the demo directory when the store's directory is empty, and links the demo accounts to
 * their workers. Returns whether it did.
 */
export async function seedDemoDirectory(ctx: EngineContext): Promise<boolean> {
  const counts = await ctx.store.directoryCounts();
  if (counts.children + counts.workers + counts.teams > 0) return false;
  const now = ctx.now();
  // Teams first, then workers, then children: each refers to the kinds before it.
  for (const kind of ['teams', 'workers', 'children'] as const) {
    const rows = ROWS[kind];
    const batch: DirectoryBatch = {
      kind,
      mode: 'full',
      key: `demo:${kind}`,
      fingerprint: createHash('sha256').update(JSON.stringify(rows)).digest('hex'),
      upserts: rows.map((r) => (kind === 'children' ? { restricted: false, ...r } : kind === 'workers' ? { active: true, ...r } : { ...r })) as DirectoryBatch['upserts'],
      deletes: [],
      source: { via: 'api', name: `demo ${kind}`, by: 'system' },
      appliedAt: now.toISOString(),
    };
    await ctx.store.applyDirectoryBatch(batch, newEvent(now, 'system', 'directory.batch-applied', 'directory', kind, { key: batch.key, demo: true }));
  }
  for (const [username, workerId] of Object.entries(DEMO_ACCOUNT_WORKERS)) {
    const account = await ctx.store.getAccountByUsername(username);
    if (!account || account.workerId) continue;
    await ctx.store.updateAccount(account.id, account.revision, { workerId, updatedBy: 'system', updatedAt: now.toISOString() }, newEvent(now, 'system', 'account.updated', 'account', account.id, { changed: ['workerId'] }));
  }
  return true;
}
