/**
 * The store's part in the audit programme (issue 15), the same on both stores: assignments and
 * the sample that drew them written with their events in one call, all or none; an assignment
 * changed by compare-and-set; never two open assignments of one child on one form, decided by the
 * database (two stores on one database racing make one); lists by auditor, team(s), child, form,
 * status and due date, soonest due first then id, paged without repeats; samples newest first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssignmentQuery, AuditAssignment, AuditSample } from '../../engine/audits/model.js';
import { ConflictError, NotFoundError, StaleRevisionError } from '../../engine/errors.js';
import { newId } from '../../engine/ids.js';
import type { Store } from '../../engine/store/contract.js';
import { STORE_KINDS, newLocation } from '../support/stores.js';
import { at, event } from '../support/records.js';

function assignment(overrides: Partial<AuditAssignment> = {}): AuditAssignment {
  const dueOn = overrides.dueOn ?? '2026-03-01';
  return {
    id: newId(),
    formId: 'case-file-audit',
    childId: 'C1',
    team: 'team-n',
    auditorAccountId: 'u-quinn',
    auditorWorkerId: 'W7',
    auditorName: 'Quinn Ahmed',
    dueOn,
    dueMonth: dueOn.slice(0, 7),
    status: 'open',
    history: [{ at: at(0), by: 'u-mo', name: 'Mo Manager', action: 'assigned' }],
    revision: 1,
    createdBy: 'u-mo',
    createdAt: at(0),
    updatedBy: 'u-mo',
    updatedAt: at(0),
    ...overrides,
  };
}

function sample(chosen: AuditAssignment[]): AuditSample {
  return {
    id: newId(),
    rule: { formId: 'case-file-audit', perTeam: 2, notAuditedMonths: 12, excludeOwnCases: true, auditorAccountIds: ['u-quinn'], dueOn: '2026-03-01' },
    seed: 42,
    drawnAt: at(0),
    drawnBy: 'u-mo',
    drawnByName: 'Mo Manager',
    considered: 9,
    chosen: chosen.map((a) => ({ childId: a.childId, team: a.team!, auditorAccountId: a.auditorAccountId, assignmentId: a.id })),
    leftOut: { merged: 1, legalStatus: 0, recentlyAudited: 2, alreadyAssigned: 0, ownCase: 3, restricted: 1, notDrawn: 0 },
    teams: [{ team: 'team-n', considered: 9, eligible: 2, chosen: 2 }],
  };
}

const assigned = (a: AuditAssignment) => event('audit.assigned', 'audit', a.id, 'u-mo');

/** Every page of a list, `limit` at a time. */
async function all(store: Store, query: AssignmentQuery, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await store.listAssignments(query, { limit, ...(after ? { after } : {}) });
    ids.push(...page.items.map((a) => a.id));
    if (!page.next) return ids;
    after = page.next;
  }
  throw new Error('the list never ended');
}

