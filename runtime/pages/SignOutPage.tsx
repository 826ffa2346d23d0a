/**
 * Signing out on a shared council PC: nothing about children may stay in the browser, and
 * nothing typed may be lost without the person choosing to. Changes this device holds that the
 * server has not got are sent first; if some cannot be (offline, signed out, changed elsewhere)
 * the person is told which and chooses: try again, open them, or sign out and discard them.
 * A change also saved elsewhere is merged as autosave merges it; only an answer changed on both
 * sides needs the person. Files chosen and not uploaded yet are listed too (they go up only from their form). Signing
 * out wipes every draft, journal and kept file this device held.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { ApiError, NetworkError, api, revisionOf } from '../api/client.js';
import type { Submission } from '../api/types.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import { localDrafts, type LocalDraft, type LocalUpload } from '../form/local-drafts.js';
import { childInSentence } from '../directory/words.js';
import { mergeAnswers, sameValue } from '../form/merge.js';

type Problem = 'offline' | 'signed-out' | 'changed' | 'refused';

const REASONS: Record<Problem, string> = {
  offline: 'you are offline',
  'signed-out': 'you have been signed out',
  changed: 'it was also changed somewhere else: open it to choose which answers to keep',
  refused: 'the server did not accept it',
};

interface Unsent {
  draft: LocalDraft;
  problem: Problem;
}

/** What a failed send means for the person. */
function problemOf(err: unknown): Problem | null {
  if (err instanceof NetworkError) return 'offline';
  if (err instanceof ApiError && err.status === 401) return 'signed-out';
  if (err instanceof ApiError && err.status === 412) return 'changed';
  // Submitted or deleted meanwhile: nothing left to send.
  if (err instanceof ApiError && (err.status === 404 || err.status === 409)) return null;
  return 'refused';
}

/**
 * Sends one draft's answers as they stand on this device; the problem, or null once the server
 * has them. The server's copy may have moved on since this device's copy was written: most often
 * by this very tab's last save, still on its way when the person pressed "Sign out" (the page it
 * came from stops before the reply lands, so the copy here never hears of it). Then, as autosave
 * does, the two are merged answer by answer from the answers both last agreed on: only an answer
 * changed on both sides makes it "changed somewhere else".
 */
async function send(d: LocalDraft): Promise<Problem | null> {
  const path = `/api/submissions/${encodeURIComponent(d.id)}`;
  try {
    await api.put(path, { data: d.data }, { ifMatch: `"${d.baseRevision}"` });
    return null;
  } catch (err) {
    const problem = problemOf(err);
    if (problem !== 'changed') return problem;
  }
  try {
    const res = await api.get<Submission>(path);
    if (res.body.status !== 'draft') return null;
    const theirs = res.body.data;
    // Our own save that landed without its reply reaching us is not a change made elsewhere.
    const base = d.inFlight && sameValue(d.inFlight, theirs) ? theirs : (d.baseData ?? null);
    const { data, conflicts } = mergeAnswers(base, d.data, theirs);
    if (conflicts.length) return 'changed';
    if (sameValue(data, theirs)) return null;
    await api.put(path, { data }, { ifMatch: `"${revisionOf(res.etag) ?? res.body.revision}"` });
    return null;
  } catch (err) {
    return problemOf(err);
  }
}

export function SignOutPage() {
  const { account, expired, signOut, askToSignIn } = useSession();
  const [, navigate] = useLocation();
  const search = useSearch();
  const [unsent, setUnsent] = useState<Unsent[] | null>(null);
  /** Files chosen on this device that have not uploaded: they go up only from their draft's page. */
  const [files, setFiles] = useState<LocalUpload[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const next = new URLSearchParams(search).get('next');
  const nextParam = next && next.startsWith('/') && !next.startsWith('//') ? `&next=${encodeURIComponent(next)}` : '';

  const [offline, setOffline] = useState(false);
  const finish = useCallback(async () => {
    const out = await signOut();
    if (!out) return setOffline(true);
    // Signed in through the council account: sign out there too; it comes back to "signed out".
    if (out.logoutUrl) window.location.assign(out.logoutUrl);
    else navigate(`/sign-in?signedOut=1${nextParam}`, { replace: true });
  }, [signOut, navigate, nextParam]);

  const attempt = useCallback(async () => {
    setUnsent(null);
    const drafts = account ? await localDrafts.unsent(account.id).catch(() => []) : [];
    const waiting = account ? await localDrafts.uploadsOfAccount(account.id).catch(() => []) : [];
    setFiles(waiting);
    const left: Unsent[] = [];
    for (const draft of drafts) {
      const problem = expired ? 'signed-out' : await send(draft);
      if (problem) left.push({ draft, problem });
    }
    if (left.length === 0 && waiting.length === 0) return finish();
    setUnsent(left);
  }, [account, expired, finish]);

  useEffect(() => {
    void attempt();
    // Once on arrival; "Try again" calls it again.
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (unsent?.length || (unsent && files.length)) heading.current?.focus();
  }, [unsent, files]);

  if (offline) {
    return (
      <Layout title="You cannot sign out while offline">
        <h1 className="govuk-heading-l">You cannot sign out while offline</h1>
        <p className="govuk-body">The service cannot be reached, so it cannot end your session. Your answers are kept on this device.</p>
        <p className="govuk-body">Check your connection, then sign out again. On a shared computer, do not leave it until you have signed out.</p>
        <button
          type="button"
          className="govuk-button"
          onClick={() => {
            setOffline(false);
            void attempt();
          }}
        >
          Sign out
        </button>
      </Layout>
    );
  }
  if (!unsent) {
    return (
      <Layout title="Signing out">
        <h1 className="govuk-heading-l">Signing out</h1>
        <p className="govuk-body" role="status">
          Saving your changes, then signing you out…
        </p>
      </Layout>
    );
  }
  return (
    <Layout title="Your changes have not all been saved">
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l" tabIndex={-1} ref={heading}>
            Your changes have not all been saved
          </h1>
          <p className="govuk-body">This device holds changes that have not reached the server yet. Signing out removes them from this device.</p>
          {files.length > 0 && (
            <ul className="govuk-list govuk-list--bullet">
              {files.map((f) => (
                <li key={f.key}>
                  <Link href={`/records/${f.submissionId}`} className="govuk-link">
                    {f.file.name}
                  </Link>
                  : not uploaded yet. Open its form to upload it.
                </li>
              ))}
            </ul>
          )}
          {unsent.length > 0 && (
            <ul className="govuk-list govuk-list--bullet">
              {unsent.map(({ draft, problem }) => (
                <li key={draft.id}>
                  <Link href={`/records/${draft.id}`} className="govuk-link">
                    {draft.formTitle || 'A draft'}
                    {draft.record?.subject.childId ? `, ${childInSentence(draft.record.subject.childId, draft.record.subjectNames?.child)}` : ''}
                  </Link>
                  : not saved because {REASONS[problem]}.
                </li>
              ))}
            </ul>
          )}
          <div className="govuk-button-group">
            {expired ? (
              <button type="button" className="govuk-button" onClick={askToSignIn}>
                Sign in again to save them
              </button>
            ) : (
              <button type="button" className="govuk-button" onClick={() => void attempt()}>
                Try again
              </button>
            )}
            <button type="button" className="govuk-button govuk-button--warning" onClick={() => void finish()}>
              Sign out and discard these changes
            </button>
            <Link href="/" className="govuk-link">
              Stay signed in
            </Link>
          </div>
        </div>
      </div>
    </Layout>
  );
}
