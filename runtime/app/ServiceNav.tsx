/** A service's own navigation under the header (both apps): the section you are in is marked for screen readers too. */
import { Link, useLocation } from 'wouter';

export function ServiceNav({ label, container, sections, isCurrent }: { label: string; container: string; sections: ReadonlyArray<readonly [string, string]>; isCurrent(href: string, location: string): boolean }) {
  const [location] = useLocation();
  return (
    <nav className="app-service-nav" aria-label={label}>
      <ul className={`${container} app-service-nav__list`}>
        {sections.map(([href, text]) => (
          <li key={href} className="app-service-nav__item">
            <Link href={href} className="govuk-link app-service-nav__link" aria-current={isCurrent(href, location) ? 'page' : undefined}>
              {text}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
