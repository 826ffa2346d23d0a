/** The policy's problems with what a panel edits, listed at its top. */
import type { FieldError } from '../../runtime/api/client.js';

export function ProblemsHere({ id, problems, heading }: { id: string; problems: FieldError[]; heading(count: number): string }) {
  if (problems.length === 0) return null;
  return (
    <div className="govuk-error-summary" role="region" aria-labelledby={id}>
      <h3 className="govuk-error-summary__title" id={id}>
        {heading(problems.length)}
      </h3>
      <ul className="govuk-list govuk-error-summary__list">
        {problems.map((p, i) => (
          <li key={i} className="govuk-error-message">
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
