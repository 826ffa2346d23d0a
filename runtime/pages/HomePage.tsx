/** Home: the forms you can start, your drafts in progress, and what you have submitted. */
import { Link } from 'wouter';
import { api } from '../api/client.js';
import type { FormSummary, SubmissionSummary } from '../api/types.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import { useLoad } from '../app/use-load.js';
import { Loading } from '../components/Loading.js';

const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function subjectText(s: SubmissionSummary): string {
  const parts = [s.subject.childId && `Child ${s.subject.childId}`, s.subject.workerId && `Worker ${s.subject.workerId}`, s.subject.episodeId && `Episode ${s.subject.episodeId}`].filter(Boolean);
  return parts.length ? parts.join(', ') : '—';
}

function RecordTable({ caption, items, forms, action }: { caption: string; items: SubmissionSummary[]; forms: Map<string, string>; action: string }) {
  return (
    // At 400% zoom the table scrolls inside its own region, not the whole page.
    <div className="app-table-scroll" role="region" aria-label={caption} tabIndex={0}>
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Form
          </th>
          <th scope="col" className="govuk-table__header">
            About
          </th>
          <th scope="col" className="govuk-table__header">
            {action === 'Continue' ? 'Last saved' : 'Submitted'}
          </th>
          <th scope="col" className="govuk-table__header">
            Status
          </th>
          <th scope="col" className="govuk-table__header">
            <span className="govuk-visually-hidden">Action</span>
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {items.map((s) => {
          const title = forms.get(s.formId) ?? s.formId;
          return (
            <tr className="govuk-table__row" key={s.id}>
              <td className="govuk-table__cell">{title}</td>
              <td className="govuk-table__cell">{subjectText(s)}</td>
              <td className="govuk-table__cell">{date.format(new Date(s.status === 'draft' ? s.updatedAt : (s.submittedAt ?? s.updatedAt)))}</td>
              <td className="govuk-table__cell">
                <strong className={`govuk-tag${s.status === 'draft' ? ' govuk-tag--yellow' : ' govuk-tag--green'}`}>{s.status === 'draft' ? 'Draft' : 'Submitted'}</strong>
              </td>
              <td className="govuk-table__cell">
                <Link href={`/records/${s.id}`} className="govuk-link">
                  {action}
                  <span className="govuk-visually-hidden">
                    {' '}
                    {title}, {subjectText(s)}
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

export function HomePage() {
  const { account } = useSession();
  const canFill = account?.role === 'practitioner' || account?.role === 'manager';
  const [loaded, retry] = useLoad(async () => {
    const [forms, drafts, submitted] = await Promise.all([
      api.get<{ items: FormSummary[] }>('/api/forms'),
      canFill ? api.get<{ items: SubmissionSummary[] }>(`/api/submissions?status=draft&limit=200`) : null,
      canFill || account?.role === 'integrator' ? api.get<{ items: SubmissionSummary[] }>(`/api/submissions?status=submitted&limit=50`) : null,
    ]);
    return { forms: forms.body.items, drafts: drafts?.body.items ?? [], submitted: submitted?.body.items ?? [] };
  }, [canFill]);

  return (
    <Layout title="Your forms">
      <h1 className="govuk-heading-l">Your forms</h1>
      <Loading loaded={loaded} retry={retry}>
        {({ forms, drafts, submitted }) => {
          const titles = new Map(forms.map((f) => [f.id, f.title]));
          const mineDrafts = [...drafts].reverse();
          return (
            <>
              {!canFill && (
                <p className="govuk-inset-text">
                  This is where social workers and managers fill in forms. {account?.role === 'designer' ? 'Forms are built in the designer.' : 'You can read the forms here.'}
                </p>
              )}
              {account?.role === 'integrator' && (
                <p className="govuk-body">
                  <Link href="/deliveries" className="govuk-link govuk-!-font-weight-bold">
                    Deliveries to the ICS
                  </Link>
                  : what is waiting to be sent to the case recording system, what was delivered, and dead letters to replay.
                </p>
              )}
              {canFill && (
                <>
                  <h2 className="govuk-heading-m">Start a form</h2>
                  {forms.length === 0 && <p className="govuk-body">There are no forms to fill in yet.</p>}
                  <ul className="govuk-list">
                    {forms
                      .filter((f) => f.currentVersion !== null)
                      .map((f) => (
                        <li key={f.id} className="govuk-!-margin-bottom-4">
                          <Link href={`/forms/${f.id}/start`} className="govuk-link govuk-!-font-weight-bold">
                            {f.title}
                          </Link>
                          {f.description && <p className="govuk-body-s govuk-!-margin-bottom-0">{f.description}</p>}
                        </li>
                      ))}
                  </ul>
                  {mineDrafts.length > 0 ? <RecordTable caption="Drafts in progress" items={mineDrafts} forms={titles} action="Continue" /> : <p className="govuk-body">You have no drafts in progress.</p>}
                </>
              )}
              {submitted.length > 0 && <RecordTable caption="Submitted" items={[...submitted].reverse()} forms={titles} action="View" />}
            </>
          );
        }}
      </Loading>
    </Layout>
  );
}
