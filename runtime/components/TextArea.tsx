/** A plain GOV.UK textarea for the app's own pages (a reason, a comment), with its label, hint and error. */
import type { TextareaHTMLAttributes } from 'react';
import { FieldHead } from './TextField.js';

export function TextArea(props: { id: string; label: string; hint?: string; error?: string | undefined; value: string; onChange: (v: string) => void } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value' | 'id'>) {
  const { id, label, hint, error, value, onChange, className, ...rest } = props;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <FieldHead id={id} label={label} hint={hint} error={error} />
      <textarea
        rows={4}
        {...rest}
        id={id}
        className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}${className ? ` ${className}` : ''}`}
        value={value}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
