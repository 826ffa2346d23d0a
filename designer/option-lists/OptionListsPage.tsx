/**
 * Shared option lists: every list (name, id, version, how many options, how many forms use it),
 * and creating one. A list is a named set of options, each with its ICS code, used by many
 * questions and forms; each change is a new version that forms adopt in their own drafts.
 */
import { useCallback, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError } from '../../runtime/api/client.js';
import { useLoad } from '../../runtime/app/use-load.js';
import { ErrorSummary } from '../../runtime/components/ErrorSummary.js';
import { Loading } from '../../runtime/components/Loading.js';
import { TextField } from '../../runtime/components/TextField.js';
import { Layout } from '../app/Layout.js';
import { OptionsEditor } from '../editor/OptionsEditor.js';
import { TeamSelect } from '../editor/TeamSelect.js';
import { TableHead } from '../editor/TableHead.js';
import type { Option } from '../model/index.js';
import { listIdOf, optionListsApi, type OptionListSummary } from './api.js';
import { problemsOf, type ListProblems } from './problems.js';
import { DescriptionField } from './DescriptionField.js';

export function OptionListsPage() {
  const [loaded, retry] = useLoad(optionListsApi.list, []);
  return (
    <Layout title="Shared option lists">
      <h1 className="govuk-heading-l">Shared option lists</h1>
      <p className="govuk-body">A shared list is a set of options (each with the code the ICS receives) written once and used by questions in many forms. A change to a list is saved as a new version; each form takes it up in its own draft, where the form’s change analysis and publishing apply.</p>
      <Loading loaded={loaded} retry={retry}>
        {(lists) => (
          <>
            {lists.length === 0 ? (
              <p className="govuk-body">There are no shared lists yet.</p>
            ) : (
              <div className="app-table-scroll" role="region" aria-label="Shared option lists" tabIndex={0}>
                <table className="govuk-table">
                  <caption className="govuk-table__caption govuk-table__caption--m">Lists and their latest versions</caption>
                  <TableHead columns={['List', 'Version', 'Options', 'Used by']} />
                  <tbody className="govuk-table__body">
                    {lists.map((l) => (
                      <tr className="govuk-table__row" key={l.id}>
                        <td className="govuk-table__cell">
                          <Link href={`/option-lists/${l.id}`} className="govuk-link">
                            {l.name}
                          </Link>
                          <br />
                          <span className="govuk-body-s">{l.id}</span>
                        </td>
                        <td className="govuk-table__cell">Version {l.version}</td>
                        <td className="govuk-table__cell">{l.options.length}</td>
                        <td className="govuk-table__cell">{l.usedBy === 0 ? 'No forms' : l.usedBy === 1 ? '1 form' : `${l.usedBy} forms`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <CreateList />
          </>
        )}
      </Loading>
    </Layout>
  );
}

function CreateList() {
  const [, navigate] = useLocation();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [team, setTeam] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  const invalidOptions = useRef(false);
  const onInvalid = useCallback((invalid: boolean) => {
    invalidOptions.current = invalid;
  }, []);
  const [problems, setProblems] = useState<ListProblems>({ fields: {}, summary: [] });
  const [busy, setBusy] = useState(false);

  async function create(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Enter a name for the list';
    if (!team) found.team = 'Choose the team that owns the list';
    if (options.length === 0) found.options = 'Add at least one option';
    else if (invalidOptions.current) found.options = 'Put right the options marked in the table';
    setProblems({ fields: found, summary: Object.entries(found).map(([k, message]) => ({ target: k === 'options' ? 'new-list-options-add' : `new-list-${k}`, message })) });
    if (Object.keys(found).length) return;
    setBusy(true);
    const id = listIdOf(name.trim());
    try {
      await optionListsApi.create({ id, name: name.trim(), description: description.trim(), team, options, changeNote: 'First version.' });
      navigate(`/option-lists/${id}?created=1`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setProblems({ fields: { name: `There is already a list with the id “${id}”: give this one another name, or change that list instead` }, summary: [{ target: 'new-list-name', message: `There is already a list with the id “${id}”: give this one another name, or change that list instead` }] });
      } else setProblems(problemsOf(err, 'new-list', 'The list could not be created.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h2 className="govuk-heading-m" id="create-list">
        Create a list
      </h2>
      <ErrorSummary items={problems.summary} />
      <form onSubmit={(e) => void create(e)} noValidate className="app-panel" aria-labelledby="create-list">
        <TextField id="new-list-name" label="Name" hint={`What analysts see when they choose a list, e.g. Reasons for absence.${name.trim() ? ` Its id will be ${listIdOf(name.trim())}.` : ''}`} value={name} onChange={setName} error={problems.fields.name} />
        <DescriptionField id="new-list-description" value={description} onChange={setDescription} error={problems.fields.description} />
        <TeamSelect id="new-list-team" value={team} onChange={setTeam} error={problems.fields.team} owns="list" />
        {problems.fields.options && (
          <p className="govuk-error-message" id="new-list-options-error">
            <span className="govuk-visually-hidden">Error:</span> {problems.fields.options}
          </p>
        )}
        <OptionsEditor id="new-list-options" options={options} onCommit={setOptions} onInvalid={onInvalid} hint="The label is what people see; the code is what is stored and sent to the ICS (its code for the value, e.g. an ICS reason code)." />
        <button type="submit" className="govuk-button" disabled={busy}>
          Create the list
        </button>
      </form>
    </>
  );
}
