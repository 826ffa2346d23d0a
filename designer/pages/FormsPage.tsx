/** The designer's start: every form with its versions, and creating one (blank, from a template, or a copy). */
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError, NetworkError, api } from '../../runtime/api/client.js';
import type { FormVersion } from '../../runtime/api/types.js';
import { useLoad } from '../../runtime/app/use-load.js';
import { ErrorSummary } from '../../runtime/components/ErrorSummary.js';
import { Loading } from '../../runtime/components/Loading.js';
import { TextField } from '../../runtime/components/TextField.js';
import { Layout } from '../app/Layout.js';
import { CATEGORIES } from '../editor/categories.js';
import { SelectProp } from '../editor/inputs.js';
import { TeamSelect } from '../editor/TeamSelect.js';
import { slugOf } from '../model/names.js';

interface FormRow {
  id: string;
  title: string;
  category: string;
  team: string;
  currentVersion: number | null;
  draftVersion: number | null;
  versions: Array<{ version: number; status: string }>;
}


/**
 * Words for a title whose form address (made from it) is another form's: an analyst never typed
 * the address, so the form is named by its title, and the way on is a different title.
 */
function taken(title: string, id: string, forms: readonly FormRow[]): string {
  const other = forms.find((f) => f.id === id);
  if (!other) return `There is already a form with the address “${id}”, which this title makes. Give this form a different title.`;
  if (other.title.trim().toLowerCase() === title.toLowerCase()) return `There is already a form called “${other.title}”. Give this form a different title, or open “${other.title}” from the list to change it.`;
  return `This title makes the same form address (“${id}”) as the form “${other.title}”. Give this form a different title.`;
}

export function FormsPage() {
  const [, navigate] = useLocation();
  const [loaded, retry] = useLoad(() => api.get<{ items: FormRow[] }>('/api/forms').then((r) => r.body.items), []);
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState('other');
  const [team, setTeam] = useState('');
  const [from, setFrom] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function create(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = 'Enter a title for the form';
    if (!team) found.team = 'Choose the team that owns the form';
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    const reason = (err: unknown) => (err instanceof ApiError ? (err.problem.errors?.[0]?.message ?? err.problem.detail) : err instanceof NetworkError ? 'the service cannot be reached' : 'something went wrong');
    let created = false;
    const id = slugOf(title);
    try {
      // Starting from another form: its latest version becomes this one's first draft (read before
      // anything is made, so that only the two writes can be parted by a failure).
      let body: Record<string, unknown> = { changeNote: '' };
      if (from) {
        const [formId, n] = from.split('@') as [string, string];
        const v = (await api.get<FormVersion>(`/api/forms/${formId}/versions/${n}`)).body;
        body = { schema: v.schema, uischema: v.uischema, changeNote: `Started from ${formId} version ${n}.` };
      }
      await api.post('/api/forms', { id, title: title.trim(), category, team: team.trim(), description: '' });
      created = true;
      await api.post(`/api/forms/${id}/versions`, body);
      navigate(`/forms/${id}`);
    } catch (err) {
      const why = reason(err);
      if (!created && err instanceof ApiError && err.status === 409) setErrors({ title: taken(title.trim(), id, loaded.state === 'ready' ? loaded.value : []) });
      else if (!created) setErrors({ title: err instanceof ApiError ? why : `The form could not be created: ${why}. Try again.` });
      else {
        // The form is made but has no version: said so (it is in the list, and opening it offers "Start version 1").
        setErrors({ title: `The form “${title.trim()}” is created, but its version 1 could not be started (${why}). Open it from the list to start version 1.` });
        retry();
      }
    } finally {
      setBusy(false);
    }
  }

  const summary = Object.entries(errors).map(([k, message]) => ({ target: `new-${k}`, message }));
  return (
    <Layout title="Forms">
      <h1 className="govuk-heading-l">Forms</h1>
      <Loading loaded={loaded} retry={retry}>
        {(forms) => (
          <>
            <div className="app-table-scroll" role="region" aria-label="Forms" tabIndex={0}>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--m">Forms and their versions</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Form</th>
                    <th scope="col" className="govuk-table__header">In use</th>
                    <th scope="col" className="govuk-table__header">Draft</th>
                    <th scope="col" className="govuk-table__header">
                      <span className="govuk-visually-hidden">Action</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {forms.map((f) => (
                    <tr className="govuk-table__row" key={f.id}>
                      <td className="govuk-table__cell">
                        {f.title}
                        <br />
                        <span className="govuk-body-s">{f.id}</span>
                      </td>
                      <td className="govuk-table__cell">{f.currentVersion ? `Version ${f.currentVersion}` : 'Not published'}</td>
                      <td className="govuk-table__cell">{f.draftVersion ? `Version ${f.draftVersion}` : '—'}</td>
                      <td className="govuk-table__cell">
                        <Link href={`/forms/${f.id}`} className="govuk-link">
                          {f.draftVersion ? 'Edit draft' : 'Open'}
                          <span className="govuk-visually-hidden"> {f.title}</span>
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h2 className="govuk-heading-m" id="create">
              Create a form
            </h2>
            <ErrorSummary items={summary} />
            <form onSubmit={(e) => void create(e)} noValidate className="app-panel">
              <TextField id="new-title" label="Title" hint="What social workers see, e.g. Home visit record" value={title} onChange={setTitle} error={errors.title} />
              <SelectProp id="new-category" label="Category" value={category} options={CATEGORIES} onChange={setCategory} />
              <TeamSelect id="new-team" value={team} onChange={setTeam} error={errors.team} />
              <div className="govuk-form-group">
                <label className="govuk-label govuk-label--s" htmlFor="new-from">
                  Start from
                </label>
                <select id="new-from" className="govuk-select" value={from} onChange={(e) => setFrom(e.target.value)}>
                  <option value="">A blank form</option>
                  {forms
                    .filter((f) => f.versions.length)
                    .map((f) => {
                      const latest = f.versions[0]!;
                      return (
                        <option key={f.id} value={`${f.id}@${latest.version}`}>
                          A copy of {f.title} (version {latest.version})
                        </option>
                      );
                    })}
                </select>
              </div>
              <button type="submit" className="govuk-button" disabled={busy}>
                Create form
              </button>
            </form>
          </>
        )}
      </Loading>
    </Layout>
  );
}
