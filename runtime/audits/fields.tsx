/** What the audit programme's forms share: a set of checkboxes with its hint and error, and a refusal's problems by field. */
import { ApiError, NetworkError } from '../api/client.js';
import { FieldNotes, describedByOf } from '../components/TextField.js';

/** GOV.UK checkboxes in a fieldset; the first box's id is `<id>-0` (where an error links to). */
export function Checkboxes({ id, legend, hint, error, options, chosen, onChange }: { id: string; legend: string; hint?: string; error?: string | undefined; options: ReadonlyArray<readonly [string, string]>; chosen: readonly string[]; onChange(v: string[]): void }) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedByOf(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <FieldNotes id={id} hint={hint} error={error} />
        <div className="govuk-checkboxes govuk-checkboxes--small">
          {options.map(([v, text], i) => (
            <div className="govuk-checkboxes__item" key={v}>
              <input className="govuk-checkboxes__input" id={`${id}-${i}`} type="checkbox" checked={chosen.includes(v)} onChange={(e) => onChange(e.target.checked ? [...chosen, v] : chosen.filter((c) => c !== v))} />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={`${id}-${i}`}>
                {text}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/**
 * A refusal's problems by the field they belong to: `fieldOf` maps a pointer's first member
 * (`/perTeam`, `/assignments/0/childId` → `childId`) to a field key; the rest go under `form`.
 */
export function problemsOf(err: unknown, fieldOf: (pointer: string) => string | undefined): Record<string, string> {
  if (!(err instanceof ApiError)) return { form: err instanceof NetworkError ? 'The service cannot be reached. Check your connection and try again.' : 'Something went wrong. Try again.' };
  const out: Record<string, string> = {};
  for (const e of err.problem.errors ?? []) {
    const key = fieldOf(e.pointer) ?? 'form';
    out[key] ??= e.message;
  }
  if (!Object.keys(out).length) out.form = err.problem.detail;
  return out;
}

/** An auditor as a planner picks them: their name and their team's name ("Pat Singh, Children in need north"). */
export function auditorText(a: { displayName: string; teamName?: string; team: string }): string {
  return `${a.displayName}, ${a.teamName ?? a.team}`;
}
