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
import { NotificationBanner } from '../components/NotificationBanner.js';

/** The sections a person's role uses: [href, label]. */
export function sectionsFor(role: Account['role'] | undefined): ReadonlyArray<readonly [string, string]> {
  if (role !== 'practitioner' && role !== 'manager') return [];
  return [['/', 'Your forms'], ['/actions', 'Your actions'], ...(role === 'manager' ? ([['/team', 'Team'], ['/dashboards', 'Dashboards'], ['/audits', 'Audit programme']] as const) : []), ['/settings/email', 'Email settings']];
}

const isCurrent = (href: string, location: string) => (href === '/' ? location === '/' : location.startsWith(href));

/** `title: null` when the page sets the document title itself (the form being filled in). */
export function Layout({ title, children, backTo }: { title: string | null; children: ReactNode; backTo?: { href: string; label: string } }) {
  const [, navigate] = useLocation();
  const { account, offline } = useSession();
  const sections = sectionsFor(account?.role);
  return (
    <Frame service="Caseforms" title={title} container="govuk-width-container" nav={sections.length ? <ServiceNav label="Caseforms" container="govuk-width-container" sections={sections} isCurrent={isCurrent} /> : undefined} onSignOut={() => navigate('/sign-out')}>
      {backTo && (
        <Link href={backTo.href} className="govuk-back-link govuk-!-margin-top-0">
          {backTo.label}
        </Link>
      )}
      {offline && account && <OfflineBanner />}
      {children}
    </Frame>
  );
}

/** The app opened (or carries on) without the service: what still works, and what happens to typed work. */
function OfflineBanner() {
  return (
    <NotificationBanner role="region" titleId="offline-banner-title" title="Offline">
      <p className="govuk-notification-banner__heading">Caseforms cannot be reached just now.</p>
      <p className="govuk-body">A record you have opened on this device can still be filled in: what you type is kept on this device and sent when the connection is back. Other pages need the connection.</p>
    </NotificationBanner>
  );
}
