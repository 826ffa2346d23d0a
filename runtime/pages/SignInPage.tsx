import { useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { ApiError, api, setCsrfToken } from '../api/client.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import { samePath, ssoStartUrl, useSignInOptions } from '../app/sign-in-options.js';
import { ErrorSummary } from '../components/ErrorSummary.js';
import { SuccessBanner } from '../components/SuccessBanner.js';
import { TextField } from '../components/TextField.js';

export function SignInPage() {
  const { refresh, endedDetail } = useSession();
  const [location, navigate] = useLocation();
  const search = useSearch();
  const options = useSignInOptions();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ username?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  // Back from signing out at the council account's provider, or from this app's sign-out.
  const signedOut = new URLSearchParams(search).has('signedOut') || location === '/signed-out';
  const next = new URLSearchParams(search).get('next');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const missing = { ...(username.trim() ? {} : { username: 'Enter your username' }), ...(password ? {} : { password: 'Enter your password' }) };
    if (Object.keys(missing).length) return setErrors(missing);
    setBusy(true);
    try {
      const res = await api.post<{ csrfToken: string }>('/api/session', { username: username.trim(), password });
      setCsrfToken(res.body.csrfToken);
      await refresh();
      const target = samePath(next);
      // The designer is another app: go there with a full page load.
      if (target.startsWith('/designer')) window.location.assign(target);
      else navigate(target, { replace: true });
    } catch (err) {
      setErrors({ form: err instanceof ApiError ? err.problem.detail : 'The service cannot be reached. Check your connection and try again.' });
    } finally {
      setBusy(false);
    }
  }

  const form = (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <TextField id="username" label="Username" autoComplete="username" spellCheck={false} value={username} onChange={setUsername} error={errors.username} />
      <TextField id="password" label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} error={errors.password} />
      <button type="submit" className="govuk-button" disabled={busy}>
        Sign in
      </button>
    </form>
  );
  const items = [
    ...(errors.form ? [{ target: 'username', message: errors.form }] : []),
    ...(errors.username ? [{ target: 'username', message: errors.username }] : []),
    ...(errors.password ? [{ target: 'password', message: errors.password }] : []),
  ];
  return (
    <Layout title={items.length ? 'Error: Sign in' : 'Sign in'}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary items={items} />
          {signedOut && !items.length && (
            <SuccessBanner id="signed-out" heading="You have signed out">
              <p className="govuk-body">Nothing about your records is left on this device.</p>
            </SuccessBanner>
          )}
          <h1 className="govuk-heading-l">Sign in</h1>
          {endedDetail && !signedOut && <p className="govuk-inset-text">{endedDetail}</p>}
          {options === null ? (
            <p className="govuk-body" role="status">
              Loading…
            </p>
          ) : !options.enabled ? (
            form
          ) : (
            <>
              <a href={ssoStartUrl(next)} role="button" draggable="false" className="govuk-button govuk-button--start" id="sso-sign-in">
                {options.label}
              </a>
              {options.localSignIn ? (
                <>
                  <h2 className="govuk-heading-m">Sign in with a Caseforms account</h2>
                  <p className="govuk-body">If an administrator gave you a Caseforms username and password, use them here.</p>
                  {form}
                </>
              ) : (
                <details className="govuk-details" open={items.length > 0 || undefined}>
                  <summary className="govuk-details__summary">
                    <span className="govuk-details__summary-text">Administrators: sign in with a Caseforms account</span>
                  </summary>
                  <div className="govuk-details__text">{form}</div>
                </details>
              )}
            </>
          )}
        </div>
      </div>
    </Layout>
  );
}
