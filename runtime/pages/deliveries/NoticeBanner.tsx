/**
 * What became of the last thing pressed (a replay, a pause), in a GOV.UK notification banner.
 * It sits in a live region that is always on the page, so screen readers announce it; after a
 * replay, whose button goes away with its row, focus moves to it as GOV.UK's success banner does.
 */
import { useEffect, useRef } from 'react';
import { NotificationBanner } from '../../components/NotificationBanner.js';

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
        <NotificationBanner ref={ref} tabIndex={-1} success={notice.kind === 'success'} title={notice.kind === 'success' ? 'Success' : 'There is a problem'}>
          <p className="govuk-notification-banner__heading">{notice.heading}</p>
          {notice.text && <p className="govuk-body">{notice.text}</p>}
        </NotificationBanner>
      )}
    </div>
  );
}
