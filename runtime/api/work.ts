/**
 * Work lists and tracked actions from the browser: what waits for you (GET /api/work), your
 * team's (GET /api/work/team, managers), and actions to read, complete, cancel, reassign or move
 * (GET/POST /api/actions…, written with If-Match on the action's ETag `"a<revision>"`).
 */
import type { ActionEntry, ActionStatus, TrackedAction } from '../../engine/actions/model.js';
import type { ReviewEntry, ReviewStatus } from '../../engine/review/model.js';
import { api } from './client.js';
import type { SubmissionSummary } from './types.js';

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
}

export interface Paged<T> {
  items: T[];
  next: string | null;
  count?: number;
}

/** A team member's open actions, and how many of them are overdue. */
export interface WorkerCount {
  workerId: string;
  name?: string;
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
  owner?: string;
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

const actionPath = (id: string) => `/api/actions/${encodeURIComponent(id)}`;

export const workApi = {
  async yours(): Promise<YourWork> {
    return (await api.get<YourWork>('/api/work')).body;
  },
  async teamRecords(q: TeamQuery = {}): Promise<Paged<WorkRecord>> {
    return paged((await api.get<Paged<WorkRecord>>(`/api/work/team${query({ view: 'records', ...q })}`)).body);
  },
  async teamActions(q: TeamQuery = {}): Promise<Paged<ActionItem>> {
    return paged((await api.get<Paged<ActionItem>>(`/api/work/team${query({ view: 'actions', ...q })}`)).body);
  },
  async teamWorkers(): Promise<WorkerCount[]> {
    const body = (await api.get<WorkerCount[] | { items: WorkerCount[] }>('/api/work/team?view=workers')).body;
    return Array.isArray(body) ? body : body.items;
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
