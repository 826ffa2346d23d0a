/**
 * A GOV.UK table with its caption, that scrolls inside its own focusable region at 400% zoom
 * rather than the whole page. Columns say their heading (visually hidden for a column of links)
 * and whether they hold numbers; with `rowHeader`, each row's first cell heads the row.
 */
import type { ReactNode } from 'react';
import { Link } from 'wouter';

export interface Column {
  label: string;
  /** Read by screen readers only (a column of links). */
  hidden?: boolean;
  numeric?: boolean;
  /** Extra classes for the column's cells (e.g. `app-reference`). */
  className?: string;
}

export interface Row {
  key: string;
  cells: ReactNode[];
}

export function DataTable(props: { caption: string; captionClass?: string | undefined; columns: Column[]; rows: Row[]; rowHeader?: boolean }) {
  const cls = (base: string, c: Column | undefined) => [base, c?.numeric ? `${base}--numeric` : '', c?.className ?? ''].filter(Boolean).join(' ');
  return (
    <div className="app-table-scroll" role="region" aria-label={props.caption} tabIndex={0}>
      <table className="govuk-table">
        <caption className={`govuk-table__caption ${props.captionClass ?? 'govuk-table__caption--m'}`}>{props.caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {props.columns.map((c) => (
              <th key={c.label} scope="col" className={cls('govuk-table__header', c)}>
                {c.hidden ? <span className="govuk-visually-hidden">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {props.rows.map((r) => (
            <tr className="govuk-table__row" key={r.key}>
              {r.cells.map((cell, i) =>
                i === 0 && props.rowHeader ? (
                  <th key={i} scope="row" className={cls('govuk-table__header', props.columns[i])}>
                    {cell}
                  </th>
                ) : (
                  <td key={i} className={cls('govuk-table__cell', props.columns[i])}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A link to a record whose words ("Continue", "Open") a screen reader hears with the record they open. */
export function RecordLink({ id, words, about }: { id: string; words: string; about: string }) {
  return (
    <Link href={`/records/${encodeURIComponent(id)}`} className="govuk-link">
      {words}
      <span className="govuk-visually-hidden"> {about}</span>
    </Link>
  );
}
