/**
 * Tracked actions (engine/actions). A record's commit makes them (relayed, see commits.ts, at
 * their first revision); each later change is a commit of the action's own (`action:<id>`).
 * Lists read one index each (collections.ts) in due date, then id, order; the per-owner figures
 * are counted by the database.
 */
import type { Filter } from 'mongodb';
import type { ActionPatch, ActionQuery, OwnerActionCount, TrackedAction } from '../../actions/model.js';
import type { EventRecord } from '../events.js';
import { refuse } from '../messages.js';
import type { ActionDoc, Collections } from './collections.js';
import type { CommitLog } from './commits.js';
import { keysetPage } from './keyset.js';
import { actionFromDoc, actionToDoc, applyPatch, logged } from './mapping.js';

const entityOf = (id: string): string => `action:${id}`;

/** One `$group` row: the owner (a field absent from every action of the group may come back as null) and a count. */
interface OwnerGroup {
  _id: { w?: string | null; a?: string | null };
  n: number;
}

export class Actions {
  constructor(
    private readonly c: Collections,
    private readonly log: CommitLog,
  ) {}

  async get(id: string): Promise<TrackedAction | null> {
    const doc = await this.c.actions.findOne({ _id: id });
    return doc ? actionFromDoc(doc) : null;
  }

  async update(id: string, expectedRevision: number, patch: ActionPatch, event: EventRecord): Promise<TrackedAction> {
    const state = await this.log.change(
      { entity: entityOf(id), view: 'actions', read: () => this.c.actions.findOne({ _id: id }), missing: () => refuse.actionMissing(id) },
      (doc, rev) => {
        const cur = actionFromDoc(doc);
        if (cur.revision !== expectedRevision) throw refuse.actionStale(id, cur.revision);
        return { state: actionToDoc(applyPatch(cur, { ...patch, revision: cur.revision + 1 }), rev), relay: logged(event) };
      },
      'action.updated',
    );
    return actionFromDoc(state);
  }

  filter(query: ActionQuery): Filter<ActionDoc> {
    const f: Filter<ActionDoc> = {};
    if (query.status !== undefined) f.status = query.status;
    if (query.team !== undefined) f.team = query.team;
    if (query.submissionId !== undefined) f.submissionId = query.submissionId;
    if (query.childId !== undefined) f.childId = query.childId;
    if (query.dueBefore !== undefined) f.dueOn = { $lt: query.dueBefore };
    if (query.owners !== undefined) {
      // Owned by either: each arm one of the owner indexes. Naming no owner matches nothing.
      const arms: Array<Filter<ActionDoc>> = [];
      if (query.owners.accountId !== undefined) arms.push({ ownerAccountId: query.owners.accountId });
      if (query.owners.workerId !== undefined) arms.push({ ownerWorkerId: query.owners.workerId });
      f.$and = [arms.length ? { $or: arms } : { _id: { $in: [] } }];
    }
    return f;
  }

  async list(query: ActionQuery, page: { limit: number; after?: string }): Promise<{ items: TrackedAction[]; next: string | null }> {
    const { docs, next } = await keysetPage<ActionDoc>(
      (f, limit) => this.c.actions.find(f).sort({ dueOn: 1, _id: 1 }).limit(limit).toArray(),
      this.filter(query),
      { field: 'dueOn', of: (d) => d.dueOn },
      page,
    );
    return { items: docs.map(actionFromDoc), next };
  }

  count(query: ActionQuery): Promise<number> {
    return this.c.actions.countDocuments(this.filter(query));
  }

  /**
   * A team's open actions per owner, and how many of them are overdue: two `$match` + `$group`
   * counts (FerretDB 1.x has no `$cond` to count both in one), joined here by owner.
   */
  async countsByOwner(query: { team: string; today: string }): Promise<OwnerActionCount[]> {
    const grouped = (match: Filter<ActionDoc>) =>
      this.c.actions
        .aggregate<OwnerGroup>([{ $match: { team: query.team, status: 'open', ...match } }, { $group: { _id: { w: '$ownerWorkerId', a: '$ownerAccountId' }, n: { $sum: 1 } } }])
        .toArray();
    const [open, overdue] = await Promise.all([grouped({}), grouped({ dueOn: { $lt: query.today } })]);
    const owner = (g: OwnerGroup) => ({ ...(g._id.w != null ? { ownerWorkerId: g._id.w } : {}), ...(g._id.a != null ? { ownerAccountId: g._id.a } : {}) });
    const keyOf = (g: OwnerGroup) => JSON.stringify([g._id.w ?? null, g._id.a ?? null]);
    const late = new Map(overdue.map((g) => [keyOf(g), g.n]));
    return open
      .map((g): OwnerActionCount => ({ ...owner(g), open: g.n, overdue: late.get(keyOf(g)) ?? 0 }))
      .sort((x, y) => (ownerOrder(x) < ownerOrder(y) ? -1 : ownerOrder(x) > ownerOrder(y) ? 1 : 0));
  }
}

/** Per-owner figures by worker id, then account id (owners without a worker id last). */
function ownerOrder(c: OwnerActionCount): string {
  return `${c.ownerWorkerId ?? '\uffff'}\u0000${c.ownerAccountId ?? ''}`;
}
