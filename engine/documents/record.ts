/**
 * Gathers what a record's PDF is made from: its form version and title, the directory's names for
 * what it is about, the names of its author and submitter, and the answers as delivered (those a
 * display rule hides left out, also for records stored before that was done at submit). The
 * caller has decided the reader may read the record.
 */
import { accountsById } from '../accounts/names.js';
import type { Readable } from 'node:stream';
import type { Store } from '../store/contract.js';
import type { Validators } from '../validation/index.js';
import { withSubjectNames } from '../directory/subjects.js';
import type { Submission } from '../submissions/model.js';
import { recordPdf, recordPdfBytes, type RecordDocument } from './pdf.js';

export interface DocumentSources {
  store: Store;
  validators: Pick<Validators, 'visibleAnswers'>;
  now(): Date;
}

/** The record's PDF file name: `<reference>.pdf` (its id for a record made before references). */
export function pdfName(s: Pick<Submission, 'reference' | 'id'>): string {
  return `${s.reference ?? s.id}.pdf`;
}

export async function recordDocument(ctx: DocumentSources, s: Submission): Promise<RecordDocument> {
  const [version, form, [named]] = await Promise.all([ctx.store.getVersion(s.formId, s.version), ctx.store.getForm(s.formId), withSubjectNames(ctx.store, [s])]);
  if (!version) throw new Error(`Form ${s.formId} has no version ${s.version}.`);
  const names = new Map<string, string>();
  // People by name and username (as they sign in), not the account's internal id.
  for (const a of (await accountsById(ctx.store, [s.createdBy, s.submittedBy])).values()) names.set(a.id, a.displayName && a.displayName !== a.username ? `${a.displayName} (${a.username})` : a.username);
  const data = ctx.validators.visibleAnswers(version, s.data);
  const sn = named?.subjectNames;
  return {
    submission: data === s.data ? s : { ...s, data },
    definition: version,
    formTitle: form?.title ?? s.formId,
    ...(sn?.child ? { childName: sn.child } : {}),
    ...(sn?.worker ? { workerName: sn.worker } : {}),
    names,
    // The record's last change, not the time of making: the same record always gives the same bytes (a file-drop batch written again after a crash is identical).
    madeAt: s.updatedAt,
  };
}

export async function recordPdfStream(ctx: DocumentSources, s: Submission): Promise<Readable> {
  return recordPdf(await recordDocument(ctx, s));
}

export async function recordPdfOf(ctx: DocumentSources, s: Submission): Promise<Buffer> {
  return recordPdfBytes(await recordDocument(ctx, s));
}
