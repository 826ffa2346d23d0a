/** Every designer page's frame; the editor uses the wide container. */
import type { ReactNode } from 'react';
import { Frame } from '../../runtime/app/Frame.js';

export function Layout({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  return (
    <Frame service="Caseforms designer" title={title} container={wide ? 'app-wide-container' : 'govuk-width-container'} onSignOut={() => window.location.assign('/sign-out?next=/designer/')}>
      {children}
    </Frame>
  );
}
