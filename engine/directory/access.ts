/**
 * Who may read which record, by allocation (issue 13 §3). Worked out once per request from the
 * part of the directory about the reader (their worker, the workers they line-manage, the children
 * allocated to them or in their team, the restricted children, and the children merged into any of
 * those) into a reach: the reader's own rule set, which both judges one record (`decide`) and
 * narrows a store query (`reachQuery`), so a list shows exactly the records a read would allow.
 *
 * The rules (README "Who sees what"):
 * - No directory loaded (no children): as before issue 13: practitioners their own records,
 *   managers their own and their team's (the author's team), integrators all.
 * - Practitioners: the records they wrote, and records about children allocated to their worker.
 * - Managers: also the records their team wrote, and records about the children of their team
 *   and about children allocated to the workers they line-manage.
 * - A restricted child's records: only its allocated worker, that worker's line manager, the
 *   workers it names (allowedWorkerIds) and integrators (the ICS integration) — whoever wrote them.
 * - A merged child's records are read as the kept child's (allocation, team, restriction).
 * - Records about no child (staff records), or about a child no longer in the directory: as before
 *   (author; the author's team for managers).
 * - Designers and administrators read no records.
 * An account acts as a worker through `Account.workerId`; a worker the directory marks inactive
 * (has left) gets nothing by allocation, team of children or being named.
 */
import type { Account } from '../accounts/model.js';
import { can } from '../accounts/permissions.js';
import type { EngineContext } from '../context.js';
import type { SubmissionQuery } from '../store/contract.js';
import type { Submission } from '../submissions/model.js';
import { MERGE_DEPTH, type Child, type Worker } from './model.js';
import { keysOf } from '../review/keys.js';

/** The store takes at most this many children in one reach filter (SubmissionQuery.anyOf / notChildIds). */
export const MAX_REACH_CHILDREN = 5000;

/** What the rules need of the account reading. */
export type ReaderAccount = Pick<Account, 'id' | 'role' | 'team' | 'workerId'> & Partial<Pick<Account, 'groups'>>;

/** Why a record may be read. */
export type ReadReason = 'integrator' | 'author' | 'team' | 'allocated' | 'manages-allocated' | 'team-child' | 'named' | 'reviewer';
/** Why it may not: the role reads no records, the child is restricted, or the record is outside the reader's reach. */
export type RefusalReason = 'role' | 'restricted' | 'not-in-reach';

export type Decision = { allowed: true; reason: ReadReason } | { allowed: false; reason: RefusalReason };

/** The part of the directory a reader's reach is worked out from (any superset will do). */
export interface DirectoryView {
  /** True when the directory holds children: the allocation rules apply. */
  loaded: boolean;
  /** The reader's own worker, when linked and found. */
  me?: Worker;
  /** Workers whose line manager matters: the reader's reports, restricted children's allocated workers. */
  workers: readonly Worker[];
  /** Children allocated to the reader or their reports, of their team, restricted, and merged into any of these. */
  children: readonly Child[];
}

export type Reach =
  | { kind: 'all' }
  | { kind: 'none' }
  | {
      kind: 'some';
      /** The reader's account id: their own records. */
      self: string;
      /** Managers: records their team wrote. */
      team?: string;
      /** Children whose records the reader may read, and why (at most MAX_REACH_CHILDREN). */
      children: ReadonlyMap<string, ReadReason>;
      /** Restricted children (and those merged into them) the reader may not see, whoever wrote the record. */
      hidden: ReadonlySet<string>;
      /** True when more children were in reach than a filter takes: the rest are not readable by allocation. */
      truncated: boolean;
      /**
       * Managers: the children in `children` whose (kept) child is in one of the manager's teams,
       * so a store can read its records by the child's team (one index range) rather than one
       * range per child. Always a subset of `children`.
       */
      byTeam?: { teams: readonly string[]; children: ReadonlySet<string> };
    };

/** The kept child of a merged one (itself when not merged); undefined when the chain leaves the view or loops. */
function keptChild(c: Child, byId: ReadonlyMap<string, Child>): Child | undefined {
  let cur: Child | undefined = c;
  for (let depth = 0; cur?.mergedInto !== undefined; depth++) {
    if (depth >= MERGE_DEPTH) return undefined;
    cur = byId.get(cur.mergedInto);
  }
  return cur;
}

