/**
 * A record's way through its form's review stages (issue 14): submitted → waiting at each stage
 * in turn → signed off (complete), or returned for changes to its author (a draft again) and
 * resubmitted to the stage that returned it. Each step is one store call (compare-and-set on the
 * record's revision) with its event, its outbox entries and, at completion, its tracked actions.
 * Of two people acting on the same revision one wins; the other is told who acted first.
 */
import type { Account, Role } from '../accounts/model.js';
import { trackedActionsOf } from '../actions/create.js';
import type { TrackedAction } from '../actions/model.js';
import type { EngineContext } from '../context.js';
import { ConflictError, ForbiddenError, InvalidRequestError, StaleRevisionError, ValidationFailedError, type FieldError } from '../errors.js';
import { addWorkingDays } from '../forms/calculations/dates.js';
import { londonToday } from '../forms/calculations/evaluate.js';
import { timelinessOf } from '../timeliness/schedule.js';
import { getVersion } from '../forms/lifecycle.js';
import type { FormVersion } from '../forms/model.js';
import { deliverAtOf, reviewOf, stageSections } from '../forms/review.js';
import { contentHash } from '../json/canonical.js';
import { newId } from '../ids.js';
import { newEvent } from '../store/events.js';
import { refuse } from '../store/messages.js';
import type { OutboxSeed } from '../store/outbox.js';
import type { Submission } from '../submissions/model.js';
import { mayAct, stageExcluded, stageKeys, type ActingAccount } from './actors.js';
import type { ReviewEntry, ReviewStatus, Signature, StageDefinition } from './model.js';
import { completeAssignmentsFor } from '../audits/lifecycle.js';
import { checkFileAnswers } from '../files/answers.js';

/**
 * The SHA-256 a signature at stage `index` is made over: the record's form, version, subject and
 * answers as canonical JSON, less the sections later stages fill (so a moderator's section filled
 * after a manager signed leaves the manager's signature intact, while any change to what the
 * manager saw does not).
 */
export function signedContentHash(s: Pick<Submission, 'formId' | 'version' | 'subject' | 'data'>, stages: readonly StageDefinition[], index: number): string {
  const later = new Set(stages.slice(index + 1).flatMap((x) => (x.section ? [x.section] : [])));
  const data = Object.fromEntries(Object.entries(s.data).filter(([k]) => !later.has(k)));
  return contentHash({ formId: s.formId, version: s.version, subject: s.subject, data });
}

/**
 * The answers the author may give: the sections a stage fills are left out of what the author
 * sent, and kept as they are stored (filled at an earlier stage of a returned record).
 */
export function authorAnswers(v: FormVersion, sent: Record<string, unknown>, stored?: Record<string, unknown>): Record<string, unknown> {
  const sections = stageSections(v.schema);
  if (!sections.size) return sent;
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(sent)) if (!sections.has(k)) out[k] = value;
  if (stored) for (const k of sections.keys()) if (stored[k] !== undefined) out[k] = stored[k];
  return out;
}

async function who(ctx: EngineContext, id: string): Promise<{ name: string; role: Role }> {
  const a = await ctx.store.getAccount(id);
  return { name: a?.displayName ?? id, role: a?.role ?? 'practitioner' };
}

/** The record waiting at stage `index`: its keys, exclusions and due date. */
async function arrival(ctx: EngineContext, stages: StageDefinition[], index: number, s: Submission): Promise<Pick<ReviewStatus, 'state' | 'stage' | 'stageName' | 'stageIndex' | 'arrivedAt' | 'dueOn' | 'keys' | 'excluded'>> {
  const stage = stages[index]!;
  const now = ctx.now();
  return {
    state: 'waiting',
    stage: stage.id,
    stageName: stage.name,
    stageIndex: index,
    arrivedAt: now.toISOString(),
    dueOn: addWorkingDays(londonToday(now), stage.dueWorkingDays),
    keys: await stageKeys(ctx, stage, s),
    excluded: stageExcluded(stage, s),
  };
}

