/**
 * Documents: a record's PDF to whoever may read the record (`GET /api/submissions/{id}/pdf`,
 * decided exactly as `GET /api/submissions/{id}`), and the signed download links the HTTP
 * connector sends to the ICS (`GET /api/documents/{token}`, no session: the token allows it).
 * Always an attachment, never rendered from the service's origin.
 */
import { Router } from 'express';
import type { EngineContext } from '../../context.js';
import type { Account } from '../../accounts/model.js';
import { readerFor } from '../../directory/access.js';
import { checkLink, linkSecret } from '../../documents/links.js';
import { pdfName, recordPdfStream } from '../../documents/record.js';
import { readSubmission } from '../../submissions/lifecycle.js';
import { newEvent } from '../../store/events.js';
import { isObject } from '../../forms/schema-paths.js';
import { accountOf, param, requires } from '../auth.js';
import { HttpProblem } from '../problems.js';
import { sendBody, setDownloadHeaders } from '../download.js';

/** Writes the download's event; should that fail, nothing is sent and the opened file or PDF is let go. */
async function logged(body: { destroy(): unknown }, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    body.destroy();
    throw err;
  }
}

const actorOf = (a: Account) => ({ id: a.id, team: a.team });

/** Is `fileId` among the uploaded files in the record's answers? */
function answersHoldFile(data: unknown, fileId: string, depth = 0): boolean {
  if (depth > 16) return false;
  if (Array.isArray(data)) return data.some((v) => answersHoldFile(v, fileId, depth + 1));
  if (!isObject(data)) return false;
  if (data.id === fileId && typeof data.sha256 === 'string' && typeof data.name === 'string') return true;
  return Object.values(data).some((v) => answersHoldFile(v, fileId, depth + 1));
}

/** Mounted at /api/submissions. */
export function recordPdfRoutes(ctx: EngineContext): Router {
  const r = Router();
  r.get('/:id/pdf', requires('submissions:read'), async (req, res) => {
    const account = accountOf(res);
    const reader = await readerFor(ctx, account);
    // Refused and unknown alike are 404, and logged, by the read itself.
    const s = await readSubmission(ctx, actorOf(account), param(req, 'id'), reader.why);
    const pdf = await recordPdfStream(ctx, s);
    await logged(pdf, () => ctx.store.appendEvent(newEvent(ctx.now(), account.id, 'submission.pdf', 'submission', s.id)));
    setDownloadHeaders(res, { name: pdfName(s), type: 'application/pdf', asciiName: true });
    await sendBody(res, pdf);
  });
  return r;
}

/** Mounted at /api/documents. */
export function documentLinkRoutes(ctx: EngineContext, env: NodeJS.ProcessEnv = process.env): Router {
  const r = Router();
  r.get('/:token', async (req, res) => {
    const key = linkSecret(env);
    const gone = () => new HttpProblem('not-found', 'There is no document at this link. Check that the whole link was copied.');
    if ('problem' in key) throw gone();
    const check = checkLink(key.secret, param(req, 'token'), ctx.now());
    if (!check.ok && check.why === 'expired') {
      throw new HttpProblem('link-expired', `This download link expired on ${check.claim!.expiresAt}. Send the record again (replay its delivery) to get a new link.`);
    }
    if (!check.ok) throw gone();
    const { claim } = check;
    const s = await ctx.store.getSubmission(claim.submissionId);
    if (!s || s.status !== 'submitted') throw gone();
    const actor = `connector:${claim.connector}`;
    if (claim.fileId) {
      const file = answersHoldFile(s.data, claim.fileId) ? await ctx.store.files.get(claim.fileId) : null;
      if (!file || file.submissionId !== s.id || file.scan === 'infected' || file.scan === 'unscanned') throw gone();
      const body = await ctx.store.files.open(file.id);
      if (!body) throw gone();
      await logged(body, () => ctx.store.appendEvent(newEvent(ctx.now(), actor, 'file.downloaded', 'file', file.id, { submissionId: s.id, link: true })));
      setDownloadHeaders(res, { name: file.name, type: file.mediaType, bytes: file.size, asciiName: true });
      await sendBody(res, body);
      return;
    }
    const pdf = await recordPdfStream(ctx, s);
    await logged(pdf, () => ctx.store.appendEvent(newEvent(ctx.now(), actor, 'submission.pdf', 'submission', s.id, { link: true })));
    setDownloadHeaders(res, { name: pdfName(s), type: 'application/pdf', asciiName: true });
    await sendBody(res, pdf);
  });
  return r;
}
