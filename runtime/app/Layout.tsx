/** Every runtime page's frame, with an optional back link above the page's content. */
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { Frame } from './Frame.js';

/** `title: null` when the page sets the document title itself (the form being filled in). */
export function Layout({ title, children, backTo }: { title: string | null; children: ReactNode; backTo?: { href: string; label: string } }) {
  const [, navigate] = useLocation();
  return (
    <Frame service="Caseforms" title={title} container="govuk-width-container" onSignOut={() => navigate('/sign-out')}>
      {backTo && (
        <Link href={backTo.href} className="govuk-back-link govuk-!-margin-top-0">
          {backTo.label}
        </Link>
      )}
      {children}
    </Frame>
  );
}
