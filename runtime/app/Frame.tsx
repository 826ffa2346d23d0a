/**
 * The frame both apps' pages share: skip link, header with the service name and the signed-in
 * account, and the main landmark, which takes focus on every new page so screen readers start at
 * the top.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useSession } from './session.js';

export interface FrameProps {
  /** The service name in the header and after each page title. */
  service: string;
  /** `null` when the page sets the document title itself (the form being filled in). */
  title: string | null;
  /** The width container class: GOV.UK's, or the designer's wide one. */
  container: string;
  /** Signing out: the practitioners' app first deals with changes not yet sent (its sign-out page). */
  onSignOut(): void;
  /** The service's own navigation, under the header (the designer's Forms and Shared option lists). */
  nav?: ReactNode;
  children: ReactNode;
}

export function Frame({ service, title, container, onSignOut, nav, children }: FrameProps) {
  const { account, expired, askToSignIn } = useSession();
  const [location] = useLocation();
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    if (title !== null) document.title = `${title} – ${service}`;
  }, [title, service]);
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [location]);

  return (
    <>
      <a href="#main-content" className="govuk-skip-link">
        Skip to main content
      </a>
      <header className="app-header" role="banner">
        <div className={`${container} app-header__container`}>
          <Link href="/" className="app-header__service">
            {service}
          </Link>
          {account && (
            <div className="app-header__account">
              <span>
                {account.displayName}
                <span className="govuk-visually-hidden">, signed in as {account.username}</span>
              </span>
              {expired ? (
                <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={askToSignIn}>
                  Sign in again
                </button>
              ) : (
                <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={onSignOut}>
                  Sign out
                </button>
              )}
            </div>
          )}
        </div>
      </header>
      {nav}
      <div className={container}>
        <main className="govuk-main-wrapper" id="main-content" role="main" tabIndex={-1} ref={main}>
          {children}
        </main>
      </div>
    </>
  );
}
