/**
 * Filling in a form: one step at a time, saved as you go (this device at once, the server within
 * two seconds), a "check your answers" step, then submit. Errors from the server, and text typed
 * into a box that is not an answer, appear in a summary at the top and on the fields. A change
 * made elsewhere is merged answer by answer and never overwritten silently.
 */
import { filesInAnswers } from '../../engine/files/answers.js';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import { Link } from 'wouter';
import { ApiError, NetworkError, api, type FieldError } from '../api/client.js';
import type { FormVersion, MigrationCheck, SubjectKey, Submission, SubmissionSummary } from '../api/types.js';
import { ErrorSummary, type SummaryItem } from '../components/ErrorSummary.js';
import { conditions } from '../renderers/conditions.js';
import { SummaryView } from '../renderers/summary/SummaryView.js';
import { Autosaver, type Gone, type SaveState } from './autosave.js';
import { calculatedAnswers } from './calculations.js';
import { ConflictPanel } from './ConflictPanel.js';
import { DraftStore } from './draft-store.js';
import { Uploads } from './uploads.js';
import { useHeldByUploads } from './file-scans.js';
import { localDrafts, type LocalDraft } from './local-drafts.js';
import { fieldId, getIn, toPath, toPointer } from './paths.js';
import { answerNotes } from './carried.js';
import { OpenActionsPanel } from '../work/OpenActionsPanel.js';
import { SaveStatusAlerts, SaveStatusLine } from './SaveStatus.js';
import { named } from '../directory/words.js';
import { StepForm, toAjvErrors } from './StepForm.js';
import { stepOfPointer, stepsOf, visibleSteps, type Step } from './steps.js';
import { authorView, scopeOf } from '../review/sections.js';
import { returnedText } from '../review/words.js';
import { Lines } from '../renderers/lines.js';
import { NotificationBanner } from '../components/NotificationBanner.js';

export interface FormRunnerProps {
  submission: Submission;
  version: FormVersion;
  formTitle: string;
  /** The signed-in account (this device's copy is kept per account). */
  accountId: string;
  /** What this device kept, when it holds changes the server has not got. */
  local: LocalDraft | undefined;
  /** Load everything again (after moving to a newer version). */
  reload: () => void;
  /** The record was submitted: show the confirmation. */
  onSubmitted: () => void;
  /** The draft was submitted or deleted elsewhere (another tab). */
  onGone: (why: Gone) => void;
}

/** "About Jordan Smith (C1)" when the directory names whom the record is about; nothing when it does not. */
function aboutText(s: Submission): string | null {
  const who = [s.subject.childId && s.subjectNames?.child ? named(s.subject.childId, s.subjectNames.child) : '', s.subject.workerId && s.subjectNames?.worker ? named(s.subject.workerId, s.subjectNames.worker) : ''].filter(Boolean);
  return who.length ? `About ${who.join(' and ')}` : null;
}

function recordOf(s: Submission): SubmissionSummary {
  const { data: _d, advisory: _a, ...rest } = s;
  return rest;
}

interface Start {
  data: Record<string, unknown>;
  unparsed: LocalDraft['unparsed'];
  revision: number;
  base: Record<string, unknown> | null;
  inFlight: Record<string, unknown> | undefined;
  /** This device holds answers the server has not got. */
  dirty: boolean;
  /** …and the server's copy moved on meanwhile: merge before saving. */
  reconcile: boolean;
}

/** Where to start: the server's answers, or this device's newer ones (to be sent at once). */
function startingPoint(submission: Submission, local: LocalDraft | undefined): Start {
  if (!local?.dirty) return { data: submission.data, unparsed: local?.unparsed ?? {}, revision: submission.revision, base: submission.data, inFlight: undefined, dirty: false, reconcile: false };
  const same = local.baseRevision === submission.revision;
  return {
    data: local.data,
    unparsed: local.unparsed ?? {},
    revision: local.baseRevision,
    base: same ? submission.data : (local.baseData ?? null),
    inFlight: local.inFlight,
    dirty: true,
    reconcile: !same,
  };
}

/** The scopes of the questions whose answers show an id the record is about (its form's `subject`), for the ids it has. */
function subjectScopes(s: Submission): ReadonlySet<string> {
  const pointers = Object.entries(s.form?.subject ?? {}) as Array<[SubjectKey, string | undefined]>;
  return new Set(pointers.filter(([key, pointer]) => pointer && s.subject[key]).map(([, pointer]) => scopeOf(pointer!)));
}

