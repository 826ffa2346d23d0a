/**
 * The GOV.UK error summary: shown at the top when something needs fixing, focused so screen
 * readers announce it, each problem a link that takes focus to its field.
 */
import { useEffect, useRef } from 'react';

export interface SummaryItem {
  /** Id of the input to focus. */
  target: string;
  message: string;
  /** Called before focusing (e.g. to show the step the field is on). */
  before?: () => void;
}

export function ErrorSummary({ items, title = 'There is a problem' }: { items: SummaryItem[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = items.map((i) => i.target + i.message).join('|');
  useEffect(() => {
    if (items.length) ref.current?.focus();
    // Focus again only when the problems change.
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!items.length) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 className="govuk-error-summary__title" id="error-summary-title">
        {title}
      </h2>
      <div className="govuk-error-summary__body">
        <ul className="govuk-list govuk-error-summary__list">
          {items.map((item, i) => (
            <li key={`${item.target}-${i}`}>
              <a
                href={`#${item.target}`}
                onClick={(e) => {
                  e.preventDefault();
                  item.before?.();
                  // The field may appear only after the step changes: wait a frame.
                  requestAnimationFrame(() => {
                    const el = document.getElementById(item.target);
                    el?.scrollIntoView({ block: 'center' });
                    el?.focus();
                  });
                }}
              >
                {item.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
