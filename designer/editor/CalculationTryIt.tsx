/**
 * "Try it" for a calculated answer: a sample answer for each question the formula uses (a few
 * rows for a repeating group's column) and the result, worked out as they are typed by the same
 * evaluator the runtime and the server use.
 */
import { useMemo, useState } from 'react';
import { evaluateFormula, londonToday } from '../../engine/forms/calculations/evaluate.js';
import type { ValueType } from '../../engine/forms/calculations/language.js';
import { sampleData, sampleProblem, sampleResult, type Sample } from '../model/calculation-samples.js';
import type { FormulaField } from '../model/index.js';

const START_ROWS = 3;

export function CalculationTryIt(props: { id: string; formula: string; inputs: string[]; fields: FormulaField[]; schema: Record<string, unknown>; type: ValueType | undefined }) {
  const { id, formula, inputs, fields, schema, type } = props;
  const [values, setValues] = useState<Record<string, string>>({});
  const [rows, setRows] = useState(START_ROWS);
  const used = useMemo(() => inputs.map((p) => fields.find((f) => f.path === p)).filter((f): f is FormulaField => f !== undefined), [inputs, fields]);
  const samples: Sample[] = useMemo(
    () => used.flatMap((f) => (f.type.list && f.path.includes('/*') ? Array.from({ length: rows }, (_, r) => ({ field: f, row: r, key: `${f.path}#${r}`, value: values[`${f.path}#${r}`] ?? '' })) : [{ field: f, key: f.path, value: values[f.path] ?? '' }])),
    [used, rows, values],
  );
  const result = useMemo(() => {
    const data = sampleData(samples);
    return sampleResult(evaluateFormula(formula, data, { today: londonToday(new Date()) }, schema), type, used);
  }, [samples, formula, schema, type, used]);
  const hasRows = used.some((f) => f.type.list && f.path.includes('/*'));
  const set = (key: string, v: string) => setValues((was) => ({ ...was, [key]: v }));

  return (
    <div className="app-try-calculation" role="group" aria-labelledby={`${id}-title`}>
      <h4 className="govuk-heading-s" id={`${id}-title`}>
        Try it
      </h4>
      <p className="govuk-hint">Sample answers, to see what the calculation gives. They are not saved.</p>
      {samples.map((s) => {
        const boxId = `${id}-${s.key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
        const label = s.row === undefined ? s.field.label : `${s.field.label}, row ${s.row + 1}`;
        const problem = sampleProblem(s);
        const hint = s.field.type.type === 'date' ? 'Written YYYY-MM-DD, for example 2026-12-24.' : s.field.type.type === 'time' ? 'Written HH:MM, for example 09:30.' : undefined;
        const describedBy = [hint ? `${boxId}-hint` : '', problem ? `${boxId}-error` : ''].filter(Boolean).join(' ') || undefined;
        const choices = s.field.type.type === 'yesno' ? [
          { code: 'true', label: 'Yes' },
          { code: 'false', label: 'No' },
        ] : s.field.type.type === 'choice' ? (s.field.options ?? []) : null;
        return (
          <div key={s.key} className={`govuk-form-group${problem ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label" htmlFor={boxId}>
              {label}
            </label>
            {hint && (
              <div className="govuk-hint" id={`${boxId}-hint`}>
                {hint}
              </div>
            )}
            {problem && (
              <p className="govuk-error-message" id={`${boxId}-error`}>
                <span className="govuk-visually-hidden">Error:</span> {problem}
              </p>
            )}
            {choices ? (
              <select className="govuk-select" id={boxId} value={s.value} onChange={(e) => set(s.key, e.target.value)}>
                <option value="">Not answered</option>
                {choices.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                className={`govuk-input ${s.field.type.type === 'text' ? 'govuk-input--width-20' : 'govuk-input--width-10'}${problem ? ' govuk-input--error' : ''}`}
                id={boxId}
                type="text"
                spellCheck={false}
                inputMode={s.field.type.type === 'number' || s.field.type.type === 'integer' ? 'decimal' : undefined}
                aria-describedby={describedBy}
                aria-invalid={problem ? true : undefined}
                value={s.value}
                onChange={(e) => set(s.key, e.target.value)}
              />
            )}
          </div>
        );
      })}
      {hasRows && (
        <div className="govuk-button-group">
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setRows((n) => Math.min(20, n + 1))}>
            Add a sample row
          </button>
          <button type="button" className="govuk-button govuk-button--secondary" disabled={rows === 0} onClick={() => setRows((n) => Math.max(0, n - 1))}>
            Remove the last sample row
          </button>
        </div>
      )}
      <p className="govuk-body-l govuk-!-margin-bottom-0" role="status" aria-live="polite" id={`${id}-result`}>
        <strong>Result:</strong> {result}
      </p>
    </div>
  );
}
