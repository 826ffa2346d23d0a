/**
 * One change to an action, as a GOV.UK form: mark as done (the date, today unless changed, and
 * a note), cancel (why), reassign (the new owner's ICS worker id, why) or move the due date (the
 * new date, why). Refusals, the page's own or the server's, are listed in an error summary
 * linking to each field; the heading takes focus when the form opens.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, NetworkError } from '../api/client.js';
import { workApi, type ActionChange, type ActionItem } from '../api/work.js';
import { ErrorSummary } from '../components/ErrorSummary.js';
import { DateField, dateTarget, readDateParts, splitDate, type DateFieldProblem, type DateParts } from '../components/DateField.js';
import { unpadded } from '../renderers/dates.js';
import { FieldHead, TextField } from '../components/TextField.js';
import { CHANGE_FORMS, FIELD_IDS, changeBody, checkChange, emptyValues, serverErrors, type ChangeField, type ChangeValues } from './action-changes.js';

const LABELS: Record<ChangeField, string> = {
  doneOn: 'Date it was done',
  note: 'What was done',
  reason: 'Why',
  ownerWorkerId: 'New owner’s ICS worker ID',
  dueOn: 'New due date',
};

/** The dates, asked for in Day, Month and Year boxes (never the browser's own date box, whose order follows its locale). */
type DateChangeField = 'doneOn' | 'dueOn';
const isDateField = (f: ChangeField): f is DateChangeField => f === 'doneOn' || f === 'dueOn';
/** How the messages call each date ("Enter the date it was done"). */
const DATE_NAMES: Record<DateChangeField, string> = { doneOn: 'date it was done', dueOn: 'new due date' };
const ALL_PARTS: DateFieldProblem['parts'] = ['day', 'month', 'year'];

/** A `YYYY-MM-DD` day in the boxes as people type it ("6", not "06"). */
function boxesOf(day: string): DateParts {
  const p = splitDate(day);
  return { day: unpadded(p.day), month: unpadded(p.month), year: p.year };
}

const HINTS: Partial<Record<ChangeField, string>> = {
  doneOn: 'Today or earlier, for example 27 3 2026',
  dueOn: 'Today or later, for example 27 3 2027',
  note: 'Say what was done and what came of it. This is kept with the action and the record.',
  ownerWorkerId: 'As the ICS shows it, for example W20001',
};

const REASON_LABELS: Record<ActionChange, string> = {
  done: '',
  cancel: 'Why is the action being cancelled?',
  reassign: 'Why is the action being reassigned?',
  due: 'Why is the due date changing?',
};

export interface ChangeFormProps {
  change: ActionChange;
  action: ActionItem;
  etag: string;
  today: string;
  /** The change was made. */
  onChanged(): void;
  /** Someone else changed the action first: load it again (the answers stay). */
  onStale(): void;
  onBack(): void;
}

function TextArea({ id, label, hint, error, value, onChange }: { id: string; label: string; hint?: string | undefined; error?: string | undefined; value: string; onChange(v: string): void }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <FieldHead id={id} label={label} hint={hint} error={error} />
      <textarea
        id={id}
        name={id}
        rows={4}
        className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        value={value}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

export function ActionChangeForm({ change, action, etag, today, onChanged, onStale, onBack }: ChangeFormProps) {
  const form = CHANGE_FORMS[change];
  const heading = useRef<HTMLHeadingElement>(null);
  const [values, setValues] = useState<ChangeValues>(() => emptyValues(today));
  const [errors, setErrors] = useState<Partial<Record<ChangeField, string>>>({});
  const [dates, setDates] = useState<Record<DateChangeField, DateParts>>(() => ({ doneOn: boxesOf(today), dueOn: { day: '', month: '', year: '' } }));
  // The boxes a date's error marks (all three unless the problem is in some).
  const [marked, setMarked] = useState<Partial<Record<DateChangeField, DateFieldProblem['parts']>>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => heading.current?.focus(), [change]);
  const set = (field: ChangeField) => (v: string) => setValues((old) => ({ ...old, [field]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    // Each date as typed in its boxes: what is wrong with it, in GOV.UK's words, or the day it is.
    let typed = values;
    const dateErrors: Partial<Record<ChangeField, string>> = {};
    const boxes: Partial<Record<DateChangeField, DateFieldProblem['parts']>> = {};
    for (const f of form.fields.filter(isDateField)) {
      const read = readDateParts(DATE_NAMES[f], dates[f]);
      if ('day' in read) typed = { ...typed, [f]: read.day };
      else {
        typed = { ...typed, [f]: '' };
        dateErrors[f] = read.message;
        boxes[f] = read.parts;
      }
    }
    setValues(typed);
    const found = { ...checkChange(change, typed, action, today), ...dateErrors };
    setMarked(boxes);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await workApi.change(action.id, change, etag, changeBody(change, typed));
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        setErrors({ [form.fields[0]!]: 'Someone else changed this action while you had it open. It is shown again as it is now: check it, then make your change again' });
        onStale();
      } else if (err instanceof ApiError) setErrors(serverErrors(change, err.problem.errors, err.problem.detail));
      else setErrors({ [form.fields[0]!]: err instanceof NetworkError ? 'The change could not be sent: the service cannot be reached. Check your connection and try again' : 'The change could not be made. Try again' });
    } finally {
      setBusy(false);
    }
  }

  const boxesMarked = (f: DateChangeField) => (marked[f]?.length ? marked[f] : ALL_PARTS);
  const summary = form.fields.filter((f) => errors[f]).map((f) => ({ target: isDateField(f) ? dateTarget(FIELD_IDS[f], { parts: boxesMarked(f) }) : FIELD_IDS[f], message: errors[f]! }));
  return (
    <form onSubmit={submit} noValidate className="govuk-!-margin-bottom-8" aria-labelledby="action-change-title">
      <ErrorSummary items={summary} />
      <h2 className="govuk-heading-m" id="action-change-title" tabIndex={-1} ref={heading}>
        {form.title}
      </h2>
      {form.fields.map((f) =>
        isDateField(f) ? (
          <DateField
            key={f}
            id={FIELD_IDS[f]}
            legend={LABELS[f]}
            hint={HINTS[f] ?? ''}
            parts={dates[f]}
            problem={errors[f] ? { parts: boxesMarked(f), message: errors[f]! } : undefined}
            onChange={(p) => setDates((d) => ({ ...d, [f]: p }))}
          />
        ) : f === 'note' || f === 'reason' ? (
          <TextArea key={f} id={FIELD_IDS[f]} label={f === 'reason' ? REASON_LABELS[change] : LABELS[f]} hint={HINTS[f]} error={errors[f]} value={values[f]} onChange={set(f)} />
        ) : (
          <TextField
            key={f}
            id={FIELD_IDS[f]}
            label={LABELS[f]}
            hint={HINTS[f]}
            error={errors[f]}
            value={values[f]}
            onChange={set(f)}
            name={FIELD_IDS[f]}
            spellCheck={false}
            autoComplete="off"
            className="govuk-input--width-10"
          />
        ),
      )}
      <div className="govuk-button-group">
        <button type="submit" className={`govuk-button${change === 'cancel' ? ' govuk-button--warning' : ''}`} disabled={busy} aria-disabled={busy || undefined}>
          {form.submit}
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onBack}>
          Go back without changing it
        </button>
      </div>
    </form>
  );
}
