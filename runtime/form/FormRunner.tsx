/**
 * Filling in a form: one step at a time, saved as you go (this device at once, the server within
 * two seconds), a "check your answers" step, then submit. Errors from the server appear in a
 * summary at the top and on the fields. A change made elsewhere is never overwritten silently.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { JsonForms } from '@jsonforms/react';
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import type { ErrorObject } from 'ajv';
import { useLocation } from 'wouter';
import { ApiError, NetworkError, api, revisionOf, type FieldError } from '../api/client.js';
import type { FormVersion, MigrationCheck, Submission, SubmissionSummary } from '../api/types.js';
import { ErrorSummary, type SummaryItem } from '../components/ErrorSummary.js';
import { FormRuntimeProvider, renderers } from '../renderers/index.js';
import { conditions } from '../renderers/conditions.js';
import { SummaryView } from '../renderers/summary/SummaryView.js';
import { Autosaver, type SaveState } from './autosave.js';
import { DraftStore } from './draft-store.js';
import { localDrafts, type LocalDraft } from './local-drafts.js';
import { fieldId, toPath } from './paths.js';
import { stepOfPointer, stepsOf, visibleSteps, type Step } from './steps.js';

export interface FormRunnerProps {
  submission: Submission;
  version: FormVersion;
  formTitle: string;
  /** What this device kept, when it holds changes the server has not got. */
  local: LocalDraft | undefined;
  /** Load everything again (after moving to a newer version). */
  reload: () => void;
  /** The record was submitted: show the confirmation. */
  onSubmitted: () => void;
}

const time = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' });

function saveText(s: SaveState): string {
  switch (s.kind) {
    case 'saved':
      return `All changes saved at ${time.format(s.at)}`;
    case 'unsaved':
      return 'Changes not saved yet';
    case 'saving':
      return 'Saving…';
    case 'offline':
      return 'You are offline: your answers are kept on this device and will be saved when the connection returns';
    case 'conflict':
      return 'Not saved: this draft was changed somewhere else';
    case 'failed':
      return `Not saved: ${s.message}`;
  }
}

function recordOf(s: Submission): SubmissionSummary {
  const { data: _d, advisory: _a, ...rest } = s;
  return rest;
}

/** Server errors in the shape JSON Forms shows on fields (keyed by the field's data pointer). */
function toAjvErrors(errors: FieldError[]): ErrorObject[] {
  return errors.map((e) => ({ instancePath: e.pointer, schemaPath: '#', keyword: 'caseforms', params: {}, message: e.message }));
}

/** One step's questions. Memoised: saving, status changes and the like never re-render the form. */
const StepForm = memo(function StepForm(props: { store: DraftStore; schema: JsonSchema; uischema: UISchemaElement; errors: ErrorObject[] }) {
  const runtime = useMemo(() => ({ store: props.store, mode: 'edit' as const }), [props.store]);
  // JSON Forms gets the answers once, when the step opens; fields keep them in step from then on.
  const [data] = useState(() => props.store.data);
  return (
    <FormRuntimeProvider value={runtime}>
      <JsonForms
        schema={props.schema}
        uischema={props.uischema}
        data={data}
        renderers={renderers}
        ajv={conditions as never}
        validationMode="NoValidation"
        additionalErrors={props.errors}
      />
    </FormRuntimeProvider>
  );
});