/** A reader's reach from the directory view (pure). */
export function reachOf(account: ReaderAccount, view: DirectoryView): Reach {
  if (!can(account, 'submissions:read')) return { kind: 'none' };
  if (account.role === 'integrator') return { kind: 'all' };
  const manager = account.role === 'manager';
  const children = new Map<string, ReadReason>();
  const hidden = new Set<string>();
  const reach = { kind: 'some' as const, self: account.id, ...(manager ? { team: account.team } : {}), children, hidden, truncated: false };
  if (!view.loaded) return reach;
  // A worker who has left reads nothing by allocation; an account that is no worker has no allocations.
  const me = view.me && view.me.id === account.workerId && view.me.active ? view.me.id : undefined;
  const managerOf = new Map([...view.workers, ...(view.me ? [view.me] : [])].map((w) => [w.id, w.managerId]));
  const myTeams = new Set(manager ? [account.team, ...(me && view.me?.team ? [view.me.team] : [])] : []);
  const byId = new Map(view.children.map((c) => [c.id, c]));
  const inMyTeams = new Set<string>();
  for (const c of view.children) {
    const k = keptChild(c, byId);
    if (!k) continue;
    if (k.team !== undefined && myTeams.has(k.team)) inMyTeams.add(c.id);
    const allocated = k.allocatedWorkerId;
    const mine = me !== undefined && allocated === me;
    const managesAllocated = me !== undefined && allocated !== undefined && managerOf.get(allocated) === me;
    if (k.restricted) {
      if (mine) children.set(c.id, 'allocated');
      else if (managesAllocated) children.set(c.id, 'manages-allocated');
      else if (me !== undefined && k.allowedWorkerIds?.includes(me)) children.set(c.id, 'named');
      else hidden.add(c.id);
      continue;
    }
    if (mine) children.set(c.id, 'allocated');
    else if (manager && managesAllocated) children.set(c.id, 'manages-allocated');
    else if (manager && k.team !== undefined && myTeams.has(k.team)) children.set(c.id, 'team-child');
  }
  // Fails closed: a restricted child left out of the filter would be shown.
  if (hidden.size > MAX_REACH_CHILDREN) {
    throw new Error(`The directory has more than ${MAX_REACH_CHILDREN} restricted children this reader may not see; access cannot be worked out safely.`);
  }
  const within = (kept: ReadonlyMap<string, ReadReason>) => {
    const ids = [...kept.keys()].filter((id) => inMyTeams.has(id));
    return ids.length ? { byTeam: { teams: [...myTeams], children: new Set(ids) } } : {};
  };
  if (children.size > MAX_REACH_CHILDREN) {
    const kept = new Map([...children].slice(0, MAX_REACH_CHILDREN));
    return { ...reach, children: kept, truncated: true, ...within(kept) };
  }
  return { ...reach, ...within(children) };
}

/** May the reader read this record, and why (pure). Restriction comes first, whoever wrote it. */
export function decide(reach: Reach, s: Pick<Submission, 'createdBy' | 'team' | 'subject'>): Decision {
  if (reach.kind === 'all') return { allowed: true, reason: 'integrator' };
  if (reach.kind === 'none') return { allowed: false, reason: 'role' };
  const child = s.subject.childId;
  if (child !== undefined && reach.hidden.has(child)) return { allowed: false, reason: 'restricted' };
  if (s.createdBy === reach.self) return { allowed: true, reason: 'author' };
  if (reach.team !== undefined && s.team === reach.team) return { allowed: true, reason: 'team' };
  const byChild = child !== undefined ? reach.children.get(child) : undefined;
  return byChild ? { allowed: true, reason: byChild } : { allowed: false, reason: 'not-in-reach' };
}

/**
 * The store filter for the reach: null when the reader reads nothing, `{}` for all. Matches a
 * record exactly when `decide` allows it.
 */
export function reachQuery(reach: Reach): Pick<SubmissionQuery, 'anyOf' | 'notChildIds'> | null {
  if (reach.kind === 'all') return {};
  if (reach.kind === 'none') return null;
  const anyOf: NonNullable<SubmissionQuery['anyOf']>[number][] = [{ createdBy: reach.self }];
  if (reach.team !== undefined) anyOf.push({ team: reach.team });
  // The team's children as one element (read by the child's team), the rest (allocated elsewhere, named) as another.
  const byTeam = reach.byTeam;
  if (byTeam?.children.size) anyOf.push({ childTeams: byTeam.teams, childIds: [...byTeam.children] });
  const rest = byTeam ? [...reach.children.keys()].filter((id) => !byTeam.children.has(id)) : [...reach.children.keys()];
  if (rest.length) anyOf.push({ childIds: rest });
  return { anyOf, ...(reach.hidden.size ? { notChildIds: [...reach.hidden] } : {}) };
}

