/**
 * Deleting a draft: the author confirms on a page of its own (GOV.UK's pattern for destructive
 * actions), then it is deleted on the server (logged there) and from this device. Submitted
 * records cannot be deleted.
 */
import { useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError, NetworkError, api, revisionOf } from '../api/client.js';
import type { FormSummary, Submission } from '../api/types.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import { useLoad } from '../app/use-load.js';
import { ErrorSummary } from '../components/ErrorSummary.js';
import { Loading } from '../components/Loading.js';
import { localDrafts } from '../form/local-drafts.js';
import { childInSentence } from '../directory/words.js';

export function DeleteDraftPage({ id }: { id: string }) {
  const { account } = useSession();
  const [, navigate] = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const [loaded, retry] = useLoad(async () => {
    const submission = (await api.get<Submission>(`/api/submissions/${encodeURIComponent(id)}`)).body;
    const form = (await api.get<FormSummary>(`/api/forms/${encodeURIComponent(submission.formId)}`)).body;
    return { submission, form };
  }, [id]);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      // The revision now, not when the page opened: the author asked to delete the draft as it is.
      const res = await api.get<Submission>(`/api/submissions/${encodeURIComponent(id)}`);
      await api.delete(`/api/submissions/${encodeURIComponent(id)}`, { ifMatch: `"${revisionOf(res.etag) ?? res.body.revision}"` });
      await localDrafts.remove(id);
      navigate(`/?deleted=${encodeURIComponent(id)}`, { replace: true });
    } catch (err) {
      setError(err instanceof NetworkError ? 'You are offline, so the draft was not deleted. Try again when the connection returns.' : err instanceof ApiError ? err.problem.detail : 'The draft could not be deleted.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Layout title={error ? 'Error: Delete this draft' : 'Delete this draft'} backTo={{ href: `/records/${id}`, label: 'Back to the draft' }}>
      <Loading loaded={loaded} retry={retry} failedHeading="The draft could not be opened">
        {({ submission, form }) => {
          // A draft returned for changes was submitted once: it is kept, like any submitted record.
          const mine = submission.status === 'draft' && submission.createdBy === account?.id && !submission.review;
          return (
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-two-thirds">
                <ErrorSummary items={error ? [{ target: 'delete-draft', message: error }] : []} />
                {mine ? (
                  <>
                    <span className="govuk-caption-l">
                      {form.title}
                      {submission.subject.childId ? `, ${childInSentence(submission.subject.childId, submission.subjectNames?.child)}` : ''}
                    </span>
                    <h1 className="govuk-heading-l">Are you sure you want to delete this draft?</h1>
                    <div className="govuk-warning-text">
                      <span className="govuk-warning-text__icon" aria-hidden="true">
                        !
                      </span>
                      <strong className="govuk-warning-text__text">
                        <span className="govuk-visually-hidden">Warning</span>
                        Every answer in it will be deleted. You cannot undo this.
                      </strong>
                    </div>
                    <div className="govuk-button-group">
                      <button type="button" id="delete-draft" ref={button} className="govuk-button govuk-button--warning" disabled={busy} onClick={() => void remove()}>
                        Yes, delete this draft
                      </button>
                      <Link href={`/records/${id}`} className="govuk-link">
                        No, keep it
                      </Link>
                    </div>
                  </>
                ) : (
                  <>
                    <h1 className="govuk-heading-l">This record cannot be deleted</h1>
                    <p className="govuk-body">{submission.status === 'draft' && submission.review
                        ? 'It was submitted and then returned for changes, so it is kept: change it and resubmit it instead.'
                        : submission.status === 'draft'
                          ? 'Only the person who started a draft can delete it.'
                          : 'Submitted records are kept: they cannot be deleted.'}</p>
                  </>
                )}
              </div>
            </div>
          );
        }}
      </Loading>
    </Layout>
  );
}
