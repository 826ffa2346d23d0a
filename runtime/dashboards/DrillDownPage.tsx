/**
 * The list behind a dashboard's number, a page at a time: records (each linking to its page),
 * children and workers (name, allocated worker, last done, next due, days overdue), tracked
 * actions (linking to the action) or audit assignments. Its address is the list's API path
 * without `/api`, so it can be shared and reloaded; the whole list downloads as CSV.
 */
import { Link, useLocation, useSearch } from 'wouter';
import { dashboardsApi } from '../api/dashboards.js';
import { can } from '../../engine/accounts/permissions.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import { DataTable, RecordLink, type Row } from '../components/DataTable.js';
import { Loading } from '../components/Loading.js';
import { Pagination, useCursorPages } from '../components/Pagination.js';
import { dayText, named } from '../directory/words.js';
import { STATUS_WORDS } from '../work/ActionTable.js';
import { formatNumber } from './chart-table.js';
import { DashboardsRefused } from './DashboardPage.js';
import { DASHBOARDS, dashboardHref, drillApiPath, isDashboardId, readFilters } from './filters.js';
import type { DrillItem, DrillPage } from './model.js';

const PAGE = 25;
const maybeDay = (d: string | undefined | null, none = '—') => (d ? dayText(d) : none);
const person = (id: string | undefined, name: string | undefined) => (id ? named(id, name) : (name ?? '—'));
/** Days overdue; a child or worker never seen to has no due date to count from (due now). */
const overdue = (days: number | null) => (days === null ? 'Never done' : days > 0 ? formatNumber(days) : 'Not overdue');
const nextDue = (d: string | null) => (d ? dayText(d) : 'Now');
const doneText = (doneOn: string | undefined, onTime: boolean | undefined) => (doneOn ? `${dayText(doneOn)}${onTime === false ? ' (late)' : onTime ? ' (on time)' : ''}` : 'Not yet');

/** The table for a page of one kind of item: its columns and a row per item. */
function tableOf(items: DrillItem[]): { columns: Array<{ label: string; numeric?: boolean; hidden?: boolean; className?: string }>; rows: Row[]; rowHeader: boolean } {
  const kind = items[0]?.kind;
  switch (kind) {
    case 'child':
    case 'worker':
      return {
        rowHeader: true,
        columns: [{ label: kind === 'child' ? 'Child' : 'Worker' }, ...(kind === 'child' ? [{ label: 'Allocated worker' }] : []), { label: 'Last done' }, { label: 'Next due' }, { label: 'Days overdue', numeric: true }],
        rows: items.flatMap((c) =>
          c.kind === 'child'
            ? [{ key: c.id, cells: [named(c.id, c.name), person(c.allocatedWorkerId, c.allocatedWorkerName), maybeDay(c.lastDoneOn, 'Never'), nextDue(c.nextDueOn), overdue(c.overdueDays)] }]
            : c.kind === 'worker'
              ? [{ key: c.id, cells: [named(c.id, c.name), maybeDay(c.lastDoneOn, 'Never'), nextDue(c.nextDueOn), overdue(c.overdueDays)] }]
              : [],
        ),
      };
    case 'action':
      return {
        rowHeader: false,
        columns: [{ label: 'Action', className: 'app-break-anywhere' }, { label: 'Child' }, { label: 'Owner' }, { label: 'Due' }, { label: 'Status' }, { label: 'Days overdue', numeric: true }, { label: 'Link', hidden: true }],
        rows: items.flatMap((a) =>
          a.kind === 'action'
            ? [
                {
                  key: a.id,
                  cells: [
                    a.text,
                    person(a.childId, a.childName),
                    a.ownerName ?? 'Nobody yet',
                    dayText(a.dueOn),
                    a.status === 'done' && a.doneOn ? `Done on ${dayText(a.doneOn)}` : STATUS_WORDS[a.status],
                    overdue(a.overdueDays),
                    <Link href={`/actions/${encodeURIComponent(a.id)}`} className="govuk-link">
                      Open<span className="govuk-visually-hidden"> the action: {a.text}</span>
                    </Link>,
                  ],
                },
              ]
            : [],
        ),
      };
    case 'assignment':
      return {
        rowHeader: false,
        columns: [{ label: 'Child' }, { label: 'Auditor' }, { label: 'Due' }, { label: 'Done' }, { label: 'Link', hidden: true }],
        rows: items.flatMap((a) =>
          a.kind === 'assignment'
            ? [
                {
                  key: a.id,
                  cells: [
                    person(a.childId, a.childName),
                    a.auditorName,
                    dayText(a.dueOn),
                    a.status === 'cancelled' ? 'Cancelled' : doneText(a.doneOn, a.onTime),
                    a.submissionId ? <RecordLink id={a.submissionId} words="Open the audit" about={`of ${person(a.childId, a.childName)}`} /> : 'No audit yet',
                  ],
                },
              ]
            : [],
        ),
      };
    default:
      return {
        rowHeader: false,
        columns: [{ label: 'Reference', className: 'app-reference' }, { label: 'Form' }, { label: 'Child' }, { label: 'Started' }, { label: 'Due' }, { label: 'Done' }, { label: 'Link', hidden: true }],
        rows: items.flatMap((r) =>
          r.kind === 'record'
            ? [
                {
                  key: r.id,
                  cells: [
                    r.reference ?? r.id,
                    r.formTitle,
                    person(r.childId, r.childName),
                    dayText(r.createdAt.slice(0, 10)),
                    maybeDay(r.dueOn),
                    r.status === 'draft' ? 'Draft' : doneText(r.doneOn, r.onTime),
                    <RecordLink id={r.id} words="Open" about={`record ${r.reference ?? r.id}`} />,
                  ],
                },
              ]
            : [],
        ),
      };
  }
}

