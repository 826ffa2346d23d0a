import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../engine/engine.js';
import type { EngineContext } from '../../../engine/context.js';
import { ConflictError, InvalidRequestError, InvalidStateError, NotFoundError, StaleRevisionError, ValidationFailedError } from '../../../engine/errors.js';
import { createDraft, createForm, editDraft, publishVersion, retireVersion } from '../../../engine/forms/lifecycle.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { checkMigration, createSubmission, migrateDraft, readSubmission, saveDraft, submitDraft } from '../../../engine/submissions/lifecycle.js';
import { STORE_KINDS, newLocation } from '../../support/stores.js';
import { sampleDefinition, varied } from '../../support/definitions.js';

const analyst = { id: 'u-analyst' };
const worker = { id: 'u-worker', team: 'team-north' };
const FORM = 'sample-audit';
const complete = {
  childId: 'C1234567',
  caseType: 'CIN',
  periodFrom: '2025-11-01',
  periodTo: '2026-10-31',
  concern: false,
  actions: [{ action: 'Update the chronology', dueDate: '2026-12-15', priority: 'week' }],
};
type Def = ReturnType<typeof sampleDefinition>;
const props = (d: Def) => d.schema.properties as Record<string, JsonObject>;

describe.each(STORE_KINDS)('submission lifecycle (%s store)', (kind) => {
  let ctx: EngineContext;
  beforeEach(async () => {
    ctx = createEngine({ store: await newLocation(kind).open(), now: () => new Date('2026-11-26T10:00:00Z'), deliveriesFor: () => [{ connector: 'ics-http' }] });
    await createForm(ctx, analyst, { id: FORM, title: 'Sample audit', category: 'audit', team: 'qa' });
    await createDraft(ctx, analyst, FORM, { ...sampleDefinition(), changeNote: 'v1' });
    await publishVersion(ctx, analyst, FORM, 1);
  });
  afterEach(async () => ctx.store.close());

  /** Publishes version 2 with `change` applied to version 1's definition. */
  async function publishV2(change: (d: Def) => void) {
    await createDraft(ctx, analyst, FORM);
    await editDraft(ctx, analyst, FORM, 2, 1, { ...varied(sampleDefinition(), change), changeNote: 'v2' });
    return publishVersion(ctx, analyst, FORM, 2);
  }

  it('creates a draft against the current version, keeping work that is not finished', async () => {
    const { submission, advisory, replayed } = await createSubmission(ctx, worker, { formId: FORM, subject: { childId: 'C1234567' }, data: { childId: 'C1234567', periodFrom: '2026-13-01' }, status: 'draft' });
    expect(replayed).toBe(false);
    expect(submission).toMatchObject({ formId: FORM, version: 1, status: 'draft', revision: 1, team: 'team-north', createdBy: 'u-worker' });
    expect(advisory.map((e) => e.pointer).sort()).toEqual(['/caseType', '/periodFrom']);
    expect(await ctx.store.listOutbox({ submissionId: submission.id })).toEqual([]);
  });

  it('refuses a draft it could not store, with a pointer to each problem', async () => {
    const err = await createSubmission(ctx, worker, { formId: FORM, data: { score: 'high', nickname: 'x' }, status: 'draft' }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationFailedError);
    expect(err.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/nickname', '/score']);
    expect(await ctx.store.countSubmissions({})).toBe(0);
  });

  it('refuses a malformed request before looking at the form', async () => {
    const err = await createSubmission(ctx, worker, { formId: FORM, data: {}, status: 'final', subject: { childId: 'x'.repeat(21) } }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/status', '/subject/childId']);
  });

  it('saves with the revision, refuses a stale save, and submits with full validation and an outbox entry', async () => {
    const { submission } = await createSubmission(ctx, worker, { formId: FORM, data: { childId: 'C1' }, status: 'draft' });
    const saved = await saveDraft(ctx, worker, submission.id, 1, { data: { ...complete, caseType: undefined } as never });
    expect(saved.submission.revision).toBe(2);
    expect(saved.advisory.map((e) => e.pointer)).toEqual(['/caseType']);
    await expect(saveDraft(ctx, worker, submission.id, 1, { data: {} })).rejects.toBeInstanceOf(StaleRevisionError);

    const refused = await submitDraft(ctx, worker, submission.id, 2).catch((e) => e);
    expect(refused).toBeInstanceOf(ValidationFailedError);
    expect(refused.message).toBe('The form cannot be submitted yet: there is 1 problem to fix.');
    expect(refused.errors.map((e: { pointer: string; message: string }) => [e.pointer, e.message])).toEqual([['/caseType', 'Select the case type.']]);

    const done = await submitDraft(ctx, worker, submission.id, 2, { data: complete });
    expect(done).toMatchObject({ status: 'submitted', submittedBy: 'u-worker', revision: 3, data: complete });
    expect((await ctx.store.listOutbox({ submissionId: submission.id })).map((e) => e.connector)).toEqual(['ics-http']);
    await expect(saveDraft(ctx, worker, submission.id, 3, { data: {} })).rejects.toBeInstanceOf(InvalidStateError);
  });

  it('an idempotent create returns the original on retry and refuses the key for another request', async () => {
    const body = { formId: FORM, data: complete, status: 'submitted' };
    const first = await createSubmission(ctx, worker, body, 'key-1');
    const retry = await createSubmission(ctx, worker, body, 'key-1');
    expect(retry.replayed).toBe(true);
    expect(retry.submission).toEqual(first.submission);
    await expect(createSubmission(ctx, worker, { ...body, data: { ...complete, childId: 'C999' } }, 'key-1')).rejects.toBeInstanceOf(ConflictError);
    // The same key from someone else is their own key.
    const other = await createSubmission(ctx, { id: 'u-other' }, body, 'key-1');
    expect(other.submission.id).not.toBe(first.submission.id);
  });

  it('reading a record leaves a trace of who read it, and of who was refused (told, as for a missing record, that there is none)', async () => {
    const { submission } = await createSubmission(ctx, worker, { formId: FORM, data: complete, status: 'submitted' });
    await readSubmission(ctx, { id: 'u-manager' }, submission.id, () => true);
    await expect(readSubmission(ctx, { id: 'u-stranger' }, submission.id)).rejects.toBeInstanceOf(NotFoundError);
    const reads = await ctx.store.listEvents({ entityId: submission.id });
    expect(reads.filter((e) => e.action.startsWith('submission.read')).map((e) => [e.actor, e.action])).toEqual([
      ['u-manager', 'submission.read'],
      ['u-stranger', 'submission.read-refused'],
    ]);
  });

  it('a retired version takes no new records, but its records stay readable', async () => {
    const { submission } = await createSubmission(ctx, worker, { formId: FORM, data: complete, status: 'submitted' });
    const { submission: draft } = await createSubmission(ctx, worker, { formId: FORM, data: complete, status: 'draft' });
    await publishV2((d) => (props(d).summary!.maxLength = 6000));
    await retireVersion(ctx, analyst, FORM, 1);
    await expect(createSubmission(ctx, worker, { formId: FORM, version: 1, data: complete, status: 'draft' })).rejects.toBeInstanceOf(InvalidStateError);
    await expect(submitDraft(ctx, worker, draft.id, 1)).rejects.toThrow(/has been retired/);
    expect((await readSubmission(ctx, worker, submission.id)).version).toBe(1);
    // New records go to the current version.
    expect((await createSubmission(ctx, worker, { formId: FORM, data: complete, status: 'draft' })).submission.version).toBe(2);
  });

  it('moves a draft to a newer version when nothing breaking touches it', async () => {
    const { submission } = await createSubmission(ctx, worker, { formId: FORM, data: { childId: 'C1', summary: 'Seen at home.' }, status: 'draft' });
    await publishV2((d) => {
      props(d).notes = { type: 'string', maxLength: 100 };
      delete props(d).score; // breaking, but this draft has no score
      d.uischema = sampleDefinition().uischema;
      const ui = (d.uischema.elements as JsonObject[])[1]!.elements as JsonObject[];
      ui.splice(0, 1);
    });
    const check = await checkMigration(ctx, worker, submission.id);
    expect(check).toMatchObject({ from: 1, to: 2, possible: true, blockers: [] });
    expect(check.changes.map((c) => c.kind)).toContain('field-removed');
    const moved = await migrateDraft(ctx, worker, submission.id, 1);
    expect(moved).toMatchObject({ version: 2, revision: 2, data: { childId: 'C1', summary: 'Seen at home.' } });
    expect((await ctx.store.listEvents({ entityId: submission.id, action: 'submission.migrated' })).map((e) => e.details)).toEqual([{ from: 1, to: 2 }]);
  });

  it('keeps a draft on its version when a breaking change touches its answers, and says why', async () => {
    const { submission } = await createSubmission(ctx, worker, { formId: FORM, data: { childId: 'C1', caseType: 'CLA' }, status: 'draft' });
    await publishV2((d) => (props(d).caseType!.oneOf as JsonObject[]).splice(2, 1));
    const check = await checkMigration(ctx, worker, submission.id);
    expect(check.possible).toBe(false);
    expect(check.blockers.map((b) => [b.kind, b.path])).toEqual([['option-removed', '/caseType']]);
    const err = await migrateDraft(ctx, worker, submission.id, 1).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidStateError);
    expect(err.message).toContain('The option “Child Looked After” (code "CLA") was removed from “Case type”.');
    expect((await ctx.store.getSubmission(submission.id))?.version).toBe(1);
  });

  it('a new required field does not stop a draft moving', async () => {
    const { submission } = await createSubmission(ctx, worker, { formId: FORM, data: { childId: 'C1' }, status: 'draft' });
    await publishV2((d) => (d.schema.required = ['childId', 'caseType', 'periodFrom']));
    expect((await checkMigration(ctx, worker, submission.id)).possible).toBe(true);
  });
});
