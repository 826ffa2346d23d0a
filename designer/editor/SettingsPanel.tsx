/**
 * The form's own settings (not versioned): its title, category, description, owning team, the
 * prefix of its records' references, and which ids a new record asks for before the form opens
 * (the child, the episode, the worker), each optionally filling in one of the form's short-text
 * questions.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, api, revisionOf } from '../../runtime/api/client.js';
import { useLoad } from '../../runtime/app/use-load.js';
import { ErrorSummary } from '../../runtime/components/ErrorSummary.js';
import { Loading } from '../../runtime/components/Loading.js';
import { TextField } from '../../runtime/components/TextField.js';
import { outlineFields, type DesignNode } from '../model/index.js';
import { TeamSelect } from './TeamSelect.js';
import { CATEGORIES } from './categories.js';
import { SelectProp } from './inputs.js';
import { defaultReferencePrefix, referencePrefixProblem } from '../../engine/forms/reference-prefix.js';
import { referenceYear } from '../../engine/submissions/reference.js';

import type { FormSummary, SubjectKey } from '../../runtime/api/types.js';
const SUBJECT: ReadonlyArray<readonly [SubjectKey, string]> = [
  ['childId', "The child's ICS id"],
  ['episodeId', 'The episode id'],
  ['workerId', "The worker's id"],
];

type FormSettings = Omit<FormSummary, 'currentVersion'>;

/** The subject setting as one select's value: absent → 'no', '' → 'ask', a pointer → 'fill:<pointer>'. */
const choiceOf = (v: string | undefined) => (v === undefined ? 'no' : v === '' ? 'ask' : `fill:${v}`);

export function SettingsPanel({ formId, root, onSaved }: { formId: string; root: DesignNode; onSaved(form: FormSettings): void }) {
  const [loaded, retry] = useLoad(async () => {
    const res = await api.get<FormSettings>(`/api/forms/${encodeURIComponent(formId)}`);
    return { form: res.body, revision: revisionOf(res.etag) };
  }, [formId]);
  return <Loading loaded={loaded} retry={retry}>{(v) => <SettingsForm initial={v.form} revision={v.revision} root={root} onSaved={onSaved} />}</Loading>;
}

