/**
 * Tracked actions as a GOV.UK table: the action, the child, (the owner, on a manager's lists),
 * when it is due in words, and a link to the action. Scrolls in its own region when narrow.
 */
import { Link } from 'wouter';
import type { ActionItem } from '../api/work.js';
import { named } from '../directory/words.js';
import { DueTag } from './DueTag.js';

export const STATUS_WORDS = { open: 'Open', done: 'Done', cancelled: 'Cancelled' } as const;

export function ownerText(a: Pick<ActionItem, 'ownerWorkerId' | 'ownerName'>): string {
  return a.ownerWorkerId ? named(a.ownerWorkerId, a.ownerName) : (a.ownerName ?? 'Nobody yet');
}

export function childText(a: Pick<ActionItem, 'childId' | 'childName'>): string {
  return a.childId ? named(a.childId, a.childName) : '—';
}

export function ActionTable(props: { caption: string; items: ActionItem[]; today: string; showOwner?: boolean; showStatus?: boolean; captionClass?: string }) {
  return (
    <div className="app-table-scroll" role="region" aria-label={props.caption} tabIndex={0}>
      <table className="govuk-table">
        <caption className={`govuk-table__caption ${props.captionClass ?? 'govuk-table__caption--m'}`}>{props.caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Action
            </th>
            <th scope="col" className="govuk-table__header">
              Child
            </th>
            {props.showOwner && (
              <th scope="col" className="govuk-table__header">
                Owner
              </th>
            )}
            <th scope="col" className="govuk-table__header">
              Due
            </th>
            {props.showStatus && (
              <th scope="col" className="govuk-table__header">
                Status
              </th>
            )}
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Link</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {props.items.map((a) => (
            <tr className="govuk-table__row" key={a.id}>
              <td className="govuk-table__cell app-break-anywhere">{a.text}</td>
              <td className="govuk-table__cell">{childText(a)}</td>
              {props.showOwner && <td className="govuk-table__cell">{ownerText(a)}</td>}
              <td className="govuk-table__cell">
                <DueTag dueOn={a.dueOn} today={props.today} workingDaysOverdue={a.workingDaysOverdue} closed={a.status !== 'open'} />
              </td>
              {props.showStatus && <td className="govuk-table__cell">{STATUS_WORDS[a.status]}</td>}
              <td className="govuk-table__cell">
                <Link href={`/actions/${encodeURIComponent(a.id)}`} className="govuk-link">
                  Open<span className="govuk-visually-hidden"> the action: {a.text}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
