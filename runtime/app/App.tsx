/** Routes of the practitioners' app. Everything but sign-in needs a session. */
import { useEffect } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { SessionProvider, useSession } from './session.js';
import { SignInPage } from '../pages/SignInPage.js';
import { SignOutPage } from '../pages/SignOutPage.js';
import { DeleteDraftPage } from '../pages/DeleteDraftPage.js';
import { HomePage } from '../pages/HomePage.js';
import { StartPage } from '../pages/StartPage.js';
import { RecordPage } from '../pages/RecordPage.js';
import { DeliveriesPage } from '../pages/DeliveriesPage.js';
import { NotFoundPage } from '../pages/NotFoundPage.js';
import { ActionPage } from '../pages/ActionPage.js';
import { ActionsPage } from '../pages/ActionsPage.js';
import { AuditProgrammePage } from '../audits/AuditProgrammePage.js';
import { AuditPage } from '../audits/AuditPage.js';
import { EmailSettingsPage } from '../settings/EmailSettingsPage.js';
import { TeamPage } from '../pages/TeamPage.js';
import { DashboardPage } from '../dashboards/DashboardPage.js';
import { DrillDownPage } from '../dashboards/DrillDownPage.js';
import { Layout } from './Layout.js';

function Routes() {
  const { account, loading } = useSession();
  const [location, navigate] = useLocation();

  useEffect(() => {
    if (!loading && !account && location !== '/sign-in' && location !== '/sign-out' && location !== '/signed-out') navigate(`/sign-in?next=${encodeURIComponent(location)}`, { replace: true });
  }, [loading, account, location, navigate]);

  if (loading) {
    return (
      <Layout title="Loading">
        <p className="govuk-body" role="status">
          Loading…
        </p>
      </Layout>
    );
  }
  return (
    <Switch>
      <Route path="/sign-in" component={SignInPage} />
      <Route path="/signed-out" component={SignInPage} />
      <Route path="/sign-out" component={SignOutPage} />
      {account && <Route path="/" component={HomePage} />}
      {account && <Route path="/forms/:formId/start">{(p) => <StartPage formId={p.formId} />}</Route>}
      {account && <Route path="/records/:id/delete">{(p) => <DeleteDraftPage id={p.id} />}</Route>}
      {account && <Route path="/records/:id">{(p) => <RecordPage id={p.id} />}</Route>}
      {account && <Route path="/deliveries" component={DeliveriesPage} />}
      {account && <Route path="/actions" component={ActionsPage} />}
      {account && <Route path="/settings/email" component={EmailSettingsPage} />}
      {account && <Route path="/actions/:id">{(p) => <ActionPage id={p.id} />}</Route>}
      {account && <Route path="/team" component={TeamPage} />}
      {account && <Route path="/audits" component={AuditProgrammePage} />}
      {account && <Route path="/audits/:id">{(p) => <AuditPage id={p.id} />}</Route>}
      {account && <Route path="/dashboards">{() => <Redirect to="/dashboards/supervision" replace />}</Route>}
      {account && <Route path="/dashboards/:id">{(p) => <DashboardPage id={p.id} />}</Route>}
      {account && <Route path="/dashboards/:id/*">{(p) => <DrillDownPage id={p.id} />}</Route>}
      {account && <Route component={NotFoundPage} />}
    </Switch>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Routes />
    </SessionProvider>
  );
}
