/**
 * How people sign in here (GET /api/sso): with the council account (single sign-on), with a
 * Caseforms username and password, or both. Asked once per page load.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { SignInOptions } from '../api/types.js';

/** When the service cannot say (offline, an older server): passwords, as before single sign-on. */
const PASSWORDS_ONLY: SignInOptions = { enabled: false, label: null, localSignIn: true };

let asked: Promise<SignInOptions> | null = null;

function ask(): Promise<SignInOptions> {
  asked ??= api.get<SignInOptions>('/api/sso').then(
    (res) => res.body,
    () => {
      asked = null;
      return PASSWORDS_ONLY;
    },
  );
  return asked;
}

/** The options, or null while they are being asked for. */
export function useSignInOptions(): SignInOptions | null {
  const [options, setOptions] = useState<SignInOptions | null>(null);
  useEffect(() => {
    let live = true;
    void ask().then((o) => live && setOptions(o));
    return () => {
      live = false;
    };
  }, []);
  return options;
}

/** A path of this site to come back to (anything else: the home page). */
export function samePath(path: string | null | undefined): string {
  return path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/';
}

/** Where the council-account button goes: the provider, then back to `returnTo`. */
export function ssoStartUrl(returnTo: string | null | undefined): string {
  return `/api/sso/start?returnTo=${encodeURIComponent(samePath(returnTo))}`;
}