function seeds(base: OutboxSeed[], deliveryRevision: number): OutboxSeed[] {
  return base.map((b) => ({ connector: b.connector, ...(deliveryRevision > 1 ? { deliveryRevision } : {}) }));
}

/** What a submit (first, or again after a return) does besides storing the answers. */
export interface SubmitPlan {
  review?: ReviewStatus;
  outbox: OutboxSeed[];
  actions: TrackedAction[];
}

/**
 * `next` is the record as it will be stored (status submitted, answers judged); `previous` the
 * stored draft (a returned one carries `review`). Without stages: delivered and its actions
 * tracked now, as before. With stages: waiting at the first stage (or, resubmitted, at the stage
 * that returned it); delivered now only when the form says the ICS gets it at submit.
 */
export async function planSubmit(ctx: EngineContext, v: FormVersion, next: Submission, previous?: Submission): Promise<SubmitPlan> {
  const def = reviewOf(v.schema);
  const connectors = await ctx.deliveriesFor(next);
  if (!def) {
    const by = await who(ctx, next.submittedBy ?? next.createdBy);
    return { outbox: connectors, actions: await trackedActionsOf(ctx, v, next, { id: next.submittedBy ?? next.createdBy, name: by.name }) };
  }
  const before = previous?.review;
  const index = before?.state === 'returned' ? Math.min(before.stageIndex ?? 0, def.stages.length - 1) : 0;
  const actor = next.submittedBy ?? next.createdBy;
  const by = await who(ctx, actor);
  const deliver = (def.deliverAt ?? 'submit') === 'submit';
  const deliveryRevision = (before?.deliveryRevision ?? 0) + (deliver && connectors.length ? 1 : 0);
  const entry: ReviewEntry = { at: ctx.now().toISOString(), by: actor, name: by.name, role: by.role, action: before ? 'resubmitted' : 'submitted', revision: next.revision };
  const review: ReviewStatus = {
    ...(await arrival(ctx, def.stages, index, next)),
    history: [...(before?.history ?? []), entry],
    deliveryRevision,
  };
  return { review, outbox: deliver ? seeds(connectors, deliveryRevision) : [], actions: [] };
}

// ---------------------------------------------------------------------------------------------
// Acting at a stage

export interface StageContext {
  record: Submission;
  version: FormVersion;
  stages: StageDefinition[];
  stage: StageDefinition;
  index: number;
}

/** The words for a stage someone else has already decided, from the record's history. */
function decidedWords(s: Submission, stageId: string): string {
  const last = [...(s.review?.history ?? [])].reverse().find((h) => h.stage === stageId && (h.action === 'signed' || h.action === 'returned'));
  const when = last ? new Date(last.at).toLocaleString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }) : '';
  if (last?.action === 'signed') return `${last.name} signed this record off at "${last.stageName ?? stageId}" (${when}) before you. Nothing you sent was saved; the record shows what happens next.`;
  if (last?.action === 'returned') return `${last.name} returned this record for changes at "${last.stageName ?? stageId}" (${when}) before you. Nothing you sent was saved.`;
  return `This record is no longer waiting at this stage. Nothing you sent was saved; reload it to see where it is.`;
}

export const alreadyDecided = (s: Submission, stageId: string) => new ConflictError(decidedWords(s, stageId));

