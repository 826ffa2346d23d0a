/**
 * What a reviewer does at their stage: fill in the stage's own section (saved as they type),
 * then sign off — after being told what signing means — or return the record for changes with
 * a reason. Someone else deciding first is said in words and the record is read again.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import { ApiError, NetworkError, type FieldError } from '../api/client.js';
import { alreadyDecided, reviewApi } from '../api/review.js';
import type { FormVersion, Submission } from '../api/types.js';
import type { StageDefinition } from '../../engine/review/model.js';
import type { SummaryItem } from '../components/ErrorSummary.js';
import { TextArea } from '../components/TextArea.js';
import type { SaveState } from '../form/autosave.js';
import { DraftStore } from '../form/draft-store.js';
import { fieldId, toPath } from '../form/paths.js';
import { SaveStatusAlerts, SaveStatusLine } from '../form/SaveStatus.js';
import { StepForm, toAjvErrors } from '../form/StepForm.js';
import { HeadingLevelProvider } from '../renderers/heading.js';
import type { Notice } from '../pages/deliveries/NoticeBanner.js';
import { SectionSaver } from './section-save.js';
import { sectionView } from './sections.js';
import { overdueText, signingMeans } from './words.js';
import { dayText } from '../directory/words.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';

/** What to tell the person when the page is read again after an action. */
export type Flash = Omit<Notice, 'focus'>;

export const REASON_MISSING = 'Enter why you are returning it for changes';
export const REASON_TOO_LONG = 'The reason must be 4,000 characters or fewer';

export interface SignOffPanelProps {
  submission: Submission;
  version: FormVersion;
  stage: Pick<StageDefinition, 'id' | 'name' | 'section' | 'signOffLabel'>;
  /** The person signing. */
  you: { name: string; role: string };
  /** Problems to show in the page's error summary (GOV.UK: one summary, at the top). */
  report: (items: SummaryItem[]) => void;
  /** The action is done (or someone else's was): read the record again and say this. */
  onDone: (flash: Flash) => void;
}

function problemText(err: unknown, fallback: string): string {
  if (err instanceof NetworkError) return `You are offline, so ${fallback}. Try again when the connection returns.`;
  if (err instanceof ApiError && err.status === 401) return `You have been signed out, so ${fallback}. Sign in again, then try again.`;
  return err instanceof ApiError ? err.problem.detail : `Something went wrong, so ${fallback}.`;
}

