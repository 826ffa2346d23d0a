/**
 * An audit assignment's life: made by a planner (by hand, or drawn as a sample by a rule), open
 * until the auditor's record of that form about that child completes (done, on time or late), or
 * cancelled; while open, a planner may give it to another auditor or move its due date. Each step
 * is a compare-and-set on the assignment's revision with its event.
 *
 * Who plans for which children (permission `audits:plan`, managers): their team's; with group
 * `heads-of-service` every team of their team's service area (directory); with group `qa` all.
 * Auditors are practitioners or managers; an auditor is never given a restricted child whose
 * records they may not read (engine/directory/access.ts).
 *
 * Completion is called right after the completing store step (submit without stages, final
 * sign-off); should that call be lost (a crash between the two), listing the auditor's
 * assignments repairs it: an open assignment with a completed record is marked done then.
 */
import type { Account } from '../accounts/model.js';
import { can } from '../accounts/permissions.js';
import { date, text } from '../actions/lifecycle.js';
import type { EngineContext } from '../context.js';
import { readerFor } from '../directory/access.js';
import { oversightOf } from '../directory/oversight.js';
import { LEGAL_STATUS_TITLES, type Child } from '../directory/model.js';
import { ForbiddenError, StaleRevisionError, ValidationFailedError, type FieldError } from '../errors.js';
import { dayNumber } from '../forms/calculations/dates.js';
import { londonToday } from '../forms/calculations/evaluate.js';
import { isObject } from '../forms/schema-paths.js';
import { newId } from '../ids.js';
import { newEvent, type EventRecord } from '../store/events.js';
import { refuse } from '../store/messages.js';
import type { Submission } from '../submissions/model.js';
import type { AssignmentPatch, AssignmentQuery, AuditAssignment, AuditEntry, AuditSample, LegalStatus, SampleRule } from './model.js';
import { drawSample, type SampleAuditor } from './sample.js';

export type AuditAccount = Pick<Account, 'id' | 'role' | 'team' | 'workerId' | 'displayName'> & Partial<Pick<Account, 'groups'>>;

/** The teams a planner plans for: all, or these (none without `audits:plan`). */
export type PlanScope = { kind: 'all' } | { kind: 'teams'; teams: string[] };

export const MAX_PER_TEAM = 20;
export const MAX_AUDITORS = 20;
export const MAX_BY_HAND = 50;
/** Children of one team a sample looks at, at most. */
const MAX_TEAM_CHILDREN = 5000;

export async function planScope(ctx: EngineContext, who: AuditAccount): Promise<PlanScope> {
  if (!can(who, 'audits:plan')) return { kind: 'teams', teams: [] };
  const oversight = await oversightOf(who, () => ctx.store.listDirectoryTeams());
  if (oversight.kind === 'all') return { kind: 'all' };
  return { kind: 'teams', teams: oversight.kind === 'service-area' ? oversight.teams.map((t) => t.id) : [oversight.team] };
}

export const inScope = (scope: PlanScope, team: string | undefined): boolean => scope.kind === 'all' || (team !== undefined && scope.teams.includes(team));

const invalid = (errors: FieldError[]): ValidationFailedError =>
  new ValidationFailedError(errors.length === 1 ? errors[0]!.message : `There are ${errors.length} problems with the request.`, errors);

const fail = (pointer: string, message: string): never => {
  throw invalid([{ pointer, message }]);
};