export function FormRunner({ submission, version, formTitle, local, reload, onSubmitted }: FormRunnerProps) {
  const [, navigate] = useLocation();
  const resumeLocal = local?.dirty && local.baseRevision === submission.revision;
  const conflictOnOpen = Boolean(local?.dirty && local.baseRevision !== submission.revision);
  const store = useMemo(() => new DraftStore(resumeLocal ? local!.data : submission.data), []); // eslint-disable-line react-hooks/exhaustive-deps
  const steps: Step[] = useMemo(() => stepsOf(version.uischema as unknown as UISchemaElement, formTitle), [version, formTitle]);
  const review = steps.length;
  const [step, setStep] = useState(() => Math.min(local?.step ?? 0, review));
  const stepRef = useRef(step);
  stepRef.current = step;
  const focusRef = useRef<string | null>(local?.focusPath ?? null);
  const [formKey, setFormKey] = useState(0);
  const [saveState, setSaveState] = useState<SaveState>(conflictOnOpen ? { kind: 'conflict' } : { kind: 'saved', at: new Date(submission.updatedAt) });
  const adviceRef = useRef<FieldError[]>(submission.advisory ?? []);
  const [shown, setShown] = useState<FieldError[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [migration, setMigration] = useState<MigrationCheck | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Came from "Check your answers" to change something: continuing goes back there. */
  const [fromReview, setFromReview] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const saver = useRef<Autosaver | null>(null);

  useEffect(() => {
    const s = new Autosaver({
      store,
      submissionId: submission.id,
      revision: submission.revision,
      record: recordOf(submission),
      formTitle,
      position: () => ({ step: stepRef.current, focusPath: focusRef.current }),
      onState: setSaveState,
      onAdvice: (a) => (adviceRef.current = a),
    });
    saver.current = s;
    if (conflictOnOpen) s.stop();
    // Answers kept on this device while the server was out of reach go up now.
    if (resumeLocal && local!.data !== submission.data) void s.flush();
    return () => s.stop();
  }, [store]); // eslint-disable-line react-hooks/exhaustive-deps

  // Resume exactly where the user was: the field they were in, else the step's heading.
  useEffect(() => {
    const target = focusRef.current && document.getElementById(focusRef.current);
    if (target) target.focus();
    // Only on first open.
  }, []);

  // A newer version of the form: offer to move the draft if nothing breaking touches it.
  useEffect(() => {
    let live = true;
    const check = () =>
      api
        .get<MigrationCheck>(`/api/submissions/${submission.id}/migration`)
        .then((r) => live && setMigration(r.body.to > r.body.from ? r.body : null))
        .catch(() => {});
    void check();
    const timer = setInterval(check, 60_000);
    const onVisible = () => document.visibilityState === 'visible' && void check();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [submission.id]);

  const goTo = useCallback(
    (next: number, focusId?: string, keepErrors = false) => {
      // Errors stay on screen only when the user follows one to its field.
      if (!keepErrors) setShown([]);
      setStep(next);
      stepRef.current = next;
      focusRef.current = focusId ?? null;
      void saver.current?.writeLocal();
      requestAnimationFrame(() => {
        const el = focusId ? document.getElementById(focusId) : heading.current;
        el?.focus();
        if (!focusId) window.scrollTo(0, 0);
      });
    },
    [],
  );

  const visible = visibleSteps(steps, store.data, conditions);
  const position = visible.indexOf(step);
  const nextStep = (from: number) => visible.find((i) => i > from) ?? review;
  const prevStep = (from: number) => [...visible].reverse().find((i) => i < from);

  async function saveNow(): Promise<boolean> {
    (document.activeElement as HTMLElement | null)?.blur?.();
    await saver.current?.flush();
    const st = saver.current?.current.kind;
    return st !== 'conflict' && st !== 'failed';
  }

  async function continueOn() {
    if (!(await saveNow())) return;
    // The server's last save said what still needs an answer; this step's share must be fixed first.
    const here = saver.current?.current.kind === 'offline' ? [] : adviceRef.current.filter((e) => stepOfPointer(steps, e.pointer) === step);
    setShown(here);
    if (here.length === 0) {
      goTo(fromReview ? review : nextStep(step));
      setFromReview(false);
    }
  }

  async function submit() {
    if (!(await saveNow())) return;
    setSubmitting(true);
    try {
      await api.post<Submission>(`/api/submissions/${submission.id}/submit`, undefined, { ifMatch: `"${saver.current!.revision}"` });
      saver.current?.stop();
      await localDrafts.remove(submission.id);
      onSubmitted();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setShown(err.problem.errors ?? []);
      else if (err instanceof ApiError && (err.status === 412 || err.status === 409)) setSaveState({ kind: 'conflict' });
      else setNotice(err instanceof NetworkError ? 'You are offline. Your answers are kept on this device; submit again when the connection returns.' : err instanceof ApiError ? err.problem.detail : 'The form could not be submitted.');
    } finally {
      setSubmitting(false);
    }
  }

  async function resolveConflict(keep: 'mine' | 'theirs') {
    const res = await api.get<Submission>(`/api/submissions/${submission.id}`);
    const rev = revisionOf(res.etag) ?? res.body.revision;
    if (res.body.status !== 'draft') return navigate(`/records/${submission.id}`, { replace: true });
    if (keep === 'theirs') {
      store.replace(res.body.data);
      setFormKey((k) => k + 1);
      restart(rev).adopt(rev);
    } else {
      await restart(rev).overwrite(rev);
    }
    setNotice(keep === 'theirs' ? 'You are now working on the version saved elsewhere.' : 'Your version has been saved over the other one.');
  }

  /** A fresh autosaver after a conflict (the old one stopped). */
  function restart(revision: number): Autosaver {
    saver.current?.stop();
    const s = new Autosaver({
      store,
      submissionId: submission.id,
      revision,
      record: recordOf(submission),
      formTitle,
      position: () => ({ step: stepRef.current, focusPath: focusRef.current }),
      onState: setSaveState,
      onAdvice: (a) => (adviceRef.current = a),
    });
    saver.current = s;
    return s;
  }

  async function migrate() {
    if (!migration || !(await saveNow())) return;
    try {
      await api.post(`/api/submissions/${submission.id}/migrate`, { to: migration.to }, { ifMatch: `"${saver.current!.revision}"` });
      saver.current?.stop();
      await localDrafts.remove(submission.id);
      reload();
    } catch (err) {
      setNotice(err instanceof ApiError ? err.problem.detail : 'The draft could not be moved to the new version.');
    }
  }

  // In the order the questions come in the form: by step, then by position on the step.
  const order = (e: FieldError) => {
    const s = stepOfPointer(steps, e.pointer);
    const path = toPath(e.pointer);
    const within = s >= 0 ? steps[s]!.paths.findIndex((p) => path === p || path.startsWith(p + '.')) : 0;
    return [s < 0 ? steps.length : s, within] as const;
  };
  const summaryItems: SummaryItem[] = [...shown]
    .sort((a, b) => {
      const [sa, wa] = order(a);
      const [sb, wb] = order(b);
      return sa - sb || wa - wb;
    })
    .map((e) => {
      const target = stepOfPointer(steps, e.pointer);
      const id = fieldId(toPath(e.pointer));
      return { target: id, message: e.message, before: () => target >= 0 && target !== step && goTo(target, id, true) };
    });
  const ajvErrors = useMemo(() => toAjvErrors(shown), [shown]);
  const current = steps[step];
  const title = step === review ? 'Check your answers' : (current?.label ?? formTitle);
  // The page title says where you are, and that something needs fixing (GOV.UK pattern).
  useEffect(() => {
    document.title = `${shown.length ? 'Error: ' : ''}${title}${title === formTitle ? '' : ` – ${formTitle}`} – Caseforms`;
  }, [title, formTitle, shown.length]);

  return (
    <div
      onFocus={(e) => {
        const id = (e.target as HTMLElement).id;
        if (id.startsWith('f-')) focusRef.current = id;
      }}
    >
      {saveState.kind === 'conflict' && (
        <div className="govuk-notification-banner" role="alert" aria-labelledby="conflict-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="conflict-title">
              Important
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">This draft was changed somewhere else</p>
            <p className="govuk-body">
              It was saved in another tab or on another device after you opened it here, so your latest changes have not been saved. Choose which version to keep.
            </p>
            <div className="govuk-button-group">
              <button type="button" className="govuk-button" onClick={() => void resolveConflict('mine')}>
                Keep my version
              </button>
              <button type="button" className="govuk-button govuk-button--secondary" onClick={() => void resolveConflict('theirs')}>
                Use the other version
              </button>
            </div>
          </div>
        </div>
      )}
      {migration?.possible && (
        <div className="govuk-notification-banner" role="region" aria-labelledby="migration-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="migration-title">
              New version
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">Version {migration.to} of this form has been published</p>
            <p className="govuk-body">Your answers so far fit the new version. You can move this draft to it; nothing you have written will be lost.</p>
            <button type="button" className="govuk-button" onClick={() => void migrate()}>
              Move this draft to version {migration.to}
            </button>
          </div>
        </div>
      )}
      {notice && (
        <div className="govuk-inset-text" role="status">
          {notice}
        </div>
      )}
      <ErrorSummary items={summaryItems} />
      <span className="govuk-caption-l">
        {formTitle}
        {steps.length > 1 && step < review && position >= 0 && ` – step ${position + 1} of ${visible.length}`}
      </span>
      <h1 className="govuk-heading-l" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      <p className={`app-save-status${saveState.kind === 'offline' ? ' app-save-status--offline' : ''}`} role="status" aria-live="polite">
        {saveText(saveState)}
      </p>
      <div className="govuk-grid-row">
        {steps.length > 1 && (
          <nav className="govuk-grid-column-one-quarter app-no-print" aria-label="Form sections">
            <ol className="app-steps">
              {visible.map((i) => (
                <li key={i}>
                  <a
                    href={`#step-${i}`}
                    className="govuk-link"
                    aria-current={i === step ? 'step' : undefined}
                    onClick={(e) => {
                      e.preventDefault();
                      void saveNow().then(() => goTo(i));
                    }}
                  >
                    {steps[i]!.label}
                  </a>
                </li>
              ))}
              <li>
                <a
                  href="#check"
                  className="govuk-link"
                  aria-current={step === review ? 'step' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    void saveNow().then(() => goTo(review));
                  }}
                >
                  Check your answers
                </a>
              </li>
            </ol>
          </nav>
        )}
        <div className={steps.length > 1 ? 'govuk-grid-column-three-quarters' : 'govuk-grid-column-two-thirds'}>
          {step < review && current ? (
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void continueOn();
              }}
            >
              <StepForm key={`${formKey}-${step}`} store={store} schema={version.schema as JsonSchema} uischema={current.uischema} errors={ajvErrors} />
              <div className="govuk-button-group">
                <button type="submit" className="govuk-button">
                  {fromReview || nextStep(step) === review ? 'Save and check your answers' : 'Save and continue'}
                </button>
                {prevStep(step) !== undefined && (
                  <button type="button" className="govuk-button govuk-button--secondary" onClick={() => void saveNow().then(() => goTo(prevStep(step)!))}>
                    Back
                  </button>
                )}
              </div>
            </form>
          ) : (
            <>
              <SummaryView
                schema={version.schema as JsonSchema}
                uischema={version.uischema as unknown as UISchemaElement}
                data={store.data}
                onChange={(path: string) => {
                  const target = stepOfPointer(steps, '/' + path.split('.').join('/'));
                  goTo(target >= 0 ? target : 0, fieldId(path));
                  setFromReview(true);
                }}
              />
              <h2 className="govuk-heading-m">Now submit this form</h2>
              <p className="govuk-body">When you submit, the answers are checked and sent to the case record. You cannot change them afterwards.</p>
              <button type="button" className="govuk-button" disabled={submitting} onClick={() => void submit()}>
                Submit
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
