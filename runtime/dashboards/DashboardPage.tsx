/**
 * A dashboard for managers (their team), heads of service (their service area) and QA (every
 * team): the dashboards as tabs, the filters, then what the figures say in sentences, the figures
 * as big numbers (each a link to the list behind it), and each chart with its data table. The
 * filters are in the address, so a reload or a shared link shows the same; it prints without the
 * navigation and downloads as CSV.
 */
import { useEffect, useRef } from 'react';
import { Link, useSearch } from 'wouter';
import { can } from '../../engine/accounts/permissions.js';
import { dashboardsApi } from '../api/dashboards.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import { useLoad } from '../app/use-load.js';
import { Loading } from '../components/Loading.js';
import { dayText } from '../directory/words.js';
import { ChartFigure, SmallTable } from './ChartFigure.js';
import { formatNumber } from './chart-table.js';
import { Filters } from './Filters.js';
import { DASHBOARDS, dashboardCsvPath, dashboardHref, drillPageHref, isDashboardId, readFilters, type AskedFilters } from './filters.js';
import type { Dashboard, DashboardId, Figure } from './model.js';
import { useTablesOpenInPrint } from './print.js';

const at = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });

function Tabs({ current, filters }: { current: DashboardId; filters: AskedFilters }) {
  return (
    <nav aria-label="Dashboards" className="govuk-!-margin-bottom-6 app-no-print">
      <ul className="govuk-list app-subnav">
        {DASHBOARDS.map(([id, label]) => (
          <li key={id} className="app-subnav__item">
            <Link href={dashboardHref(id, filters)} className="govuk-link" aria-current={id === current ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A figure's number as shown: "85%", "12 days", "7"; "None" when there was nothing to count it from. */
export function figureValue(f: Pick<Figure, 'value' | 'unit'>): string {
  if (f.value === null) return 'None';
  if (f.unit === 'percent') return `${formatNumber(f.value)}%`;
  if (f.unit === 'days') return `${formatNumber(f.value)} ${f.value === 1 ? 'day' : 'days'}`;
  return formatNumber(f.value);
}

function FigureItem({ figure }: { figure: Figure }) {
  const href = drillPageHref(figure.drill.href);
  const words = (
    <>
      <span className="app-figure__value">{figureValue(figure)}</span>
      <span className="app-figure__label">{figure.label}</span>
    </>
  );
  return (
    <li className="app-figure">
      {href ? (
        <Link href={href} className="govuk-link app-figure__link">
          {words}
        </Link>
      ) : (
        words
      )}
    </li>
  );
}

/** Whose work the figures count, as the summary names it: a team, a service area's teams, or every team. */
export function showingWho(d: Pick<Dashboard, 'filters' | 'scope'>): string {
  const team = d.filters.team ? d.scope.teams.find((t) => t.id === d.filters.team) : d.scope.kind === 'team' ? d.scope.teams[0] : undefined;
  if (team) return `Team ${team.name || team.id}`;
  if (d.scope.kind === 'service-area') return `Every team in ${d.scope.serviceArea ?? 'your service area'}`;
  return 'Every team';
}

/** What someone whose role has no dashboards sees, wherever they open one. */
export function DashboardsRefused() {
  return (
    <Layout title="Dashboards">
      <h1 className="govuk-heading-l">Dashboards</h1>
      <p className="govuk-body">Only managers, heads of service and quality assurance see the dashboards.</p>
    </Layout>
  );
}

/** Set when the filters are applied: the new figures' first line then takes focus (the form was redrawn). */
let focusOnLoad = false;

function Body({ d, asked }: { d: Dashboard; asked: AskedFilters }) {
  const showing = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (focusOnLoad) showing.current?.focus();
    focusOnLoad = false;
  }, []);
  return (
    <>
      <Filters
        id={d.id}
        applied={d.filters}
        scope={d.scope}
        onApply={() => {
          focusOnLoad = true;
        }}
      />
      <p className="govuk-body app-dashboard__showing" ref={showing} tabIndex={-1}>
        {showingWho(d)}, from {dayText(d.filters.from)} to {dayText(d.filters.to)}. Figures as at {at.format(new Date(d.generatedAt))}.
      </p>
      <h2 className="govuk-heading-m">Summary</h2>
      <p className="govuk-body">{d.summary}</p>
      {d.notes?.map((n, i) => (
        <div className="govuk-inset-text" key={i}>
          {n}
        </div>
      ))}
      {d.forms.length > 0 && (
        <>
          <h3 className="govuk-heading-s">Forms counted</h3>
          <ul className="govuk-list govuk-list--bullet">
            {d.forms.map((f) => (
              <li key={f.id}>
                {f.title}
                {f.rule ? `: ${f.rule}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {d.figures.length > 0 && (
        <>
          <h2 className="govuk-heading-m">Figures</h2>
          <ul className="govuk-list app-figures">
            {d.figures.map((f) => (
              <FigureItem key={f.id} figure={f} />
            ))}
          </ul>
        </>
      )}
      {d.charts.map((c) => (
        <ChartFigure key={c.id} chart={c} />
      ))}
      {d.tables?.map((t) => (
        <SmallTable key={t.id} table={t} />
      ))}
      <ul className="govuk-list app-no-print">
        <li>
          <a className="govuk-link" href={dashboardCsvPath(d.id, asked)} download>
            Download as CSV<span className="govuk-visually-hidden">: {d.title}</span>
          </a>
        </li>
        <li>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => window.print()}>
            Print this dashboard
          </button>
        </li>
      </ul>
    </>
  );
}

export function DashboardPage({ id }: { id: string }) {
  const search = useSearch();
  const asked = readFilters(search);
  const key = `${id}?${search}`;
  const { account } = useSession();
  const allowed = account !== null && can(account, 'dashboards:read');
  const known = isDashboardId(id) && allowed;
  const [loaded, retry] = useLoad(() => (known ? dashboardsApi.get(id as DashboardId, asked) : Promise.reject(new Error('No such dashboard'))), [key]);
  useTablesOpenInPrint();
  const label = isDashboardId(id) ? DASHBOARDS.find(([d]) => d === id)![1] : 'Dashboards';
  if (!allowed) return <DashboardsRefused />;
  if (!isDashboardId(id)) {
    return (
      <Layout title="Page not found">
        <h1 className="govuk-heading-l">Page not found</h1>
        <p className="govuk-body">
          There is no dashboard called “{id}”. <Link href="/dashboards" className="govuk-link">See the dashboards</Link>.
        </p>
      </Layout>
    );
  }
  return (
    <Layout title={`${label} dashboard`}>
      <span className="govuk-caption-l">Dashboards</span>
      <h1 className="govuk-heading-l">{label}</h1>
      <Tabs current={id} filters={asked} />
      <Loading loaded={loaded} retry={retry}>
        {(d) => <Body d={d} asked={asked} />}
      </Loading>
    </Layout>
  );
}
