/** Loads something for a page: the value, or the error to show, or still loading. */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, SESSION_RESTORED } from '../api/client.js';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: Error };

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setResult({ state: 'loading' });
    run().then(
      (value) => live && setResult({ state: 'ready', value }),
      (error: Error) => live && setResult({ state: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [run, attempt]);
  // Refused because the session had ended: load again once the person has signed in again in place.
  const signedOut = result.state === 'failed' && result.error instanceof ApiError && result.error.status === 401;
  useEffect(() => {
    if (!signedOut) return;
    const again = () => setAttempt((n) => n + 1);
    window.addEventListener(SESSION_RESTORED, again);
    return () => window.removeEventListener(SESSION_RESTORED, again);
  }, [signedOut]);
  return [result, () => setAttempt((n) => n + 1)];
}
