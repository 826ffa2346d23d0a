/**
 * Starting a form: ask for the ids the form is about, create the draft, open it. When the ICS
 * directory is loaded, the child is found by a search and confirmed on a card (name, date of
 * birth, allocated worker…) instead of typing their id.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { ApiError, NetworkError, api } from '../api/client.js';
import type { ChildCard, ChildSearchResult, FormSummary, FormVersion, Submission, SubjectKey } from '../api/types.js';
import { Layout } from '../app/Layout.js';
import { useLoad } from '../app/use-load.js';
import { ErrorSummary } from '../components/ErrorSummary.js';
import { Loading } from '../components/Loading.js';
import { TextField } from '../components/TextField.js';
import { setIn, toPath } from '../form/paths.js';
import { ChildSearch } from '../directory/ChildSearch.js';
import { ChildSummary } from '../directory/ChildSummary.js';

const SUBJECT: Record<SubjectKey, { label: string; hint: string }> = {
  childId: { label: "Child's ICS person ID", hint: 'As shown on the child’s record in the ICS, up to 20 letters and numbers.' },
  episodeId: { label: 'Episode or referral ID', hint: 'Up to 20 letters and numbers.' },
  workerId: { label: "Worker's ICS ID", hint: 'The ICS worker ID of the person this record is about.' },
};
const ICS_ID = /^[A-Za-z0-9][A-Za-z0-9/_-]{0,19}$/;
const SEARCH = { label: 'Find the child', hint: 'Type their name, ICS person ID or date of birth (for example 2/3/2015), then choose them from the list.' };

/** Is the ICS directory of children loaded (so a child is found by searching)? Not when it cannot be asked. */
async function directoryLoaded(): Promise<boolean> {
  try {
    return (await api.get<ChildSearchResult>('/api/directory/children?limit=1')).body.loaded;
  } catch (err) {
    if (err instanceof ApiError) return false;
    throw err;
  }
}

/** Is the answer at `pointer` always required by the form (each step of the way in its parent's `required`)? */
function requiredAt(schema: Record<string, unknown>, pointer: string | undefined): boolean {
  if (!pointer) return false;
  let node: Record<string, unknown> | undefined = schema;
  for (const name of pointer.split('/').slice(1)) {
    if (!node || !Array.isArray(node.required) || !node.required.includes(name)) return false;
    node = (node.properties as Record<string, Record<string, unknown>> | undefined)?.[name];
  }
  return true;
}