export function FormRunner({ submission, version, formTitle, accountId, local, reload, onSubmitted, onGone }: FormRunnerProps) {
  const start = useMemo(() => startingPoint(submission, local), []); // eslint-disable-line react-hooks/exhaustive-deps
  const store = useMemo(() => new DraftStore(start.data, start.unparsed, calculatedAnswers(version.schema)), [start]); // eslint-disable-line react-hooks/exhaustive-deps
  // Stage sections are the reviewers' to fill: hidden from the author while empty, read-only once filled.
  // The answers that show who the record is about are shown, not typed in: it is about whom it was started about.
  const fixedKey = JSON.stringify([submission.form?.subject ?? {}, submission.subject]);
  const fixed = useMemo(() => subjectScopes(submission), [fixedKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const uischema = useMemo(() => authorView(version.uischema as unknown as UISchemaElement, version.schema, submission.data, fixed), [version, submission.data, fixed]);
  const steps: Step[] = useMemo(() => stepsOf(uischema, formTitle), [uischema, formTitle]);
  const returned = returnedText(submission.review);
  /** A record returned for changes: submitted again, never deleted. */
  const resubmit = Boolean(submission.review);
  const carried = useMemo(() => answerNotes(submission.carriedForward, submission.prefilled, (path) => Array.isArray(getIn(submission.data, path))), [submission]);
  const review = steps.length;
  const [step, setStep] = useState(() => Math.min(local?.step ?? 0, review));
  const stepRef = useRef(step);
  stepRef.current = step;
  const focusRef = useRef<string | null>(local?.focusPath ?? null);
  const [formKey, setFormKey] = useState(0);
  const [saveState, setSaveState] = useState<SaveState>(start.dirty ? { kind: 'unsaved' } : { kind: 'saved', at: new Date(submission.updatedAt) });
  const adviceRef = useRef<FieldError[]>(submission.advisory ?? []);
  const [shown, setShown] = useState<FieldError[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [migration, setMigration] = useState<MigrationCheck | null>(null);
  const [notice, setNotice] = useState<{ text: string; important: boolean } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  /** Came from "Check your answers" to change something: continuing goes back there. */
  const [fromReview, setFromReview] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const saver = useRef<Autosaver | null>(null);
  // A file the server refused (or that cannot be taken) is the question's error, on the field and in the summary.
  const onRefused = useCallback((pointer: string, message: string | null) => {
    setShown((now) => {
      const others = now.filter((e) => e.pointer !== pointer);
      return message ? [...others, { pointer, message }] : others.length === now.length ? now : others;
    });
  }, []);
  const uploads = useMemo(
    () => new Uploads({ submissionId: submission.id, accountId, store, onRefused, named: filesInAnswers(version.schema, store.data).length > 0 }),
    [store, submission.id, accountId, onRefused, version.schema],
  );
  useEffect(() => {
    uploads.open();
    return () => uploads.stop();
  }, [uploads]);
  // "Check your answers" names a file still waiting for its virus scan without a link.
  const held = useHeldByUploads(uploads);
  const onGoneRef = useRef(onGone);
  onGoneRef.current = onGone;

  /** Where the person was when the answers were redrawn: put back before anything else can happen. */
  const placeRef = useRef<{ id: string; selection: [number, number] | null } | null>(null);
  /** Shows the answers as the store now holds them, keeping the person's place in the field they are in. */
  const redraw = useCallback(() => {
    const el = document.activeElement as HTMLInputElement | null;
    placeRef.current = el?.id ? { id: el.id, selection: typeof el.selectionStart === 'number' ? [el.selectionStart, el.selectionEnd ?? el.selectionStart] : null } : null;
    setFormKey((k) => k + 1);
  }, []);
  // In the same task as the redraw's commit, so a key pressed meanwhile still lands in the field
  // (a frame later it would find no field focused and be lost).
  useLayoutEffect(() => {
    const place = placeRef.current;
    placeRef.current = null;
    const target = place ? (document.getElementById(place.id) as HTMLInputElement | null) : null;
    if (!place || !target || target === document.activeElement) return;
    target.focus({ preventScroll: true });
    if (place.selection && typeof target.setSelectionRange === 'function') {
      try {
        target.setSelectionRange(place.selection[0], place.selection[1]);
      } catch {
        // not a text box
      }
    }
  }, [formKey]);

  useEffect(() => {
    const s = new Autosaver({
      store,
      submissionId: submission.id,
      accountId,
      revision: start.revision,
      baseData: start.base,
      inFlight: start.inFlight,
      dirty: start.dirty,
      record: recordOf(submission),
      formTitle,
      position: () => ({ step: stepRef.current, focusPath: focusRef.current }),
      onState: setSaveState,
      onAdvice: (a) => (adviceRef.current = a),
      onMerged: (how) => {
        redraw();
        setNotice({
          text: how === 'updated' ? 'This draft has been updated with changes saved in another tab or on another device.' : 'Changes saved in another tab or on another device have been added to your answers.',
          important: false,
        });
      },
      onGone: (why) => onGoneRef.current(why),
    });
    saver.current = s;
    // Answers this device kept that the server has not got go up now (merged first if the
    // server's copy moved on meanwhile).
    if (start.reconcile) void s.check();
    else if (start.dirty) void s.flush();
    return () => s.stop();
  }, [store]); // eslint-disable-line react-hooks/exhaustive-deps

  // Resume exactly where the user was: the field they were in, else the step's heading.
  useEffect(() => {
    const target = focusRef.current && document.getElementById(focusRef.current);
    if (target) target.focus();
    // Only on first open.
  }, []);

  // A message that matters takes focus, so it is seen and heard wherever the person was.
  useEffect(() => {
    if (notice?.important) noticeRef.current?.focus();
  }, [notice]);

  // A newer version of the form: offer to move the draft if nothing breaking touches it.
  useEffect(() => {
    let live = true;
    const check = () =>
      api
        .poll<MigrationCheck>(`/api/submissions/${submission.id}/migration`)
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

  const goTo = useCallback((next: number, focusId?: string, keepErrors = false) => {
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
  }, []);

  const visible = visibleSteps(steps, store.data, conditions);
  const position = visible.indexOf(step);
  const nextStep = (from: number) => visible.find((i) => i > from) ?? review;
  const prevStep = (from: number) => [...visible].reverse().find((i) => i < from);

  /** Text typed into boxes that is not an answer ("five" for a number), on one step or all. */
  const unparsedErrors = (onStep?: number): FieldError[] =>
    Object.entries(store.unparsed)
      .map(([path, u]) => ({ pointer: toPointer(path), message: u.message }))
      .filter((e) => onStep === undefined || stepOfPointer(steps, e.pointer) === onStep);

  /** Saves now; false when what is on screen could not be saved and must be dealt with first. */
  async function saveNow(): Promise<boolean> {
    (document.activeElement as HTMLElement | null)?.blur?.();
    await saver.current?.flush();
    const st = saver.current?.current.kind;
    return st !== 'conflict' && st !== 'failed';
  }

  async function continueOn() {
    if (!(await saveNow())) return;
    // The server's last save said what still needs an answer; this step's share must be fixed
    // first (offline or signed out, the server's advice may be out of date: only this device's checks).
    const current = saver.current?.current.kind;
    const advice = current === 'offline' || current === 'signed-out' ? [] : adviceRef.current.filter((e) => stepOfPointer(steps, e.pointer) === step);
    // A file that did not upload is not in the answer: tried again or removed before moving on.
    const stopped = uploads.unfinished('stopped').filter((e) => stepOfPointer(steps, e.pointer) === step);
    const here = [...unparsedErrors(step), ...stopped, ...advice.filter((a) => !(toPath(a.pointer) in store.unparsed))];
    setShown(here);
    if (here.length === 0) {
      goTo(fromReview ? review : nextStep(step));
      setFromReview(false);
    }
  }

  async function submit() {
    setNotice(null);
    const typed = [...unparsedErrors(), ...uploads.unfinished('all')];
    if (typed.length) return setShown(typed);
    if (!(await saveNow())) return;
    setSubmitting(true);
    try {
      await api.post<Submission>(`/api/submissions/${submission.id}/submit`, undefined, { ifMatch: `"${saver.current!.revision}"` });
      saver.current?.stop();
      await localDrafts.remove(submission.id);
      onSubmitted();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setShown(err.problem.errors ?? []);
      else if (err instanceof ApiError && (err.status === 412 || err.status === 409 || err.status === 404)) {
        // Changed, submitted or deleted elsewhere: bring that in first (a conflict asks).
        await saver.current?.check();
        setNotice({ text: 'This draft was changed somewhere else just now. Check your answers, then submit again.', important: true });
      } else if (err instanceof ApiError && err.status === 401) {
        setNotice({ text: 'You have been signed out, so the form was not submitted. Your answers are kept on this device: sign in again, then submit.', important: true });
      } else {
        setNotice({
          text: err instanceof NetworkError ? 'You are offline, so the form was not submitted. Your answers are kept on this device; submit again when the connection returns.' : err instanceof ApiError ? err.problem.detail : 'The form could not be submitted.',
          important: true,
        });
      }
    } finally {
      setSubmitting(false);
    }
  }

  async function resolveConflict(choices: Map<string, 'mine' | 'theirs'>) {
    await saver.current?.resolve(choices);
    if (saver.current?.current.kind === 'conflict') return;
    redraw();
    setNotice({ text: 'Your choices have been kept, with every other change from both places.', important: true });
  }

  async function migrate() {
    if (!migration || !(await saveNow())) return;
    try {
      await api.post(`/api/submissions/${submission.id}/migrate`, { to: migration.to }, { ifMatch: `"${saver.current!.revision}"` });
      saver.current?.stop();
      await localDrafts.remove(submission.id);
      reload();
    } catch (err) {
      setNotice({ text: err instanceof ApiError ? err.problem.detail : 'The draft could not be moved to the new version.', important: true });
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
        <ConflictPanel
          conflicts={saveState.conflicts}
          schema={version.schema as JsonSchema}
          uischema={version.uischema as unknown as UISchemaElement}
          mine={store.data}
          onResolve={(choices) => void resolveConflict(choices)}
        />
      )}
      {migration?.possible && (
        <NotificationBanner role="region" titleId="migration-title" title="New version">
          <p className="govuk-notification-banner__heading">Version {migration.to} of this form has been published</p>
          <p className="govuk-body">Your answers so far fit the new version. You can move this draft to it; nothing you have written will be lost.</p>
          <button type="button" className="govuk-button" onClick={() => void migrate()}>
            Move this draft to version {migration.to}
          </button>
        </NotificationBanner>
      )}
      {notice && (
        <div className="govuk-inset-text" role="status" tabIndex={-1} ref={noticeRef} data-testid="form-notice">
          {notice.text}
        </div>
      )}
      {returned && (
        <NotificationBanner role="region" titleId="returned-title" title="Returned for changes">
          <p className="govuk-notification-banner__heading">{returned.heading}{returned.reason ? ':' : ''}</p>
          {returned.reason && (
            <p className="govuk-body app-returned-reason">
              <Lines text={returned.reason} />
            </p>
          )}
          <p className="govuk-body">Change what is needed, then resubmit it.</p>
        </NotificationBanner>
      )}
      <ErrorSummary items={summaryItems} />
      <span className="govuk-caption-l">
        {formTitle}
        {steps.length > 1 && step < review && position >= 0 && ` – step ${position + 1} of ${visible.length}`}
      </span>
      <h1 className="govuk-heading-l" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {/* A draft has its reference from the start, to quote before it is submitted. */}
      {submission.reference && <p className="govuk-body-s govuk-!-margin-bottom-2 app-reference">Reference {submission.reference}</p>}
      {/* Whom it is about, by name when the directory knows it: the right child, every step. */}
      {aboutText(submission) && <p className="govuk-body-s govuk-!-margin-bottom-2 app-about">{aboutText(submission)}</p>}
      <SaveStatusLine state={saveState} />
      {/* The child's open actions from earlier records, to update rather than retype (first step). */}
      {submission.subject.childId && step === 0 && <OpenActionsPanel childId={submission.subject.childId} childName={submission.subjectNames?.child} back={`/records/${submission.id}`} />}
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
              <StepForm key={`${formKey}-${step}`} store={store} schema={version.schema as JsonSchema} uischema={current.uischema} errors={ajvErrors} carried={carried} uploads={uploads} />
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
                key={formKey}
                schema={version.schema as JsonSchema}
                uischema={uischema}
                data={store.data}
                held={held}
                onChange={(path: string) => {
                  const target = stepOfPointer(steps, '/' + path.split('.').join('/'));
                  goTo(target >= 0 ? target : 0, fieldId(path));
                  setFromReview(true);
                }}
              />
              <h2 className="govuk-heading-m">{resubmit ? 'Now resubmit this form' : 'Now submit this form'}</h2>
              <p className="govuk-body">
                {resubmit
                  ? 'When you resubmit, the answers are checked and the record goes back for review at the stage that returned it.'
                  : 'When you submit, the answers are checked and the record is saved. You cannot change them afterwards.'}
              </p>
              <button type="button" className="govuk-button" disabled={submitting} onClick={() => void submit()}>
                {resubmit ? 'Resubmit' : 'Submit'}
              </button>
            </>
          )}
          {!resubmit && (
            <p className="govuk-body app-no-print">
              <Link href={`/records/${submission.id}/delete`} className="govuk-link">
                Delete this draft
              </Link>
            </p>
          )}
        </div>
      </div>
      <SaveStatusAlerts state={saveState} />
    </div>
  );
}