/** Today's date in London moved back by whole months (the day clamped to the month's end). */
export function monthsBefore(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

// ----- Checks every way of assigning shares

interface Auditor {
  account: Account;
  sample: SampleAuditor;
}

/** The auditor's account, their own cases' workers and the restricted children they may not read; a field error when it cannot audit. */
async function auditorOf(ctx: EngineContext, accountId: unknown, pointer: string): Promise<Auditor> {
  if (typeof accountId !== 'string' || !accountId.trim()) fail(pointer, 'Choose the auditor.');
  const account = await ctx.store.getAccount((accountId as string).trim());
  if (!account) return fail(pointer, `There is no account "${String(accountId)}". Choose the auditor from the list of accounts.`);
  if (account.disabled) fail(pointer, `${account.displayName}’s account is disabled, so they cannot audit. Choose someone else.`);
  if (account.role !== 'practitioner' && account.role !== 'manager') fail(pointer, `${account.displayName} is not a practitioner or manager, so they cannot write audits. Choose a worker.`);
  const reports = account.role === 'manager' && account.workerId ? await ctx.store.listWorkers({ managerId: account.workerId }, 1000) : [];
  const reach = (await readerFor(ctx, account)).reach;
  return {
    account,
    sample: {
      accountId: account.id,
      ownWorkerIds: new Set([...(account.workerId ? [account.workerId] : []), ...reports.map((w) => w.id)]),
      hidden: reach.kind === 'some' ? reach.hidden : new Set(),
    },
  };
}

/** A published form about a child (its records name a child). */
async function auditForm(ctx: EngineContext, formId: unknown, pointer: string): Promise<string> {
  if (typeof formId !== 'string' || !formId) return fail(pointer, 'Choose the form the audit is recorded on.');
  const form = await ctx.store.getForm(formId);
  if (!form) return fail(pointer, `There is no form "${formId}". Choose one from the list.`);
  if (form.subject?.childId === undefined) fail(pointer, `"${form.title}" is not about a child, so it cannot record an audit of a child’s case.`);
  const versions = await ctx.store.listVersions(formId);
  if (!versions.some((v) => v.status === 'published')) fail(pointer, `"${form.title}" has no published version yet, so the auditor could not start it.`);
  return formId;
}

function dueDate(ctx: EngineContext, value: unknown, pointer: string): string {
  const dueOn = date(value, pointer, 'the due date');
  if (dueOn < londonToday(ctx.now())) fail(pointer, 'The due date is in the past. Enter today or a later date.');
  return dueOn;
}

function assignment(ctx: EngineContext, who: AuditAccount, a: { formId: string; child: Pick<Child, 'id' | 'team'>; auditor: Account; dueOn: string; sampleId?: string }): AuditAssignment {
  const at = ctx.now().toISOString();
  const entry: AuditEntry = { at, by: who.id, name: who.displayName, action: 'assigned', to: a.auditor.id };
  return {
    id: newId(),
    formId: a.formId,
    childId: a.child.id,
    ...(a.child.team !== undefined ? { team: a.child.team } : {}),
    auditorAccountId: a.auditor.id,
    ...(a.auditor.workerId ? { auditorWorkerId: a.auditor.workerId } : {}),
    auditorName: a.auditor.displayName,
    dueOn: a.dueOn,
    dueMonth: a.dueOn.slice(0, 7),
    status: 'open',
    ...(a.sampleId ? { sampleId: a.sampleId } : {}),
    history: [entry],
    revision: 1,
    createdBy: who.id,
    createdAt: at,
    updatedBy: who.id,
    updatedAt: at,
  };
}

/** The event the notifications send the auditor their email from: ids and dates only, never the child's name. */
const assignedEvent = (ctx: EngineContext, who: AuditAccount, a: AuditAssignment): EventRecord =>
  newEvent(ctx.now(), who.id, 'audit.assigned', 'audit', a.id, { assignmentId: a.id, auditorAccountId: a.auditorAccountId, dueOn: a.dueOn, formId: a.formId, ...(a.team ? { team: a.team } : {}), ...(a.sampleId ? { sampleId: a.sampleId } : {}) });

/** Every page of a list. */
async function everyAssignment(ctx: EngineContext, query: AssignmentQuery): Promise<AuditAssignment[]> {
  const out: AuditAssignment[] = [];
  let after: string | undefined;
  do {
    const page = await ctx.store.listAssignments(query, { limit: 500, ...(after ? { after } : {}) });
    out.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return out;
}

function planner(who: AuditAccount): void {
  if (!can(who, 'audits:plan')) throw new ForbiddenError('Only managers and quality assurance leads plan audits.');
}

// ----- By hand

export async function assignByHand(ctx: EngineContext, who: AuditAccount, body: unknown): Promise<AuditAssignment[]> {
  planner(who);
  const list = isObject(body) && Array.isArray(body.assignments) ? body.assignments : fail('/assignments', 'Send { "assignments": [ { "childId", "auditorAccountId", "dueOn", "formId" } ] }.');
  if (!list.length) fail('/assignments', 'Add at least one assignment.');
  if (list.length > MAX_BY_HAND) fail('/assignments', `Assign at most ${MAX_BY_HAND} audits at once.`);
  const scope = await planScope(ctx, who);
  const errors: FieldError[] = [];
  const made: AuditAssignment[] = [];
  const auditors = new Map<string, Auditor>();
  const seen = new Set<string>();
  for (const [i, raw] of list.entries()) {
    const at = `/assignments/${i}`;
    try {
      if (!isObject(raw)) fail(at, 'Each assignment is { "childId", "auditorAccountId", "dueOn", "formId" }.');
      const item = raw as Record<string, unknown>;
      const extra = Object.keys(item).filter((k) => !['childId', 'auditorAccountId', 'dueOn', 'formId'].includes(k));
      if (extra.length) fail(`${at}/${extra[0]}`, `"${extra[0]}" is not part of an assignment.`);
      const formId = await auditForm(ctx, item.formId, `${at}/formId`);
      const childId = typeof item.childId === 'string' ? item.childId.trim() : '';
      if (!childId) fail(`${at}/childId`, 'Choose the child whose case is audited.');
      const [child] = await ctx.store.getChildren([childId]);
      if (!child) fail(`${at}/childId`, `There is no child with ICS person ID ${childId} in the directory. Check the ID or search for the child.`);
      if (child!.mergedInto !== undefined) fail(`${at}/childId`, `The ICS merged ${childId} into ${child!.mergedInto}. Assign the audit of ${child!.mergedInto} instead.`);
      if (!inScope(scope, child!.team)) fail(`${at}/childId`, `This child’s case is with a team you do not plan audits for (${child!.team ?? 'no team'}). Ask that team’s manager or quality assurance.`);
      const auditorId = typeof item.auditorAccountId === 'string' ? item.auditorAccountId : '';
      const auditor = auditors.get(auditorId) ?? (await auditorOf(ctx, item.auditorAccountId, `${at}/auditorAccountId`));
      auditors.set(auditor.account.id, auditor);
      if (auditor.sample.hidden.has(child!.id)) fail(`${at}/auditorAccountId`, `${auditor.account.displayName} may not read this child’s records (their access is restricted), so they cannot audit them. Choose another auditor.`);
      const dueOn = dueDate(ctx, item.dueOn, `${at}/dueOn`);
      const key = `${formId}\u0000${child!.id}`;
      if (seen.has(key) || (await ctx.store.countAssignments({ childId: child!.id, formId, status: 'open' })) > 0) {
        fail(`${at}/childId`, `An audit of this child on this form is already open${seen.has(key) ? ' earlier in this list' : ''}. Move its due date or cancel it instead.`);
      }
      seen.add(key);
      made.push(assignment(ctx, who, { formId, child: child!, auditor: auditor.account, dueOn }));
    } catch (err) {
      if (err instanceof ValidationFailedError) errors.push(...(err.errors ?? []));
      else throw err;
    }
  }
  if (errors.length) throw invalid(errors);
  await ctx.store.insertAssignments(made, null, made.map((a) => assignedEvent(ctx, who, a)));
  return made;
}

// ----- By sample

const LEGAL_STATUSES = Object.keys(LEGAL_STATUS_TITLES) as LegalStatus[];
const SAMPLE_FIELDS = ['formId', 'perTeam', 'teams', 'legalStatuses', 'notAuditedMonths', 'excludeOwnCases', 'auditorAccountIds', 'dueOn', 'seed', 'preview'];

function wholeNumber(value: unknown, pointer: string, what: string, min: number, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(pointer, `Enter ${what} as a whole number from ${min} to ${max}.`);
  return value as number;
}

/** The rule, seed and auditors of a sample request, every member checked. */
async function sampleRequest(ctx: EngineContext, scope: PlanScope, body: unknown): Promise<{ rule: SampleRule; seed: number; preview: boolean; auditors: Auditor[] }> {
  if (!isObject(body)) return fail('', 'Send the sample’s rule as a JSON object.');
  const extra = Object.keys(body).filter((k) => !SAMPLE_FIELDS.includes(k));
  if (extra.length) fail(`/${extra[0]}`, `"${extra[0]}" is not part of a sample’s rule.`);
  const errors: FieldError[] = [];
  const check = async <T>(fn: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ValidationFailedError) errors.push(...(err.errors ?? []));
      else throw err;
      return undefined;
    }
  };
  const formId = await check(() => auditForm(ctx, body.formId, '/formId'));
  const perTeam = await check(() => wholeNumber(body.perTeam, '/perTeam', 'how many children per team', 1, MAX_PER_TEAM));
  const known = new Set((await ctx.store.listDirectoryTeams()).map((t) => t.id));
  const teams = await check(() => {
    if (body.teams === undefined) return undefined;
    if (!Array.isArray(body.teams) || !body.teams.length || body.teams.some((t) => typeof t !== 'string')) return fail('/teams', 'Choose at least one team, or leave the teams out to draw from every team you plan for.');
    const list = [...new Set(body.teams as string[])];
    list.forEach((t, i) => {
      if (!known.has(t)) fail(`/teams/${i}`, `There is no team "${t}" in the directory.`);
      if (!inScope(scope, t)) fail(`/teams/${i}`, `You do not plan audits for team "${t}".`);
    });
    return list;
  });
  const legalStatuses = await check(() => {
    if (body.legalStatuses === undefined) return undefined;
    if (!Array.isArray(body.legalStatuses) || !body.legalStatuses.length) return fail('/legalStatuses', 'Choose at least one legal status, or leave them out to draw from children of any.');
    (body.legalStatuses as unknown[]).forEach((s, i) => {
      if (!LEGAL_STATUSES.includes(s as LegalStatus)) fail(`/legalStatuses/${i}`, `"${String(s)}" is not a legal status. Use one of ${LEGAL_STATUSES.join(', ')}.`);
    });
    return [...new Set(body.legalStatuses as LegalStatus[])];
  });
  const notAuditedMonths = await check(() => wholeNumber(body.notAuditedMonths, '/notAuditedMonths', 'the months since the last audit', 0, 60, 12));
  const excludeOwnCases = await check(() => {
    if (body.excludeOwnCases !== undefined && typeof body.excludeOwnCases !== 'boolean') fail('/excludeOwnCases', 'Say yes or no (true or false) to leaving out the auditors’ own cases.');
    return body.excludeOwnCases !== false;
  });
  const auditors = await check(async () => {
    const ids = body.auditorAccountIds;
    if (!Array.isArray(ids) || !ids.length) return fail('/auditorAccountIds', 'Choose at least one auditor.');
    if (ids.length > MAX_AUDITORS) fail('/auditorAccountIds', `Choose at most ${MAX_AUDITORS} auditors.`);
    const out: Auditor[] = [];
    for (const [i, id] of ids.entries()) {
      const a = await check(() => auditorOf(ctx, id, `/auditorAccountIds/${i}`));
      if (a && out.some((o) => o.account.id === a.account.id)) errors.push({ pointer: `/auditorAccountIds/${i}`, message: `${a.account.displayName} is in the list twice.` });
      else if (a) out.push(a);
    }
    return out;
  });
  const dueOn = await check(() => dueDate(ctx, body.dueOn, '/dueOn'));
  const seed = await check(() => (body.seed === undefined ? Math.floor(Math.random() * 0xfffffffe) + 1 : wholeNumber(body.seed, '/seed', 'the seed', 1, 0xffffffff)));
  const preview = await check(() => {
    if (body.preview !== undefined && typeof body.preview !== 'boolean') fail('/preview', '"preview" is true (draw without saving) or false.');
    return body.preview === true;
  });
  if (errors.length) throw invalid(errors);
  const rule: SampleRule = {
    formId: formId!,
    perTeam: perTeam!,
    ...(teams ? { teams } : {}),
    ...(legalStatuses ? { legalStatuses } : {}),
    notAuditedMonths: notAuditedMonths!,
    excludeOwnCases: excludeOwnCases!,
    auditorAccountIds: auditors!.map((a) => a.account.id),
    dueOn: dueOn!,
  };
  return { rule, seed: seed!, preview: preview!, auditors: auditors! };
}

