import type { ReactNode } from 'react';
import { ApiError, NetworkError } from '../api/client.js';
import type { Loaded } from '../app/use-load.js';

/**
 * Answers asking again cannot change (not found, not allowed, a request the server cannot take):
 * the page says why, and offers no "Try again" that could never work — the page's back link, or
 * the service's navigation, is the way on. Signed out, offline, busy or a fault: "Try again".
 */
const FINAL = new Set([400, 403, 404, 405, 410, 422]);

/** Shows the loaded value, a status while loading, or what went wrong (with a retry when one could work). */
export function Loading<T>({ loaded, retry, children, failedHeading }: { loaded: Loaded<T>; retry: () => void; children: (value: T) => ReactNode; /** The page's h1 when what it shows could not be loaded (the page has none of its own then). */ failedHeading?: string }) {
  if (loaded.state === 'loading') {
    return (
      <p className="govuk-body" role="status">
        Loading…
      </p>
    );
  }
  if (loaded.state === 'failed') {
    const e = loaded.error;
    const message = e instanceof ApiError ? (e.status === 401 ? 'You have been signed out. Sign in again to see this page.' : e.problem.detail) : e instanceof NetworkError ? 'The service cannot be reached. Check your connection.' : 'Something went wrong.';
    const summary = (
      <div className="govuk-error-summary" role="alert" tabIndex={-1}>
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <p className="govuk-body">{message}</p>
          {!(e instanceof ApiError && FINAL.has(e.status)) && (
            <button type="button" className="govuk-button govuk-button--secondary" onClick={retry}>
              Try again
            </button>
          )}
        </div>
      </div>
    );
    return failedHeading ? (
      <>
        <h1 className="govuk-heading-l">{failedHeading}</h1>
        {summary}
      </>
    ) : (
      summary
    );
  }
  return <>{children(loaded.value)}</>;
}
