/**
 * Tallies in the MongoDB store (Store.tally): one `$match` + `$group { _id: { k0: '$f0', … },
 * n: { $sum: 1 } }` over the source's view, which is all FerretDB 1.24's aggregation needs to
 * have (no `$cond`, no expressions). Records are stored with the domain's field names (only `id`
 * is `_id`), so a field is its own path. A deleted draft's tombstone (`deleted: true`, nothing
 * else) is never counted. Null and missing values, and lists or objects, come back as null keys;
 * rows are merged and ordered by engine/store/tally.ts, as on SQLite.
 */
import type { Document } from 'mongodb';
import { checkTally, tallyRows } from '../tally.js';
import type { TallyCondition, TallyQuery, TallyRow } from '../../timeliness/model.js';
import type { Collections } from './collections.js';

/** The audits' view: AuditAssignment with its fields at the top level (`_id` its id). */
export const ASSIGNMENTS = 'auditAssignments';

const COLLECTION: Record<TallyQuery['source'], string> = { submissions: 'submissions', actions: 'actions', assignments: ASSIGNMENTS };

const pathOf = (field: string) => (field === 'id' ? '_id' : field);

function conditionOf(c: TallyCondition): Document {
  const path = pathOf(c.field);
  switch (c.op) {
    case 'eq':
      return { [path]: c.value };
    case 'in':
      return { [path]: { $in: c.values } };
    case 'gte':
      return { [path]: { $gte: c.value } };
    case 'lt':
      return { [path]: { $lt: c.value } };
    case 'exists':
      return c.value ? { [path]: { $ne: null } } : { [path]: null };
  }
}

/** The pipeline of a tally (exported for the benchmark). */
export function tallyPipeline(query: TallyQuery): Document[] {
  checkTally(query);
  const and: Document[] = (query.where ?? []).map(conditionOf);
  if (query.source === 'submissions') and.unshift({ deleted: { $exists: false } });
  const id = query.by.length ? Object.fromEntries(query.by.map((f, i) => [`k${i}`, `$${pathOf(f)}`])) : null;
  return [...(and.length ? [{ $match: { $and: and } }] : []), { $group: { _id: id, n: { $sum: 1 } } }];
}

type Group = { _id: Record<string, unknown> | null; n: number };

export async function mongoTally(c: Collections, query: TallyQuery): Promise<TallyRow[]> {
  const pipeline = tallyPipeline(query);
  const groups = await c.db.collection(COLLECTION[query.source]).aggregate<Group>(pipeline).toArray();
  return tallyRows(groups.map((g) => ({ key: query.by.map((_, i) => g._id?.[`k${i}`] ?? null), count: g.n })));
}
