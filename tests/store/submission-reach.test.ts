/**
 * A reader's reach in the store (SubmissionQuery.anyOf / notChildIds, engine/directory/access.ts):
 * records matching any one element (each element's members all holding), never records about the
 * children left out; lists (both orders, every page) and counts agree, on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store, SubmissionQuery } from '../../engine/store/contract.js';
import type { Submission } from '../../engine/submissions/model.js';
import { newEvent } from '../../engine/store/events.js';
import { batchOf } from '../support/directory.js';
import { STORE_KINDS, newLocation } from '../support/stores.js';
import { at, event, submission } from '../support/records.js';

/** Who wrote what about whom: [author, team, child (none: a staff record), status]. */
const ROWS: Array<[string, string | undefined, string | undefined, 'draft' | 'submitted']> = [
  ['u-ann', 'north', 'C1', 'submitted'],
  ['u-ann', 'north', 'C3', 'draft'],
  ['u-ann', 'north', undefined, 'submitted'],
  ['u-bob', 'north', 'C1', 'submitted'],
  ['u-bob', 'north', 'C4', 'draft'],
  ['u-cat', 'south', 'C5', 'submitted'],
  ['u-cat', 'south', 'C7', 'submitted'],
  ['u-cat', undefined, undefined, 'draft'],
  ['u-dan', 'south', 'C3', 'submitted'],
];

/** What the store lists for `query`, read a page of 2 at a time in the given order (ids, oldest first). */
async function pages(store: Store, query: SubmissionQuery, order: 'oldest' | 'newest'): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Submission[]; next: string | null } = await store.listSubmissions(query, { limit: 2, cursor, order });
    ids.push(...page.items.map((s) => s.id));
    cursor = page.next;
  } while (cursor);
  return order === 'newest' ? ids.reverse() : ids;
}

describe.each(STORE_KINDS)('%s store: a reader’s reach (anyOf, notChildIds)', (kind) => {
  let store: Store;
  const made: Submission[] = [];
  beforeAll(async () => {
    store = await newLocation(kind).open();
    for (const [i, [createdBy, team, childId, status]] of ROWS.entries()) {
      const s = submission({ createdBy, createdAt: at(i * 1000), status, subject: childId ? { childId } : {}, team });
      if (!team) delete s.team;
      made.push((await store.createSubmission(s, { outbox: [], event: event('submission.created', 'submission', s.id) })).submission);
    }
  });
  afterAll(async () => {
    await store.close();
  });

  const listed = (query: SubmissionQuery, order: 'oldest' | 'newest' = 'oldest') => pages(store, query, order);

  /** The rows (by index in ROWS) a query should give, as ids. */
  const rows = (...indexes: number[]) => indexes.map((i) => made[i]!.id);

  async function expectReach(query: SubmissionQuery, expected: string[]) {
    expect(await listed(query, 'oldest')).toEqual(expected);
    expect(await listed(query, 'newest')).toEqual(expected);
    expect(await store.countSubmissions(query)).toBe(expected.length);
  }

  it('anyOf: records matching any element; each element’s members all hold', async () => {
    // A practitioner: their own, and records about their allocated children.
    await expectReach({ anyOf: [{ createdBy: 'u-ann' }, { childIds: ['C1', 'C5'] }] }, rows(0, 1, 2, 3, 5));
    // A manager: the team's, their own, their team's children (a record may match several elements: listed once).
    await expectReach({ anyOf: [{ team: 'south' }, { createdBy: 'u-ann' }, { childIds: ['C4'] }] }, rows(0, 1, 2, 4, 5, 6, 8));
    // Members of one element together: u-cat's records about C7 only.
    await expectReach({ anyOf: [{ createdBy: 'u-cat', childIds: ['C7', 'C1'] }] }, rows(6));
    await expectReach({ anyOf: [{ createdBy: 'u-cat', team: 'south' }] }, rows(5, 6));
  });

  it('anyOf: an empty list matches nothing, an element without members everything, an empty childIds nothing', async () => {
    await expectReach({ anyOf: [] }, []);
    await expectReach({ anyOf: [{}] }, rows(0, 1, 2, 3, 4, 5, 6, 7, 8));
    await expectReach({ anyOf: [{ childIds: [] }] }, []);
    await expectReach({ anyOf: [{ childIds: [] }, { createdBy: 'u-dan' }] }, rows(8));
  });

  it('notChildIds: never records about those children, whoever wrote them; records with no child stay', async () => {
    await expectReach({ notChildIds: ['C3'] }, rows(0, 2, 3, 4, 5, 6, 7));
    await expectReach({ anyOf: [{ createdBy: 'u-ann' }, { childIds: ['C1', 'C3'] }], notChildIds: ['C3'] }, rows(0, 2, 3));
    await expectReach({ notChildIds: [] }, rows(0, 1, 2, 3, 4, 5, 6, 7, 8));
  });

  it('combines with the other filters: status, child, reference, creation time', async () => {
    const reach: SubmissionQuery = { anyOf: [{ createdBy: 'u-ann' }, { childIds: ['C1', 'C5'] }], notChildIds: ['C3'] };
    await expectReach({ ...reach, status: 'submitted' }, rows(0, 2, 3, 5));
    await expectReach({ ...reach, status: 'draft' }, []);
    await expectReach({ ...reach, childId: 'C1' }, rows(0, 3));
    await expectReach({ ...reach, childId: 'C3' }, []);
    await expectReach({ ...reach, from: at(2000), to: at(5000) }, rows(2, 3));
    await expectReach({ ...reach, reference: made[3]!.reference! }, rows(3));
    await expectReach({ ...reach, reference: made[8]!.reference! }, []);
  });

  it('takes thousands of child ids in one query', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `X${i}`);
    await expectReach({ anyOf: [{ childIds: [...many, 'C4'] }], notChildIds: many }, rows(4));
  });
});

