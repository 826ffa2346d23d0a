/**
 * Records in a work list as a GOV.UK table: waiting at a stage (its name, when due) or returned
 * for changes (who returned it and why), each linking to the record.
 */
import { Link } from 'wouter';
import type { WorkRecord } from '../api/work.js';
import { subjectText } from '../directory/words.js';
import { DueTag } from './DueTag.js';
import { returnedBy, stageName } from './review-words.js';

export function RecordQueueTable(props: { caption: string; items: WorkRecord[]; forms: Map<string, string>; today: string; kind: 'waiting' | 'returned'; captionClass?: string }) {
  const waiting = props.kind === 'waiting';
  return (
    <div className="app-table-scroll" role="region" aria-label={props.caption} tabIndex={0}>
      <table className="govuk-table">
        <caption className={`govuk-table__caption ${props.captionClass ?? 'govuk-table__caption--m'}`}>{props.caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Reference
            </th>
            <th scope="col" className="govuk-table__header">
              Form
            </th>
            <th scope="col" className="govuk-table__header">
              About
            </th>
            <th scope="col" className="govuk-table__header">
              {waiting ? 'Stage' : 'Returned'}
            </th>
            {waiting && (
              <th scope="col" className="govuk-table__header">
                Due
              </th>
            )}
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Link</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {props.items.map((r) => {
            const title = props.forms.get(r.formId) ?? r.formId;
            const back = returnedBy(r);
            return (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell app-reference">{r.reference ?? '—'}</td>
                <td className="govuk-table__cell">{title}</td>
                <td className="govuk-table__cell">{subjectText(r)}</td>
                {waiting ? (
                  <td className="govuk-table__cell">{stageName(r) ?? '—'}</td>
                ) : (
                  <td className="govuk-table__cell app-break-anywhere">
                    {back ? `By ${back.name}${back.stageName ? ` at ${back.stageName}` : ''}: ${back.reason ?? 'no reason given'}` : 'Returned for changes'}
                  </td>
                )}
                {waiting && (
                  <td className="govuk-table__cell">
                    <DueTag dueOn={r.review?.dueOn} today={props.today} />
                  </td>
                )}
                <td className="govuk-table__cell">
                  <Link href={`/records/${encodeURIComponent(r.id)}`} className="govuk-link">
                    {waiting ? 'Open' : 'Change and resubmit'}
                    <span className="govuk-visually-hidden">
                      {' '}
                      {r.reference ? `${r.reference}, ` : ''}
                      {title}, {subjectText(r)}
                    </span>
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
