/** Every page's frame: skip link, header with the service name and account, the main landmark. */
import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useSession } from './session.js';

/** `title: null` when the page sets the document title itself (the form being filled in). */
export function Layout({ title, children, backTo }: { title: string | null; children: ReactNode; backTo?: { href: string; label: string } }) {
  const { account, signOut } = useSession();
  const [location, navigate] = useLocation();
  const main = useRef<HTMLElement>(null);

  // A new page: its title says where you are, and focus starts at the top for screen readers.
  useEffect(() => {
    if (title !== null) document.title = `${title} – Caseforms`;
  }, [title]);
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [location]);

  return (
    <>
      <a href="#main-content" className="govuk-skip-link">
        Skip to main content
      </a>
      <header className="app-header" role="banner">
        <div className="govuk-width-container app-header__container">
          <Link href="/" className="app-header__service">
            Caseforms
          </Link>
          {account && (
            <div className="app-header__account">
              <span>
                {account.displayName}
                <span className="govuk-visually-hidden">, signed in as {account.username}</span>
              </span>
              <button
                type="button"
                className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                onClick={() => void signOut().then(() => navigate('/sign-in'))}
              >
                Sign out
              </button>
            </div>
          )}
        </div>
      </header>
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content" role="main" tabIndex={-1} ref={main}>
          {backTo && (
            <Link href={backTo.href} className="govuk-back-link govuk-!-margin-top-0">
              {backTo.label}
            </Link>
          )}
          {children}
        </main>
      </div>
    </>
  );
}
