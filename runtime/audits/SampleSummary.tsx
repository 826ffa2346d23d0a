/** A sample as drawn: how many children were considered, why others were left out, and who was chosen for which auditor. */
import type { NamedSample } from '../api/audits.js';
import { DataTable } from '../components/DataTable.js';
import { SummaryRow } from '../components/SummaryRow.js';

const LEFT_OUT: Array<[keyof NamedSample['leftOut'], string]> = [
  ['ownCase', 'The auditors’ own cases'],
  ['recentlyAudited', 'Audited recently'],
  ['alreadyAssigned', 'An audit on this form is already open'],
  ['legalStatus', 'Another legal status'],
  ['restricted', 'Restricted from every auditor'],
  ['merged', 'Merged into another child'],
  ['notDrawn', 'Not drawn (the team’s number was reached)'],
];

export function SampleSummary({ sample, auditorNames, teamNames }: { sample: NamedSample; auditorNames: Map<string, string>; teamNames: Map<string, string> }) {
  const left = LEFT_OUT.filter(([k]) => sample.leftOut[k] > 0);
  return (
    <>
      <dl className="govuk-summary-list">
        <SummaryRow label="Children considered">{sample.considered}</SummaryRow>
        <SummaryRow label="Chosen">{sample.chosen.length}</SummaryRow>
        <SummaryRow label="Left out">
          {left.length ? (
            <ul className="govuk-list">
              {left.map(([k, words]) => (
                <li key={k}>
                  {words}: {sample.leftOut[k]}
                </li>
              ))}
            </ul>
          ) : (
            'None'
          )}
        </SummaryRow>
        <SummaryRow label="Seed">{sample.seed}</SummaryRow>
      </dl>
      {sample.chosen.length > 0 && (
        <DataTable
          caption="Children chosen"
          captionClass="govuk-table__caption--s"
          columns={[{ label: 'Child' }, { label: 'Team' }, { label: 'Auditor' }]}
          rows={sample.chosen.map((c) => ({ key: c.childId, cells: [c.childName ? `${c.childName} (${c.childId})` : c.childId, teamNames.get(c.team) ?? c.team, auditorNames.get(c.auditorAccountId) ?? c.auditorAccountId] }))}
        />
      )}
    </>
  );
}
