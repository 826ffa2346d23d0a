/**
 * Work lists and tracked actions from the browser: what waits for you (GET /api/work), your
 * team's (GET /api/work/team, managers), and actions to read, complete, cancel, reassign or move
 * (GET/POST /api/actions…, written with If-Match on the action's ETag `"a<revision>"`).
 */
import type { ActionEntry, ActionStatus, TrackedAction } from '../../engine/actions/model.js';
import type { ReviewEntry, ReviewStatus } from '../../engine/review/model.js';
import { api } from './client.js';
import type { AssignmentItem } from './audits.js';
import type { JsonObject } from '../../engine/forms/model.js';
import { reviewOf } from '../../engine/forms/review.js';
import type { FormVersion, SubmissionSummary } from './types.js';

export type { ActionEntry, ActionStatus, ReviewEntry, ReviewStatus };

/** An action as lists and its page show it: late or not, worked out by the server's clock. */
export interface ActionItem extends TrackedAction {
  overdue: boolean;
  workingDaysOverdue?: number;
  /** The directory's current name of the child, when the reader may see it. */
  childName?: string;
}

/** What the signed-in person may do to an action. */
export interface ActionPermissions {
  mayComplete: boolean;
  mayCancel: boolean;
  mayReassign: boolean;
}

export interface ActionDetail extends ActionItem {
  you: ActionPermissions;
}

/** A record in a work list: as the submissions API lists it, with where it is in review. */
export interface WorkRecord extends SubmissionSummary {
  review?: ReviewStatus & { stageName?: string };
  /** The current (or returning) stage's name, when the server adds it beside the review. */
  stageName?: string;
}

export interface Counted<T> {
  items: T[];
  count: number;
}

export interface YourWork {
  drafts: Counted<WorkRecord>;
  returned: Counted<WorkRecord>;
  waiting: Counted<WorkRecord>;
  actions: Counted<ActionItem>;
  /** Open audits assigned to you (the audit programme). */
  audits: Counted<AssignmentItem>;
}

export interface Paged<T> {
  items: T[];
  next: string | null;
  count?: number;
}

/** A team member's open actions, and how many of them are overdue (an owner without a worker id by account). */
export interface WorkerCount {
  workerId?: string;
  accountId?: string;
  name: string;
  open: number;
  overdue: number;
}

/** Lists answer `{ items, next }` (or `nextCursor`, as the submissions list does). */
function paged<T>(body: { items: T[]; next?: string | null; nextCursor?: string | null; count?: number }): Paged<T> {
  return { items: body.items, next: body.next ?? body.nextCursor ?? null, ...(body.count !== undefined ? { count: body.count } : {}) };
}

function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface TeamQuery {
  overdue?: boolean;
  worker?: string;
  cursor?: string | null;
  limit?: number;
}

export interface ActionsQuery {
  status?: ActionStatus | '';
  child?: string;
  submission?: string;
  overdue?: boolean;
  cursor?: string | null;
  limit?: number;
}

export interface DoneBody {
  doneOn: string;
  note: string;
}
export interface ReasonBody {
  reason: string;
}
export interface ReassignBody extends ReasonBody {
  ownerWorkerId: string;
}
export interface MoveDueBody extends ReasonBody {
  dueOn: string;
}

export type ActionChange = 'done' | 'cancel' | 'reassign' | 'due';

export interface ChangeBodies {
  done: DoneBody;
  cancel: ReasonBody;
  reassign: ReassignBody;
  due: MoveDueBody;
}

/**
 * The stage names of records in review, from their form versions' `x-review` (the lists give the
 * stage's id): one read per form version, and a record keeps what it has when its version cannot be read.
 */
async function withStageNames(records: WorkRecord[]): Promise<WorkRecord[]> {
  const versions = new Map<string, Promise<Map<string, string>>>();
  const namesOf = (r: WorkRecord) => {
    const key = `${r.formId}@${r.version}`;
    if (!versions.has(key)) {
      versions.set(
        key,
        api.get<FormVersion>(`/api/forms/${encodeURIComponent(r.formId)}/versions/${r.version}`).then(
          (res) => new Map((reviewOf(res.body.schema as JsonObject)?.stages ?? []).map((s) => [s.id, s.name])),
          () => new Map<string, string>(),
        ),
      );
    }
    return versions.get(key)!;
  };
  return Promise.all(
    records.map(async (r) => {
      const stage = r.review?.stage;
      // Records reaching a stage now carry its name; older ones are named from their version.
      const name = stage && !r.stageName && !r.review?.stageName ? (await namesOf(r)).get(stage) : undefined;
      return name ? { ...r, stageName: name } : r;
    }),
  );
}

const actionPath = (id: string) => `/api/actions/${encodeURIComponent(id)}`;

export const workApi = {
  async yours(): Promise<YourWork> {
    const w = (await api.get<YourWork>('/api/work')).body;
    const [returned, waiting] = await Promise.all([withStageNames(w.returned.items), withStageNames(w.waiting.items)]);
    return { ...w, returned: { ...w.returned, items: returned }, waiting: { ...w.waiting, items: waiting } };
  },
  /** One of your lists in full (GET /api/work/records): waiting for you, or returned to you. */
  async records(list: 'waiting' | 'returned', q: { cursor?: string | null; limit?: number } = {}): Promise<Paged<WorkRecord>> {
    const p = paged((await api.get<Paged<WorkRecord>>(`/api/work/records${query({ list, ...q })}`)).body);
    return { ...p, items: await withStageNames(p.items) };
  },
  async teamRecords(q: TeamQuery = {}): Promise<Paged<WorkRecord>> {
    const p = paged((await api.get<Paged<WorkRecord>>(`/api/work/team${query({ view: 'records', ...q })}`)).body);
    return { ...p, items: await withStageNames(p.items) };
  },
  async teamActions(q: TeamQuery = {}): Promise<Paged<ActionItem>> {
    return paged((await api.get<Paged<ActionItem>>(`/api/work/team${query({ view: 'actions', ...q })}`)).body);
  },
  async teamWorkers(): Promise<WorkerCount[]> {
    return (await api.get<{ items: WorkerCount[] }>('/api/work/team?view=workers')).body.items;
  },
  async actions(q: ActionsQuery = {}): Promise<Paged<ActionItem>> {
    return paged((await api.get<Paged<ActionItem>>(`/api/actions${query({ ...q })}`)).body);
  },
  /** The action and its ETag, to send back as If-Match with a change. */
  async action(id: string): Promise<{ action: ActionDetail; etag: string | null }> {
    const res = await api.get<ActionDetail>(actionPath(id));
    return { action: res.body, etag: res.etag };
  },
  /** POST /api/actions/{id}/done|cancel|reassign|due with If-Match: the action as it is now. */
  async change<C extends ActionChange>(id: string, change: C, etag: string, body: ChangeBodies[C]): Promise<TrackedAction> {
    return (await api.post<TrackedAction>(`${actionPath(id)}/${change}`, body, { ifMatch: etag })).body;
  },
};
