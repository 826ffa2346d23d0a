/**
 * The access rules alone (engine/directory/access.ts), on the test directory (tests/support/
 * directory.ts): who reads which record, and why; and that the store filter a reach makes picks
 * exactly the records `decide` allows.
 */
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../engine/accounts/model.js';
import { MAX_REACH_CHILDREN, decide, narrowed, reachOf, reachQuery, type DirectoryView, type Reach } from '../../../engine/directory/access.js';
import type { Child, Worker } from '../../../engine/directory/model.js';
import type { SubmissionQuery } from '../../../engine/store/contract.js';
import type { Submission } from '../../../engine/submissions/model.js';
import { CHILDREN, WORKERS } from '../../support/directory.js';

const T = '2026-01-01T00:00:00.000Z';
const children: Child[] = CHILDREN.map((c) => ({ restricted: false, ...c, updatedAt: T }));
const workers: Worker[] = WORKERS.map((w) => ({ active: true, ...w, updatedAt: T }));
const FULL: DirectoryView = { loaded: true, workers, children };
const EMPTY: DirectoryView = { loaded: false, workers: [], children: [] };

/** An account for worker `w` (its team the worker's), with a role. */
function who(role: Account['role'], workerId?: string, team = 'cin-north'): Pick<Account, 'id' | 'role' | 'team' | 'workerId'> {
  return { id: `acc-${workerId ?? role}`, role, team, ...(workerId ? { workerId } : {}) };
}
const view = (workerId?: string, v: DirectoryView = FULL): DirectoryView => ({ ...v, ...(workerId ? { me: v.workers.find((w) => w.id === workerId) ?? workers.find((w) => w.id === workerId)! } : {}) });
const reach = (role: Account['role'], workerId?: string, team?: string, v: DirectoryView = FULL) => reachOf(who(role, workerId, team), view(workerId, v));

/** A record about `childId` (none: a staff record) by account `by` of `team`. */
const rec = (childId: string | undefined, by: string, team = 'cin-north'): Pick<Submission, 'createdBy' | 'team' | 'subject'> => ({ createdBy: by, team, subject: childId ? { childId } : {} });

/** The team of the child a record is about, as the SQLite store's child-team column holds it: the kept child's. */
function keptTeam(childId: string | undefined, all: readonly Child[]): string | undefined {
  let c = all.find((x) => x.id === childId);
  for (let depth = 0; c?.mergedInto !== undefined; depth++) c = depth >= 5 ? undefined : all.find((x) => x.id === c!.mergedInto);
  return c?.team;
}

/** Does a record match a store query's reach members (as the stores apply them; `childTeams` as the SQLite store does, by the child's team in `all`)? */
function matches(q: SubmissionQuery | null, s: Pick<Submission, 'createdBy' | 'team' | 'subject'>, all: readonly Child[] = children): boolean {
  if (!q) return false;
  const c = s.subject.childId;
  const team = keptTeam(c, all);
  if (q.createdBy !== undefined && s.createdBy !== q.createdBy) return false;
  if (q.team !== undefined && s.team !== q.team) return false;
  if (q.notChildIds && c !== undefined && q.notChildIds.includes(c)) return false;
  if (!q.anyOf) return true;
  return q.anyOf.some(
    (e) =>
      (e.createdBy === undefined || e.createdBy === s.createdBy) &&
      (e.team === undefined || e.team === s.team) &&
      (e.childIds === undefined || (c !== undefined && e.childIds.includes(c))) &&
      (e.childTeams === undefined || (team !== undefined && e.childTeams.includes(team))),
  );
}

const verdict = (r: Reach, s: ReturnType<typeof rec>) => {
  const d = decide(r, s);
  return d.allowed ? d.reason : `refused: ${d.reason}`;
};

