/**
 * A reader's reach in the store (SubmissionQuery.anyOf / notChildIds, engine/directory/access.ts):
 * records matching any one element (each element's members all holding), never records about the
 * children left out; lists (both orders, every page) and counts agree, on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store, SubmissionQuery } from '../../engine/store/contract.js';
import type { Submission } from '../../engine/submissions/model.js';
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

  /** What the store lists for `query`, read a page of 2 at a time in the given order (ids, oldest first). */
  async function listed(query: SubmissionQuery, order: 'oldest' | 'newest' = 'oldest'): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Submission[]; next: string | null } = await store.listSubmissions(query, { limit: 2, cursor, order });
      ids.push(...page.items.map((s) => s.id));
      cursor = page.next;
    } while (cursor);
    return order === 'newest' ? ids.reverse() : ids;
  }

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
