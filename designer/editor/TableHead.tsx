/** A GOV.UK table's header row: one column header a name (`{ hidden }`: one only screen readers hear, e.g. over buttons). */
export function TableHead({ columns }: { columns: ReadonlyArray<string | { hidden: string }> }) {
  return (
    <thead className="govuk-table__head">
      <tr className="govuk-table__row">
        {columns.map((c) => (
          <th scope="col" className="govuk-table__header" key={typeof c === 'string' ? c : c.hidden}>
            {typeof c === 'string' ? c : <span className="govuk-visually-hidden">{c.hidden}</span>}
          </th>
        ))}
      </tr>
    </thead>
  );
}