/** `query` within the reach, or null when nothing in it can be read. */
export function narrowed(reach: Reach, query: SubmissionQuery): SubmissionQuery | null {
  const r = reachQuery(reach);
  if (!r) return null;
  // One element and nothing else to keep apart (no directory): the plain filter the list always used.
  const only = r.anyOf?.length === 1 && !r.notChildIds ? r.anyOf[0]! : undefined;
  if (only && !only.childIds && Object.keys(only).every((k) => query[k as 'createdBy' | 'team'] === undefined)) return { ...query, ...only };
  return { ...query, ...r };
}

/** A directory search's answer, refused (failing closed) when it holds more than `limit`: what is left out would be shown. */
async function some<T>(what: Promise<T[]>, limit: number, words: string): Promise<T[]> {
  const found = await what;
  if (found.length > limit) throw new Error(`More than ${limit} ${words}: access cannot be worked out safely.`);
  return found;
}

/** Reads the part of the directory about this reader (a few indexed queries). */
export async function directoryView(ctx: EngineContext, account: ReaderAccount): Promise<DirectoryView> {
  const store = ctx.store;
  if (account.role !== 'practitioner' && account.role !== 'manager') return { loaded: false, workers: [], children: [] };
  const counts = await store.directoryCounts();
  if (counts.children === 0) return { loaded: false, workers: [], children: [] };
  const me = account.workerId ? (await store.getWorkers([account.workerId]))[0] : undefined;
  const active = me?.active ? me : undefined;
  const manager = account.role === 'manager';
  const reports = manager && active ? await store.listWorkers({ managerId: active.id }, 1000) : [];
  const found = new Map<string, Child>();
  const add = (list: readonly Child[]) => list.forEach((c) => found.set(c.id, c));
  // Children beyond the filter's size are simply not in reach (truncated); restricted ones must all be known.
  if (active) add(await store.searchChildren({ allocatedWorkerIds: [active.id, ...reports.map((w) => w.id)] }, MAX_REACH_CHILDREN + 1));
  if (manager) add(await store.searchChildren({ teams: [...new Set([account.team, ...(active?.team ? [active.team] : [])])] }, MAX_REACH_CHILDREN + 1));
  const restricted = await some(store.searchChildren({ restricted: true }, MAX_REACH_CHILDREN + 1), MAX_REACH_CHILDREN, 'restricted children');
  add(restricted);
  // Children merged into any found (their records are the kept child's), and the kept children of merged ones found.
  let frontier = [...found.keys()];
  for (let depth = 0; depth < MERGE_DEPTH && frontier.length; depth++) {
    const merged = await some(store.searchChildren({ mergedInto: frontier.slice(0, MAX_REACH_CHILDREN) }, MAX_REACH_CHILDREN + 1), MAX_REACH_CHILDREN, 'children merged into others');
    const keptMissing = [...found.values()].map((c) => c.mergedInto).filter((id): id is string => id !== undefined && !found.has(id));
    const kept = keptMissing.length ? await store.getChildren([...new Set(keptMissing)].slice(0, 1000)) : [];
    const fresh = [...merged, ...kept].filter((c) => !found.has(c.id));
    add(fresh);
    frontier = fresh.map((c) => c.id);
  }
  const known = new Set([...(me ? [me.id] : []), ...reports.map((w) => w.id)]);
  const allocatedElsewhere = [...new Set(restricted.map((c) => c.allocatedWorkerId).filter((id): id is string => id !== undefined && !known.has(id)))];
  const workers = [...reports, ...(allocatedElsewhere.length ? await store.getWorkers(allocatedElsewhere.slice(0, 1000)) : [])];
  return { loaded: true, ...(me ? { me } : {}), workers, children: [...found.values()] };
}

/**
 * The part of the directory that decides whether this reader may start a record about one child:
 * the reader's worker, the child and the chain it is merged into, and the kept child's allocated
 * worker (for their line manager). A record the reader starts is their own, so only a restricted
 * child can refuse it (`decide`), and that depends on nothing else: the same answer as the
 * whole view (`directoryView`) gives, from a few reads by id instead of the reader's searches.
 */
