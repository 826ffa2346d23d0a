/**
 * A record read back, against the version of the form it was made with. Prints cleanly. Just
 * after submitting, a confirmation says truthfully where the record goes: to the child's case
 * record in the ICS only when a connector delivers this form there.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import type { Account, Delivery, FormVersion, Submission } from '../api/types.js';
import { ErrorSummary, type SummaryItem } from '../components/ErrorSummary.js';
import { NoticeBanner } from './deliveries/NoticeBanner.js';
import { SummaryView } from '../renderers/summary/SummaryView.js';
import { useRecordScans } from '../form/file-scans.js';
import { childInSentence, named } from '../directory/words.js';
import { ReviewDetails, ReviewStatusText, useReviewInfo } from '../review/ReviewRecord.js';
import type { Flash } from '../review/SignOffPanel.js';
import { authorView, stagesOf } from '../review/sections.js';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' });

export interface RecordViewProps {
  submission: Submission;
  version: FormVersion;
  formTitle: string;
  /** The form's category (`return-to-work` records belong to HR). */
  category?: string | undefined;
  justSubmitted: boolean;
  /** Something to tell the person first (e.g. it was submitted in another tab). */
  notice?: string | undefined;
  /** The person reading (for the review: whether they may sign, as whom). */
  account?: Account | null | undefined;
  /** What was just done on the review (signed, returned, or someone else got there first). */
  flash?: Flash | null | undefined;
  /** A review action is done: read the record again and say this. */
  onReviewed?: ((flash: Flash) => void) | undefined;
}

/** Where a submitted record goes, in a sentence for the person who submitted it. */
export function destination(s: Submission, category: string | undefined): string {
  if (s.delivery?.toIcs && s.delivery.atSignOff) {
    return s.subject.childId ? `It will be added to the case record of ${childInSentence(s.subject.childId, s.subjectNames?.child)} in the ICS once it has been signed off.` : 'It will be added to the case record in the ICS once it has been signed off.';
  }
  if (s.delivery?.toIcs) return s.subject.childId ? `It will be added to the case record of ${childInSentence(s.subject.childId, s.subjectNames?.child)} in the ICS.` : 'It will be added to the case record in the ICS.';
  if (category === 'return-to-work') return 'This is an HR record: it is kept in Caseforms, where you and your team’s managers can read it. It is not added to any child’s case record.';
  if (!s.subject.childId) return 'This is a staff record: it is kept in Caseforms for you and your manager. It is not added to any child’s case record.';
  return 'It is kept in Caseforms, where your team and managers can read it. This form is not sent to the ICS, so it will not appear on the child’s case record there.';
}

function deliveryText(d: Delivery['connectors'][number]): string {
  switch (d.state) {
    case 'waiting':
      return 'Waiting to be sent';
    case 'delivered':
      return `Added${d.deliveredAt ? ` on ${when.format(new Date(d.deliveredAt))}` : ''}${d.icsRecordId ? ` (ICS record ${d.icsRecordId})` : ''}`;
    case 'failed':
      return 'Not added: the ICS did not accept it. The integration team can see why and send it again.';
  }
}