export function SignOffPanel({ submission, version, stage, you, report, onDone }: SignOffPanelProps) {
  const label = stage.signOffLabel ?? 'Sign off';
  const section = stage.section;
  const store = useMemo(() => new DraftStore(submission.data), [submission]);
  const uischema = useMemo(() => (section ? sectionView(version.uischema as unknown as UISchemaElement, version.schema, section) : null), [version, section]);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved', at: new Date(submission.updatedAt) });
  const saver = useRef<SectionSaver | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const ajvErrors = useMemo(() => toAjvErrors(fieldErrors), [fieldErrors]);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const author = submission.review?.history.find((h) => h.action === 'submitted')?.name;
  const overdue = submission.review ? overdueText(submission.review, londonToday(new Date())) : null;

  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;
  useEffect(() => {
    if (!section) return;
    const s = new SectionSaver({
      store,
      submissionId: submission.id,
      stage: stage.id,
      section,
      revision: submission.revision,
      updatedAt: submission.updatedAt,
      onState: setSaveState,
      onDecided: (detail) => onDoneRef.current({ kind: 'problem', heading: detail }),
    });
    saver.current = s;
    return () => s.stop();
  }, [store, section, stage.id, submission]);

  function fail(message: string, target: string) {
    report([{ target, message }]);
  }

  async function act(kind: 'sign' | 'return') {
    report([]);
    setFieldErrors([]);
    setReasonError(undefined);
    if (kind === 'return') {
      const why = reason.trim();
      const problem = !why ? REASON_MISSING : why.length > 4000 ? REASON_TOO_LONG : undefined;
      if (problem) {
        setReasonError(problem);
        return fail(problem, 'return-reason');
      }
    }
    setBusy(true);
    try {
      // The section as typed reaches the server first; what is signed is what is saved.
      if (saver.current && !(await saver.current.flush())) {
        if (saver.current.current.kind !== 'saved') fail(`Your answers in this section are not saved yet, so the record was not ${kind === 'sign' ? 'signed' : 'returned'}. Try again in a moment.`, kind === 'sign' ? 'sign-off' : 'return-for-changes');
        return;
      }
      const revision = saver.current?.revision ?? submission.revision;
      if (kind === 'sign') {
        await reviewApi.sign(submission.id, revision, stage.id, section ? saver.current?.data : undefined);
        saver.current?.stop();
        onDone({ kind: 'success', heading: `You signed this off at ${stage.name}` });
      } else {
        await reviewApi.return(submission.id, revision, stage.id, reason.trim());
        saver.current?.stop();
        onDone({ kind: 'success', heading: 'Returned for changes', text: `${author ?? 'The author'} can now change it and submit it again. Your reason is shown to them at the top of the form.` });
      }
    } catch (err) {
      if (alreadyDecided(err)) {
        saver.current?.stop();
        onDone({ kind: 'problem', heading: err.problem.detail });
      } else if (err instanceof ApiError && err.status === 412) {
        saver.current?.stop();
        onDone({ kind: 'problem', heading: 'This record changed while you had it open, so nothing was done. Check it again before you act.' });
      } else if (err instanceof ApiError && err.status === 422 && err.problem.errors?.length) {
        const errors = err.problem.errors;
        setFieldErrors(errors);
        const reasonProblem = errors.find((e) => e.pointer === '/reason');
        if (reasonProblem) setReasonError(reasonProblem.message);
        report(errors.map((e) => ({ target: e.pointer === '/reason' ? 'return-reason' : fieldId(toPath(e.pointer)), message: e.message })));
      } else {
        fail(problemText(err, kind === 'sign' ? 'the record was not signed' : 'the record was not returned'), kind === 'sign' ? 'sign-off' : 'return-for-changes');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="app-review-panel app-no-print" aria-labelledby="review-panel-title" id="review-panel">
      <h2 className="govuk-heading-l" id="review-panel-title" tabIndex={-1}>
        {stage.name}
      </h2>
      <p className="govuk-body">
        This record is waiting for you.{submission.review?.dueOn ? ` It is due by ${dayText(submission.review.dueOn)}.` : ''}
      </p>
      {overdue && (
        <p className="govuk-body">
          <strong>{overdue}</strong>
        </p>
      )}
      {section && uischema && (
        <>
          <SaveStatusLine state={saveState} />
          <HeadingLevelProvider value={3}>
            <StepForm store={store} schema={version.schema as JsonSchema} uischema={uischema} errors={ajvErrors} />
          </HeadingLevelProvider>
          <SaveStatusAlerts state={saveState} />
        </>
      )}
      <h3 className="govuk-heading-m">{label}</h3>
      <p className="govuk-body">{signingMeans(you, stage)}</p>
      <button type="button" id="sign-off" className="govuk-button" disabled={busy} onClick={() => void act('sign')}>
        {label}
      </button>
      <h3 className="govuk-heading-m">Return for changes</h3>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void act('return');
        }}
      >
        <TextArea
          id="return-reason"
          label="Why are you returning it?"
          hint={`${author ?? 'The author'} will see this at the top of the form, change it, and submit it again.`}
          error={reasonError}
          value={reason}
          onChange={setReason}
        />
        <button type="submit" id="return-for-changes" className="govuk-button govuk-button--secondary" disabled={busy}>
          Return for changes
        </button>
      </form>
    </section>
  );
}
