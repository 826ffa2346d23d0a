/**
 * "Audits assigned to you" in Your work: each audit's child, form and due date, and a button that
 * starts it — a new draft of that form about that child, opened at once.
 */
import type { AssignmentItem } from '../api/audits.js';
import { DataTable } from '../components/DataTable.js';
import { DueTag } from '../work/DueTag.js';
import { useStartAudit } from './use-start-audit.js';

export function AssignedAudits({ items, count, caption, forms, today }: { items: AssignmentItem[]; count: number; caption: string; forms: Map<string, string>; today: string }) {
  const { start, busy, error } = useStartAudit();
  if (count === 0) return null;
  return (
    <>
      {error && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      <DataTable
        caption={caption}
        captionClass="govuk-table__caption--s"
        columns={[{ label: 'Child' }, { label: 'Form' }, { label: 'Due' }, { label: 'Start', hidden: true }]}
        rows={items.map((a) => ({
          key: a.id,
          cells: [
            a.childName ? `${a.childName} (${a.childId})` : a.childId,
            forms.get(a.formId) ?? a.formId,
            <DueTag dueOn={a.dueOn} today={today} />,
            <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" disabled={busy !== null} aria-disabled={busy !== null} onClick={() => void start(a)}>
              Start audit<span className="govuk-visually-hidden"> of {a.childName ?? a.childId}</span>
            </button>,
          ],
        }))}
      />
    </>
  );
}