/**
 * `childTeams` beside `childIds` (a manager's team's children): only how the store may find the
 * records. The SQLite store reads them by each record's child's team, a column it keeps right
 * when records are written and when children move team, are merged or leave the directory; so
 * the answer must stay what `childIds` alone gives, through each of those changes.
 */
describe.each(STORE_KINDS)('%s store: a team’s children read by their team (childTeams)', (kind) => {
  let store: Store;
  const about = new Map<string, string[]>();
  let n = 0;
  async function write(childId: string, status: 'draft' | 'submitted' = 'submitted'): Promise<Submission> {
    const s = submission({ createdBy: 'u-someone-else', team: 'west', createdAt: at(n++ * 1000), status, subject: { childId } });
    const made = (await store.createSubmission(s, { outbox: [], event: event('submission.created', 'submission', s.id) })).submission;
    about.set(childId, [...(about.get(childId) ?? []), made.id]);
    return made;
  }
  async function children(rows: object[], options: { mode?: 'full' | 'delta'; deletes?: string[] } = {}) {
    const batch = batchOf('children', rows.map((r) => ({ name: 'A Child', ...r })), options);
    await store.applyDirectoryBatch(batch, newEvent(new Date(), 'test', 'directory.batch-applied', 'directory', 'children', { key: batch.key }));
  }
  /** Every page (2 at a time, both orders) and the count, by team and by child alike. */
  async function expectTeam(teams: string[], childIds: string[], status?: 'draft' | 'submitted') {
    const expected = childIds.flatMap((c) => about.get(c) ?? []).sort();
    for (const element of [{ childTeams: teams, childIds }, { childIds }]) {
      const query: SubmissionQuery = { anyOf: [element], ...(status ? { status } : {}) };
      for (const order of ['oldest', 'newest'] as const) {
        const ids = await pages(store, query, order);
        expect(ids.sort(), `${JSON.stringify(element)} ${order}`).toEqual(status ? (await Promise.all(expected.map((id) => store.getSubmission(id)))).filter((s) => s!.status === status).map((s) => s!.id).sort() : expected);
      }
      if (!status) expect(await store.countSubmissions(query)).toBe(expected.length);
    }
  }

  beforeAll(async () => {
    store = await newLocation(kind).open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('finds records written before the directory, after it, and through merges; follows children that move, merge and leave', async () => {
    // Before any directory: the record knows no team yet.
    await write('K1');
    await write('K4', 'draft');
    await children([
      { id: 'K1', team: 'north' },
      { id: 'K4', team: 'south' },
      { id: 'K5', team: 'north' },
      // K6 was merged into K5 (its records are K5's: north); K8 into a child not in the directory (no team).
      { id: 'K6', team: 'south', mergedInto: 'K5' },
      { id: 'K8', team: 'north', mergedInto: 'K9' },
    ]);
    await write('K5');
    await write('K6');
    await write('K8');
    await write('K1', 'draft');
    await expectTeam(['north'], ['K1', 'K5', 'K6']);
    await expectTeam(['north'], ['K1', 'K5', 'K6'], 'draft');
    await expectTeam(['south'], ['K4']);
    await expectTeam(['north', 'south'], ['K1', 'K4', 'K5', 'K6']);

    // K4 moves to north, K1 to south; K5 moves to east and K6 follows it.
    await children([{ id: 'K4', team: 'north' }, { id: 'K1', team: 'south' }, { id: 'K5', team: 'east' }], { mode: 'delta' });
    await expectTeam(['north'], ['K4']);
    await expectTeam(['south'], ['K1']);
    await expectTeam(['east'], ['K5', 'K6']);

    // K9 arrives (in south): K8's records follow it there. K5 is merged into K4 (north), and K6 with it.
    await children([{ id: 'K9', team: 'south' }, { id: 'K5', team: 'east', mergedInto: 'K4' }], { mode: 'delta' });
    await expectTeam(['south'], ['K1', 'K8']);
    await expectTeam(['north'], ['K4', 'K5', 'K6']);
    await expectTeam(['east'], []);

    // K4 leaves the directory: its records, and those merged into it, are in no team.
    await children([], { mode: 'delta', deletes: ['K4'] });
    await expectTeam(['north'], []);
    // A full batch that leaves K1 and K9 out, and brings K4 back in west.
    await children([{ id: 'K4', team: 'west' }, { id: 'K5', team: 'east', mergedInto: 'K4' }, { id: 'K6', team: 'south', mergedInto: 'K5' }, { id: 'K8', team: 'north', mergedInto: 'K9' }]);
    await expectTeam(['west'], ['K4', 'K5', 'K6']);
    await expectTeam(['south'], []);
  });

  it('a saved draft keeps its child’s team; a record written after the child moved has the new one', async () => {
    await children([{ id: 'M1', team: 'north' }, { id: 'M2', team: 'north' }]);
    const draft = await write('M1', 'draft');
    await store.updateDraft(draft.id, draft.revision, { data: { note: 'Changed.' } }, { outbox: [], event: event('submission.saved', 'submission', draft.id) });
    await expectTeam(['north'], ['M1', 'M2']);
    await children([{ id: 'M1', team: 'north' }, { id: 'M2', team: 'south' }]);
    await write('M2');
    await expectTeam(['south'], ['M2']);
    await expectTeam(['north'], ['M1']);
  });
});
