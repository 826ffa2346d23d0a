/** Routes of the practitioners' app. Everything but sign-in needs a session. */
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
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
import { EmailSettingsPage } from '../settings/EmailSettingsPage.js';
import { TeamPage } from '../pages/TeamPage.js';
import { AssignedAuditsPage, WorkRecordsPage } from '../pages/WorkRecordsPage.js';
import { Layout } from './Layout.js';

// Loaded when first opened: the charts behind the dashboards are most of the app's code, and
// someone filling in a form needs neither them nor the audit pages.
const DashboardPage = lazy(() => import('../dashboards/DashboardPage.js').then((m) => ({ default: m.DashboardPage })));
const DrillDownPage = lazy(() => import('../dashboards/DrillDownPage.js').then((m) => ({ default: m.DrillDownPage })));
const AuditProgrammePage = lazy(() => import('../audits/AuditProgrammePage.js').then((m) => ({ default: m.AuditProgrammePage })));
const AuditPage = lazy(() => import('../audits/AuditPage.js').then((m) => ({ default: m.AuditPage })));

function Loading() {
  return (
    <Layout title="Loading">
      <p className="govuk-body" role="status">
        Loading…
      </p>
    </Layout>
  );
}

/** A page loaded when first opened: "Loading…" meanwhile, as while the session is read. */
function Later({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/**
 * Opened with the service out of reach and nobody signed in on this device (or their session
 * over): signing in cannot work until it is back. The session asks again by itself.
 */
function Unreachable() {
  const { refresh } = useSession();
  return (
    <Layout title="Caseforms cannot be reached">
      <h1 className="govuk-heading-l">Caseforms cannot be reached</h1>
      <p className="govuk-body">Check your connection. This page tries again by itself every few seconds, and as soon as your device is back online.</p>
      <p className="govuk-body">If you were filling in a form on this device and did not sign out, what you typed is kept on it and sent once you sign in again.</p>
      <button type="button" className="govuk-button" onClick={() => void refresh()}>
        Try again
      </button>
    </Layout>
  );
}

function Routes() {
  const { account, loading, offline } = useSession();
  const [location, navigate] = useLocation();
  const search = useSearch();

  // Signed out, the sign-in page brings the person back to the whole address: its filters too.
  useEffect(() => {
    if (!loading && !account && !offline && location !== '/sign-in' && location !== '/sign-out' && location !== '/signed-out')
      navigate(`/sign-in?next=${encodeURIComponent(search ? `${location}?${search}` : location)}`, { replace: true });
  }, [loading, account, offline, location, search, navigate]);

  if (loading) return <Loading />;
  if (!account && offline) return <Unreachable />;
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
      {account && <Route path="/work/waiting">{() => <WorkRecordsPage list="waiting" />}</Route>}
      {account && <Route path="/work/returned">{() => <WorkRecordsPage list="returned" />}</Route>}
      {account && <Route path="/work/audits" component={AssignedAuditsPage} />}
      {account && <Route path="/audits">{() => <Later><AuditProgrammePage /></Later>}</Route>}
      {account && <Route path="/audits/:id">{(p) => <Later><AuditPage id={p.id} /></Later>}</Route>}
      {account && <Route path="/dashboards">{() => <Redirect to="/dashboards/supervision" replace />}</Route>}
      {account && <Route path="/dashboards/:id">{(p) => <Later><DashboardPage id={p.id} /></Later>}</Route>}
      {account && <Route path="/dashboards/:id/*">{(p) => <Later><DrillDownPage id={p.id} /></Later>}</Route>}
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
