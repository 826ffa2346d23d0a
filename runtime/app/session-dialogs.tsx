/**
 * The two session dialogs, as modal <dialog>s (the browser keeps focus inside them and gives
 * them to assistive technology as dialogs), following GOV.UK's timeout-warning pattern:
 * - a warning two minutes before the session ends, with "Stay signed in";
 * - after it ended, signing in again in place (same account), so nothing on the page is lost.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, setCsrfToken } from '../api/client.js';
import type { Account } from '../api/types.js';
import { ErrorSummary } from '../components/ErrorSummary.js';
import { TextField } from '../components/TextField.js';
import { ssoStartUrl, useSignInOptions } from './sign-in-options.js';

const clock = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' });

function useModal(onCancel: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (!d.open) d.showModal();
    const cancel = (e: Event) => {
      e.preventDefault();
      onCancel();
    };
    d.addEventListener('cancel', cancel);
    return () => d.removeEventListener('cancel', cancel);
  }, [onCancel]);
  return ref;
}

function minutesAndSeconds(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  const parts = [m ? `${m} minute${m === 1 ? '' : 's'}` : '', s || !m ? `${s} second${s === 1 ? '' : 's'}` : ''].filter(Boolean);
  return parts.join(' ');
}

export function SessionTimeoutWarning(props: { endsAt: number; canExtend: boolean; now: number; onStay(): void }) {
  // Escape means "stay signed in", as GOV.UK's pattern has it.
  const ref = useModal(props.onStay);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  // Read out once when it opens and once a minute, not every second.
  const left = props.endsAt - props.now;
  const spoken = left > 60_000 ? `${Math.ceil(left / 60_000)} minutes` : 'less than a minute';
  return (
    <dialog ref={ref} className="app-dialog" aria-labelledby="timeout-title" aria-describedby="timeout-text">
      <h2 className="govuk-heading-m" id="timeout-title" tabIndex={-1} ref={heading}>
        You will be signed out soon
      </h2>
      <p className="govuk-body" id="timeout-text">
        <span aria-hidden="true">
          {props.canExtend ? 'To protect the records you can see, we will sign you out in ' : 'For your security, you need to sign in again in '}
          <strong>{minutesAndSeconds(left)}</strong> (at {clock.format(new Date(props.endsAt))}).
        </span>
        <span className="govuk-visually-hidden">
          {props.canExtend ? `To protect the records you can see, we will sign you out in ${spoken}.` : `For your security, you need to sign in again in ${spoken}.`}
        </span>{' '}
        Your answers are saved; {props.canExtend ? 'anything not saved yet is kept on this device.' : 'after signing in again you carry on where you left off.'}
      </p>
      <div className="govuk-button-group">
        <button type="button" className="govuk-button" onClick={props.onStay}>
          {props.canExtend ? 'Stay signed in' : 'Continue'}
        </button>
      </div>
    </dialog>
  );
}

export function SessionEndedDialog(props: { account: Account; viaSso: boolean; reason: string | null; onSignedIn(): void; onClose(): void }) {
  const ref = useModal(props.onClose);
  const heading = useRef<HTMLHeadingElement>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = useSignInOptions();
  useEffect(() => heading.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!password) return setError('Enter your password');
    setBusy(true);
    try {
      const res = await api.post<{ csrfToken: string }>('/api/session', { username: props.account.username, password });
      setCsrfToken(res.body.csrfToken);
      props.onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError ? err.problem.detail : 'The service cannot be reached. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={ref} className="app-dialog" aria-labelledby="signed-out-title">
      <ErrorSummary items={error ? [{ target: 'session-password', message: error }] : []} />
      <h2 className="govuk-heading-m" id="signed-out-title" tabIndex={-1} ref={heading}>
        You have been signed out
      </h2>
      {props.reason && <p className="govuk-body">{props.reason}</p>}
      <p className="govuk-body">Nothing you have typed is lost: it is kept on this device. Sign in again to save it and carry on where you left off.</p>
      {props.viaSso ? (
        // Signed in through the council account: sign in there again, and come back to this page.
        <div className="govuk-button-group">
          <a href={ssoStartUrl(window.location.pathname + window.location.search)} role="button" draggable="false" className="govuk-button">
            {options?.label ?? 'Sign in with your council account'}
          </a>
          <a className="govuk-link" href="/sign-out">
            Sign in as someone else
          </a>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p className="govuk-body">
            Signing in as <strong>{props.account.displayName}</strong> ({props.account.username})
          </p>
          <TextField id="session-password" label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} error={error ?? undefined} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={busy}>
              Sign in
            </button>
            <a className="govuk-link" href="/sign-out">
              Sign in as someone else
            </a>
          </div>
        </form>
      )}
    </dialog>
  );
}
