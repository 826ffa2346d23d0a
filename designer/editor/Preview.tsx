/**
 * The form as social workers will see it, with the runtime's own renderers, one step at a time.
 * "Try it" checks the sample answers on the server exactly as a submit would.
 */
import { useLayoutEffect, useMemo, useState } from 'react';
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import { ApiError, api, type FieldError } from '../../runtime/api/client.js';
import { ErrorSummary } from '../../runtime/components/ErrorSummary.js';
import { calculatedAnswers } from '../../runtime/form/calculations.js';
import { DraftStore } from '../../runtime/form/draft-store.js';
import { fieldId, toPath } from '../../runtime/form/paths.js';
import { StepForm, toAjvErrors } from '../../runtime/form/StepForm.js';
import { stepOfPointer, stepsOf } from '../../runtime/form/steps.js';
import type { Definition } from '../model/index.js';

export function Preview({ definition, formId, version, title, flush }: { definition: Definition; formId: string; version: number; title: string; flush(): Promise<void> }) {
  const store = useMemo(() => new DraftStore({}), []);
  // Calculated answers are worked out from the sample answers as the form now stands.
  useLayoutEffect(() => store.setDerive(calculatedAnswers(definition.schema)), [store, definition.schema]);
  const steps = useMemo(() => stepsOf(definition.uischema as unknown as UISchemaElement, title), [definition, title]);
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [result, setResult] = useState<string | null>(null);
  // Social workers fill forms on laptops and, more and more, on phones: see it at both widths.
  const [width, setWidth] = useState<'laptop' | 'phone'>('laptop');
  const current = steps[Math.min(step, steps.length - 1)];

  async function tryIt() {
    setResult(null);
    await flush();
    try {
      const res = await api.post<{ errors: FieldError[] }>(`/api/forms/${formId}/versions/${version}/try`, { data: store.data });
      setErrors(res.body.errors);
      setResult(res.body.errors.length ? null : 'These answers could be submitted: nothing is wrong with them.');
    } catch (err) {
      setErrors([]);
      setResult(err instanceof ApiError ? err.problem.detail : 'The answers could not be checked.');
    }
  }

  const ajvErrors = useMemo(() => toAjvErrors(errors), [errors]);
  return (
    <section aria-labelledby="preview-title">
      <h2 className="govuk-heading-m" id="preview-title">
        Preview
      </h2>
      <p className="govuk-body">Fill in sample answers as a social worker would, then try them: nothing is stored.</p>
      <ErrorSummary
        items={errors.map((e) => {
          const s = stepOfPointer(steps, e.pointer);
          return { target: fieldId(toPath(e.pointer)), message: e.message, before: () => s >= 0 && setStep(s) };
        })}
      />
      {result && (
        <div className="govuk-inset-text" role="status">
          {result}
        </div>
      )}
      <div className="govuk-form-group">
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Show it on</legend>
          <div className="govuk-radios govuk-radios--small govuk-radios--inline" data-module="govuk-radios">
            {(
              [
                ['laptop', 'A laptop (as wide as this page)'],
                ['phone', 'A phone (360 pixels wide)'],
              ] as const
            ).map(([value, words]) => (
              <div className="govuk-radios__item" key={value}>
                <input className="govuk-radios__input" id={`preview-width-${value}`} name="preview-width" type="radio" value={value} checked={width === value} onChange={() => setWidth(value)} />
                <label className="govuk-label govuk-radios__label" htmlFor={`preview-width-${value}`}>
                  {words}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <div className={width === 'phone' ? 'app-preview--phone' : undefined} data-preview-width={width}>
      {steps.length > 1 && (
        <nav aria-label="Preview pages" className="govuk-!-margin-bottom-4">
          <ol className="app-steps">
            {steps.map((s, i) => (
              <li key={i}>
                <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1" aria-current={i === step ? 'step' : undefined} onClick={() => setStep(i)}>
                  {s.label}
                </button>
              </li>
            ))}
          </ol>
        </nav>
      )}
      {current && (
        <div className="app-panel">
          <h3 className="govuk-heading-m">{current.label}</h3>
          <StepForm key={`${step}-${JSON.stringify(current.uischema).length}`} store={store} schema={definition.schema as JsonSchema} uischema={current.uischema} errors={ajvErrors} />
        </div>
      )}
      </div>
      <button type="button" className="govuk-button" onClick={() => void tryIt()}>
        Try these answers
      </button>
    </section>
  );
}
