/**
 * The frame of a question shown, not asked (read-only questions, files questions that cannot be
 * changed here). Its own module, importing no field kinds: the kinds that use it are imported by
 * kinds.ts, so taking it from read-only.tsx (which needs kinds.ts) made an import cycle.
 */
import type { ReactNode } from 'react';
import { fieldId } from '../../form/paths.js';
import { useRowName } from '../array/row-context.js';

/** A question shown, not asked: its label, any error, the answer (given as children), its hint. */
export function ReadOnlyAnswer(props: { path: string; label: string; errors?: string | undefined; description?: string | undefined; children: ReactNode }) {
  const row = useRowName();
  return (
    <div className={`govuk-form-group${props.errors ? ' govuk-form-group--error' : ''}`}>
      <p className="govuk-label govuk-label--s govuk-!-margin-bottom-1">
        {row ? <span className="govuk-visually-hidden">{row}: </span> : null}
        {props.label}
      </p>
      {props.errors ? (
        <p className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {props.errors}
        </p>
      ) : null}
      {/* Focusable by script only: an error-summary link to this field lands here. */}
      <div className="govuk-body govuk-!-margin-bottom-1" id={fieldId(props.path)} tabIndex={-1}>
        {props.children}
      </div>
      {props.description ? <div className="govuk-hint">{props.description}</div> : null}
    </div>
  );
}
