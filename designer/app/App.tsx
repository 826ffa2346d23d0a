/** The designer's routes (under /designer). Designers only; everyone else is told where to go. */
import { useEffect } from 'react';
import { Route, Router, Switch } from 'wouter';
import { SessionProvider, useSession } from '../../runtime/app/session.js';
import { FormsPage } from '../pages/FormsPage.js';
import { EditorPage } from '../pages/EditorPage.js';
import { OptionListsPage } from '../option-lists/OptionListsPage.js';
import { OptionListPage } from '../option-lists/OptionListPage.js';
import { Layout } from './Layout.js';

function Routes() {
  const { account, loading } = useSession();
  useEffect(() => {
    if (!loading && !account) window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname)}`);
  }, [loading, account]);
  if (loading || !account) {
    return (
      <Layout title="Loading">
        <p className="govuk-body" role="status">
          Loading…
        </p>
      </Layout>
    );
  }
  if (account.role !== 'designer') {
    return (
      <Layout title="Not available">
        <h1 className="govuk-heading-l">The designer is for business analysts</h1>
        <p className="govuk-body">
          Your account ({account.role}) cannot change forms. <a href="/" className="govuk-link">Go to your forms</a>.
        </p>
      </Layout>
    );
  }
  return (
    <Switch>
      <Route path="/" component={FormsPage} />
      <Route path="/forms/:formId">{(p) => <EditorPage formId={p.formId} />}</Route>
      <Route path="/option-lists" component={OptionListsPage} />
      <Route path="/option-lists/:listId">{(p) => <OptionListPage listId={p.listId} />}</Route>
      <Route>
        <Layout title="Page not found">
          <h1 className="govuk-heading-l">Page not found</h1>
        </Layout>
      </Route>
    </Switch>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Router base="/designer">
        <Routes />
      </Router>
    </SessionProvider>
  );
}
