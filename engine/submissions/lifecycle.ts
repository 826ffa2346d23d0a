/**
 * A record's life: created (as a draft or straight away submitted), saved as often as the user
 * likes, submitted once, and — while a draft — moved to a newer version of its form when no
 * breaking change touches what it holds.
 */
import type { EngineContext } from '../context.js';
import { ForbiddenError, InvalidStateError, ValidationFailedError, type FieldError } from '../errors.js';
import { affects, analyseChanges, type Change } from '../forms/changes.js';
import { currentVersion, getVersion } from '../forms/lifecycle.js';
import { checkFileAnswers } from '../files/answers.js';
import type { Actor, Form, FormVersion } from '../forms/model.js';
import { fieldPath } from '../forms/schema-paths.js';
import { londonToday } from '../forms/calculations/evaluate.js';
import { sameValue } from '../json/equal.js';
import { newId } from '../ids.js';
import { createHash } from 'node:crypto';
import { newEvent } from '../store/events.js';
import { refuse } from '../store/messages.js';
import { checkInput } from '../validation/requests.js';
import type { Submission, Subject } from './model.js';
import { carryForward, type CarryAccess } from './carry-forward.js';
import { prefill } from './prefill.js';
import { checkSubjectChild, checkSubjectWorker } from '../directory/subjects.js';
import { answersWithSubject, atAnswers, subjectAnswerProblems, subjectWithAnswers } from './subject-answers.js';
import { authorAnswers, planSubmit } from '../review/transitions.js';
import { timelinessOf } from '../timeliness/schedule.js';
import { completeAssignmentsFor } from '../audits/lifecycle.js';

/** The request an idempotency key was first used for: a retry sends the same request again. */
function fingerprint(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url');
}

export interface SaveResult {
  submission: Submission;
  /** Problems that do not block a draft but must be fixed before submitting. */
  advisory: FieldError[];
}

function usable(v: FormVersion, doing: string): void {
  if (v.status === 'draft') throw new InvalidStateError(`Version ${v.version} of "${v.formId}" is not published yet, so it cannot be ${doing}.`);
  if (v.status === 'retired') {
    throw new InvalidStateError(`Version ${v.version} of "${v.formId}" has been retired, so it can no longer be ${doing}. Move the draft to the current version of the form.`);
  }
}

/** What a refused submit says first. */
const notYet = (n: number) => `The form cannot be submitted yet: ${n === 1 ? 'there is 1 problem' : `there are ${n} problems`} to fix.`;

/**
 * Validates for the status asked for, throwing 422-style errors for what blocks it, and gives
 * the answers to store. Answers to questions a display rule hides are not part of a submitted
 * record: they are left out before it is validated and stored. A draft keeps them (turning the
 * question back on must not lose them), so what blocks its save is judged on everything it
 * holds, but its advice — what still needs fixing — only on what would be submitted.
 */
function judge(ctx: EngineContext, v: FormVersion, sent: Record<string, unknown>, status: 'draft' | 'submitted'): { data: Record<string, unknown>; advisory: FieldError[] } {
  const data = ctx.validators.calculated(v, sent, londonToday(ctx.now()));
  const visible = status === 'submitted' ? submittedAnswers(ctx, v, data) : ctx.validators.visibleAnswers(v, data);
  const all = ctx.validators.report(v, status === 'submitted' ? visible : data);
  const refused = status === 'submitted' ? [...all.blocking, ...all.advisory] : all.blocking;
  if (refused.length) {
    const n = refused.length;
    throw new ValidationFailedError(status === 'submitted' ? notYet(n) : `The draft cannot be saved: ${n === 1 ? '1 answer is' : `${n} answers are`} not of the right kind.`, refused);
  }
  if (status === 'submitted') return { data: visible, advisory: [] };
  return { data, advisory: visible === data ? all.advisory : ctx.validators.report(v, visible).advisory };
}

/** A draft's judgement with the answers that disagree with its subject added to its advice. */
function withSubjectAdvice(judged: { data: Record<string, unknown>; advisory: FieldError[] }, disagree: FieldError[]): { data: Record<string, unknown>; advisory: FieldError[] } {
  return disagree.length ? { data: judged.data, advisory: [...judged.advisory, ...disagree] } : judged;
}

/** Answers that show an id other than the record's subject's (./subject-answers.ts). */
async function subjectProblems(ctx: EngineContext, formId: string, subject: Subject, data: unknown): Promise<FieldError[]> {
  return subjectAnswerProblems((await ctx.store.getForm(formId))?.subject, subject, data);
}

