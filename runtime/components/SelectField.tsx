/** A plain GOV.UK select with its label (and, in forms, its hint and error), for the app's own pages. */
import { FieldHead, describedByOf } from './TextField.js';

export function SelectField<V extends string>({ id, label, hint, error, value, options, onChange }: { id: string; label: string; hint?: string | undefined; error?: string | undefined; value: V; options: ReadonlyArray<readonly [V, string]>; onChange(v: V): void }) {
  const describedBy = describedByOf(id, hint, error);
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <FieldHead id={id} label={label} hint={hint} error={error} />
      <select className={`govuk-select${error ? ' govuk-select--error' : ''}`} id={id} name={id} value={value} aria-describedby={describedBy} aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.value as V)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