/** A record is complete when submitted and, on a form with stages, signed off at the last one. */
export const isComplete = (s: Submission): boolean => s.status === 'submitted' && (!s.review || s.review.state === 'complete');

/** When the record completed (ISO): its timeliness stamp, else its last sign-off, else when it was submitted. */
export function completedAt(s: Submission): string {
  const signed = s.review?.history.filter((h) => h.action === 'signed').at(-1)?.at;
  return s.timeliness?.completedAt ?? signed ?? s.submittedAt ?? s.updatedAt;
}

const doneOnOf = (s: Submission): string => s.timeliness?.doneOn ?? londonToday(new Date(completedAt(s)));

/** Children (of these) with a completed record of the form, or a done assignment, on or after `since`. */
async function auditedSince(ctx: EngineContext, formId: string, children: readonly string[], since: string): Promise<Set<string>> {
  const audited = new Set<string>();
  const wanted = new Set(children);
  for (let i = 0; i < children.length; i += 5000) {
    let cursor: string | null = null;
    do {
      const page: { items: Submission[]; next: string | null } = await ctx.store.listSubmissions(
        { formId, status: 'submitted', anyOf: [{ childIds: children.slice(i, i + 5000) }] },
        { limit: 500, ...(cursor ? { cursor } : {}) },
      );
      for (const s of page.items) if (s.subject.childId && isComplete(s) && doneOnOf(s) >= since) audited.add(s.subject.childId);
      cursor = page.next;
    } while (cursor);
  }
  for (const a of await everyAssignment(ctx, { formId, status: 'done' })) if (a.doneOn !== undefined && a.doneOn >= since && wanted.has(a.childId)) audited.add(a.childId);
  return audited;
}

