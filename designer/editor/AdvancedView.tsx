/**
 * The definition itself, for analysts who know JSON Schema: edit the schema and the UI schema
 * directly. The same checks apply (the policy runs on save); invalid JSON is refused at once.
 */
import { useEffect, useState } from 'react';
import type { Definition } from '../model/index.js';

function pretty(v: unknown): string {
  return JSON.stringify(v, null, 2);
}

export function AdvancedView({ definition, onApply }: { definition: Definition; onApply(next: Definition): void }) {
  const [schema, setSchema] = useState(pretty(definition.schema));
  const [uischema, setUischema] = useState(pretty(definition.uischema));
  const [error, setError] = useState<{ which: 'schema' | 'uischema'; message: string } | null>(null);
  useEffect(() => {
    setSchema(pretty(definition.schema));
    setUischema(pretty(definition.uischema));
  }, [definition]);

  function apply() {
    let s: unknown;
    let u: unknown;
    try {
      s = JSON.parse(schema);
    } catch (e) {
      return setError({ which: 'schema', message: `The schema is not valid JSON: ${(e as Error).message}` });
    }
    try {
      u = JSON.parse(uischema);
    } catch (e) {
      return setError({ which: 'uischema', message: `The UI schema is not valid JSON: ${(e as Error).message}` });
    }
    if (!s || typeof s !== 'object' || Array.isArray(s)) return setError({ which: 'schema', message: 'The schema must be a JSON object.' });
    if (!u || typeof u !== 'object' || Array.isArray(u)) return setError({ which: 'uischema', message: 'The UI schema must be a JSON object.' });
    setError(null);
    onApply({ schema: s as Record<string, unknown>, uischema: u as Record<string, unknown> });
  }

  const area = (which: 'schema' | 'uischema', label: string, hint: string, value: string, set: (v: string) => void) => (
    <div className={`govuk-form-group${error?.which === which ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={`advanced-${which}`}>
        {label}
      </label>
      <div className="govuk-hint" id={`advanced-${which}-hint`}>
        {hint}
      </div>
      {error?.which === which && (
        <p className="govuk-error-message" id={`advanced-${which}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {error.message}
        </p>
      )}
      <textarea
        className="govuk-textarea app-json"
        id={`advanced-${which}`}
        spellCheck={false}
        aria-describedby={`advanced-${which}-hint${error?.which === which ? ` advanced-${which}-error` : ''}`}
        aria-invalid={error?.which === which ? true : undefined}
        value={value}
        onChange={(e) => set(e.target.value)}
      />
    </div>
  );

  return (
    <section aria-labelledby="advanced-title">
      <h2 className="govuk-heading-m" id="advanced-title">
        Advanced: the definition as JSON
      </h2>
      <p className="govuk-body">JSON Schema draft-07 for the answers, and a JSON Forms UI schema for the layout. The definition policy checks both when you apply them.</p>
      {area('schema', 'Schema', 'What the answers are: fields, types, limits, options.', schema, setSchema)}
      {area('uischema', 'UI schema', 'How the form is laid out: pages, sections, questions and display rules.', uischema, setUischema)}
      <button type="button" className="govuk-button" onClick={apply}>
        Apply the JSON
      </button>
    </section>
  );
}
