/** A list's description: a few lines for analysts choosing a list (at most 500 characters). */
export function DescriptionField({ id, value, onChange, error }: { id: string; value: string; onChange(v: string): void; error?: string | undefined }) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        Description (optional)
      </label>
      <div className="govuk-hint" id={`${id}-hint`}>
        What the list is for and where its codes come from, for analysts choosing a list.
      </div>
      {error && (
        <p className="govuk-error-message" id={`${id}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      <textarea className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`} id={id} rows={2} value={value} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`} aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
