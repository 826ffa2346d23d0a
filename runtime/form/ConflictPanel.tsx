/**
 * Answers changed both here and somewhere else (another tab or device), side by side: for each,
 * the person picks which to keep. Everything else was already combined without asking. Takes
 * focus when it appears, so a screen reader user hears it at once.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import { answersByPath } from '../renderers/summary/sections.js';
import { Lines } from '../renderers/lines.js';
import type { Conflict } from './merge.js';
import { setIn } from './paths.js';
import { NotificationBanner } from '../components/NotificationBanner.js';

export interface ConflictPanelProps {
  conflicts: Conflict[];
  schema: JsonSchema;
  uischema: UISchemaElement;
  mine: Record<string, unknown>;
  onResolve(choices: Map<string, 'mine' | 'theirs'>): void;
}

function fallback(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'Not answered';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function ConflictPanel({ conflicts, schema, uischema, mine, onResolve }: ConflictPanelProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [choices, setChoices] = useState<Map<string, 'mine' | 'theirs'>>(new Map());
  const [missing, setMissing] = useState(false);
  const key = conflicts.map((c) => c.path).join('|');
  useEffect(() => {
    heading.current?.focus();
    setChoices(new Map());
    setMissing(false);
  }, [key]);

  // Each side's answers as the form would show them (dates and choices in words).
  const shown = useMemo(() => {
    const theirs = conflicts.reduce((d, c) => setIn(d, c.path, c.theirs) as Record<string, unknown>, mine);
    return { mine: answersByPath(schema, uischema, mine), theirs: answersByPath(schema, uischema, theirs) };
  }, [schema, uischema, mine, conflicts]);
  const describe = (c: Conflict, side: 'mine' | 'theirs') => shown[side].get(c.path)?.value || fallback(side === 'mine' ? c.mine : c.theirs);

  return (
    <NotificationBanner role="region" titleId="conflict-title" title="Important">
      <h3 className="govuk-notification-banner__heading" tabIndex={-1} ref={heading}>
        This draft was also changed somewhere else
      </h3>
      <p className="govuk-body">
        It was saved in another tab or on another device while you were working on it here. Answers changed in only one place have been kept. {conflicts.length === 1 ? 'One answer was' : `${conflicts.length} answers were`} changed
        in both: choose which to keep.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (conflicts.some((c) => !choices.has(c.path))) return setMissing(true);
          onResolve(choices);
        }}
      >
        {conflicts.map((c, i) => {
          const label = shown.mine.get(c.path)?.label ?? shown.theirs.get(c.path)?.label ?? c.path;
          const name = `conflict-${i}`;
          const error = missing && !choices.has(c.path);
          return (
            <div className={`govuk-form-group app-conflict__choice${error ? ' govuk-form-group--error' : ''}`} key={c.path}>
              <fieldset className="govuk-fieldset" aria-describedby={error ? `${name}-error` : undefined}>
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>
                {error && (
                  <p className="govuk-error-message" id={`${name}-error`}>
                    <span className="govuk-visually-hidden">Error:</span> Choose which answer to keep
                  </p>
                )}
                <div className="govuk-radios">
                  {(['mine', 'theirs'] as const).map((side) => (
                    <div className="govuk-radios__item" key={side}>
                      <input
                        className="govuk-radios__input"
                        id={`${name}-${side}`}
                        name={name}
                        type="radio"
                        aria-describedby={`${name}-${side}-hint`}
                        checked={choices.get(c.path) === side}
                        onChange={() => setChoices((old) => new Map(old).set(c.path, side))}
                      />
                      <label className="govuk-label govuk-radios__label" htmlFor={`${name}-${side}`}>
                        {side === 'mine' ? 'Keep the answer from this page' : 'Keep the answer saved elsewhere'}
                      </label>
                      <div className="govuk-hint govuk-radios__hint" id={`${name}-${side}-hint`}>
                        <Lines text={describe(c, side)} />
                      </div>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
          );
        })}
        <button type="submit" className="govuk-button">
          Keep these answers
        </button>
      </form>
    </NotificationBanner>
  );
}
