/**
 * "Audits assigned to you" in Your work: each audit's child, form and due date, and a button that
 * starts it — a new draft of that form about that child, opened at once.
 */
import { useState } from 'react';
import { useLocation } from 'wouter';
import { auditApi, type AssignmentItem } from '../api/audits.js';
import { ApiError, NetworkError } from '../api/client.js';
import { DataTable } from '../components/DataTable.js';
import { DueTag } from '../work/DueTag.js';

export function AssignedAudits({ items, count, caption, forms, today }: { items: AssignmentItem[]; count: number; caption: string; forms: Map<string, string>; today: string }) {
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function start(a: AssignmentItem) {
    setBusy(a.id);
    setError(null);
    try {
      const draft = await auditApi.start(a);
      navigate(`/records/${draft.id}`);
    } catch (err) {
      setBusy(null);
      setError(err instanceof ApiError ? err.problem.detail : err instanceof NetworkError ? 'The service cannot be reached. Check your connection and try again.' : 'The audit could not be started.');
    }
  }
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
