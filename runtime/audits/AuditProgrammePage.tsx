/**
 * The audit programme (managers and quality assurance): the audits of the teams you plan for,
 * filtered by status and team; assigning one by hand; drawing a sample by rule (previewed, then
 * confirmed); and the samples drawn, as they were recorded.
 */
import { useState } from 'react';
import { Link } from 'wouter';
import { can } from '../../engine/accounts/permissions.js';
import { auditApi, type AssignmentItem, type AuditOptions, type Drawn } from '../api/audits.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import { useLoad } from '../app/use-load.js';
import { DataTable } from '../components/DataTable.js';
import { Loading } from '../components/Loading.js';
import { SuccessBanner } from '../components/SuccessBanner.js';
import { dayText } from '../directory/words.js';
import { DueTag } from '../work/DueTag.js';
import { today as londonToday } from '../work/due.js';
import { AssignForm } from './AssignForm.js';
import { SelectField as Select } from '../components/SelectField.js';
import { SampleForm } from './SampleForm.js';
import { SampleSummary } from './SampleSummary.js';
import { auditStatusText } from './status.js';

/** When a sample was drawn: "5 December 2026 at 4:21pm" (several may be drawn in a day). */
const drawnAt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });

function Assignments({ options, version }: { options: AuditOptions; version: number }) {
  const [status, setStatus] = useState('open');
  const [team, setTeam] = useState('');
  const [loaded, retry] = useLoad(() => auditApi.assignments({ status: status || undefined, team: team || undefined }), [status, team, version]);
  const forms = new Map(options.forms.map((f) => [f.id, f.title]));
  const today = londonToday();
  return (
    <section aria-labelledby="assignments-title" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="assignments-title">
        Audits
      </h2>
      <div className="app-filters">
        <Select id="filter-status" label="Status" value={status} options={[['', 'Any'], ['open', 'Open'], ['done', 'Done'], ['cancelled', 'Cancelled']]} onChange={setStatus} />
        <Select id="filter-team" label="Team" value={team} options={[['', 'Every team you plan for'], ...options.teams.map((t) => [t.id, t.name] as const)]} onChange={setTeam} />
      </div>
      <Loading loaded={loaded} retry={retry}>
        {(list) =>
          list.count === 0 ? (
            <p className="govuk-body">No audits match.</p>
          ) : (
            <DataTable
              caption={`${list.count} ${list.count === 1 ? 'audit' : 'audits'}${list.items.length < list.count ? ` (${list.items.length} shown)` : ''}`}
              captionClass="govuk-table__caption--s"
              columns={[{ label: 'Child' }, { label: 'Form' }, { label: 'Auditor' }, { label: 'Due' }, { label: 'Status' }, { label: 'How assigned' }]}
              rows={list.items.map((a: AssignmentItem) => ({
                key: a.id,
                cells: [
                  a.childName ? `${a.childName} (${a.childId})` : a.childId,
                  forms.get(a.formId) ?? a.formId,
                  a.auditorName,
                  <DueTag dueOn={a.dueOn} today={today} closed={a.status !== 'open'} />,
                  auditStatusText(a),
                  a.sampleId ? 'By sample' : 'By hand',
                ],
              }))}
            />
          )
        }
      </Loading>
    </section>
  );
}

function Samples({ options, version }: { options: AuditOptions; version: number }) {
  const [loaded, retry] = useLoad(() => auditApi.samples(), [version]);
  const names = new Map(options.auditors.map((a) => [a.id, a.displayName]));
  const teamNames = new Map(options.teams.map((t) => [t.id, t.name]));
  const forms = new Map(options.forms.map((f) => [f.id, f.title]));
  return (
    <section aria-labelledby="samples-title">
      <h2 className="govuk-heading-m" id="samples-title">
        Samples drawn
      </h2>
      <Loading loaded={loaded} retry={retry}>
        {(samples) =>
          samples.length === 0 ? (
            <p className="govuk-body">No samples have been drawn yet.</p>
          ) : (
            <>
              {samples.map((s) => (
                <details className="govuk-details" key={s.id}>
                  <summary className="govuk-details__summary">
                    <span className="govuk-details__summary-text">
                      {drawnAt.format(new Date(s.drawnAt))} by {s.drawnByName}, {forms.get(s.rule.formId) ?? s.rule.formId}: {s.chosen.length} of {s.considered} children, {s.rule.perTeam} per team
                    </span>
                  </summary>
                  <div className="govuk-details__text">
                    <SampleSummary sample={s} auditorNames={names} teamNames={teamNames} />
                  </div>
                </details>
              ))}
            </>
          )
        }
      </Loading>
    </section>
  );
}

export function AuditProgrammePage() {
  const { account } = useSession();
  if (!account || !can(account, 'audits:plan')) {
    return (
      <Layout title="Audit programme">
        <h1 className="govuk-heading-l">Audit programme</h1>
        <p className="govuk-body">Managers, heads of service and quality assurance plan audits here.</p>
        <p className="govuk-body">
          Audits assigned to you are in{' '}
          <Link href="/" className="govuk-link">
            your forms
          </Link>
          .
        </p>
      </Layout>
    );
  }
  return <Programme />;
}

function Programme() {
  const [loaded, retry] = useLoad(() => auditApi.options(), []);
  const [version, setVersion] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const changed = (words: string) => {
    setDone(words);
    setVersion((v) => v + 1);
  };
  return (
    <Layout title="Audit programme">
      <h1 className="govuk-heading-l">Audit programme</h1>
      {done && <SuccessBanner id="audit-done" heading={done} focus key={`${version}`} />}
      <Loading loaded={loaded} retry={retry}>
        {(options) => (
          <>
            <Assignments options={options} version={version} />
            <AssignForm options={options} onAssigned={(a) => changed(`Audit assigned to ${a.auditorName}, due ${dayText(a.dueOn)}`)} />
            <SampleForm options={options} onDrawn={(d: Drawn) => changed(`${d.assignments.length} ${d.assignments.length === 1 ? 'audit' : 'audits'} assigned from the sample`)} />
            <Samples options={options} version={version} />
          </>
        )}
      </Loading>
    </Layout>
  );
}
