/** Every designer page's frame, with the designer's navigation; the editor uses the wide container. */
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { Frame } from '../../runtime/app/Frame.js';

const SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ['/', 'Forms'],
  ['/option-lists', 'Shared option lists'],
];

function DesignerNav({ container }: { container: string }) {
  const [location] = useLocation();
  const current = (href: string) => (href === '/' ? location === '/' || location.startsWith('/forms') : location.startsWith(href));
  return (
    <nav className="app-service-nav" aria-label="Designer">
      <ul className={`${container} app-service-nav__list`}>
        {SECTIONS.map(([href, label]) => (
          <li key={href} className="app-service-nav__item">
            <Link href={href} className="govuk-link app-service-nav__link" aria-current={current(href) ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Layout({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const container = wide ? 'app-wide-container' : 'govuk-width-container';
  return (
    <Frame service="Caseforms designer" title={title} container={container} nav={<DesignerNav container={container} />} onSignOut={() => window.location.assign('/sign-out?next=/designer/')}>
      {children}
    </Frame>
  );
}
