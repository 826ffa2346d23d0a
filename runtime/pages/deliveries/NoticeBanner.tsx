/**
 * What became of the last thing pressed (a replay, a pause), in a GOV.UK notification banner.
 * It sits in a live region that is always on the page, so screen readers announce it; after a
 * replay, whose button goes away with its row, focus moves to it as GOV.UK's success banner does.
 */
import { useEffect, useRef } from 'react';

export interface Notice {
  kind: 'success' | 'problem';
  heading: string;
  text?: string;
  /** Move focus to the banner (when the control pressed is gone). */
  focus: boolean;
}

export function NoticeBanner({ notice }: { notice: Notice | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice?.focus) ref.current?.focus();
  }, [notice]);
  return (
    <div role="status">
      {notice && (
        <div ref={ref} tabIndex={-1} className={`govuk-notification-banner${notice.kind === 'success' ? ' govuk-notification-banner--success' : ''}`}>
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title">{notice.kind === 'success' ? 'Success' : 'There is a problem'}</h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{notice.heading}</p>
            {notice.text && <p className="govuk-body">{notice.text}</p>}
          </div>
        </div>
      )}
    </div>
  );
}
