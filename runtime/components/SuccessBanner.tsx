/**
 * GOV.UK's success notification banner: what was just done, said where the page starts. With
 * `focus`, it takes focus when it appears, so a screen reader reads it at once and the next Tab
 * goes on from there.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function SuccessBanner({ id, heading, focus = false, children }: { id: string; heading: string; focus?: boolean; children?: ReactNode }) {
  const banner = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focus) return;
    // After the frame's own focus on a new page's main (its effect runs after this one's).
    const frame = requestAnimationFrame(() => banner.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [focus]);
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby={`${id}-title`} tabIndex={focus ? -1 : undefined} ref={banner} id={id}>
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={`${id}-title`}>
          Success
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{heading}</p>
        {children}
      </div>
    </div>
  );
}
