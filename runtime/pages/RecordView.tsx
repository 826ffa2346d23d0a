/** A record read back, against the version of the form it was made with. Prints cleanly. */
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import type { FormVersion, Submission } from '../api/types.js';
import { SummaryView } from '../renderers/summary/SummaryView.js';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' });

export function RecordView({ submission, version, formTitle, justSubmitted }: { submission: Submission; version: FormVersion; formTitle: string; justSubmitted: boolean }) {
  const subject = Object.entries(submission.subject).filter(([, v]) => v);
  return (
    <>
      {justSubmitted && submission.status === 'submitted' && (
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Form submitted</h1>
          <div className="govuk-panel__body">It will be added to the case record.</div>
        </div>
      )}
      <span className="govuk-caption-l">
        {formTitle}, version {version.version}
      </span>
      {justSubmitted ? <h2 className="govuk-heading-l">Your answers</h2> : <h1 className="govuk-heading-l">{submission.status === 'draft' ? 'Draft answers' : 'Submitted answers'}</h1>}
      <dl className="govuk-summary-list govuk-!-margin-bottom-9">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            {submission.status === 'submitted' ? `Submitted ${submission.submittedAt ? when.format(new Date(submission.submittedAt)) : ''}` : 'Draft (not submitted)'}
          </dd>
        </div>
        {subject.map(([k, v]) => (
          <div className="govuk-summary-list__row" key={k}>
            <dt className="govuk-summary-list__key">{k === 'childId' ? "Child's ICS person ID" : k === 'workerId' ? 'Worker ID' : 'Episode ID'}</dt>
            <dd className="govuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      <SummaryView schema={version.schema as JsonSchema} uischema={version.uischema as unknown as UISchemaElement} data={submission.data} />
      <button type="button" className="govuk-button govuk-button--secondary app-no-print" onClick={() => window.print()}>
        Print this record
      </button>
    </>
  );
}