export function RecordView({ submission, version, formTitle, category, justSubmitted, notice, account, flash, onReviewed }: RecordViewProps) {
  const [review, refreshReview] = useReviewInfo(submission);
  // A file still waiting for its virus scan is named, with why, instead of a link.
  const held = useRecordScans(submission.id, version.schema, submission.data);
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const stages = useMemo(() => stagesOf(version.schema), [version]);
  const shown = useMemo(() => authorView(version.uischema as unknown as UISchemaElement, version.schema, submission.data), [version, submission.data]);
  const subject = Object.entries(submission.subject).filter(([, v]) => v);
  const panel = useRef<HTMLHeadingElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const confirmed = justSubmitted && submission.status === 'submitted';
  // After submitting, focus goes to the confirmation (or to the notice), so it is heard first.
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
    else if (confirmed) requestAnimationFrame(() => panel.current?.focus());
  }, [confirmed, notice]);
  const deliveries = submission.status === 'submitted' ? (submission.delivery?.connectors ?? []) : [];
  return (
    <>
      {/* What was just done on the review (or that someone else got there first) is news, not part of the record: not printed. */}
      <div className="app-no-print">
        <NoticeBanner notice={flash ? { ...flash, focus: true } : null} />
      </div>
      <ErrorSummary items={problems} />
      {notice && (
        <div className="govuk-inset-text" role="status" tabIndex={-1} ref={noticeRef}>
          {notice}
        </div>
      )}
      {confirmed && (
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title" tabIndex={-1} ref={panel}>
            {submission.review?.history.at(-1)?.action === 'resubmitted' ? 'Form resubmitted' : 'Form submitted'}
          </h1>
          <div className="govuk-panel__body">
            Your reference
            <br />
            <strong className="app-reference">{submission.reference ?? submission.id}</strong>
          </div>
        </div>
      )}
      {confirmed && <p className="govuk-body">{destination(submission, category)}</p>}
      <span className="govuk-caption-l">
        {formTitle}, version {version.version}
      </span>
      {confirmed ? <h2 className="govuk-heading-l">Your answers</h2> : <h1 className="govuk-heading-l">{submission.status === 'draft' ? 'Draft answers' : 'Submitted answers'}</h1>}
      <dl className="govuk-summary-list govuk-!-margin-bottom-9">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            {submission.status === 'submitted' ? `Submitted ${submission.submittedAt ? when.format(new Date(submission.submittedAt)) : ''}` : submission.review ? 'Draft: returned for changes' : 'Draft (not submitted)'}
          </dd>
        </div>
        {submission.review && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Review</dt>
            <dd className="govuk-summary-list__value">
              <ReviewStatusText status={submission.review} stages={stages} you={review?.state === 'ready' ? review.value.review.you : undefined} />
            </dd>
          </div>
        )}
        {/* Drafts have theirs from the start. A record made before references has only its id. */}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{submission.reference ? 'Reference' : 'Record ID'}</dt>
          <dd className="govuk-summary-list__value app-reference">{submission.reference ?? submission.id}</dd>
        </div>
        {(submission.createdBy === account?.id || submission.createdByName) && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Started by</dt>
            <dd className="govuk-summary-list__value">{submission.createdBy === account?.id ? 'You' : submission.createdByName}</dd>
          </div>
        )}
        {subject.map(([k, v]) => {
          // With the directory's current name, when there is one: "Jordan Smith (C1)".
          const name = k === 'childId' ? submission.subjectNames?.child : k === 'workerId' ? submission.subjectNames?.worker : undefined;
          return (
            <div className="govuk-summary-list__row" key={k}>
              <dt className="govuk-summary-list__key">{k === 'childId' ? (name ? 'Child (ICS person ID)' : "Child's ICS person ID") : k === 'workerId' ? (name ? 'Worker (ICS ID)' : 'Worker ID') : 'Episode ID'}</dt>
              <dd className="govuk-summary-list__value">{named(v, name)}</dd>
            </div>
          );
        })}
        {submission.status === 'submitted' && submission.delivery && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Case record (ICS)</dt>
            <dd className="govuk-summary-list__value">
              {deliveries.length === 0
                ? 'Not sent to the ICS: this form is kept in Caseforms only'
                : deliveries.map((d) => (
                    <p className="govuk-body govuk-!-margin-bottom-1" key={d.connector}>
                      {deliveries.length > 1 ? `${d.title ?? d.connector}: ` : ''}
                      {deliveryText(d)}
                    </p>
                  ))}
            </dd>
          </div>
        )}
      </dl>
      {/* Stage sections nobody has filled in yet are left out (they are not "Not answered" questions). */}
      <SummaryView schema={version.schema as JsonSchema} uischema={shown} data={submission.data} held={held} />
      {review && account && (
        <ReviewDetails
          submission={submission}
          version={version}
          info={review}
          refresh={refreshReview}
          account={account}
          report={setProblems}
          onDone={(f) => {
            setProblems([]);
            onReviewed?.(f);
          }}
        />
      )}
      <div className="govuk-button-group app-no-print">
        <button type="button" className="govuk-button govuk-button--secondary" onClick={() => window.print()}>
          Print this record
        </button>
        {/* The server makes it for whoever may read the record, as an attachment named by its reference. */}
        {submission.status === 'submitted' && (
          <a className="govuk-link" href={`/api/submissions/${encodeURIComponent(submission.id)}/pdf`} download>
            Download as PDF
          </a>
        )}
      </div>
    </>
  );
}
