/**
 * A record's review on its page (and its print): where it is and by when, whether it is late (in
 * words), the sign-off panel for the person who may act, the signatures with whether the answers
 * are unchanged since, the history and the comments.
 */
import { useCallback, useEffect, useState } from 'react';
import { reviewApi, type ReviewComment, type ReviewInfo, type YourPart } from '../api/review.js';
import type { Account, FormVersion, Submission } from '../api/types.js';
import type { Loaded } from '../app/use-load.js';
import type { SummaryItem } from '../components/ErrorSummary.js';
import { Loading } from '../components/Loading.js';
import type { ReviewStatus, StageDefinition } from '../../engine/review/model.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';
import { Lines } from '../renderers/lines.js';
import { Comments } from './Comments.js';
import { SignOffPanel, type Flash } from './SignOffPanel.js';
import { stagesOf } from './sections.js';
import { historyText, intactText, momentText, overdueText, reviewStateText, signerText, stageName } from './words.js';

/** What the record's page shows of its review, from the API. */
export interface ReviewLoaded {
  review: ReviewInfo;
  comments: ReviewComment[];
}

/** The record's review and comments as the API tells them; `refresh` reads them again without blanking the page. */
export function useReviewInfo(submission: Submission): [Loaded<ReviewLoaded> | null, () => Promise<void>] {
  const [info, setInfo] = useState<Loaded<ReviewLoaded> | null>(submission.review ? { state: 'loading' } : null);
  const has = Boolean(submission.review);
  const refresh = useCallback(async () => {
    if (!has) return;
    try {
      const [review, comments] = await Promise.all([reviewApi.get(submission.id), reviewApi.comments(submission.id)]);
      setInfo({ state: 'ready', value: { review: review.body, comments: comments.body.items } });
    } catch (error) {
      setInfo({ state: 'failed', error: error as Error });
    }
  }, [submission.id, has]);
  useEffect(() => {
    void refresh();
  }, [refresh, submission.revision]);
  return [info, refresh];
}

/** The "Status" of a record under review: its stage and due date, and whether it is late, in words. */
export function ReviewStatusText({ status, stages, you }: { status: ReviewStatus; stages: readonly StageDefinition[]; you?: YourPart | undefined }) {
  const overdue = overdueText(status, londonToday(new Date()));
  return (
    <>
      <p className="govuk-body govuk-!-margin-bottom-1">{reviewStateText(status, stages)}</p>
      {overdue && (
        <p className="govuk-body govuk-!-margin-bottom-1">
          <strong>{overdue}</strong>
        </p>
      )}
      {you?.may === 'sign' && (
        <p className="govuk-body govuk-!-margin-bottom-1 app-no-print">
          It is waiting for you:{' '}
          <a href="#review-panel" className="govuk-link" onClick={(e) => {
            e.preventDefault();
            const heading = document.getElementById('review-panel-title');
            heading?.scrollIntoView();
            heading?.focus();
          }}>
            {stageName(stages, you.stage ?? status.stage)}
          </a>
        </p>
      )}
      {you?.may === 'none' && you.why && status.state === 'waiting' && <p className="govuk-body-s govuk-!-margin-bottom-1 app-no-print">{you.why}</p>}
    </>
  );
}

export interface ReviewDetailsProps {
  submission: Submission;
  version: FormVersion;
  info: Loaded<ReviewLoaded>;
  refresh: () => Promise<void>;
  account: Account;
  report: (items: SummaryItem[]) => void;
  onDone: (flash: Flash) => void;
}

export function ReviewDetails({ submission, version, info, refresh, account, report, onDone }: ReviewDetailsProps) {
  return (
    <Loading loaded={info} retry={() => void refresh()}>
      {({ review, comments }) => {
        const stages: ReadonlyArray<Pick<StageDefinition, 'id' | 'name' | 'section' | 'signOffLabel'>> = review.stages ?? stagesOf(version.schema);
        const stage = review.you.may === 'sign' ? stages.find((s) => s.id === (review.you.stage ?? submission.review?.stage)) : undefined;
        const status = review.status ?? submission.review;
        return (
          <>
            {stage && submission.status === 'submitted' && (
              <SignOffPanel key={submission.revision} submission={submission} version={version} stage={stage} you={{ name: account.displayName, role: account.role }} report={report} onDone={onDone} />
            )}
            <Signatures signatures={review.signatures} />
            {status && <History status={status} />}
            <Comments submissionId={submission.id} comments={comments} report={report} onAdded={refresh} />
          </>
        );
      }}
    </Loading>
  );
}

function Signatures({ signatures }: { signatures: ReviewInfo['signatures'] }) {
  return (
    <section aria-labelledby="signatures-title">
      <h2 className="govuk-heading-m" id="signatures-title">
        Signatures
      </h2>
      {signatures.length === 0 && <p className="govuk-body">Nobody has signed this record yet.</p>}
      {signatures.map((s) => (
        <div className="govuk-summary-card" key={s.id}>
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">{s.stageName}</h3>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Signed by</dt>
                <dd className="govuk-summary-list__value">{signerText(s)}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">When</dt>
                <dd className="govuk-summary-list__value">{momentText(s.at)}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Statement</dt>
                <dd className="govuk-summary-list__value">{s.statement}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Answers unchanged since signing</dt>
                <dd className="govuk-summary-list__value">{intactText(s.intact)}</dd>
              </div>
            </dl>
          </div>
        </div>
      ))}
    </section>
  );
}

function History({ status }: { status: ReviewStatus }) {
  return (
    <section aria-labelledby="history-title">
      <h2 className="govuk-heading-m" id="history-title">
        History
      </h2>
      <table className="govuk-table">
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              When
            </th>
            <th scope="col" className="govuk-table__header">
              What happened
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {status.history.map((h, i) => (
            <tr className="govuk-table__row" key={i}>
              <td className="govuk-table__cell">{momentText(h.at)}</td>
              <td className="govuk-table__cell">
                {historyText(h)}
                {h.reason && (
                  <>
                    <br />
                    Reason: <Lines text={h.reason} />
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