export function StartPage({ formId }: { formId: string }) {
  const [, navigate] = useLocation();
  const [loaded, retry] = useLoad(async () => {
    const form = (await api.get<FormSummary>(`/api/forms/${encodeURIComponent(formId)}`)).body;
    const version = form.currentVersion ? (await api.get<FormVersion>(`/api/forms/${encodeURIComponent(formId)}/versions/${form.currentVersion}`)).body : null;
    // An id is required at the start when the answer it fills in is always required.
    const required = new Set((Object.keys(form.subject ?? {}) as SubjectKey[]).filter((k) => version && requiredAt(version.schema, form.subject?.[k])));
    const search = form.subject?.childId !== undefined && (await directoryLoaded());
    return { form, required, search };
  }, [formId]);
  const [values, setValues] = useState<Partial<Record<SubjectKey, string>>>({});
  const [errors, setErrors] = useState<Partial<Record<SubjectKey | 'form', string>>>({});
  const [busy, setBusy] = useState(false);
  /** The child chosen in the search, and what was typed to find them (kept for "Choose a different child"). */
  const [child, setChild] = useState<{ card: ChildCard; query: string } | null>(null);
  const focusTo = useRef<'card' | 'search' | null>(null);
  const cardHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const to = focusTo.current;
    focusTo.current = null;
    if (to === 'card') cardHeading.current?.focus();
    else if (to === 'search') document.getElementById('subject-childId')?.focus();
  }, [child]);

  async function switchToKept(id: string, query: string) {
    try {
      const card = (await api.get<ChildCard>(`/api/directory/children/${encodeURIComponent(id)}`)).body;
      focusTo.current = 'card';
      setChild({ card, query });
    } catch (err) {
      setErrors({ childId: err instanceof ApiError ? `There is no child with ICS person ID ${id} in the directory that you can read. Search for the child again.` : 'The service cannot be reached. Check your connection and try again.' });
    }
  }
  // One key per start, so pressing the button twice (or a retry) cannot create two drafts.
  const key = useRef(crypto.randomUUID());

  async function start(e: FormEvent, form: FormSummary, required: Set<SubjectKey>, search: boolean) {
    e.preventDefault();
    const fields = Object.keys(form.subject ?? {}) as SubjectKey[];
    const chosen = (f: SubjectKey) => (f === 'childId' && search ? (child?.card.id ?? '') : (values[f] ?? '').trim());
    const found: typeof errors = {};
    for (const f of fields) {
      const v = chosen(f);
      if (!v && required.has(f)) found[f] = f === 'childId' && search ? 'Search for the child by name, ICS person ID or date of birth, and choose them from the list' : `Enter the ${SUBJECT[f].label.replace(/^Child's/, "child's").replace(/^Worker's/, "worker's")}`;
      else if (v && !ICS_ID.test(v)) found[f] = `${SUBJECT[f].label} must be up to 20 letters and numbers`;
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    let data: Record<string, unknown> = {};
    const subject: Partial<Record<SubjectKey, string>> = {};
    for (const f of fields) {
      const v = chosen(f);
      if (!v) continue;
      subject[f] = v;
      const pointer = form.subject?.[f];
      if (pointer) data = setIn(data, toPath(pointer), v) as Record<string, unknown>;
    }
    setBusy(true);
    try {
      const res = await api.post<Submission>('/api/submissions', { formId: form.id, subject, data, status: 'draft' }, { idempotencyKey: key.current });
      navigate(`/records/${res.body.id}`, { replace: true });
    } catch (err) {
      // A refusal about one of the ids (an unknown child) is shown at its field.
      const at = err instanceof ApiError ? fields.filter((f) => err.problem.errors?.some((p) => p.pointer === `/subject/${f}`)) : [];
      if (err instanceof ApiError && at.length) {
        if (search && at.includes('childId')) {
          focusTo.current = 'search';
          setChild(null);
        }
        setErrors(Object.fromEntries(at.map((f) => [f, err.problem.errors!.find((p) => p.pointer === `/subject/${f}`)!.message])));
      } else setErrors({ form: err instanceof ApiError ? err.problem.detail : err instanceof NetworkError ? 'The service cannot be reached. Check your connection and try again.' : 'The form could not be started.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Layout title={`${Object.keys(errors).length ? 'Error: ' : ''}${loaded.state === 'ready' ? `${loaded.value.form.title}: start a form` : 'Start a form'}`} backTo={{ href: '/', label: 'Back to your forms' }}>
      <Loading loaded={loaded} retry={retry} failedHeading="The form could not be started">
        {({ form, required, search }) => {
          const fields = Object.keys(form.subject ?? {}) as SubjectKey[];
          const items = [
            ...(errors.form ? [{ target: fields[0] ? `subject-${fields[0]}` : 'start', message: errors.form }] : []),
            ...fields.filter((f) => errors[f]).map((f) => ({ target: `subject-${f}`, message: errors[f]! })),
          ];
          return (
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-two-thirds">
                <ErrorSummary items={items} />
                <span className="govuk-caption-l">Start a form</span>
                <h1 className="govuk-heading-l">{form.title}</h1>
                {form.description && <p className="govuk-body">{form.description}</p>}
                <form onSubmit={(e) => void start(e, form, required, search)} noValidate>
                  {fields.map((f) =>
                    f === 'childId' && search ? (
                      child ? (
                        <div key={f} className="govuk-!-margin-bottom-6">
                          <ChildSummary id="child-chosen" child={child.card} ref={cardHeading} />
                          <div className="govuk-button-group">
                            {child.card.mergedInto && (
                              <button type="button" className="govuk-button" onClick={() => void switchToKept(child.card.mergedInto!, child.query)}>
                                Use {child.card.mergedInto} instead
                              </button>
                            )}
                            <button
                              type="button"
                              className="govuk-button govuk-button--secondary"
                              onClick={() => {
                                focusTo.current = 'search';
                                setChild(null);
                              }}
                            >
                              Choose a different child
                            </button>
                          </div>
                        </div>
                      ) : (
                        <ChildSearch
                          key={f}
                          id={`subject-${f}`}
                          label={required.has(f) ? SEARCH.label : `${SEARCH.label} (optional)`}
                          hint={SEARCH.hint}
                          error={errors[f]}
                          initialQuery={values.childId ?? ''}
                          onChoose={(card, query) => {
                            focusTo.current = 'card';
                            setValues((old) => ({ ...old, childId: query }));
                            setErrors(({ childId: _gone, ...rest }) => rest);
                            setChild({ card, query });
                          }}
                        />
                      )
                    ) : (
                    <TextField
                      key={f}
                      id={`subject-${f}`}
                      label={required.has(f) ? SUBJECT[f].label : `${SUBJECT[f].label} (optional)`}
                      hint={SUBJECT[f].hint}
                      className="govuk-input--width-20"
                      spellCheck={false}
                      autoComplete="off"
                      value={values[f] ?? ''}
                      error={errors[f]}
                      onChange={(v) => setValues((old) => ({ ...old, [f]: v }))}
                    />
                    ),
                  )}
                  <p className="govuk-body">Your answers are saved as you go. You can leave and come back to this draft from your forms.</p>
                  <button type="submit" id="start" className="govuk-button" disabled={busy}>
                    {child ? 'Start the form' : 'Start now'}
                  </button>
                </form>
              </div>
            </div>
          );
        }}
      </Loading>
    </Layout>
  );
}
