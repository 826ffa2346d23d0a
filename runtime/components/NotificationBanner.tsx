/**
 * GOV.UK's notification banner: a title bar ("Important", "Offline", "Success"…) over what it has
 * to say. Each use says how it is announced: `role` (a region named by its title, or an alert),
 * `tabIndex` and `ref` when it takes focus, none when it sits in a live region of its own.
 */
import type { ReactNode, Ref } from 'react';

export function NotificationBanner(props: {
  /** The title's id: with one, the banner is named by its title. */
  titleId?: string;
  title: ReactNode;
  success?: boolean;
  role?: 'region' | 'alert';
  id?: string;
  tabIndex?: number;
  ref?: Ref<HTMLDivElement>;
  children: ReactNode;
}) {
  return (
    <div
      ref={props.ref}
      id={props.id}
      className={`govuk-notification-banner${props.success ? ' govuk-notification-banner--success' : ''}`}
      role={props.role}
      aria-labelledby={props.titleId}
      tabIndex={props.tabIndex}
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={props.titleId}>
          {props.title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{props.children}</div>
    </div>
  );
}
