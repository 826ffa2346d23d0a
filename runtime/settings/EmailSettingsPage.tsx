/**
 * "Email settings": how the signed-in person is told about their work by email — each email as
 * it happens, one summary a day, or none — and the address emails go to (their work email in the
 * ICS directory). GOV.UK radios in a fieldset; saving says so in a success banner that takes focus.
 */
import { useState } from 'react';
import { ApiError, NetworkError, api } from '../api/client.js';
import { can } from '../../engine/accounts/permissions.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import { useLoad } from '../app/use-load.js';
import { ErrorSummary } from '../components/ErrorSummary.js';
import { Loading } from '../components/Loading.js';
import { SuccessBanner } from '../components/SuccessBanner.js';

type Choice = 'immediate' | 'digest' | 'off';
interface EmailSettings {
  choice: Choice;
  address: string | null;
  sending: boolean;
}

const CHOICES: ReadonlyArray<{ value: Choice; label: string; hint: string }> = [
  { value: 'immediate', label: 'Each email as it happens', hint: 'When a record is returned to you or waits for you, when an action is given to you, and reminders before things are due.' },
  { value: 'digest', label: 'One summary a day', hint: 'Everything in one email each morning.' },
  { value: 'off', label: 'No emails', hint: 'You still see everything in Your work.' },
];

export function EmailSettingsPage() {
  const { account } = useSession();
  if (!account || !can(account, 'notifications:self')) {
    return (
      <Layout title="Email settings">
        <h1 className="govuk-heading-l">Email settings</h1>
        <p className="govuk-body">Emails tell practitioners and managers about their work. Your role has no work in this app to be told about, so there is nothing to choose here.</p>
      </Layout>
    );
  }
  return <EmailSettingsLoaded />;
}

function EmailSettingsLoaded() {
  const [loaded, retry] = useLoad(() => api.get<EmailSettings>('/api/me/notifications').then((r) => r.body), []);
  return (
    <Layout title="Email settings">
      <h1 className="govuk-heading-l">Email settings</h1>
      <Loading loaded={loaded} retry={retry}>
        {(settings) => <EmailSettingsForm initial={settings} />}
      </Loading>
    </Layout>
  );
}

function EmailSettingsForm({ initial }: { initial: EmailSettings }) {
  const [choice, setChoice] = useState<Choice>(initial.choice);
  const [saved, setSaved] = useState<Choice | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setProblem(null);
    setSaved(null);
    try {
      const r = await api.put<EmailSettings>('/api/me/notifications', { choice });
      setSaved(r.body.choice);
    } catch (e) {
      setProblem(e instanceof ApiError ? (e.problem.errors?.[0]?.message ?? e.problem.detail) : e instanceof NetworkError ? 'The service cannot be reached. Check your connection and try again.' : 'Your choice could not be saved. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {saved && <SuccessBanner id="email-saved" heading={`Saved: ${CHOICES.find((c) => c.value === saved)!.label.toLowerCase()}.`} focus />}
      {problem && <ErrorSummary items={[{ target: 'choice-immediate', message: problem }]} />}
      <p className="govuk-body">
        Emails tell you what needs you and give the record’s reference and a link. They never hold a child’s name or any answers: sign in to see those.
      </p>
      {!initial.sending && <p className="govuk-inset-text">This service does not send emails at the moment. Your choice is kept for when it does.</p>}
      <p className="govuk-body">{initial.address ? <>Emails go to <span className="app-long-word">{initial.address}</span>, your work email in the case recording system.</> : <>There is no work email for you in the case recording system, so you get no emails. Ask your administrator to check your details there.</>}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset" aria-describedby="choice-hint">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
              <h2 className="govuk-fieldset__heading">How do you want to hear about your work?</h2>
            </legend>
            <div id="choice-hint" className="govuk-hint">
              Reminders come a few working days before an action is due, and when something is overdue.
            </div>
            <div className="govuk-radios" data-module="govuk-radios">
              {CHOICES.map((c) => (
                <div className="govuk-radios__item" key={c.value}>
                  <input className="govuk-radios__input" id={`choice-${c.value}`} name="choice" type="radio" value={c.value} checked={choice === c.value} onChange={() => setChoice(c.value)} aria-describedby={`choice-${c.value}-hint`} />
                  <label className="govuk-label govuk-radios__label" htmlFor={`choice-${c.value}`}>
                    {c.label}
                  </label>
                  <div id={`choice-${c.value}-hint`} className="govuk-hint govuk-radios__hint">
                    {c.hint}
                  </div>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="govuk-button" disabled={busy} aria-disabled={busy}>
          Save
        </button>
      </form>
    </>
  );
}