/** The record and the stage it waits at, checked against what the caller thinks (stage id, revision). */
async function atStage(ctx: EngineContext, id: string, stageId: string, expectedRevision: number, readable: (s: Submission) => Promise<boolean>): Promise<StageContext> {
  const s = await ctx.store.getSubmission(id);
  if (!s || !(await readable(s))) throw refuse.submissionMissing(id);
  const v = await getVersion(ctx, s.formId, s.version);
  const def = reviewOf(v.schema);
  if (!def) throw new InvalidRequestError(`Records of "${s.formId}" have no review stages.`, [{ pointer: '/stage', message: 'This form has no review stages.' }]);
  const index = def.stages.findIndex((x) => x.id === stageId);
  if (index < 0) throw new InvalidRequestError(`The form has no stage "${stageId}".`, [{ pointer: '/stage', message: `Choose one of the form's stages: ${def.stages.map((x) => x.id).join(', ')}.` }]);
  if (s.status !== 'submitted' || s.review?.state !== 'waiting' || s.review.stage !== stageId) throw alreadyDecided(s, stageId);
  if (s.revision !== expectedRevision) throw refuse.submissionStale(id, s.revision);
  return { record: s, version: v, stages: def.stages, stage: def.stages[index]!, index };
}

async function checkMayAct(ctx: EngineContext, account: ActingAccount, c: StageContext): Promise<void> {
  const verdict = await mayAct(ctx, account, c.stage, c.record);
  if (!verdict.allowed) throw new ForbiddenError(verdict.message);
}

/** The stage's section as sent (or as saved), checked: errors only about that section, at their pointers. */
/** A stage's answers, checked as the author's are at save: files only this record's uploads (engine/files/answers.ts). */
async function sectionAnswers(ctx: EngineContext, c: StageContext, sent: unknown, complete: boolean): Promise<Record<string, unknown>> {
  const data = stageAnswers(ctx, c, sent, complete);
  await checkFileAnswers(ctx, c.record.id, c.version.schema, data);
  return data;
}

function stageAnswers(ctx: EngineContext, c: StageContext, sent: unknown, complete: boolean): Record<string, unknown> {
  const section = c.stage.section;
  if (!section) {
    if (sent !== undefined) throw new InvalidRequestError(`"${c.stage.name}" has no questions of its own to answer.`, [{ pointer: '/data', message: 'Leave out "data": this stage has no section to fill.' }]);
    return c.record.data;
  }
  const answers = sent === undefined ? (c.record.data[section] ?? {}) : sent;
  if (!answers || typeof answers !== 'object' || Array.isArray(answers)) {
    throw new InvalidRequestError('The stage’s answers must be an object.', [{ pointer: '/data', message: `Send the answers of "${section}" as an object.` }]);
  }
  const data = { ...c.record.data, [section]: answers };
  const report = ctx.validators.report(c.version, ctx.validators.visibleAnswers(c.version, data));
  const within = (e: FieldError) => e.pointer === `/${section}` || e.pointer.startsWith(`/${section}/`);
  const refused = (complete ? [...report.blocking, ...report.advisory] : ctx.validators.report(c.version, data).blocking).filter(within);
  if (refused.length) {
    const n = refused.length;
    throw new ValidationFailedError(complete ? `"${c.stage.name}" cannot be signed off yet: ${n === 1 ? 'there is 1 problem' : `there are ${n} problems`} to fix.` : `The answers cannot be saved: ${n === 1 ? '1 answer is' : `${n} answers are`} not of the right kind.`, refused);
  }
  return data;
}

/** Runs a store step; a lost race is told in words (someone else acted first) rather than as a bare 412. */
async function decided<T>(ctx: EngineContext, id: string, stageId: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (!(e instanceof StaleRevisionError)) throw e;
    const now = await ctx.store.getSubmission(id);
    if (now && (now.status !== 'submitted' || now.review?.stage !== stageId || now.review.state !== 'waiting')) throw alreadyDecided(now, stageId);
    throw e;
  }
}

export interface SignRequest {
  stage: string;
  /** The stage's section answers (forms whose stage has one); left out, what was saved. */
  data?: unknown;
}