/**
 * `judge` for a submit, with `also` (answers that disagree with the subject) refused beside
 * whatever else it refuses, so one answer lists every problem.
 */
function judgeSubmit(ctx: EngineContext, v: FormVersion, sent: Record<string, unknown>, also: FieldError[]): { data: Record<string, unknown> } {
  let refused: FieldError[] = also;
  try {
    const judged = judge(ctx, v, sent, 'submitted');
    if (!also.length) return judged;
  } catch (err) {
    if (!(err instanceof ValidationFailedError) || !also.length) throw err;
    refused = [...err.errors, ...also];
  }
  throw new ValidationFailedError(notYet(refused.length), refused);
}

/** At most this many rounds of "leave out hidden answers, work calculated answers out again". */
const SETTLING_ROUNDS = 5;

/**
 * What a submitted record holds: answers to hidden questions left out and calculated answers
 * worked out again on what is left, until neither changes anything (a calculation may show or
 * hide a question, and hiding one may change a calculation). `data` is already calculated.
 */
function submittedAnswers(ctx: EngineContext, v: FormVersion, data: Record<string, unknown>): Record<string, unknown> {
  const today = londonToday(ctx.now());
  let current = ctx.validators.visibleAnswers(v, data);
  for (let round = 1; round < SETTLING_ROUNDS; round++) {
    const next = ctx.validators.visibleAnswers(v, ctx.validators.calculated(v, current, today));
    if (sameValue(next, current)) break;
    current = next;
  }
  return current;
}

/** What a creator may read (carry-forward's sources) and whether they may write about the subject at all. */
export interface CreateAccess extends CarryAccess {
  /** Judges the record as it would be stored (author, team, subject); left out, anyone may create. */
  mayCreate?: Access;
}

/**
 * The words for a child a person may not write about (a restricted child they may not read): the
 * same as for a child the directory does not have, so a refusal tells nothing about the child.
 */
export const unknownChild = (childId: string) => `There is no child with ICS person id ${childId} in the directory. Check the id, or search by name.`;

/** Refuses a child the writer may not write about, at `/subject/childId` (atAnswers moves it to the answer that gave it). */
async function refuseChild(title: string, subject: Subject): Promise<never> {
  throw new ValidationFailedError(title, [{ pointer: '/subject/childId', message: unknownChild(subject.childId ?? '') }]);
}

/**
 * Creates a record. With an idempotency key (scoped to the actor), a retry returns the original
 * record and the same key with a different request is refused. A draft's empty answers are
 * filled in from earlier records the actor may read (`carry`; left out, their own).
 */