export interface DrawResult {
  sample: AuditSample;
  assignments: AuditAssignment[];
  preview: boolean;
}

export async function drawAuditSample(ctx: EngineContext, who: AuditAccount, body: unknown): Promise<DrawResult> {
  planner(who);
  const scope = await planScope(ctx, who);
  const { rule, seed, preview, auditors } = await sampleRequest(ctx, scope, body);
  const teams = rule.teams ?? (scope.kind === 'all' ? (await ctx.store.listDirectoryTeams()).map((t) => t.id) : scope.teams);
  const children: Child[] = [];
  for (const team of [...teams].sort()) {
    const found = await ctx.store.searchChildren({ teams: [team] }, MAX_TEAM_CHILDREN + 1);
    if (found.length > MAX_TEAM_CHILDREN) fail('/teams', `Team "${team}" has more than ${MAX_TEAM_CHILDREN} children; a sample can only be drawn from smaller teams.`);
    children.push(...found);
  }
  const today = londonToday(ctx.now());
  const ids = children.map((c) => c.id);
  const recentlyAudited = rule.notAuditedMonths > 0 ? await auditedSince(ctx, rule.formId, ids, monthsBefore(today, rule.notAuditedMonths)) : new Set<string>();
  const alreadyAssigned = new Set((await everyAssignment(ctx, { formId: rule.formId, status: 'open' })).map((a) => a.childId));
  const drawn = drawSample({ rule, seed, teams: [...teams].sort(), children, recentlyAudited, alreadyAssigned, auditors: auditors.map((a) => a.sample) });
  const sampleId = newId();
  const byId = new Map(children.map((c) => [c.id, c]));
  const accounts = new Map(auditors.map((a) => [a.account.id, a.account]));
  const made = preview ? [] : drawn.chosen.map((c) => assignment(ctx, who, { formId: rule.formId, child: byId.get(c.childId)!, auditor: accounts.get(c.auditorAccountId)!, dueOn: rule.dueOn, sampleId }));
  const sample: AuditSample = {
    id: sampleId,
    rule,
    seed,
    drawnAt: ctx.now().toISOString(),
    drawnBy: who.id,
    drawnByName: who.displayName,
    considered: drawn.considered,
    chosen: drawn.chosen.map((c, i) => ({ ...c, ...(made[i] ? { assignmentId: made[i]!.id } : {}) })),
    leftOut: drawn.leftOut,
    teams: drawn.teams,
  };
  if (!preview) {
    const events = [
      newEvent(ctx.now(), who.id, 'audit.sample-drawn', 'audit-sample', sample.id, { formId: rule.formId, seed, considered: sample.considered, chosen: made.length }),
      ...made.map((a) => assignedEvent(ctx, who, a)),
    ];
    await ctx.store.insertAssignments(made, sample, events);
  }
  return { sample, assignments: made, preview };
}

