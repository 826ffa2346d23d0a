/** A plain GOV.UK text input for the app's own pages (sign-in, starting a form). */
import type { InputHTMLAttributes } from 'react';

/** A field's hint and error, with the ids its `aria-describedby` names (`<id>-hint`, `<id>-error`). */
export function FieldNotes({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
    </>
  );
}

/** The `aria-describedby` of a field with this hint and error, if any. */
export const describedByOf = (id: string, hint: string | undefined, error: string | undefined): string | undefined => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A box's label, hint and error (the label `<id>-label`). */
export function FieldHead({ id, label, hint, error }: { id: string; label: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      <label className="govuk-label govuk-label--s" htmlFor={id} id={`${id}-label`}>
        {label}
      </label>
      <FieldNotes id={id} hint={hint} error={error} />
    </>
  );
}

export function TextField(props: { id: string; label: string; hint?: string; error?: string | undefined; value: string; onChange: (v: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'>) {
  const { id, label, hint, error, value, onChange, className, ...rest } = props;
  const describedBy = describedByOf(id, hint, error);
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <FieldHead id={id} label={label} hint={hint} error={error} />
      <input
        {...rest}
        id={id}
        className={`govuk-input${error ? ' govuk-input--error' : ''}${className ? ` ${className}` : ''}`}
        value={value}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
