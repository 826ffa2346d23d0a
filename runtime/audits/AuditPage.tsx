/**
 * One audit — where the link in the auditor's email leads: the child, the form, the auditor, when
 * it is due and where it stands. Its auditor starts it here (a new draft of that form about that
 * child, the same draft however often it is started); a done audit links to the record that
 * completed it. A planner of the child's team sees it too, without the button.
 */
import { Link } from 'wouter';
import { auditApi } from '../api/audits.js';
import { ApiError, api } from '../api/client.js';
import type { FormSummary } from '../api/types.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import { useLoad } from '../app/use-load.js';
import { Loading } from '../components/Loading.js';
import { SummaryRow } from '../components/SummaryRow.js';
import { named } from '../directory/words.js';
import { DueTag } from '../work/DueTag.js';
import { today as londonToday } from '../work/due.js';
import { auditStatusText } from './status.js';
import { useStartAudit } from './use-start-audit.js';

/** The form's title; its id when the form cannot be read (it is only for the words). */
async function formTitle(formId: string): Promise<string> {
  try {
    return (await api.get<FormSummary>(`/api/forms/${encodeURIComponent(formId)}`)).body.title;
  } catch (err) {
    if (err instanceof ApiError) return formId;
    throw err;
  }
}

export function AuditPage({ id }: { id: string }) {
  const { account } = useSession();
  const [loaded, retry] = useLoad(async () => {
    const audit = await auditApi.assignment(id);
    return { audit, form: await formTitle(audit.formId) };
  }, [id]);
  const { start, busy, error } = useStartAudit();
  const today = londonToday();
  const title = loaded.state === 'ready' ? `Audit: ${loaded.value.form}` : 'Audit';
  // The auditor came from Your work (or their email); a planner from the audit programme.
  const planning = loaded.state === 'ready' && loaded.value.audit.auditorAccountId !== account?.id;
  return (
    <Layout title={title} backTo={planning ? { href: '/audits', label: 'Audit programme' } : { href: '/', label: 'Your work' }}>
      <Loading loaded={loaded} retry={retry} failedHeading="The audit could not be opened">
        {({ audit: a, form }) => {
          const yours = a.auditorAccountId === account?.id;
          return (
            <>
              <span className="govuk-caption-l">Audit</span>
              <h1 className="govuk-heading-l app-break-anywhere">{form}</h1>
              <dl className="govuk-summary-list">
                <SummaryRow label="Child">{named(a.childId, a.childName)}</SummaryRow>
                <SummaryRow label="Auditor">{yours ? 'You' : a.auditorName}</SummaryRow>
                <SummaryRow label="Due">
                  <DueTag dueOn={a.dueOn} today={today} closed={a.status !== 'open'} />
                </SummaryRow>
                <SummaryRow label="Status">{auditStatusText(a)}</SummaryRow>
                {a.status === 'cancelled' && <SummaryRow label="Why it was cancelled">{a.reason ?? '—'}</SummaryRow>}
                {a.status === 'done' && a.submissionId && (
                  <SummaryRow label="Record">
                    <Link href={`/records/${encodeURIComponent(a.submissionId)}`} className="govuk-link">
                      The audit record
                    </Link>
                  </SummaryRow>
                )}
              </dl>
              {a.status === 'open' && yours && (
                <>
                  {error && (
                    <p className="govuk-error-message" role="alert">
                      <span className="govuk-visually-hidden">Error:</span> {error}
                    </p>
                  )}
                  <button type="button" className="govuk-button" disabled={busy !== null} aria-disabled={busy !== null} onClick={() => void start(a)}>
                    Start audit
                  </button>
                </>
              )}
            </>
          );
        }}
      </Loading>
    </Layout>
  );
}