// ----- Reading

/** The assignment, for a planner of its team or its auditor; else 404 (a refusal tells nothing). */
export async function readAssignment(ctx: EngineContext, who: AuditAccount, id: string): Promise<AuditAssignment> {
  const a = await ctx.store.getAssignment(id);
  if (!a || !(a.auditorAccountId === who.id || inScope(await planScope(ctx, who), a.team))) throw refuse.assignmentMissing(id);
  return a;
}

/** May this planner see this sample: it drew from a team they plan for. */
export function maySeeSample(scope: PlanScope, s: AuditSample): boolean {
  return scope.kind === 'all' || s.teams.some((t) => scope.teams.includes(t.team)) || (s.rule.teams ?? []).some((t) => scope.teams.includes(t));
}

// ----- Changes by a planner

async function step(ctx: EngineContext, who: { id: string; displayName: string }, a: AuditAssignment, expectedRevision: number, patch: AssignmentPatch, entry: Omit<AuditEntry, 'at' | 'by' | 'name'>): Promise<AuditAssignment> {
  if (a.revision !== expectedRevision) throw refuse.assignmentStale(a.id, a.revision);
  const at = ctx.now().toISOString();
  const full: AuditEntry = { at, by: who.id, name: who.displayName, ...entry };
  const details = { assignmentId: a.id, auditorAccountId: patch.auditorAccountId ?? a.auditorAccountId, dueOn: patch.dueOn ?? a.dueOn, formId: a.formId, ...(entry.from ? { from: entry.from } : {}), ...(entry.to ? { to: entry.to } : {}) };
  const action = entry.action === 'done' ? 'completed' : entry.action;
  return ctx.store.updateAssignment(a.id, expectedRevision, { ...patch, history: [...a.history, full], updatedAt: at, updatedBy: who.id }, newEvent(ctx.now(), who.id, `audit.${action}`, 'audit', a.id, details));
}

