/** Actions a record raises, tracked to closure once the record completes its review stages. */

export const ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export type ActionStep = 'created' | 'done' | 'cancelled' | 'reassigned' | 'due-moved';

/** One step in the history of something tracked to closure: an action, or an audit assignment (engine/audits). */
export interface TrackedStep<Step extends string> {
  at: string;
  /** Account id (`system` when a record's completion made it). */
  by: string;
  name: string;
  action: Step;
  /** Who it is with (an action's owner worker id, an audit's auditor account id) or the due date, before / after (reassigned, due-moved). */
  from?: string;
  to?: string;
  reason?: string;
}

/** What actions and audit assignments share: a due date, a status, a history and who changed it when. */
export interface Tracked<Status extends string, Entry> {
  /** YYYY-MM-DD. */
  dueOn: string;
  status: Status;
  doneOn?: string;
  /** Why it was cancelled (or the last reassign / due move). */
  reason?: string;
  history: Entry[];
  revision: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** What every change to a tracked item may set. */
export type TrackedChange = 'status' | 'doneOn' | 'reason' | 'dueOn' | 'history' | 'updatedAt' | 'updatedBy';

export interface ActionEntry extends TrackedStep<ActionStep> {
  note?: string;
}

export interface TrackedAction extends Tracked<ActionStatus, ActionEntry> {
  /** `<submissionId>.<n>`: n the 1-based position of the row among the record's marked rows; stable. */
  id: string;
  submissionId: string;
  reference?: string;
  formId: string;
  version: number;
  childId?: string;
  /** JSON Pointer of the row in the record, e.g. `/actions/2`. */
  pointer: string;
  text: string;
  /** The owner's ICS worker id, as the row gave it (or as reassigned). */
  ownerWorkerId?: string;
  /** The account that owns it: one linked to that worker, else the record's author. */
  ownerAccountId?: string;
  ownerName?: string;
  /** The owner's team (directory), else the record's team. */
  team?: string;
  /** Whole calendar days from the action's creation to doneOn (set when it is done): dashboards' days to close. */
  daysToClose?: number;
  note?: string;
}

export type ActionPatch = Partial<Pick<TrackedAction, TrackedChange | 'daysToClose' | 'note' | 'ownerWorkerId' | 'ownerAccountId' | 'ownerName' | 'team'>>;

export interface ActionQuery {
  status?: ActionStatus;
  /** Actions owned by any of these (account id or worker id). */
  owners?: { accountId?: string; workerId?: string };
  team?: string;
  submissionId?: string;
  childId?: string;
  /** Only those due before this date (YYYY-MM-DD, exclusive): with status open, the overdue ones. */
  dueBefore?: string;
}

/** Per owner in a team: open actions and how many are overdue. */
export interface OwnerActionCount {
  ownerWorkerId?: string;
  ownerAccountId?: string;
  open: number;
  overdue: number;
}
