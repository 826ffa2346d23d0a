/**
 * The GOV.UK date input: Day, Month and Year boxes (used by date and date-time questions, inside
 * their fieldset). The Day box takes the field's own id, so an error-summary link lands on it.
 */
import { dateProblem, type DatePart } from '../../../engine/validation/date-parts.js';
import type { DateParts } from '../dates.js';

const PARTS = [
  { key: 'day', label: 'Day', width: 2 },
  { key: 'month', label: 'Month', width: 2 },
  { key: 'year', label: 'Year', width: 4 },
] as const;

export function datePartId(fieldId: string, part: keyof DateParts): string {
  return part === 'day' ? fieldId : `${fieldId}-${part}`;
}

/**
 * `invalid`: the boxes to mark as wrong (GOV.UK: only the part at fault, e.g. the year); empty
 * when nothing is wrong.
 */
export function DatePartsInput(props: { fieldId: string; name: string; parts: DateParts; invalid: readonly DatePart[]; disabled: boolean; onChange(parts: DateParts): void; onBlur(): void }) {
  return (
    <div className="govuk-date-input">
      {PARTS.map((p) => {
        const id = datePartId(props.fieldId, p.key);
        const invalid = props.invalid.includes(p.key);
        return (
          <div className="govuk-date-input__item" key={p.key}>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-date-input__label" htmlFor={id}>
                {p.label}
              </label>
              <input
                className={`govuk-input govuk-date-input__input govuk-input--width-${p.width}${invalid ? ' govuk-input--error' : ''}`}
                aria-invalid={invalid || undefined}
                id={id}
                name={`${props.name}-${p.key}`}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                spellCheck={false}
                value={props.parts[p.key]}
                disabled={props.disabled}
                onChange={(e) => props.onChange({ ...props.parts, [p.key]: e.target.value })}
                onBlur={props.onBlur}
              />
            </div>
          </div>
        );
      })}
    </div>
  );
}

/** The boxes of a date (and time) answer with an error to mark: those at fault, or all when it is not clear which. */
export function wrongParts(hasError: boolean, value: unknown, format: 'date' | 'date-time'): DatePart[] {
  if (!hasError) return [];
  const all: DatePart[] = format === 'date' ? ['day', 'month', 'year'] : ['day', 'month', 'year', 'time'];
  const problem = dateProblem(value, format);
  return problem && problem.parts.length ? problem.parts : all;
}