async function plannable(ctx: EngineContext, who: AuditAccount, id: string): Promise<AuditAssignment> {
  planner(who);
  const a = await ctx.store.getAssignment(id);
  if (!a || !inScope(await planScope(ctx, who), a.team)) throw refuse.assignmentMissing(id);
  if (a.status !== 'open') throw new ForbiddenError(`This audit is ${a.status === 'done' ? 'done' : 'cancelled'} already; it can no longer be changed.`);
  return a;
}

function fields(raw: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (!isObject(raw)) return fail('', `Send { ${allowed.map((k) => `"${k}"`).join(', ')} }.`);
  const extra = Object.keys(raw).filter((k) => !allowed.includes(k));
  if (extra.length) fail(`/${extra[0]}`, `"${extra[0]}" is not part of this request.`);
  return raw;
}

export async function cancelAssignment(ctx: EngineContext, who: AuditAccount, id: string, expectedRevision: number, body: unknown): Promise<AuditAssignment> {
  const a = await plannable(ctx, who, id);
  const reason = text(fields(body, ['reason']).reason, '/reason', 'why the audit is cancelled');
  return step(ctx, who, a, expectedRevision, { status: 'cancelled', reason }, { action: 'cancelled', reason });
}

export async function reassignAssignment(ctx: EngineContext, who: AuditAccount, id: string, expectedRevision: number, body: unknown): Promise<AuditAssignment> {
  const a = await plannable(ctx, who, id);
  const b = fields(body, ['auditorAccountId', 'reason']);
  const auditor = await auditorOf(ctx, b.auditorAccountId, '/auditorAccountId');
  if (auditor.account.id === a.auditorAccountId) fail('/auditorAccountId', `${a.auditorName} is the auditor already.`);
  if (auditor.sample.hidden.has(a.childId)) fail('/auditorAccountId', `${auditor.account.displayName} may not read this child’s records (their access is restricted), so they cannot audit them. Choose another auditor.`);
  const reason = text(b.reason, '/reason', 'why the audit is given to someone else');
  const patch: AssignmentPatch = { auditorAccountId: auditor.account.id, auditorName: auditor.account.displayName, reason, ...(auditor.account.workerId ? { auditorWorkerId: auditor.account.workerId } : {}) };
  if (!auditor.account.workerId) patch.auditorWorkerId = undefined;
  return step(ctx, who, a, expectedRevision, patch, { action: 'reassigned', from: a.auditorAccountId, to: auditor.account.id, reason });
}