describe('access by allocation: the rules', () => {
  it('a practitioner reads their own records and records about children allocated to them', () => {
    const w2 = reach('practitioner', 'W2');
    expect(verdict(w2, rec('C1', 'acc-W3'))).toBe('allocated');
    expect(verdict(w2, rec('C2', 'someone'))).toBe('allocated');
    expect(verdict(w2, rec('C4', 'acc-W3'))).toBe('refused: not-in-reach');
    expect(verdict(w2, rec('C4', 'acc-W2'))).toBe('author');
    const w3 = reach('practitioner', 'W3');
    expect(verdict(w3, rec('C1', 'acc-W2'))).toBe('refused: not-in-reach');
    expect(verdict(w3, rec('C1', 'acc-W3'))).toBe('author');
    expect(verdict(w3, rec('C4', 'acc-W2'))).toBe('allocated');
    // Team-mates' records are not a practitioner's.
    expect(verdict(w3, rec(undefined, 'acc-W2'))).toBe('refused: not-in-reach');
  });

  it('a merged child’s records are read as the kept child’s: C7 with C1', () => {
    expect(verdict(reach('practitioner', 'W2'), rec('C7', 'acc-W3'))).toBe('allocated');
    expect(verdict(reach('practitioner', 'W3'), rec('C7', 'acc-W2'))).toBe('refused: not-in-reach');
    // C7's own row (team cin-north, no allocation) does not matter: C1 decides.
    const c1Moved: DirectoryView = { ...FULL, children: children.map((c) => (c.id === 'C1' ? { ...c, allocatedWorkerId: 'W6', team: 'cla-south' } : c)) };
    expect(verdict(reach('practitioner', 'W6', 'cla-south', c1Moved), rec('C7', 'acc-W2'))).toBe('allocated');
    expect(verdict(reach('manager', 'W1', 'cin-north', c1Moved), rec('C7', 'acc-W5', 'cla-south'))).toBe('refused: not-in-reach');
    expect(verdict(reach('manager', 'W5', 'cla-south', c1Moved), rec('C7', 'acc-W2'))).toBe('manages-allocated');
  });

  it('a manager reads their team’s records, their team’s children’s, and those allocated to workers they line-manage', () => {
    const w1 = reach('manager', 'W1');
    expect(verdict(w1, rec('C5', 'acc-W2'))).toBe('team');
    expect(verdict(w1, rec('C1', 'acc-W6', 'cla-south'))).toBe('manages-allocated');
    expect(verdict(w1, rec(undefined, 'acc-W3'))).toBe('team');
    expect(verdict(w1, rec('C5', 'acc-W6', 'cla-south'))).toBe('refused: not-in-reach');
    expect(verdict(w1, rec('C5', 'acc-W1', 'cla-south'))).toBe('author');
    const w5 = reach('manager', 'W5', 'cla-south');
    expect(verdict(w5, rec('C1', 'acc-W2'))).toBe('refused: not-in-reach');
    expect(verdict(w5, rec('C6', 'acc-W2'))).toBe('manages-allocated');
    // Line-managed but in another team: by the report's allocation.
    const movedReport: DirectoryView = { ...FULL, workers: workers.map((w) => (w.id === 'W3' ? { ...w, managerId: 'W5' } : w)) };
    expect(verdict(reach('manager', 'W5', 'cla-south', movedReport), rec('C4', 'acc-W3'))).toBe('manages-allocated');
    // The team of children: a manager not linked to a worker goes by the account's team.
    expect(verdict(reach('manager', undefined, 'cla-south'), rec('C5', 'acc-W2'))).toBe('team-child');
  });

  it('a restricted child: only its allocated worker, their line manager and those it names — whoever wrote the record', () => {
    const about = rec('C3', 'acc-W3');
    expect(verdict(reach('practitioner', 'W2'), about)).toBe('allocated');
    expect(verdict(reach('manager', 'W1'), about)).toBe('team');
    expect(verdict(reach('manager', 'W1'), rec('C3', 'acc-W6', 'cla-south'))).toBe('manages-allocated');
    expect(verdict(reach('practitioner', 'W9', 'quality-assurance'), about)).toBe('named');
    // W3 wrote it (before C3 was restricted), in W1's team: still refused.
    expect(verdict(reach('practitioner', 'W3'), about)).toBe('refused: restricted');
    expect(verdict(reach('manager', 'W5', 'cla-south'), about)).toBe('refused: restricted');
    expect(verdict(reach('manager', 'W5', 'cin-north'), rec('C3', 'acc-W5', 'cin-north'))).toBe('refused: restricted');
    expect(verdict(reach('practitioner', undefined), rec('C3', 'acc-practitioner'))).toBe('refused: restricted');
    // Integrators (the ICS integration) read everything.
    expect(verdict(reach('integrator'), about)).toBe('integrator');
    // A child merged into a restricted one is restricted with it.
    const merged: DirectoryView = { ...FULL, children: [...children, { id: 'C8', name: 'Robin H', restricted: false, mergedInto: 'C3', updatedAt: T }] };
    expect(verdict(reach('practitioner', 'W3', 'cin-north', merged), rec('C8', 'acc-W3'))).toBe('refused: restricted');
    expect(verdict(reach('practitioner', 'W9', 'quality-assurance', merged), rec('C8', 'acc-W3'))).toBe('named');
  });

  it('staff records and children no longer in the directory follow the rules from before: author, and the author’s team for managers', () => {
    expect(verdict(reach('practitioner', 'W2'), rec(undefined, 'acc-W2'))).toBe('author');
    expect(verdict(reach('practitioner', 'W2'), rec('C99', 'acc-W2'))).toBe('author');
    expect(verdict(reach('practitioner', 'W2'), rec('C99', 'acc-W3'))).toBe('refused: not-in-reach');
    expect(verdict(reach('manager', 'W1'), rec('C99', 'acc-W3'))).toBe('team');
  });

  it('no directory loaded: own records; managers their team’s; integrators all; designers and administrators none', () => {
    const w3 = reach('practitioner', 'W3', 'cin-north', EMPTY);
    expect(verdict(w3, rec('C3', 'acc-W3'))).toBe('author');
    expect(verdict(w3, rec('C4', 'acc-W2'))).toBe('refused: not-in-reach');
    expect(verdict(reach('manager', 'W1', 'cin-north', EMPTY), rec('C3', 'acc-W3'))).toBe('team');
    expect(narrowed(w3, { status: 'submitted' })).toEqual({ status: 'submitted', createdBy: 'acc-W3' });
    for (const role of ['designer', 'admin'] as const) {
      expect(verdict(reach(role, undefined, 'x'), rec('C1', `acc-${role}`))).toBe('refused: role');
      expect(reachQuery(reach(role, undefined, 'x'))).toBeNull();
    }
    expect(reachQuery(reach('integrator', undefined, 'x', EMPTY))).toEqual({});
  });

  it('a worker who has left reads nothing by allocation, team or name', () => {
    const gone: DirectoryView = { ...FULL, workers: workers.map((w) => (w.id === 'W2' ? { ...w, active: false } : w)) };
    const w2 = reach('practitioner', 'W2', 'cin-north', gone);
    expect(verdict(w2, rec('C1', 'acc-W3'))).toBe('refused: not-in-reach');
    expect(verdict(w2, rec('C1', 'acc-W2'))).toBe('author');
    expect(verdict(w2, rec('C3', 'acc-W2'))).toBe('refused: restricted');
  });

  it('the store filter of a reach picks exactly the records decide allows', () => {
    const readers = [
      reach('practitioner', 'W2'),
      reach('practitioner', 'W3'),
      reach('practitioner', 'W9', 'quality-assurance'),
      reach('manager', 'W1'),
      reach('manager', 'W5', 'cla-south'),
      reach('practitioner', 'W3', 'cin-north', EMPTY),
      reach('manager', 'W1', 'cin-north', EMPTY),
      reach('integrator'),
      reach('designer'),
    ];
    const authors = ['acc-W1', 'acc-W2', 'acc-W3', 'acc-W5', 'acc-W6', 'acc-W9'];
    const records = authors.flatMap((by) => [...children.map((c) => c.id), 'C99', undefined].flatMap((c) => ['cin-north', 'cla-south'].map((t) => rec(c, by, t))));
    for (const r of readers) {
      for (const s of records) expect(matches(narrowed(r, {}), s), `${JSON.stringify(r, (_k, v) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v))} ${JSON.stringify(s)}`).toBe(decide(r, s).allowed);
    }
  });

  it('a manager’s team’s children go to the store as one element it can read by the child’s team, the rest by child', () => {
    // C7 is in cla-south but merged into C1 (cin-north): its records are read as C1's, in W1's team.
    const moved: Child[] = children.map((c) => (c.id === 'C7' ? { ...c, team: 'cla-south' } : c));
    const movedReport: DirectoryView = { ...FULL, children: moved, workers: workers.map((w) => (w.id === 'W6' ? { ...w, managerId: 'W1' } : w)) };
    const w1 = reach('manager', 'W1', 'cin-north', movedReport);
    const q = reachQuery(w1)!;
    const ids = (e: NonNullable<SubmissionQuery['anyOf']>[number] | undefined) => [...(e?.childIds ?? [])].sort();
    expect(q.anyOf!.find((e) => e.childTeams)?.childTeams).toEqual(['cin-north']);
    // C3 is restricted, but allocated to W2, whom W1 line-manages.
    expect(ids(q.anyOf!.find((e) => e.childTeams))).toEqual(['C1', 'C2', 'C3', 'C4', 'C7']);
    // C5 and C6: allocated to W6, whom W1 now line-manages, in cla-south: by child.
    expect(ids(q.anyOf!.find((e) => e.childIds && !e.childTeams))).toEqual(['C5', 'C6']);
    const records = ['acc-W2', 'acc-W6'].flatMap((by) => [...moved.map((c) => c.id), 'C99', undefined].flatMap((c) => ['cin-north', 'cla-south'].map((t) => rec(c, by, t))));
    for (const s of records) expect(matches(narrowed(w1, {}), s, moved), JSON.stringify(s)).toBe(decide(w1, s).allowed);
    // A practitioner has no team's children to read: by child only.
    expect(reachQuery(reach('practitioner', 'W2'))!.anyOf!.some((e) => e.childTeams)).toBe(false);
  });

  it('more children in reach than a filter takes: cut to the limit and said so', () => {
    const many: Child[] = Array.from({ length: MAX_REACH_CHILDREN + 10 }, (_, i) => ({ id: `X${i}`, name: 'A child', allocatedWorkerId: 'W2', restricted: false, updatedAt: T }));
    const r = reach('practitioner', 'W2', 'cin-north', { ...FULL, children: many });
    expect(r.kind === 'some' && [r.children.size, r.truncated]).toEqual([MAX_REACH_CHILDREN, true]);
    const hiddenMany: Child[] = many.map((c) => ({ ...c, restricted: true, allocatedWorkerId: 'W6' }));
    expect(() => reach('practitioner', 'W2', 'cin-north', { ...FULL, children: hiddenMany })).toThrow(/restricted/);
  });
});
