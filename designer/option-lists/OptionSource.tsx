/**
 * "Where the options come from", in a choice question's properties: options written for this
 * question (the options editor, given as children) or a shared list. With a list, its options are
 * shown read only with its name and version; a newer version of the list is offered ("Update to
 * version 3"); "Stop using the shared list" keeps the options as the question's own.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { useLoad } from '../../runtime/app/use-load.js';
import type { FieldProps, SharedListVersion } from '../model/index.js';
import { TableHead } from '../editor/TableHead.js';
import { optionListsApi, type OptionListSummary } from './api.js';

export interface OptionSourceProps {
  id: string;
  field: FieldProps;
  /** Take the options from this version of a list (choosing one, or updating). */
  onUse(list: SharedListVersion): void;
  /** Keep the list's options as the question's own. */
  onStop(listName: string | undefined): void;
  /** The options editor, for options written for this question. */
  children: ReactNode;
}

export function OptionSource({ id, field, onUse, onStop, children }: OptionSourceProps) {
  const ref = field.optionList;
  const [wantShared, setWantShared] = useState(false);
  const shared = ref !== undefined || wantShared;
  // The lists are asked for only when they are wanted (not for every choice question selected).
  const [loaded, retry] = useLoad(() => (shared ? optionListsApi.list() : Promise.resolve([])), [shared]);
  const lists = loaded.state === 'ready' ? loaded.value : [];
  const [chosen, setChosen] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const list = ref ? lists.find((l) => l.id === ref.id) : undefined;
  const listName = list?.name ?? ref?.id;

  // After an action, focus goes to what took the place of the button pressed.
  const focusNext = useRef<string | null>(null);
  const refKey = ref ? `${ref.id}@${ref.version}` : '';
  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    requestAnimationFrame(() => document.getElementById(target)?.focus());
  }, [refKey]);

  const use = (l: OptionListSummary) => {
    focusNext.current = `${id}-shared`;
    onUse({ id: l.id, version: l.version, name: l.name, options: l.options });
  };
  const stop = () => {
    focusNext.current = `${id}-label-0`;
    setWantShared(false);
    onStop(listName);
  };

  return (
    <>
      <div className="govuk-form-group">
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Where the options come from</legend>
          <div className="govuk-radios govuk-radios--small">
            <div className="govuk-radios__item">
              <input className="govuk-radios__input" type="radio" id={`${id}-source-own`} name={`${id}-source`} checked={!shared} onChange={() => (ref ? stop() : setWantShared(false))} />
              <label className="govuk-label govuk-radios__label" htmlFor={`${id}-source-own`}>
                Options written for this question
              </label>
            </div>
            <div className="govuk-radios__item">
              <input className="govuk-radios__input" type="radio" id={`${id}-source-shared`} name={`${id}-source`} checked={shared} onChange={() => setWantShared(true)} aria-describedby={`${id}-source-shared-hint`} />
              <label className="govuk-label govuk-radios__label" htmlFor={`${id}-source-shared`}>
                A shared list
              </label>
              <div className="govuk-hint govuk-radios__hint" id={`${id}-source-shared-hint`}>
                Options written once (with their ICS codes) and used by many forms.
              </div>
            </div>
          </div>
        </fieldset>
      </div>
      {!shared && children}
      {shared && !ref && (
        <div className="govuk-form-group">
          {loaded.state === 'failed' ? (
            <p className="govuk-body">
              The shared lists could not be loaded.{' '}
              <button type="button" className="app-link-button" onClick={retry}>
                Try again
              </button>
            </p>
          ) : loaded.state === 'ready' && lists.length === 0 ? (
            <p className="govuk-body">
              There are no shared lists yet. <Link href="/option-lists" className="govuk-link">Create one under Shared option lists</Link>.
            </p>
          ) : (
            <>
              <label className="govuk-label govuk-label--s" htmlFor={`${id}-list`}>
                Shared list
              </label>
              {missing && (
                <p className="govuk-error-message" id={`${id}-list-error`}>
                  <span className="govuk-visually-hidden">Error:</span> {missing}
                </p>
              )}
              <div className="app-toolbar">
                <select
                  className={`govuk-select${missing ? ' govuk-select--error' : ''}`}
                  id={`${id}-list`}
                  value={chosen}
                  aria-describedby={missing ? `${id}-list-error` : undefined}
                  aria-invalid={missing ? true : undefined}
                  onChange={(e) => {
                    setChosen(e.target.value);
                    setMissing(null);
                  }}
                >
                  <option value="">{loaded.state === 'ready' ? 'Choose a list' : 'Loading the lists…'}</option>
                  {lists.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name} (version {l.version}, {l.options.length} options)
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary"
                  onClick={() => {
                    const l = lists.find((x) => x.id === chosen);
                    if (l) use(l);
                    else setMissing('Choose the list to take the options from');
                  }}
                >
                  Use this list
                </button>
              </div>
            </>
          )}
        </div>
      )}
      {ref && (
        <div className="govuk-form-group app-shared-list" role="region" aria-labelledby={`${id}-shared`}>
          <h3 className="govuk-heading-s govuk-!-margin-bottom-2" id={`${id}-shared`} tabIndex={-1}>
            Options from the shared list “{listName}”, version {ref.version}
          </h3>
          <p className="govuk-hint">Change them on the list’s page; this question takes up a new version when you update it here.</p>
          <table className="govuk-table">
            <caption className="govuk-visually-hidden">The options of “{listName}”, version {ref.version}</caption>
            <TableHead columns={['Label', 'Code']} />
            <tbody className="govuk-table__body">
              {(field.options ?? []).map((o) => (
                <tr className="govuk-table__row" key={o.code}>
                  <td className="govuk-table__cell">{o.label}</td>
                  <td className="govuk-table__cell">{o.code}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list && list.version > ref.version && (
            <div className="govuk-inset-text govuk-!-margin-top-0">
              <p className="govuk-body" id={`${id}-newer`}>
                Version {list.version} of this list is available.
              </p>
              <button type="button" className="govuk-button govuk-!-margin-bottom-0" aria-describedby={`${id}-newer`} onClick={() => use(list)}>
                Update to version {list.version}
              </button>
            </div>
          )}
          <div className="govuk-button-group">
            <button type="button" className="govuk-button govuk-button--secondary" onClick={stop}>
              Stop using the shared list
            </button>
            <Link href={`/option-lists/${ref.id}`} className="govuk-link">
              Open the list “{listName}”
            </Link>
          </div>
        </div>
      )}
    </>
  );
}