/** Signs the record off at its stage: the next stage, or complete (delivered, actions tracked). */
export async function signStage(ctx: EngineContext, account: Account, id: string, expectedRevision: number, req: SignRequest, readable: (s: Submission) => Promise<boolean>): Promise<Submission> {
  const c = await atStage(ctx, id, req.stage, expectedRevision, readable);
  await checkMayAct(ctx, account, c);
  const data = await sectionAnswers(ctx, c, req.data, true);
  const s = c.record;
  const now = ctx.now().toISOString();
  const signed: Submission = { ...s, data, revision: s.revision + 1 };
  const hash = signedContentHash(signed, c.stages, c.index);
  const signature: Signature = {
    id: newId(),
    stage: c.stage.id,
    stageName: c.stage.name,
    by: account.id,
    name: account.displayName,
    role: account.role,
    ...(account.workerId ? { workerId: account.workerId } : {}),
    at: now,
    contentHash: hash,
    revision: signed.revision,
    statement: `${c.stage.signOffLabel ?? 'Signed off'} at "${c.stage.name}" by ${account.displayName} (${account.role}${account.workerId ? `, ICS worker ${account.workerId}` : ''}), signed in to Caseforms.`,
  };
  const signatures = [...(s.signatures ?? []), signature];
  const entry: ReviewEntry = { at: now, by: account.id, name: account.displayName, role: account.role, action: 'signed', stage: c.stage.id, stageName: c.stage.name, revision: signed.revision };
  const before = s.review!;
  const nextIndex = c.index + 1;
  const complete = nextIndex >= c.stages.length;
  let review: ReviewStatus;
  let outbox: OutboxSeed[] = [];
  let actions: TrackedAction[] = [];
  if (complete) {
    const connectors = await ctx.deliveriesFor(signed);
    const deliveryRevision = before.deliveryRevision + (connectors.length ? 1 : 0);
    review = { state: 'complete', keys: [], excluded: [], history: [...before.history, entry], deliveryRevision };
    outbox = seeds(connectors, deliveryRevision);
    actions = await trackedActionsOf(ctx, c.version, signed, { id: account.id, name: account.displayName });
  } else {
    review = { ...(await arrival(ctx, c.stages, nextIndex, { ...signed, signatures })), history: [...before.history, entry], deliveryRevision: before.deliveryRevision };
  }
  const stored = await decided(ctx, id, c.stage.id, () =>
    ctx.store.updateSubmitted(
      id,
      expectedRevision,
      // Complete: stamped with when it was done and whether on time (engine/timeliness); a record returned and completed again gets a new stamp.
      { data, review, signatures, updatedBy: account.id, updatedAt: now, ...(complete ? { timeliness: timelinessOf(c.version.schema, signed, new Date(now)) } : {}) },
      {
        outbox,
        actions,
        event: newEvent(ctx.now(), account.id, 'submission.signed', 'submission', id, { stage: c.stage.id, contentHash: hash, ...(complete ? { complete: true, actions: actions.length } : { next: c.stages[nextIndex]!.id }) }),
      },
    ),
  );
  if (outbox.length) ctx.afterSubmit(stored);
  // At the last stage the record is complete: an audit assignment it completes is done now (engine/audits).
  if (complete) await completeAssignmentsFor(ctx, stored);
  return stored;
}

export const MAX_REASON = 2000;