export async function moveAssignmentDue(ctx: EngineContext, who: AuditAccount, id: string, expectedRevision: number, body: unknown): Promise<AuditAssignment> {
  const a = await plannable(ctx, who, id);
  const b = fields(body, ['dueOn', 'reason']);
  const dueOn = dueDate(ctx, b.dueOn, '/dueOn');
  if (dueOn === a.dueOn) fail('/dueOn', 'That is the due date already. Choose a different date.');
  const reason = text(b.reason, '/reason', 'why the due date changes');
  return step(ctx, who, a, expectedRevision, { dueOn, dueMonth: dueOn.slice(0, 7), reason }, { action: 'due-moved', from: a.dueOn, to: dueOn, reason });
}

// ----- Completion

const SYSTEM = { id: 'system', displayName: 'Caseforms' };

/** Marks the open assignment done by this completed record (a race with another completion: whoever is second finds it done). */
async function markDone(ctx: EngineContext, a: AuditAssignment, s: Submission): Promise<AuditAssignment | null> {
  let cur: AuditAssignment | null = a;
  for (let attempt = 0; cur && cur.status === 'open' && attempt < 3; attempt++) {
    const doneOn = doneOnOf(s);
    if (dayNumber(doneOn) === undefined) return null;
    try {
      return await step(ctx, SYSTEM, cur, cur.revision, { status: 'done', doneOn, onTime: doneOn <= cur.dueOn, submissionId: s.id }, { action: 'done', submissionId: s.id });
    } catch (err) {
      if (!(err instanceof StaleRevisionError)) throw err;
      cur = await ctx.store.getAssignment(a.id);
    }
  }
  return null;
}

/** Does this completed record complete this open assignment: the auditor's, that form, that child, completed after it was made. */
const completes = (s: Submission, a: AuditAssignment): boolean =>
  a.status === 'open' && isComplete(s) && s.formId === a.formId && s.subject.childId === a.childId && s.createdBy === a.auditorAccountId && completedAt(s) >= a.createdAt;

/**
 * Called right after a record's completing step (submitted without stages, or signed off at its
 * last stage). Never fails the step it follows: what it could not do, the auditor's next list repairs.
 */
export async function completeAssignmentsFor(ctx: EngineContext, s: Submission): Promise<void> {
  if (!isComplete(s) || !s.subject.childId) return;
  try {
    const open = await ctx.store.listAssignments({ childId: s.subject.childId, formId: s.formId, status: 'open', auditorAccountId: s.createdBy }, { limit: 20 });
    for (const a of open.items) if (completes(s, a)) await markDone(ctx, a, s);
  } catch {
    // Left open: repaired when the auditor's assignments are next listed (repairOpenAssignments).
  }
}

/** The auditor's open assignments, with any whose record has completed marked done first (self-repair). */
export async function repairOpenAssignments(ctx: EngineContext, open: readonly AuditAssignment[]): Promise<AuditAssignment[]> {
  const out: AuditAssignment[] = [];
  for (const a of open) {
    if (a.status !== 'open') {
      out.push(a);
      continue;
    }
    const records = await ctx.store.listSubmissions({ formId: a.formId, childId: a.childId, createdBy: a.auditorAccountId, status: 'submitted' }, { limit: 20, order: 'newest' });
    const done = records.items.find((s) => completes(s, a));
    out.push((done ? await markDone(ctx, a, done) : null) ?? a);
  }
  return out;
}
