/**
 * One shared option list: change it as its next version (name, description, team, options, a
 * change note), see first what the change does ("Check this change": options added, removed or
 * relabelled, removed ones breaking, and the forms using the list), then save it with If-Match
 * (someone else saving first is said, with a way to reload). Below: the forms using the list,
 * each linking to its editor, and the list's versions.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearch } from 'wouter';
import { ApiError } from '../../runtime/api/client.js';
import { useLoad } from '../../runtime/app/use-load.js';
import { ErrorSummary } from '../../runtime/components/ErrorSummary.js';
import { Loading } from '../../runtime/components/Loading.js';
import { SuccessBanner } from '../../runtime/components/SuccessBanner.js';
import { TextField } from '../../runtime/components/TextField.js';
import { Layout } from '../app/Layout.js';
import { OptionsEditor } from '../editor/OptionsEditor.js';
import { TeamSelect } from '../editor/TeamSelect.js';
import { TableHead } from '../editor/TableHead.js';
import { ChangeList } from '../editor/VersionsPanel.js';
import type { Option } from '../model/index.js';
import { optionListsApi, type OptionListBody, type OptionListChange, type OptionListUsage, type OptionListVersion } from './api.js';
import { DescriptionField } from './DescriptionField.js';
import { problemsOf, type ListProblems } from './problems.js';

interface Loaded {
  newest: OptionListVersion;
  usage: OptionListUsage[];
  etag: string;
  versions: OptionListVersion[];
}

async function load(id: string): Promise<Loaded> {
  const [res, versions] = await Promise.all([optionListsApi.get(id), optionListsApi.versions(id)]);
  const { usage, ...newest } = res.body;
  return { newest, usage: usage ?? [], etag: res.etag ?? `"${newest.version}"`, versions };
}

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function OptionListPage({ listId }: { listId: string }) {
  const [loaded, retry] = useLoad(() => load(listId), [listId]);
  const created = new URLSearchParams(useSearch()).has('created');
  // What was just saved: said, with focus, on the list loaded after it — only there: shown on the
  // list still on the page while the new one loads, it took focus twice (a screen reader said it
  // twice) and lost it to the page when that list went.
  const [done, setDone] = useState<{ text: string; version: number } | null>(created ? { text: 'The list is created as version 1.', version: 1 } : null);
  return (
    <Layout title={loaded.state === 'ready' ? loaded.value.newest.name : 'Shared option list'}>
      <Link href="/option-lists" className="govuk-back-link govuk-!-margin-top-0">
        All shared option lists
      </Link>
      <Loading loaded={loaded} retry={retry} failedHeading="The list could not be opened">
        {(v) => (
          <ListEditor
            key={`${v.newest.version}`}
            loaded={v}
            done={done?.version === v.newest.version ? done.text : null}
            reload={(what) => {
              setDone(what ? { text: what, version: v.newest.version + 1 } : null);
              retry();
            }}
          />
        )}
      </Loading>
    </Layout>
  );
}

function ListEditor({ loaded, done, reload }: { loaded: Loaded; done: string | null; reload(done?: string): void }) {
  const { newest, usage, versions, etag } = loaded;
  const next = newest.version + 1;
  const [name, setName] = useState(newest.name);
  const [description, setDescription] = useState(newest.description ?? '');
  const [team, setTeam] = useState(newest.team);
  const [options, setOptions] = useState<Option[]>(newest.options);
  const [changeNote, setChangeNote] = useState('');
  const [optionsInvalid, setOptionsInvalid] = useState(false);
  const onInvalid = useCallback((invalid: boolean) => setOptionsInvalid(invalid), []);
  const [problems, setProblems] = useState<ListProblems>({ fields: {}, summary: [] });
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);

  const body: OptionListBody = useMemo(() => ({ name: name.trim(), description: description.trim(), team, options, changeNote: changeNote.trim() }), [name, description, team, options, changeNote]);
  const bodyKey = JSON.stringify(body);
  // What "Check this change" found, for the body it checked: any edit after it asks for a new check.
  const [check, setCheck] = useState<{ key: string; changes: OptionListChange[]; usage: OptionListUsage[] } | null>(null);
  const checked = check?.key === bodyKey ? check : null;
  const checkHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (checked) checkHeading.current?.focus();
  }, [checked]);

  /** What the analyst can put right before asking the server. */
  function ownProblems(): boolean {
    const found: Record<string, string> = {};
    if (!body.name) found.name = 'Enter a name for the list';
    else if (body.name.length > 120) found.name = 'The name can be at most 120 characters';
    if ((body.description ?? '').length > 500) found.description = 'The description can be at most 500 characters';
    if (!team) found.team = 'Choose the team that owns the list';
    const unchanged = body.name === newest.name && body.description === (newest.description ?? '') && team === newest.team && JSON.stringify(options) === JSON.stringify(newest.options);
    if (unchanged) found.options = `Nothing is changed from version ${newest.version} yet: change the name, description, team or options first`;
    if (optionsInvalid) found.options = 'Put right the options marked in the table';
    if (!body.changeNote) found.changeNote = `Write what changed in version ${next}, for the analysts whose forms use the list`;
    else if ((body.changeNote ?? '').length > 500) found.changeNote = 'The change note can be at most 500 characters';
    const ids: Record<string, string> = { name: 'list-name', description: 'list-description', team: 'list-team', options: 'list-options-add', changeNote: 'list-change-note' };
    setProblems({ fields: found, summary: Object.entries(found).map(([k, message]) => ({ target: ids[k]!, message })) });
    return Object.keys(found).length > 0;
  }

  async function runCheck() {
    if (ownProblems()) return;
    setBusy(true);
    try {
      const r = await optionListsApi.check(newest.listId, body);
      setCheck({ key: bodyKey, changes: r.changes, usage: r.usage });
    } catch (err) {
      setProblems(problemsOf(err, 'list', 'The change could not be checked.'));
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    if (ownProblems()) return;
    setBusy(true);
    try {
      await optionListsApi.save(newest.listId, body, etag);
      reload(`Version ${next} of “${body.name}” is saved. Forms using the list keep their version until their drafts are updated to this one.`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) setStale(true);
      else setProblems(problemsOf(err, 'list', 'The list could not be saved.'));
    } finally {
      setBusy(false);
    }
  }

  const forms = usage.filter((u) => u.status !== 'retired');
  const affected = checked?.usage ?? usage;
  const breaking = checked?.changes.some((c) => c.breaking) ?? false;
  return (
    <>
      <span className="govuk-caption-l">Shared option list, version {newest.version}</span>
      <h1 className="govuk-heading-l">{newest.name}</h1>
      {done && <SuccessBanner id="list-done" heading={done} focus />}
      {stale && <StaleNotice onReload={() => reload()} />}
      <ErrorSummary items={problems.summary} />
      <p className="govuk-body">
        Id: <code>{newest.listId}</code>. Owned by {newest.team}. Version {newest.version} saved on {when.format(new Date(newest.createdAt))}.
      </p>

      <form className="app-panel" aria-labelledby="change-list" noValidate onSubmit={(e) => e.preventDefault()}>
        <h2 className="govuk-heading-m" id="change-list">
          Change the list (as version {next})
        </h2>
        <p className="govuk-body">Saving makes version {next}. No form changes until its draft is updated to the new version, so published forms keep working as they are.</p>
        <TextField id="list-name" label="Name" value={name} onChange={setName} error={problems.fields.name} />
        <DescriptionField id="list-description" value={description} onChange={setDescription} error={problems.fields.description} />
        <TeamSelect id="list-team" value={team} onChange={setTeam} error={problems.fields.team} owns="list" />
        {problems.fields.options && (
          <p className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {problems.fields.options}
          </p>
        )}
        <OptionsEditor id="list-options" options={options} onCommit={setOptions} onInvalid={onInvalid} hint="The label is what people see; the code is what is stored and sent to the ICS. Removing an option or changing its code breaks answers already given in forms that take up the new version." />
        <div className={`govuk-form-group${problems.fields.changeNote ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="list-change-note">
            What changed in version {next}
          </label>
          <div className="govuk-hint" id="list-change-note-hint">
            Analysts updating their forms to version {next} read this.
          </div>
          {problems.fields.changeNote && (
            <p className="govuk-error-message" id="list-change-note-error">
              <span className="govuk-visually-hidden">Error:</span> {problems.fields.changeNote}
            </p>
          )}
          <textarea
            className={`govuk-textarea${problems.fields.changeNote ? ' govuk-textarea--error' : ''}`}
            id="list-change-note"
            rows={2}
            value={changeNote}
            aria-describedby={`list-change-note-hint${problems.fields.changeNote ? ' list-change-note-error' : ''}`}
            aria-invalid={problems.fields.changeNote ? true : undefined}
            onChange={(e) => setChangeNote(e.target.value)}
          />
        </div>
        {!checked ? (
          <button type="button" className="govuk-button" disabled={busy} onClick={() => void runCheck()}>
            Check this change
          </button>
        ) : (
          <div role="status">
            <h3 className="govuk-heading-s" tabIndex={-1} ref={checkHeading} id="list-check-title">
              What version {next} changes
            </h3>
            <ChangeList changes={checked.changes} />
            <UsageWords usage={affected} breaking={breaking} />
            <button type="button" className="govuk-button" disabled={busy} onClick={() => void save()}>
              Save as version {next}
            </button>
          </div>
        )}
      </form>

      <h2 className="govuk-heading-m" id="used-by">
        Used by
      </h2>
      {forms.length === 0 ? <p className="govuk-body">No form uses this list yet. Choose it in a choice question’s properties, under “Where the options come from”.</p> : <UsageTable usage={forms} />}

      <h2 className="govuk-heading-m">Versions</h2>
      <table className="govuk-table">
        <caption className="govuk-visually-hidden">The versions of the list, newest first</caption>
        <TableHead columns={['Version', 'Saved', 'Options', 'Change note']} />
        <tbody className="govuk-table__body">
          {versions.map((v) => (
            <tr className="govuk-table__row" key={v.version}>
              <td className="govuk-table__cell">{v.version}</td>
              <td className="govuk-table__cell">
                {when.format(new Date(v.createdAt))}
              </td>
              <td className="govuk-table__cell">{v.options.map((o) => `${o.label} (${o.code})`).join(', ')}</td>
              <td className="govuk-table__cell">{v.changeNote || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Which forms a change reaches: they keep their version until updated, and breaking ones are named. */
function UsageWords({ usage, breaking }: { usage: OptionListUsage[]; breaking: boolean }) {
  const forms = [...new Map(usage.filter((u) => u.status !== 'retired').map((u) => [u.formId, u.formTitle])).values()];
  if (forms.length === 0) return <p className="govuk-body">No form uses this list yet.</p>;
  return (
    <div className={breaking ? 'govuk-warning-text' : ''}>
      {breaking && (
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
      )}
      <div className={breaking ? 'govuk-warning-text__text' : ''}>
        {breaking && <span className="govuk-visually-hidden">Warning</span>}
        <p className="govuk-body">
          {forms.length === 1 ? 'This form uses the list' : `These ${forms.length} forms use the list`}: {forms.map((f) => `“${f}”`).join(', ')}.{' '}
          {breaking
            ? `Updating ${forms.length === 1 ? 'its draft' : 'their drafts'} to the new version will be a breaking change for answers already given.`
            : `${forms.length === 1 ? 'It keeps' : 'Each keeps'} its version until its draft is updated.`}
        </p>
      </div>
    </div>
  );
}

function UsageTable({ usage }: { usage: OptionListUsage[] }) {
  return (
    <table className="govuk-table" aria-labelledby="used-by">
      <TableHead columns={['Form', 'Form version', 'Question', 'List version']} />
      <tbody className="govuk-table__body">
        {usage.map((u) => (
          <tr className="govuk-table__row" key={`${u.formId}|${u.version}|${u.fieldPath}`}>
            <td className="govuk-table__cell">
              <Link href={`/forms/${u.formId}`} className="govuk-link">
                {u.formTitle}
                <span className="govuk-visually-hidden">: open in the editor</span>
              </Link>
            </td>
            <td className="govuk-table__cell">
              {u.version} ({u.status})
            </td>
            <td className="govuk-table__cell">{u.field}</td>
            <td className="govuk-table__cell">Version {u.listVersion}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Someone saved a newer version first: nothing was saved here; reload to see theirs. */
function StaleNotice({ onReload }: { onReload(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="govuk-error-summary" role="region" aria-labelledby="list-stale-title">
      <h2 className="govuk-error-summary__title" id="list-stale-title" tabIndex={-1} ref={heading}>
        Someone else saved a newer version of this list
      </h2>
      <div className="govuk-error-summary__body">
        <p className="govuk-body">Your change was not saved, so that theirs is not overwritten. Reload the list to see their version, then make your change again.</p>
        <button type="button" className="govuk-button" onClick={onReload}>
          Reload the list
        </button>
      </div>
    </div>
  );
}