/** Returns the record to its author for changes, with the reason they will read. */
export async function returnForChanges(ctx: EngineContext, account: Account, id: string, expectedRevision: number, req: { stage: string; reason: unknown }, readable: (s: Submission) => Promise<boolean>): Promise<Submission> {
  const reason = typeof req.reason === 'string' ? req.reason.trim() : '';
  if (!reason) throw new ValidationFailedError('Say why the record is returned.', [{ pointer: '/reason', message: 'Enter what needs to change, so the author knows what to do.' }]);
  if (reason.length > MAX_REASON) throw new ValidationFailedError('The reason is too long.', [{ pointer: '/reason', message: `The reason must be ${MAX_REASON} characters or fewer.` }]);
  const c = await atStage(ctx, id, req.stage, expectedRevision, readable);
  await checkMayAct(ctx, account, c);
  const s = c.record;
  const now = ctx.now().toISOString();
  const entry: ReviewEntry = { at: now, by: account.id, name: account.displayName, role: account.role, action: 'returned', stage: c.stage.id, stageName: c.stage.name, reason, revision: s.revision + 1 };
  const review: ReviewStatus = { ...s.review!, state: 'returned', stage: c.stage.id, stageName: c.stage.name, stageIndex: c.index, keys: [], excluded: [], history: [...s.review!.history, entry] };
  delete review.dueOn;
  delete review.arrivedAt;
  return decided(ctx, id, c.stage.id, () =>
    ctx.store.updateSubmitted(
      id,
      expectedRevision,
      { status: 'draft', review, updatedBy: account.id, updatedAt: now },
      { outbox: [], event: newEvent(ctx.now(), account.id, 'submission.returned', 'submission', id, { stage: c.stage.id, reason }) },
    ),
  );
}

/** Saves the stage's section while its actor works on it (nothing signed yet). */
export async function saveStageAnswers(ctx: EngineContext, account: Account, id: string, expectedRevision: number, req: { stage: string; data: unknown }, readable: (s: Submission) => Promise<boolean>): Promise<Submission> {
  const c = await atStage(ctx, id, req.stage, expectedRevision, readable);
  await checkMayAct(ctx, account, c);
  if (!c.stage.section) throw new InvalidRequestError(`"${c.stage.name}" has no questions of its own to answer.`, [{ pointer: '/stage', message: 'This stage has no section to fill.' }]);
  const data = await sectionAnswers(ctx, c, req.data ?? {}, false);
  return decided(ctx, id, c.stage.id, () =>
    ctx.store.updateSubmitted(
      id,
      expectedRevision,
      { data, updatedBy: account.id, updatedAt: ctx.now().toISOString() },
      { outbox: [], event: newEvent(ctx.now(), account.id, 'submission.stage-saved', 'submission', id, { stage: c.stage.id }) },
    ),
  );
}

/** A record's review as a reader sees it: the stages, where it is, the signatures checked, and what the reader may do. */
export interface ReviewView {
  deliverAt: 'submit' | 'final-sign-off';
  stages: Array<Pick<StageDefinition, 'id' | 'name' | 'section' | 'signOffLabel' | 'dueWorkingDays'> & { who: string }>;
  status?: ReviewStatus;
  signatures: Array<Signature & { intact: boolean }>;
  you: { may: 'sign' | 'none'; stage?: string; why?: string };
}

export async function reviewView(ctx: EngineContext, account: ActingAccount, s: Submission, describe: (stage: StageDefinition) => string): Promise<ReviewView> {
  const v = await getVersion(ctx, s.formId, s.version);
  const def = reviewOf(v.schema);
  const stages = (def?.stages ?? []).map((x) => ({ id: x.id, name: x.name, dueWorkingDays: x.dueWorkingDays, ...(x.section ? { section: x.section } : {}), ...(x.signOffLabel ? { signOffLabel: x.signOffLabel } : {}), who: describe(x) }));
  const current = s.status === 'submitted' && s.review?.state === 'waiting' ? def?.stages.find((x) => x.id === s.review!.stage) : undefined;
  let you: ReviewView['you'] = { may: 'none' };
  if (current) {
    const verdict = await mayAct(ctx, account, current, s);
    you = verdict.allowed ? { may: 'sign', stage: current.id } : { may: 'none', stage: current.id, why: verdict.message };
  }
  // A signature is intact when the record's content now is what was signed.
  const all = def?.stages ?? [];
  const signatures = (s.signatures ?? []).map((sig) => {
    const index = all.findIndex((x) => x.id === sig.stage);
    return { ...sig, intact: sig.contentHash === signedContentHash(s, all, index < 0 ? all.length : index) };
  });
  return { deliverAt: deliverAtOf(v.schema), stages, ...(s.review ? { status: s.review } : {}), signatures, you };
}
