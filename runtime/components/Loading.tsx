import type { ReactNode } from 'react';
import { ApiError, NetworkError } from '../api/client.js';
import type { Loaded } from '../app/use-load.js';

/** Shows the loaded value, a status while loading, or what went wrong (with a retry). */
export function Loading<T>({ loaded, retry, children }: { loaded: Loaded<T>; retry: () => void; children: (value: T) => ReactNode }) {
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
    return (
      <div className="govuk-error-summary" role="alert" tabIndex={-1}>
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <p className="govuk-body">{message}</p>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={retry}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  return <>{children(loaded.value)}</>;
}
