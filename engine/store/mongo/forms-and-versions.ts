/**
 * Forms and form versions, as commits (see commits.ts).
 *
 * One draft per form: every commit that starts or ends a form's draft also takes the next link
 * `<formId>#<n>` of that form's draft chain (a unique index), saying which version is the draft
 * after it. Two writers who both saw link n cannot both take n + 1, so the rule is kept by the
 * database, in the same insert as the version change itself.
 */
import type { Form, FormVersion } from '../../forms/model.js';
import type { FormPatch, VersionPatch } from '../contract.js';
import type { EventRecord } from '../events.js';
import { refuse } from '../messages.js';
import type { Collections, CommitDoc } from './collections.js';
import { MAX_ATTEMPTS, type CommitLog } from './commits.js';
import { applyPatch, formFromDoc, formToDoc, logged, versionDocId, versionFromDoc, versionToDoc } from './mapping.js';

const formEntity = (id: string): string => `form:${id}`;
const versionEntity = (formId: string, version: number): string => `version:${versionDocId(formId, version)}`;

type DraftClaim = Pick<CommitDoc, 'draftForm' | 'draftRev' | 'draftKey' | 'draftVersion'>;

export class FormsAndVersions {
  constructor(
    private readonly c: Collections,
    private readonly log: CommitLog,
  ) {}

  async insertForm(form: Form, event: EventRecord): Promise<void> {
    const won = await this.log.commit(
      { entity: formEntity(form.id), rev: 1, view: 'forms', state: formToDoc(form, 1), relay: logged(event) },
      'form.inserted',
    );
    if (!won) throw refuse.formExists(form.id);
  }

  async updateForm(id: string, expectedRevision: number, patch: FormPatch, event: EventRecord): Promise<Form> {
    const state = await this.log.change(
      { entity: formEntity(id), view: 'forms', read: () => this.c.forms.findOne({ _id: id }), missing: () => refuse.formMissing(id) },
      (doc, rev) => {
        const cur = formFromDoc(doc);
        if (cur.revision !== expectedRevision) throw refuse.formStale(id, cur.revision);
        // The id and the creation are kept whatever the patch holds at run time.
        const next = applyPatch<Form>(cur, { ...patch, id: cur.id, createdBy: cur.createdBy, createdAt: cur.createdAt, revision: cur.revision + 1 });
        return { state: formToDoc(next, rev), relay: logged(event) };
      },
      'form.updated',
    );
    return formFromDoc(state);
  }

  /** The form's current draft chain link: its number and the draft version (null: none). */
  private async draftSlot(formId: string): Promise<{ rev: number; version: number | null }> {
    const [top] = await this.c.commits.find({ draftForm: formId }).sort({ draftRev: -1 }).limit(1).toArray();
    return { rev: top?.draftRev ?? 0, version: top?.draftVersion ?? null };
  }

  private static claim(formId: string, rev: number, version: number | null): DraftClaim {
    return { draftForm: formId, draftRev: rev, draftKey: `${formId}#${rev}`, draftVersion: version };
  }

  async insertVersion(v: FormVersion, event: EventRecord): Promise<void> {
    const entity = versionEntity(v.formId, v.version);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let claims: DraftClaim = {};
      if (v.status === 'draft') {
        const slot = await this.draftSlot(v.formId);
        if (slot.version !== null) throw refuse.versionExists(v.formId, v.version);
        claims = FormsAndVersions.claim(v.formId, slot.rev + 1, v.version);
      }
      const won = await this.log.commit(
        { entity, rev: 1, view: 'versions', state: versionToDoc(v, 1), relay: logged(event), claims },
        'version.inserted',
      );
      if (won) return;
      if (await this.log.get(entity, 1)) throw refuse.versionExists(v.formId, v.version);
      // Only the draft link was taken: look again (another draft now exists, or it came and went).
    }
    throw new Error(`MongoDB store: could not insert version ${v.version} of "${v.formId}" after ${MAX_ATTEMPTS} attempts.`);
  }

  async updateVersion(
    formId: string,
    version: number,
    expected: { status: FormVersion['status']; revision: number },
    patch: VersionPatch,
    event: EventRecord,
  ): Promise<FormVersion> {
    const entity = versionEntity(formId, version);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.c.versions.findOne({ _id: versionDocId(formId, version) });
      if (!doc) throw refuse.versionMissing(formId, version);
      const cur = versionFromDoc(doc);
      if (cur.status !== expected.status) throw refuse.versionState(formId, version, cur.status);
      if (cur.revision !== expected.revision) throw refuse.versionStale(formId, version, cur.revision);
      const next = applyPatch(cur, { ...patch, revision: cur.revision + 1 });

      let claims: DraftClaim = {};
      const wasDraft = cur.status === 'draft';
      const isDraft = next.status === 'draft';
      if (wasDraft !== isDraft) {
        const slot = await this.draftSlot(formId);
        if (isDraft) {
          // Moving a version back to draft while the form has another draft.
          if (slot.version !== null && slot.version !== version) throw refuse.versionExists(formId, version);
          claims = FormsAndVersions.claim(formId, slot.rev + 1, version);
        } else if (slot.version === version) {
          claims = FormsAndVersions.claim(formId, slot.rev + 1, null);
        }
      }

      const state = versionToDoc(next, doc.rev + 1);
      const won = await this.log.commit(
        { entity, rev: doc.rev + 1, view: 'versions', state, relay: logged(event), claims },
        'version.updated',
      );
      if (won) return versionFromDoc(state);
      // Someone else changed it first (read again: now stale), or the draft link moved.
      await this.log.settle(entity, doc.rev + 1);
    }
    throw new Error(`MongoDB store: could not update version ${version} of "${formId}" after ${MAX_ATTEMPTS} attempts.`);
  }
}