export async function subjectView(ctx: EngineContext, account: ReaderAccount, childId: string | undefined): Promise<DirectoryView> {
  const store = ctx.store;
  if ((account.role !== 'practitioner' && account.role !== 'manager') || childId === undefined) return { loaded: false, workers: [], children: [] };
  const me = account.workerId ? (await store.getWorkers([account.workerId]))[0] : undefined;
  const chain: Child[] = [];
  for (let next: string | undefined = childId; next !== undefined && chain.length <= MERGE_DEPTH && !chain.some((c) => c.id === next); ) {
    const [c] = await store.getChildren([next]);
    if (!c) break;
    chain.push(c);
    next = c.mergedInto;
  }
  const allocated = chain.at(-1)?.allocatedWorkerId;
  const workers = allocated !== undefined && allocated !== me?.id ? await store.getWorkers([allocated]) : [];
  return { loaded: true, ...(me ? { me } : {}), workers, children: chain };
}

/** May this account start a record about `subject` (as `readerFor(…).mayCreate` of the record it would make, theirs); see subjectView. */
export async function mayCreateAbout(ctx: EngineContext, account: ReaderAccount, subject: Submission['subject']): Promise<boolean> {
  const view = can(account, 'submissions:read') && account.role !== 'integrator' ? await subjectView(ctx, account, subject.childId) : { loaded: false, workers: [], children: [] };
  return decide(reachOf(account, view), { createdBy: account.id, ...(account.team ? { team: account.team } : {}), subject }).allowed;
}

/** A reader for one request: its reach, and the questions every route that reads records asks. */
export interface Reader {
  readonly account: ReaderAccount;
  readonly reach: Reach;
  /** May this account read this record, and why (for the event log). */
  why(s: Pick<Submission, 'createdBy' | 'team' | 'subject' | 'review'>): Decision;
  mayRead(s: Pick<Submission, 'createdBy' | 'team' | 'subject' | 'review'>): Promise<boolean>;
  /** `query` within what this account may read; null when it may read nothing. */
  narrow(query: SubmissionQuery): SubmissionQuery | null;
  /**
   * May this account change, submit, move or delete this draft: only its author, and only while
   * they may still read it (a child that became restricted stops its author too).
   */
  mayWrite(s: Pick<Submission, 'createdBy' | 'team' | 'subject'>): WriteVerdict;
  /** May this account start a record about this subject (not about a restricted child it may not read). */
  mayCreate(s: Pick<Submission, 'createdBy' | 'team' | 'subject'>): boolean;
}

export type WriteVerdict = { allowed: true; reason: 'author' } | { allowed: false; reason: 'not-author' | RefusalReason; message?: string };

/** What an author is told when the child's records are no longer theirs to read. */
export const NO_LONGER_READABLE =
  'You can no longer read records about this child (their records are restricted to the people the ICS names), so you cannot change, submit or delete this draft. Ask the child’s allocated worker or their manager.';

function writeVerdict(account: ReaderAccount, reach: Reach, s: Pick<Submission, 'createdBy' | 'team' | 'subject'>): WriteVerdict {
  if (!can(account, 'submissions:create') || s.createdBy !== account.id) return { allowed: false, reason: 'not-author' };
  const d = decide(reach, s);
  return d.allowed ? { allowed: true, reason: 'author' } : { allowed: false, reason: d.reason, message: NO_LONGER_READABLE };
}

/**
 * A record the reader reviews: waiting for a stage they may act on (their work-list keys, not
 * excluded), or one they acted on. Such a record is readable beyond their reach by allocation
 * (a moderator in a QA group) — but never a restricted child's they may not see.
 */
function reviews(account: ReaderAccount, keys: ReadonlySet<string>, s: Pick<Submission, 'review'>): boolean {
  const r = s.review;
  if (!r) return false;
  if (r.state === 'waiting' && !r.excluded.includes(account.id) && r.keys.some((k) => keys.has(k))) return true;
  return r.history.some((h) => h.by === account.id && (h.action === 'signed' || h.action === 'returned'));
}

export async function readerFor(ctx: EngineContext, account: ReaderAccount): Promise<Reader> {
  const reach = reachOf(account, can(account, 'submissions:read') && account.role !== 'integrator' ? await directoryView(ctx, account) : { loaded: false, workers: [], children: [] });
  const keys = new Set(can(account, 'review:act') ? keysOf(account) : []);
  const why = (s: Pick<Submission, 'createdBy' | 'team' | 'subject' | 'review'>): Decision => {
    const d = decide(reach, s);
    return !d.allowed && d.reason === 'not-in-reach' && reviews(account, keys, s) ? { allowed: true, reason: 'reviewer' } : d;
  };
  return {
    account,
    reach,
    why,
    mayRead: async (s) => why(s).allowed,
    narrow: (query) => narrowed(reach, query),
    mayWrite: (s) => writeVerdict(account, reach, s),
    mayCreate: (s) => decide(reach, s).allowed,
  };
}