export async function createSubmission(
  ctx: EngineContext,
  actor: Actor,
  input: unknown,
  idempotencyKey?: string,
  carry: CreateAccess = { mayRead: authorOnly(actor), narrow: { createdBy: actor.id } },
): Promise<SaveResult & { replayed: boolean }> {
  const i = checkInput('submission-input', input, 'submission');
  // Who it is about: as given, and an id not given from the answer that shows it (the form says which).
  const pointers = (await ctx.store.getForm(i.formId))?.subject;
  const { subject: about, from } = subjectWithAnswers(pointers, (i.subject ?? {}) as Subject, i.data);
  if (carry.mayCreate && !(await verdict(carry.mayCreate, { createdBy: actor.id, ...(actor.team ? { team: actor.team } : {}), subject: about } as Submission)).allowed) {
    await atAnswers(from, () => refuseChild('The record cannot be started about this child.', about));
  }
  const v = i.version !== undefined ? await getVersion(ctx, i.formId, i.version) : await currentVersion(ctx, i.formId);
  usable(v, 'filled in');
  await atAnswers(from, () => checkSubjectChild(ctx, about));
  await atAnswers(from, () => checkSubjectWorker(ctx, about));
  // A draft's empty answers: first from the ICS directory, then from earlier records.
  // The answers that show the subject say it, when not given.
  const given = answersWithSubject(pointers, about, i.data);
  const pre = i.status === 'draft' ? await prefill(ctx, v, actor, about, given) : { data: given, prefilled: [] };
  const filled = i.status === 'draft' ? await carryForward(ctx, v, about, pre.data, carry) : { data: pre.data, carried: [] };
  // Sections a review stage fills are not the author's to answer.
  const sent = authorAnswers(v, filled.data);
  const { data, advisory } =
    i.status === 'submitted'
      ? { ...judgeSubmit(ctx, v, sent, subjectAnswerProblems(pointers, about, sent)), advisory: [] }
      : withSubjectAdvice(judge(ctx, v, sent, 'draft'), subjectAnswerProblems(pointers, about, sent));
  // A record not yet made has no uploads: files are uploaded to its draft (engine/files), so any file answer here is refused.
  const id = newId();
  await checkFileAnswers(ctx, id, v.schema, data);
  const now = ctx.now().toISOString();
  const submission: Submission = {
    id,
    formId: v.formId,
    version: v.version,
    status: i.status,
    subject: about,
    data,
    revision: 1,
    ...(actor.team ? { team: actor.team } : {}),
    createdBy: actor.id,
    createdAt: now,
    updatedBy: actor.id,
    updatedAt: now,
    ...(i.status === 'submitted' ? { submittedBy: actor.id, submittedAt: now } : {}),
    ...(filled.carried.length ? { carriedForward: filled.carried } : {}),
    ...(pre.prefilled.length ? { prefilled: pre.prefilled } : {}),
  };
  const plan = i.status === 'submitted' ? await planSubmit(ctx, v, submission) : { outbox: [], actions: [] };
  if (plan.review) submission.review = plan.review;
  // Submitted on a form without stages: complete now, so stamped now (engine/timeliness).
  else if (i.status === 'submitted') submission.timeliness = timelinessOf(v.schema, submission, new Date(now));
  // The store numbers the record's reference in the form's series (referencePrefix set or not).
  const form = await ctx.store.getForm(v.formId);
  const result = await ctx.store.createSubmission(submission, {
    ...(form?.referencePrefix ? { referencePrefix: form.referencePrefix } : {}),
    ...(idempotencyKey ? { idempotency: { key: `${actor.id}:${idempotencyKey}`, fingerprint: fingerprint(i) } } : {}),
    outbox: plan.outbox,
    ...(plan.actions.length ? { actions: plan.actions } : {}),
    event: newEvent(ctx.now(), actor.id, i.status === 'submitted' ? 'submission.submitted' : 'submission.created', 'submission', submission.id, {
      formId: v.formId,
      version: v.version,
      ...(filled.carried.length ? { carriedForward: filled.carried.map((c) => ({ pointer: c.pointer, from: c.from.id })) } : {}),
      ...(pre.prefilled.length ? { prefilled: pre.prefilled } : {}),
    }),
  });
  if (result.submission.status === 'submitted' && !result.replayed) ctx.afterSubmit(result.submission);
  // An audit assignment this record completes is done now (engine/audits; self-repaired if this is lost).
  if (!result.replayed) await completeAssignmentsFor(ctx, result.submission);
  return { ...result, advisory };
}

/** An answer about one record: yes or no, why (for the event log), and words for a refused author. */
export interface Verdict {
  allowed: boolean;
  reason?: string;
  message?: string;
}

/**
 * May the actor see / change this record? The HTTP adapter passes the reader's rules
 * (directory/access.ts); left out, only the record's author may.
 */
export type Access = (s: Submission) => boolean | Verdict | Promise<boolean | Verdict>;
export const authorOnly = (actor: Actor) => (s: Submission): boolean => s.createdBy === actor.id;

/** An Access's answer as a Verdict. */
export async function verdict(access: Access, s: Submission): Promise<Verdict> {
  const v = await access(s);
  return typeof v === 'boolean' ? { allowed: v } : v;
}

/**
 * Reads a record the actor may see, leaving a trace in the event log (records about children:
 * who viewed what, and by which rule). A refused read is logged with its reason, and answered as
 * a record that is not there: a refusal tells nothing about the record.
 */
export async function readSubmission(ctx: EngineContext, actor: Actor, id: string, mayRead: Access = authorOnly(actor)): Promise<Submission> {
  const s = await ctx.store.getSubmission(id);
  const missing = () => refuse.submissionMissing(id);
  if (!s) throw missing();
  const v = await verdict(mayRead, s);
  const why = v.reason ? { reason: v.reason } : undefined;
  if (!v.allowed) {
    await ctx.store.appendEvent(newEvent(ctx.now(), actor.id, 'submission.read-refused', 'submission', id, why));
    throw missing();
  }
  await ctx.store.appendEvent(newEvent(ctx.now(), actor.id, 'submission.read', 'submission', id, why));
  return s;
}

/** For a draft: what still needs fixing before it can be submitted (empty for a submitted record). */
export async function draftAdvice(ctx: EngineContext, s: Submission, form: Pick<Form, 'subject'> | null): Promise<FieldError[]> {
  if (s.status !== 'draft') return [];
  const v = await getVersion(ctx, s.formId, s.version);
  const visible = ctx.validators.visibleAnswers(v, s.data);
  // The record's form, as its caller has read it already: the answers that show its subject.
  return [...ctx.validators.report(v, visible).advisory, ...subjectAnswerProblems(form?.subject, s.subject, visible)];
}

