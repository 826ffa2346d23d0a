/**
 * The child chosen in the search, shown to confirm before a form is started about them: name,
 * ICS person id, date of birth, allocated worker, team and legal status (a GOV.UK summary card).
 */
import { forwardRef } from 'react';
import type { ChildCard } from '../api/types.js';
import { dayText, legalStatusText, named } from './words.js';

export const ChildSummary = forwardRef<HTMLHeadingElement, { id: string; child: ChildCard }>(function ChildSummary({ id, child }, heading) {
  const rows: Array<[string, string]> = [
    ['ICS person ID', child.id],
    ['Date of birth', child.dateOfBirth ? dayText(child.dateOfBirth) : 'Not known'],
    ['Allocated worker', child.allocatedWorker ? named(child.allocatedWorker.id, child.allocatedWorker.name) : 'Not allocated'],
    ['Team', child.team ? (child.team.name ?? child.team.id) : 'Not known'],
    ['Legal status', legalStatusText(child) ?? 'Not known'],
  ];
  return (
    <div className="govuk-summary-card" id={id}>
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title" tabIndex={-1} ref={heading}>
          <span className="govuk-visually-hidden">Child chosen: </span>
          {child.name}
        </h2>
      </div>
      <div className="govuk-summary-card__content">
        <dl className="govuk-summary-list">
          {rows.map(([key, value]) => (
            <div className="govuk-summary-list__row" key={key}>
              <dt className="govuk-summary-list__key">{key}</dt>
              <dd className="govuk-summary-list__value">{value}</dd>
            </div>
          ))}
          {child.restricted && (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Access</dt>
              <dd className="govuk-summary-list__value">Restricted: only the allocated worker, their manager and the people named in the ICS can read this child’s records.</dd>
            </div>
          )}
        </dl>
        {child.mergedInto && (
          <div className="govuk-warning-text govuk-!-margin-bottom-0">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              The ICS merged this person record into {child.mergedInto}. New records should be about {child.mergedInto}.
            </strong>
          </div>
        )}
      </div>
    </div>
  );
});