const byDue = (a: AuditAssignment, b: AuditAssignment) => (a.dueOn !== b.dueOn ? (a.dueOn < b.dueOn ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe.each(STORE_KINDS)('%s store: audit assignments and samples', (kind) => {
  let store: Store;
  let location: ReturnType<typeof newLocation>;
  beforeEach(async () => {
    location = newLocation(kind);
    store = await location.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('writes a sample, its assignments and their events in one call, and reads them back', async () => {
    const items = [assignment({ childId: 'C1' }), assignment({ childId: 'C2', dueOn: '2026-02-20' })];
    const s = sample(items);
    for (const a of items) a.sampleId = s.id;
    await store.insertAssignments(items, s, [...items.map(assigned), event('audit.sample-drawn', 'audit-sample', s.id, 'u-mo')]);
    expect(await store.getSample(s.id)).toEqual(s);
    expect(await store.getAssignment(items[0]!.id)).toEqual(items[0]);
    expect((await store.listEvents({ entityId: s.id })).map((e) => e.action)).toEqual(['audit.sample-drawn']);
    expect((await store.listEvents({ entityId: items[1]!.id })).map((e) => e.action)).toEqual(['audit.assigned']);
    expect((await store.listSamples({ limit: 10 })).items.map((x) => x.id)).toEqual([s.id]);
  });

  it('writes nothing when the sample (or, by hand, the first assignment) is there already', async () => {
    const first = [assignment()];
    const s = sample(first);
    await store.insertAssignments(first, s, [assigned(first[0]!)]);
    const again = [assignment({ childId: 'C9' })];
    await expect(store.insertAssignments(again, { ...s }, [assigned(again[0]!)])).rejects.toBeInstanceOf(ConflictError);
    expect(await store.getAssignment(again[0]!.id)).toBeNull();
    expect(await store.listEvents({ entityId: again[0]!.id })).toEqual([]);

    const byHand = [assignment({ childId: 'C3' })];
    await store.insertAssignments(byHand, null, byHand.map(assigned));
    const next = assignment({ childId: 'C4' });
    await expect(store.insertAssignments([{ ...byHand[0]! }, next], null, [assigned(next)])).rejects.toBeInstanceOf(ConflictError);
    expect(await store.getAssignment(next.id)).toBeNull();
  });

  it('never holds two open assignments of one child on one form: of racing inserts from two stores on one database, one is made', async () => {
    const other = await location.open();
    try {
      const racers = Array.from({ length: 6 }, (_, i) => assignment({ childId: 'C-race', auditorAccountId: `u-${i}` }));
      // By hand and by sample, from both stores at once.
      const results = await Promise.allSettled(
        racers.map((a, i) => {
          const s = i % 3 === 2 ? sample([a]) : null;
          return (i % 2 ? other : store).insertAssignments([{ ...a, ...(s ? { sampleId: s.id } : {}) }], s, [assigned(a)]);
        }),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
      const open = await store.listAssignments({ childId: 'C-race', formId: 'case-file-audit', status: 'open' }, { limit: 10 });
      expect(open.items).toHaveLength(1);
      // Only the one made has its event.
      const events = await Promise.all(racers.map((a) => store.listEvents({ entityId: a.id })));
      expect(events.filter((e) => e.length > 0)).toHaveLength(1);

      // Twice in one call: nothing is written.
      const twice = [assignment({ childId: 'C-twice' }), assignment({ childId: 'C-twice' })];
      await expect(store.insertAssignments(twice, null, twice.map(assigned))).rejects.toBeInstanceOf(ConflictError);
      expect(await store.countAssignments({ childId: 'C-twice' })).toBe(0);
      // Another form, a done one, or once the open one is done: allowed.
      await store.insertAssignments([assignment({ childId: 'C-race', formId: 'other-audit' }), assignment({ childId: 'C-race', status: 'done' })], null, []);
      const [made] = open.items;
      await other.updateAssignment(made!.id, 1, { status: 'done', doneOn: '2026-02-10' }, event('audit.completed', 'audit', made!.id, 'system'));
      const next = assignment({ childId: 'C-race' });
      await store.insertAssignments([next], null, [assigned(next)]);
      expect(await store.countAssignments({ childId: 'C-race', formId: 'case-file-audit', status: 'open' })).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('an insert whose writer died is finished or undone before the next is decided, so the next never makes a second open one', async () => {
    let dead = false;
    const dying = await location.open({
      hooks: {
        between: (step) => {
          if (dead) throw new Error(`died at ${step}`);
        },
      },
    });
    try {
      const a = assignment({ childId: 'C-dies' });
      dead = true;
      await expect(dying.insertAssignments([a], null, [assigned(a)])).rejects.toThrow(/died at/);
      dead = false;
      // On MongoDB it was decided (its commit is in) but not written out; this store opened before and swept nothing since.
      if (kind === 'mongo') expect(await store.getAssignment(a.id)).toBeNull();
      const b = assignment({ childId: 'C-dies' });
      const second = await store.insertAssignments([b], null, [assigned(b)]).then(
        () => 'made',
        (err: unknown) => err,
      );
      const open = (await store.listAssignments({ childId: 'C-dies', status: 'open' }, { limit: 10 })).items.map((x) => x.id);
      if (kind === 'mongo') {
        expect(second).toBeInstanceOf(ConflictError);
        expect(open).toEqual([a.id]);
      } else {
        // SQLite's transaction was rolled back: nothing of the first is there.
        expect(second).toBe('made');
        expect(open).toEqual([b.id]);
      }
    } finally {
      await dying.close();
    }
  });

  it('changes an assignment by compare-and-set with its event; refuses a stale revision and a missing one', async () => {
    const a = assignment();
    await store.insertAssignments([a], null, [assigned(a)]);
    const done = await store.updateAssignment(a.id, 1, { status: 'done', doneOn: '2026-02-10', onTime: true, submissionId: 'S1', childId: 'C-other' } as never, event('audit.completed', 'audit', a.id, 'system'));
    expect(done).toMatchObject({ id: a.id, childId: 'C1', status: 'done', doneOn: '2026-02-10', onTime: true, submissionId: 'S1', revision: 2 });
    expect(await store.getAssignment(a.id)).toEqual(done);
    await expect(store.updateAssignment(a.id, 1, { status: 'cancelled' }, event('audit.cancelled', 'audit', a.id))).rejects.toBeInstanceOf(StaleRevisionError);
    await expect(store.updateAssignment('no-such', 1, { status: 'cancelled' }, event('audit.cancelled', 'audit', 'no-such'))).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.listEvents({ entityId: a.id })).map((e) => e.action)).toEqual(['audit.assigned', 'audit.completed']);
    expect(await store.countAssignments({ status: 'open' })).toBe(0);
    expect(await store.countAssignments({ status: 'done', auditorAccountId: 'u-quinn' })).toBe(1);
  });

  it('lists by auditor, team(s), child, form, status and due date, soonest due then id, paged without repeats', async () => {
    const items: AuditAssignment[] = [];
    const teams = ['team-n', 'team-s', 'team-q'];
    for (let i = 0; i < 24; i++) {
      items.push(
        assignment({
          // No child has two open audits on one form: 8 children, 3 forms.
          childId: `C${i % 8}`,
          team: teams[i % 3]!,
          auditorAccountId: i % 2 ? 'u-quinn' : 'u-pat',
          formId: ['case-file-audit', 'other-audit', 'third-audit'][Math.floor(i / 8)]!,
          dueOn: `2026-0${1 + (i % 5)}-1${i % 3}`,
          status: i % 7 === 0 ? 'done' : 'open',
        }),
      );
    }
    await store.insertAssignments(items.slice(0, 12), null, items.slice(0, 12).map(assigned));
    await store.insertAssignments(items.slice(12), sample(items.slice(12)), items.slice(12).map(assigned));
    const expectIds = (pred: (a: AuditAssignment) => boolean) => items.filter(pred).sort(byDue).map((a) => a.id);
    const cases: Array<[AssignmentQuery, (a: AuditAssignment) => boolean]> = [
      [{}, () => true],
      [{ auditorAccountId: 'u-quinn', status: 'open' }, (a) => a.auditorAccountId === 'u-quinn' && a.status === 'open'],
      [{ teams: ['team-n', 'team-q'] }, (a) => a.team === 'team-n' || a.team === 'team-q'],
      [{ teams: ['team-s'], status: 'open', dueBefore: '2026-03-01' }, (a) => a.team === 'team-s' && a.status === 'open' && a.dueOn < '2026-03-01'],
      [{ childId: 'C2', formId: 'case-file-audit' }, (a) => a.childId === 'C2' && a.formId === 'case-file-audit'],
      [{ formId: 'other-audit', status: 'open' }, (a) => a.formId === 'other-audit' && a.status === 'open'],
      [{ teams: [] }, () => false],
    ];
    for (const [query, pred] of cases) {
      const want = expectIds(pred);
      expect(await all(store, query, 5), JSON.stringify(query)).toEqual(want);
      expect(await all(store, query, 100), JSON.stringify(query)).toEqual(want);
      expect(await store.countAssignments(query), JSON.stringify(query)).toBe(want.length);
    }
  });

  it('lists samples newest first, paged', async () => {
    const drawn: AuditSample[] = [];
    for (let i = 0; i < 5; i++) {
      const s = sample([]);
      drawn.push(s);
      await store.insertAssignments([], s, [event('audit.sample-drawn', 'audit-sample', s.id, 'u-mo')]);
    }
    const first = await store.listSamples({ limit: 3 });
    const second = await store.listSamples({ limit: 3, after: first.next! });
    expect([...first.items, ...second.items].map((s) => s.id)).toEqual(drawn.map((s) => s.id).reverse());
    expect(second.next).toBeNull();
  });
});
