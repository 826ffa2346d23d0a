/**
 * Every runtime page's frame, with an optional back link above the page's content, and the
 * service's navigation for those who fill in forms (managers also see their team's work and the dashboards).
 */
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { Account } from '../api/types.js';
import { Frame } from './Frame.js';
import { ServiceNav } from './ServiceNav.js';
import { useSession } from './session.js';

/** The sections a person's role uses: [href, label]. */
export function sectionsFor(role: Account['role'] | undefined): ReadonlyArray<readonly [string, string]> {
  if (role !== 'practitioner' && role !== 'manager') return [];
  return [['/', 'Your forms'], ['/actions', 'Your actions'], ...(role === 'manager' ? ([['/team', 'Team'], ['/dashboards', 'Dashboards'], ['/audits', 'Audit programme']] as const) : []), ['/settings/email', 'Email settings']];
}

const isCurrent = (href: string, location: string) => (href === '/' ? location === '/' : location.startsWith(href));

/** `title: null` when the page sets the document title itself (the form being filled in). */
export function Layout({ title, children, backTo }: { title: string | null; children: ReactNode; backTo?: { href: string; label: string } }) {
  const [, navigate] = useLocation();
  const { account } = useSession();
  const sections = sectionsFor(account?.role);
  return (
    <Frame service="Caseforms" title={title} container="govuk-width-container" nav={sections.length ? <ServiceNav label="Caseforms" container="govuk-width-container" sections={sections} isCurrent={isCurrent} /> : undefined} onSignOut={() => navigate('/sign-out')}>
      {backTo && (
        <Link href={backTo.href} className="govuk-back-link govuk-!-margin-top-0">
          {backTo.label}
        </Link>
      )}
      {children}
    </Frame>
  );
}
