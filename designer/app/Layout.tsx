/** Every designer page's frame, with the designer's navigation; the editor uses the wide container. */
import type { ReactNode } from 'react';
import { Frame } from '../../runtime/app/Frame.js';
import { ServiceNav } from '../../runtime/app/ServiceNav.js';

const SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ['/', 'Forms'],
  ['/option-lists', 'Shared option lists'],
];

const isCurrent = (href: string, location: string) => (href === '/' ? location === '/' || location.startsWith('/forms') : location.startsWith(href));

export function Layout({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const container = wide ? 'app-wide-container' : 'govuk-width-container';
  return (
    <Frame service="Caseforms designer" title={title} container={container} nav={<ServiceNav label="Designer" container={container} sections={SECTIONS} isCurrent={isCurrent} />} onSignOut={() => window.location.assign('/sign-out?next=/designer/')}>
      {children}
    </Frame>
  );
}
