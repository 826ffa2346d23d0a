/**
 * A date asked for outside a form (a dashboard's period, an audit's due date): the GOV.UK date
 * input — Day, Month and Year boxes in a fieldset with its legend, hint and error — and what is
 * wrong with what was typed, in GOV.UK's words. The Day box takes the field's id.
 */
import { dateProblem } from '../../engine/validation/date-parts.js';
import { joinDate, splitDate, type DateParts } from '../renderers/dates.js';
import { DatePartsInput } from '../renderers/fields/date-parts.js';

export type { DateParts };
export { splitDate };

export interface DateFieldProblem {
  /** The boxes to mark as wrong (all three when it is the whole date). */
  parts: Array<keyof DateParts>;
  message: string;
}

const ALL: Array<keyof DateParts> = ['day', 'month', 'year'];

/** The date typed (`YYYY-MM-DD`), or what is wrong with it; `name` is how the messages call it ("due date"). */
export function readDateParts(name: string, parts: DateParts): { day: string } | DateFieldProblem {
  const iso = joinDate(parts) ?? '';
  const problem = dateProblem(iso, 'date');
  if (!problem) return { day: iso };
  const marked = problem.parts.filter((p): p is keyof DateParts => p !== 'time');
  switch (problem.kind) {
    case 'empty':
      return { parts: ALL, message: `Enter the ${name}` };
    case 'incomplete':
      return { parts: marked, message: `The ${name} must include a ${marked.join(' and a ')}` };
    case 'year-digits':
      return { parts: ['year'], message: `The year of the ${name} must include 4 numbers` };
    default:
      return { parts: marked.length ? marked : ALL, message: `The ${name} must be a real date, for example 1 4 2026` };
  }
}

/** The id an error summary links to: the first wrong box (the Day box carries the field's own id). */
export function dateTarget(id: string, problem: Pick<DateFieldProblem, 'parts'> | undefined): string {
  const first = problem?.parts[0];
  return first && first !== 'day' ? `${id}-${first}` : id;
}

export function DateField({ id, legend, hint, parts, problem, onChange }: { id: string; legend: string; hint: string; parts: DateParts; problem: DateFieldProblem | undefined; onChange(p: DateParts): void }) {
  const describedBy = [`${id}-hint`, problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`govuk-form-group${problem ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
        {problem && (
          <p className="govuk-error-message" id={`${id}-error`}>
            <span className="govuk-visually-hidden">Error:</span> {problem.message}
          </p>
        )}
        <DatePartsInput fieldId={id} name={id} parts={parts} invalid={problem?.parts ?? []} disabled={false} onChange={onChange} onBlur={() => {}} />
      </fieldset>
    </div>
  );
}
