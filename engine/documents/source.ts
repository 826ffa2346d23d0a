/**
 * What the ICS connectors read documents through: a record's PDF, and signed download links to
 * it (./links.ts). Built once per engine (sync/setup.ts) over the store; connectors never reach
 * the store themselves.
 */
import type { Readable } from 'node:stream';
import type { Store } from '../store/contract.js';
import type { Validators } from '../validation/index.js';
import { DEFAULT_LINK_DAYS, linkSecret, signLink, type LinkClaim } from './links.js';
import { pdfName, recordPdfOf } from './record.js';

export interface DocumentLink {
  url: string;
  expiresAt: string;
}

export interface DocumentSource {
  /** The record's PDF as it stands in the store, named `<reference>.pdf`; null when it is not a submitted record. */
  recordPdf(submissionId: string): Promise<{ name: string; bytes: Buffer } | null>;
  /**
   * A signed download link to the record's PDF (or one of its uploaded files); or why there can
   * be none. It expires a whole number of `days`-long periods after the record's last change: the
   * first period's end when sent within half of it (so the retries of a delivery carry the same
   * link, byte for byte), else the first end at least half a period away — a replay, or a first
   * send held up for days, never carries a link that has expired or is about to.
   */
  link(claim: Omit<LinkClaim, 'expiresAt'>, days?: number): Promise<DocumentLink | { problem: string }>;
  /** The bytes of an uploaded file of a submitted record, once it may leave (scanned clean, or no scanner); else why not yet. */
  file(submissionId: string, fileId: string): Promise<{ body: Readable } | { problem: string }>;
}

export const PUBLIC_URL_ENV = 'CASEFORMS_PUBLIC_URL';

export function documentSource(ctx: { store: Store; validators: Pick<Validators, 'visibleAnswers'>; now(): Date }, env: NodeJS.ProcessEnv): DocumentSource {
  return {
    async recordPdf(submissionId) {
      const s = await ctx.store.getSubmission(submissionId);
      if (!s || s.status !== 'submitted') return null;
      return { name: pdfName(s), bytes: await recordPdfOf(ctx, s) };
    },
    async link(claim, days = DEFAULT_LINK_DAYS) {
      const key = linkSecret(env);
      if ('problem' in key) return key;
      const base = (env[PUBLIC_URL_ENV] ?? '').trim().replace(/\/+$/, '');
      if (!/^https?:\/\/\S+$/.test(base)) return { problem: `The server has no ${PUBLIC_URL_ENV} (the address Caseforms is reached at, like https://caseforms.council.example): set it to send documents as download links.` };
      const s = await ctx.store.getSubmission(claim.submissionId);
      if (!s || s.status !== 'submitted') return { problem: `Record ${claim.submissionId} is not a submitted record.` };
      // Whole seconds, as the token holds it: the envelope says exactly when the link stops working.
      const expiresAt = new Date(Math.floor(linkExpiry(Date.parse(s.updatedAt), days * 86_400_000, ctx.now().getTime()) / 1000) * 1000).toISOString();
      return { url: `${base}/api/documents/${signLink(key.secret, { ...claim, expiresAt })}`, expiresAt };
    },
    async file(submissionId, fileId) {
      const f = await ctx.store.files.get(fileId);
      if (!f || f.submissionId !== submissionId) return { problem: `The uploaded file ${fileId} of record ${submissionId} is not in the store.` };
      if (f.scan === 'unscanned') return { problem: `${f.name} is still being checked for viruses; it will be sent once it has been.` };
      if (f.scan === 'infected') return { problem: `${f.name} was found to hold a virus and is never sent.` };
      const body = await ctx.store.files.open(fileId);
      return body ? { body } : { problem: `The bytes of ${f.name} are missing from the store.` };
    },
  };
}

/** The end of the first `period` after `changed` that is at least half a period after `now` (never before the first period's end). */
export function linkExpiry(changed: number, period: number, now: number): number {
  const periods = Math.max(1, Math.ceil((now - changed) / period + 0.5));
  return changed + periods * period;
}
