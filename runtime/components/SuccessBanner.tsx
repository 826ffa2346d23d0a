/**
 * GOV.UK's success notification banner: what was just done, said where the page starts. With
 * `focus`, it takes focus when it appears, so a screen reader reads it at once and the next Tab
 * goes on from there.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { NotificationBanner } from './NotificationBanner.js';

export function SuccessBanner({ id, heading, focus = false, children }: { id: string; heading: string; focus?: boolean; children?: ReactNode }) {
  const banner = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focus) return;
    // After the frame's own focus on a new page's main (its effect runs after this one's).
    const frame = requestAnimationFrame(() => banner.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [focus]);
  return (
    <NotificationBanner success role="alert" titleId={`${id}-title`} title="Success" tabIndex={focus ? -1 : undefined} ref={banner} id={id}>
      <p className="govuk-notification-banner__heading">{heading}</p>
      {children}
    </NotificationBanner>
  );
}
