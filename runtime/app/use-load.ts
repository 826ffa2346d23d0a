/** Loads something for a page: the value, or the error to show, or still loading. */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, SESSION_RESTORED } from '../api/client.js';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: Error };

/** One object, so what depends on a load's state sees no change while it stays loading. */
const LOADING = { state: 'loading' } as const;

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [attempt, setAttempt] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  // What was loaded, and for which load and attempt: a value loaded for other deps is never shown
  // with the new ones, not even for the one render before the new load starts (a browser test
  // caught a list's links saying "page 3" over page 2's rows).
  const [loaded, setLoaded] = useState<{ run: unknown; attempt: number; result: Loaded<T> } | null>(null);
  useEffect(() => {
    let live = true;
    const done = (result: Loaded<T>) => live && setLoaded({ run, attempt, result });
    run().then(
      (value) => done({ state: 'ready', value }),
      (error: Error) => done({ state: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [run, attempt]);
  const result: Loaded<T> = loaded && loaded.run === run && loaded.attempt === attempt ? loaded.result : LOADING;
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
