/**
 * The GOV.UK form-group around one question: label (or legend), hint, error message, and the
 * ids that tie them to the input with aria-describedby.
 */
import type { ReactNode } from 'react';
import { fieldId } from '../form/paths.js';
import { useRowName } from './array/row-context.js';
import { useFormRuntime } from './context.js';

export interface FieldFrameProps {
  path: string;
  label: string;
  /** Hint text (the schema's description). */
  description?: string | undefined;
  /** A second hint line that shows the expected form, e.g. "For example, 27 3 2026". */
  example?: string | undefined;
  /** Extra classes for the form group (e.g. `govuk-character-count`). */
  className?: string | undefined;
  /** The error message JSON Forms passes (from the server's validation), if any. */
  errors?: string | undefined;
  required?: boolean | undefined;
  /** Radios, checkboxes and date parts sit in a fieldset with a legend. */
  fieldset?: boolean;
  /** Legend/label size: questions that are the page's only question read better larger. */
  children: (ids: FieldIds) => ReactNode;
}

export interface FieldIds {
  id: string;
  hintId: string | undefined;
  errorId: string | undefined;
  /** For aria-describedby: the hint and the error, if shown. */
  describedBy: string | undefined;
  invalid: boolean;
}

export function questionLabel(label: string, required: boolean | undefined): string {
  return required ? label : `${label} (optional)`;
}

export function FieldFrame(props: FieldFrameProps) {
  const id = fieldId(props.path);
  const row = useRowName();
  const { requiredWhenShown, carried } = useFormRuntime();
  const required = props.required || (requiredWhenShown?.(props.path) ?? false);
  const hintId = props.description || props.example ? `${id}-hint` : undefined;
  const errorId = props.errors ? `${id}-error` : undefined;
  const carriedText = carried?.get(props.path);
  const carriedId = carriedText ? `${id}-carried` : undefined;
  const ids: FieldIds = { id, hintId, errorId, describedBy: [hintId, carriedId, errorId].filter(Boolean).join(' ') || undefined, invalid: Boolean(props.errors) };
  // Inside a repeatable group the row is part of the name ("Action 2: Due date"), unseen.
  const text = (
    <>
      {row ? <span className="govuk-visually-hidden">{row}: </span> : null}
      {questionLabel(props.label, required)}
    </>
  );
  const hint = hintId ? (
    <div id={hintId} className="govuk-hint">
      {props.description}
      {props.description && props.example ? <br /> : null}
      {props.example}
    </div>
  ) : null;
  const carriedNote = carriedId ? <CarriedNote id={carriedId} text={carriedText!} /> : null;
  const error = props.errors ? (
    <p id={errorId} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {props.errors}
    </p>
  ) : null;
  const groupClass = `govuk-form-group${props.errors ? ' govuk-form-group--error' : ''}${props.className ? ` ${props.className}` : ''}`;
  if (props.fieldset) {
    return (
      <div className={groupClass}>
        <fieldset className="govuk-fieldset" aria-describedby={ids.describedBy} id={`${id}-fieldset`}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{text}</legend>
          {hint}
          {carriedNote}
          {error}
          {props.children(ids)}
        </fieldset>
      </div>
    );
  }
  return (
    <div className={groupClass}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {text}
      </label>
      {hint}
      {carriedNote}
      {error}
      {props.children(ids)}
    </div>
  );
}

/** Where a carried-forward answer came from: words, part of the question's description. */
export function CarriedNote({ id, text }: { id: string; text: string }) {
  return (
    <p id={id} className="govuk-hint app-carried">
      {text}
    </p>
  );
}
