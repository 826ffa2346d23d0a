/**
 * Deleting a draft: only its author may, only while it is a draft, and only at the revision they
 * last saw (so a save made elsewhere is never lost unseen). Submitted records are never deleted.
 * The deletion is in the event log with who and when, never the answers; a refused attempt is
 * logged as a refused read is.
 */
import type { EngineContext } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { refuse } from '../store/messages.js';
import type { Actor } from '../forms/model.js';
import { newEvent } from '../store/events.js';
import { authorOnly, verdict, type Access } from './lifecycle.js';

export async function deleteDraft(ctx: EngineContext, actor: Actor, id: string, expectedRevision: number, mayDelete: Access = authorOnly(actor)): Promise<void> {
  const s = await ctx.store.getSubmission(id);
  if (!s) throw refuse.submissionMissing(id);
  // Checked before anything about the record is said (its status, its revision), in the same
  // words whatever it is, so a refusal tells a non-author nothing.
  const v = await verdict(mayDelete, s);
  if (!v.allowed) {
    await ctx.store.appendEvent(newEvent(ctx.now(), actor.id, 'submission.delete-refused', 'submission', id, v.reason ? { reason: v.reason } : undefined));
    throw new ForbiddenError(v.message ?? 'Only the person who started a draft can delete it, and only while it is a draft.');
  }
  // The store decides status and revision again, atomically with the delete.
  await ctx.store.deleteDraft(id, expectedRevision, newEvent(ctx.now(), actor.id, 'submission.deleted', 'submission', id, { formId: s.formId, version: s.version, revision: expectedRevision }));
  // A draft never submitted keeps no file: any a submit kept before it failed part way are let
  // go, so the sweep removes them with the rest of the draft's uploads (nothing names them now).
  if (!s.submittedAt) {
    const kept = (await ctx.store.files.listForRecord(id)).filter((f) => f.keptAt).map((f) => f.id);
    if (kept.length) await ctx.store.files.unkeep(kept);
  }
}
