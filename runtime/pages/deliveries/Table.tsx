/**
 * A GOV.UK table for the deliveries page: captioned, with column headers, scrolling inside its
 * own labelled region at 400% zoom (as the home page's tables do).
 */
import type { ReactNode } from 'react';

export interface Column {
  label: string;
  numeric?: boolean;
  /** Said to screen readers only (e.g. the column of buttons). */
  hidden?: boolean;
}

export function Table({ caption, size = 'm', columns, children }: { caption: string; size?: 'm' | 's'; columns: Column[]; children: ReactNode }) {
  return (
    <div className="app-table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="govuk-table">
        <caption className={`govuk-table__caption govuk-table__caption--${size} app-break-anywhere`}>{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {columns.map((c) => (
              <th key={c.label} scope="col" className={`govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}`}>
                {c.hidden ? <span className="govuk-visually-hidden">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">{children}</tbody>
      </table>
    </div>
  );
}

export function Cell({ numeric, wrap, children }: { numeric?: boolean; wrap?: boolean; children: ReactNode }) {
  return <td className={`govuk-table__cell${numeric ? ' govuk-table__cell--numeric' : ''}${wrap ? ' app-break-anywhere' : ''}`}>{children}</td>;
}