/**
 * The draft to change. With `expectedRevision`, a stale one is refused here, before its answers
 * are judged: a change made elsewhere is a 412 whatever the answers are, never a 422 about them.
 * (The store's compare-and-set still decides a race after this point.)
 */
async function draftOf(ctx: EngineContext, id: string, mayWrite: Access, expectedRevision?: number): Promise<Submission> {
  const s = await ctx.store.getSubmission(id);
  if (!s) throw refuse.submissionMissing(id);
  const v = await verdict(mayWrite, s);
  if (!v.allowed) throw new ForbiddenError(v.message ?? 'Only the author of a draft can change it.');
  if (s.status !== 'draft') throw new InvalidStateError(`Submission "${id}" has been submitted and can no longer be changed.`);
  if (expectedRevision !== undefined && s.revision !== expectedRevision) throw refuse.submissionStale(id, s.revision);
  return s;
}

/** Saves a draft (compare-and-set on its revision): only unstorable answers are refused. */
export async function saveDraft(
  ctx: EngineContext,
  actor: Actor,
  id: string,
  expectedRevision: number,
  change: { data: Record<string, unknown>; subject?: Subject },
  mayWrite: Access = authorOnly(actor),
): Promise<SaveResult> {
  const current = await draftOf(ctx, id, mayWrite, expectedRevision);
  const pointers = (await ctx.store.getForm(current.formId))?.subject;
  // A draft about no one yet (made through the API without its subject): the answer that shows it says it, once there.
  const found = change.subject ? { subject: change.subject, from: {} } : subjectWithAnswers(pointers, current.subject, change.data);
  const subject = change.subject ?? (Object.keys(found.from).length ? found.subject : undefined);
  const from = found.from;
  // A child changed on the draft must be one the directory knows, as at create.
  if (subject && subject.childId !== current.subject.childId) await atAnswers(from, () => checkSubjectChild(ctx, subject));
  // …and a worker changed on it too.
  if (subject && subject.workerId !== current.subject.workerId) await atAnswers(from, () => checkSubjectWorker(ctx, subject));
  // Moving the draft to another child: the author must be allowed to write about that one too.
  if (subject && !(await verdict(mayWrite, { ...current, subject })).allowed) await atAnswers(from, () => refuseChild('The draft cannot be moved to this child.', subject));
  const v = await getVersion(ctx, current.formId, current.version);
  const sent = authorAnswers(v, change.data, current.data);
  const { data, advisory } = withSubjectAdvice(judge(ctx, v, sent, 'draft'), subjectAnswerProblems(pointers, subject ?? current.subject, sent));
  await checkFileAnswers(ctx, id, v.schema, data);
  const now = ctx.now();
  const submission = await ctx.store.updateDraft(
    id,
    expectedRevision,
    { data, ...(subject ? { subject } : {}), updatedBy: actor.id, updatedAt: now.toISOString() },
    { outbox: [], event: newEvent(now, actor.id, 'submission.saved', 'submission', id) },
  );
  return { submission, advisory };
}

/**
 * Submits a draft: answers to hidden questions left out, full validation against its version,
 * then status, sequence and outbox at once.
 */