function ListTable({ page, caption }: { page: DrillPage; caption: string }) {
  if (!page.items.length) return <p className="govuk-body">There is nothing in this list.</p>;
  const t = tableOf(page.items);
  return <DataTable caption={caption} columns={t.columns} rows={t.rows} rowHeader={t.rowHeader} />;
}

export function DrillDownPage({ id }: { id: string }) {
  const { account } = useSession();
  return account && can(account, 'dashboards:read') ? <DrillDownList id={id} /> : <DashboardsRefused />;
}

function DrillDownList({ id }: { id: string }) {
  const [location] = useLocation();
  const search = useSearch();
  const apiPath = drillApiPath(location, search);
  const pages = useCursorPages('drill-down', apiPath ?? '', (after) => (apiPath ? dashboardsApi.list(apiPath, after, PAGE) : Promise.reject(new Error('This is not a dashboard list.'))), (p) => p.next);
  const label = isDashboardId(id) ? DASHBOARDS.find(([d]) => d === id)![1] : 'Dashboards';
  const back = isDashboardId(id) ? { href: dashboardHref(id, readFilters(search)), label: `Back to the ${label.toLowerCase()} dashboard` } : { href: '/dashboards', label: 'Back to the dashboards' };
  const title = pages.loaded.state === 'ready' ? pages.loaded.value.title : 'The list behind a number';
  return (
    <Layout title={`${title} – ${label} dashboard`} backTo={back}>
      <span className="govuk-caption-l">{label} dashboard</span>
      <h1 className="govuk-heading-l">{title}</h1>
      <Loading loaded={pages.loaded} retry={pages.retry}>
        {(page) => (
          <>
            <p className="govuk-body">
              From {dayText(page.filters.from)} to {dayText(page.filters.to)}.
            </p>
            <ListTable page={page} caption={`${page.title}${pages.page > 1 || page.next ? `, page ${pages.page}` : ''}`} />
            <Pagination label={page.title} page={pages.page} previous={pages.previous} next={pages.next} />
            <p className="govuk-body app-no-print">
              <a className="govuk-link" href={page.csv} download>
                Download the whole list as CSV
              </a>
            </p>
          </>
        )}
      </Loading>
    </Layout>
  );
}
