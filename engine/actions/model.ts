/** Actions a record raises, tracked to closure once the record completes its review stages. */

export const ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export type ActionStep = 'created' | 'done' | 'cancelled' | 'reassigned' | 'due-moved';

export interface ActionEntry {
  at: string;
  /** Account id (`system` when the record's completion made it). */
  by: string;
  name: string;
  action: ActionStep;
  /** Owner worker id or due date before / after (reassigned, due-moved). */
  from?: string;
  to?: string;
  reason?: string;
  note?: string;
}

export interface TrackedAction {
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
  /** YYYY-MM-DD. */
  dueOn: string;
  status: ActionStatus;
  doneOn?: string;
  /** Whole calendar days from the action's creation to doneOn (set when it is done): dashboards' days to close. */
  daysToClose?: number;
  note?: string;
  /** Why it was cancelled (or the last reassign / due move). */
  reason?: string;
  history: ActionEntry[];
  revision: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export type ActionPatch = Partial<
  Pick<TrackedAction, 'status' | 'doneOn' | 'daysToClose' | 'note' | 'reason' | 'ownerWorkerId' | 'ownerAccountId' | 'ownerName' | 'team' | 'dueOn' | 'history' | 'updatedAt' | 'updatedBy'>
>;

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