export async function submitDraft(
  ctx: EngineContext,
  actor: Actor,
  id: string,
  expectedRevision: number,
  change: { data?: Record<string, unknown> } = {},
  mayWrite: Access = authorOnly(actor),
): Promise<Submission> {
  const current = await draftOf(ctx, id, mayWrite, expectedRevision);
  const v = await getVersion(ctx, current.formId, current.version);
  usable(v, 'submitted');
  const sent = authorAnswers(v, change.data ?? current.data, current.data);
  const { data } = judgeSubmit(ctx, v, sent, await subjectProblems(ctx, current.formId, current.subject, sent));
  const files = await checkFileAnswers(ctx, id, v.schema, data);
  const now = ctx.now().toISOString();
  // Kept before the submit is written, so a crash between the two can never let the sweep take a
  // submitted record's file. A submit that then fails lets go of those it kept (they are the
  // draft's again, for the sweep once the draft no longer names them); one whose process died
  // just here leaves them kept on the draft, until the draft is submitted or deleted (delete.ts).
  const kept = files.length ? await ctx.store.files.keep(files, now) : [];
  // A record returned for changes keeps when it was first submitted; this is when it came back.
  const first = current.review ? { submittedBy: current.submittedBy ?? actor.id, submittedAt: current.submittedAt ?? now } : { submittedBy: actor.id, submittedAt: now };
  const next: Submission = { ...current, data, status: 'submitted', ...first, updatedBy: actor.id, updatedAt: now, revision: current.revision + 1 };
  let submitted: Submission;
  try {
    const plan = await planSubmit(ctx, v, { ...next, submittedBy: actor.id }, current);
    submitted = await ctx.store.updateDraft(
      id,
      expectedRevision,
      { data, status: 'submitted', ...first, updatedBy: actor.id, updatedAt: now, ...(plan.review ? { review: plan.review } : { timeliness: timelinessOf(v.schema, next, new Date(now)) }) },
      {
        outbox: plan.outbox,
        ...(plan.actions.length ? { actions: plan.actions } : {}),
        event: newEvent(ctx.now(), actor.id, current.review ? 'submission.resubmitted' : 'submission.submitted', 'submission', id, {
          formId: v.formId,
          version: v.version,
          ...(plan.review?.stage ? { stage: plan.review.stage } : {}),
        }),
      },
    );
  } catch (err) {
    // Unless the draft was submitted meanwhile by another submit, which needs them (should that
    // come just after this look, the sweep keeps any file a submitted record names). If letting
    // go fails, they stay kept on the draft: kept too long, never lost.
    if (kept.length) {
      const after = await ctx.store.getSubmission(id).catch(() => undefined);
      if (after !== undefined && after?.status !== 'submitted') await ctx.store.files.unkeep(kept).catch(() => {});
    }
    throw err;
  }
  ctx.afterSubmit(submitted);
  await completeAssignmentsFor(ctx, submitted);
  return submitted;
}

export interface MigrationCheck {
  from: number;
  to: number;
  /** True when the draft can move without losing or breaking anything it holds. */
  possible: boolean;
  /** The breaking changes that touch this draft (empty when `possible`). */
  blockers: Change[];
  /** Every change between the two versions, for showing the user. */
  changes: Change[];
}

/** Can this draft move to `to` (default: the current version)? */
export async function checkMigration(ctx: EngineContext, actor: Actor, id: string, to?: number, mayWrite: Access = authorOnly(actor)): Promise<MigrationCheck> {
  const current = await draftOf(ctx, id, mayWrite);
  const target = to !== undefined ? await getVersion(ctx, current.formId, to) : await currentVersion(ctx, current.formId);
  usable(target, 'filled in');
  const from = await getVersion(ctx, current.formId, current.version);
  const changes = target.version === from.version ? [] : analyseChanges(from, target);
  // A draft is allowed to be incomplete: missing answers never stop it moving.
  const errors = ctx.validators.validate(target, current.data, 'submit').filter((e) => e.keyword !== 'required');
  const errorPaths = errors.map((e) => fieldPath(e.pointer));
  const errorsUnder = (path: string) => (path === '' ? errorPaths.length > 0 : errorPaths.some((p) => p === path || p.startsWith(path + '/')));
  const blockers = changes.filter((c) => affects(c, current.data, 'draft', errorsUnder));
  // Whatever the analysis says, the data must also be storable under the target.
  const unstorable = ctx.validators.validate(target, current.data, 'draft');
  return { from: from.version, to: target.version, possible: blockers.length === 0 && unstorable.length === 0 && target.version > from.version, blockers, changes };
}

/** Moves a draft to a newer version when nothing breaking touches it; otherwise it stays. */
export async function migrateDraft(
  ctx: EngineContext,
  actor: Actor,
  id: string,
  expectedRevision: number,
  to?: number,
  mayWrite: Access = authorOnly(actor),
): Promise<Submission> {
  await draftOf(ctx, id, mayWrite, expectedRevision);
  const check = await checkMigration(ctx, actor, id, to, mayWrite);
  if (!check.possible) {
    throw new InvalidStateError(
      check.to <= check.from
        ? `The draft is already on version ${check.from}; it can only move to a newer version.`
        : `The draft cannot move to version ${check.to}: ${check.blockers.map((b) => b.message).join(' ') || 'some answers would not be accepted there.'}`,
    );
  }
  const now = ctx.now();
  return ctx.store.updateDraft(
    id,
    expectedRevision,
    { version: check.to, updatedBy: actor.id, updatedAt: now.toISOString() },
    { outbox: [], event: newEvent(now, actor.id, 'submission.migrated', 'submission', id, { from: check.from, to: check.to }) },
  );
}