function SettingsForm({ initial, revision, root, onSaved }: { initial: FormSettings; revision: number | null; root: DesignNode; onSaved(form: FormSettings): void }) {
  const [title, setTitle] = useState(initial.title);
  const [category, setCategory] = useState(initial.category);
  const [description, setDescription] = useState(initial.description);
  const [team, setTeam] = useState(initial.team);
  const [prefix, setPrefix] = useState(initial.referencePrefix ?? defaultReferencePrefix(initial.id));
  const [subject, setSubject] = useState<Record<SubjectKey, string>>({
    childId: choiceOf(initial.subject?.childId),
    episodeId: choiceOf(initial.subject?.episodeId),
    workerId: choiceOf(initial.subject?.workerId),
  });
  const [rev, setRev] = useState(revision);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  // Questions that can hold an id: short text (person ids are short text) outside any list.
  const candidates = outlineFields(root).filter((n) => n.kind === 'field' && (n.fieldKind === 'short-text' || n.fieldKind === 'person-id') && n.dataPointer && !inList(root, n));

  async function save(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = 'Enter a title for the form';
    if (!team) found.team = 'Choose the team that owns the form';
    const prefixProblem = referencePrefixProblem(prefix.trim());
    if (prefixProblem) found.referencePrefix = prefixProblem;
    setErrors(found);
    if (Object.keys(found).length) return;
    const subjectOut: Partial<Record<SubjectKey, string>> = {};
    for (const [k] of SUBJECT) {
      const c = subject[k];
      if (c === 'ask') subjectOut[k] = '';
      else if (c.startsWith('fill:')) subjectOut[k] = c.slice(5);
    }
    try {
      const res = await api.patch<FormSettings>(`/api/forms/${encodeURIComponent(initial.id)}`, { title: title.trim(), category, description, team: team.trim(), referencePrefix: prefix.trim(), subject: subjectOut }, rev === null ? {} : { ifMatch: `"${rev}"` });
      setRev(revisionOf(res.etag));
      setDone('The settings are saved.');
      onSaved(res.body);
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        setErrors(Object.fromEntries(err.problem.errors.map((x) => [x.pointer.replace(/^\//, '').replace('/', '-'), x.message])));
      } else if (err instanceof ApiError && err.status === 412) {
        setErrors({ title: 'Someone else changed these settings meanwhile. Reload the page to see their changes.' });
      } else {
        setErrors({ title: err instanceof ApiError ? err.problem.detail : 'The service cannot be reached. Try again.' });
      }
    }
  }

  const summary = Object.entries(errors).map(([k, message]) => ({ target: `settings-${k}`, message }));
  return (
    <section aria-labelledby="settings-heading">
      <h2 className="govuk-heading-m" id="settings-heading">
        Form settings
      </h2>
      <p className="govuk-body">These belong to the form itself, not to a version: a change applies at once, also to versions already published.</p>
      <ErrorSummary items={summary} />
      {done && (
        <div className="govuk-inset-text" role="status">
          {done}
        </div>
      )}
      <form onSubmit={(e) => void save(e)} noValidate>
        <TextField id="settings-title" label="Title" hint="What social workers see" value={title} onChange={setTitle} error={errors.title} />
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="settings-description">
            Description (optional)
          </label>
          <textarea className="govuk-textarea" id="settings-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <SelectProp id="settings-category" label="Category" value={category} options={CATEGORIES} onChange={setCategory} />
        <TeamSelect id="settings-team" value={team} onChange={setTeam} error={errors.team} />
        <TextField
          id="settings-referencePrefix"
          label="Reference prefix"
          hint={`1 to 8 capital letters and digits, starting with a letter. Records will be numbered like ${example(prefix, initial.referencePrefix ?? defaultReferencePrefix(initial.id))}. Records already made keep their references.`}
          className="govuk-input--width-5"
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="characters"
          value={prefix}
          onChange={setPrefix}
          error={errors.referencePrefix}
        />
        <fieldset className="govuk-fieldset" aria-describedby="settings-subject-hint">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Before the form opens, ask for</legend>
          <div className="govuk-hint" id="settings-subject-hint">
            These ids say whose record it is and where it goes in the case recording system. An id can also fill in a question of the form.
          </div>
          {SUBJECT.map(([k, words]) => {
            const error = errors[`subject-${k}`];
            return (
              <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`} key={k}>
                <label className="govuk-label" htmlFor={`settings-subject-${k}`}>
                  {words}
                </label>
                {error && (
                  <p className="govuk-error-message" id={`settings-subject-${k}-error`}>
                    <span className="govuk-visually-hidden">Error:</span> {error}
                  </p>
                )}
                <select
                  className={`govuk-select${error ? ' govuk-select--error' : ''}`}
                  id={`settings-subject-${k}`}
                  aria-describedby={error ? `settings-subject-${k}-error` : undefined}
                  value={subject[k]}
                  onChange={(e) => setSubject({ ...subject, [k]: e.target.value })}
                >
                  <option value="no">Do not ask for it</option>
                  <option value="ask">Ask for it</option>
                  {candidates.map((n) => (
                    <option key={n.dataPointer} value={`fill:${n.dataPointer}`}>
                      Ask for it, and fill in “{n.label}”
                    </option>
                  ))}
                  {subject[k].startsWith('fill:') && !candidates.some((n) => `fill:${n.dataPointer}` === subject[k]) && <option value={subject[k]}>Fill in {subject[k].slice(5)} (no longer a question of this draft)</option>}
                </select>
              </div>
            );
          })}
        </fieldset>
        <button type="submit" className="govuk-button">
          Save the settings
        </button>
      </form>
    </section>
  );
}

/** An example reference with the prefix being typed (the saved one while what is typed cannot be one). */
function example(typed: string, saved: string): string {
  const prefix = referencePrefixProblem(typed.trim()) ? saved : typed.trim();
  return `${prefix}-${referenceYear(new Date())}-000123`;
}

/** Whether `n` is inside a repeating group (its answer is one per row, not one per record). */
function inList(root: DesignNode, n: DesignNode): boolean {
  const walk = (node: DesignNode, listed: boolean): boolean | null => {
    if (node === n || node.path === n.path) return listed;
    for (const c of node.children) {
      const r = walk(c, listed || node.kind === 'repeatable-group');
      if (r !== null) return r;
    }
    return null;
  };
  return walk(root, false) ?? false;
}
