/**
 * The owning team, chosen from the teams Caseforms knows (GET /api/accounts/teams: every team an
 * account belongs to or a form is owned by), not typed as an id. A form whose team is not among
 * them (renamed since) keeps it as a choice, so opening its settings changes nothing.
 */
import { api } from '../../runtime/api/client.js';
import { useLoad } from '../../runtime/app/use-load.js';

interface Team {
  id: string;
  name: string;
}

export function TeamSelect({ id, value, onChange, error, owns = 'form' }: { id: string; value: string; onChange(team: string): void; error?: string | undefined; owns?: 'form' | 'list' }) {
  const [loaded, retry] = useLoad(() => api.get<{ items: Team[] }>('/api/accounts/teams').then((r) => r.body.items), []);
  const teams = loaded.state === 'ready' ? loaded.value : [];
  const listed = value && !teams.some((t) => t.id === value) ? [{ id: value, name: value }, ...teams] : teams;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const problem = error ?? (loaded.state === 'failed' ? 'The list of teams could not be loaded.' : undefined);
  return (
    <div className={`govuk-form-group${problem ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        Owning team
      </label>
      <div id={hintId} className="govuk-hint">
        The team responsible for the {owns}. Teams come from the accounts of the people in them; ask an administrator if yours is missing.
      </div>
      {problem && (
        <p id={errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {problem}
        </p>
      )}
      <select
        className={`govuk-select${problem ? ' govuk-select--error' : ''}`}
        id={id}
        value={value}
        aria-describedby={[hintId, problem ? errorId : ''].filter(Boolean).join(' ')}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{loaded.state === 'ready' ? 'Choose a team' : 'Loading the teams…'}</option>
        {listed.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name === t.id ? t.id : `${t.name} (${t.id})`}
          </option>
        ))}
      </select>
      {loaded.state === 'failed' && (
        <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-top-2 govuk-!-margin-bottom-0" onClick={retry}>
          Try loading the teams again
        </button>
      )}
    </div>
  );
}
