/**
 * A manager's view of the team's work: records waiting at any review stage, open and overdue
 * actions per worker, and the team's actions (one worker's, or the overdue only), a page at a
 * time. Views and filters are in the address, so the back button and a shared link keep them.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { workApi } from '../api/work.js';
import { useFormTitles } from '../app/form-titles.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import { useLoad } from '../app/use-load.js';
import { Loading } from '../components/Loading.js';
import { SelectField } from '../components/SelectField.js';
import { DataTable } from '../components/DataTable.js';
import { Pagination, useCursorPages } from '../components/Pagination.js';
import { named } from '../directory/words.js';
import { ActionTable } from '../work/ActionTable.js';
import { today as londonToday } from '../work/due.js';
import { RecordQueueTable } from '../work/RecordQueueTable.js';
import { VIEWS, teamFilters, teamHref, type TeamFilters, type View } from '../work/team-view.js';

const PAGE = 20;
function Views({ current }: { current: View }) {
  return (
    <nav aria-label="Your team’s work" className="govuk-!-margin-bottom-6">
      <ul className="govuk-list app-subnav">
        {VIEWS.map(([v, label]) => (
          <li key={v} className="app-subnav__item">
            <Link href={teamHref({ view: v })} className="govuk-link" aria-current={v === current ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The filter form: overdue only, and for the actions, whose. Applied with its button. */
function Filters({ filters, workers, children }: { filters: TeamFilters; workers?: Array<{ workerId: string; name?: string }>; children?: ReactNode }) {
  const [, navigate] = useLocation();
  const [f, setF] = useState(filters);
  useEffect(() => setF(filters), [filters.view, filters.overdue, filters.worker]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <form
      className="app-filters"
      role="search"
      aria-label={filters.view === 'actions' ? 'Team actions' : 'Records waiting'}
      onSubmit={(e) => {
        e.preventDefault();
        navigate(teamHref(f));
      }}
    >
      {workers && (
        <SelectField id="team-worker" label="Worker" value={f.worker} options={[['', 'Everyone in the team'], ...workers.map((w) => [w.workerId, named(w.workerId, w.name)] as const)]} onChange={(worker) => setF({ ...f, worker })} />
      )}
      <div className="govuk-form-group">
        <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
          <div className="govuk-checkboxes__item">
            <input className="govuk-checkboxes__input" id="team-overdue" name="overdue" type="checkbox" checked={f.overdue} onChange={(e) => setF({ ...f, overdue: e.target.checked })} />
            <label className="govuk-label govuk-checkboxes__label" htmlFor="team-overdue">
              Overdue only
            </label>
          </div>
        </div>
      </div>
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button govuk-button--secondary">
          Apply filters
        </button>
        {children}
      </div>
    </form>
  );
}

function RecordsView({ filters, forms }: { filters: TeamFilters; forms: Map<string, string> }) {
  const pages = useCursorPages('team-records', `${filters.overdue}`, (cursor) => workApi.teamRecords({ overdue: filters.overdue, cursor, limit: PAGE }), (p) => p.next);
  return (
    <>
      <Filters filters={filters} />
      <Loading loaded={pages.loaded} retry={pages.retry}>
        {(page) =>
          page.items.length ? (
            <>
              <RecordQueueTable caption={filters.overdue ? 'Records overdue at a stage' : 'Records waiting at a stage'} items={page.items} forms={forms} today={londonToday()} kind="waiting" />
              <Pagination label="Records waiting" page={pages.page} previous={pages.previous} next={pages.next} />
            </>
          ) : (
            <p className="govuk-body">{filters.overdue ? 'No record is overdue at a stage.' : 'No record of your team’s is waiting at a stage.'}</p>
          )
        }
      </Loading>
    </>
  );
}

function WorkersView() {
  const [loaded, retry] = useLoad(() => workApi.teamWorkers(), []);
  return (
    <Loading loaded={loaded} retry={retry}>
      {(workers) =>
        workers.length ? (
          <DataTable
            caption="Open actions by worker"
            rowHeader
            columns={[{ label: 'Worker' }, { label: 'Open', numeric: true }, { label: 'Overdue', numeric: true }, { label: 'Link', hidden: true }]}
            rows={workers.map((w) => ({
              key: w.workerId ?? w.accountId ?? w.name,
              cells: [
                w.workerId ? named(w.workerId, w.name) : w.name,
                w.open,
                w.overdue,
                // The team's actions filter by ICS worker id; an owner known only by account has none to filter by.
                w.workerId ? (
                  <Link href={teamHref({ view: 'actions', worker: w.workerId })} className="govuk-link">
                    See actions<span className="govuk-visually-hidden"> of {w.name}</span>
                  </Link>
                ) : (
                  'No ICS worker id'
                ),
              ],
            }))}
          />
        ) : (
          <p className="govuk-body">Nobody in your team has open actions.</p>
        )
      }
    </Loading>
  );
}

function ActionsView({ filters }: { filters: TeamFilters }) {
  const [workers] = useLoad(() => workApi.teamWorkers(), []);
  const key = `${filters.worker}|${filters.overdue}`;
  const pages = useCursorPages('team-actions', key, (cursor) => workApi.teamActions({ worker: filters.worker, overdue: filters.overdue, cursor, limit: PAGE }), (p) => p.next);
  const list = workers.state === 'ready' ? workers.value.flatMap((w) => (w.workerId ? [{ workerId: w.workerId, name: w.name }] : [])) : [];
  const who = filters.worker ? named(filters.worker, list.find((w) => w.workerId === filters.worker)?.name) : 'the team';
  const caption = `${filters.overdue ? 'Overdue actions' : 'Open actions'} of ${who}`;
  return (
    <>
      <Filters filters={filters} workers={list} />
      <Loading loaded={pages.loaded} retry={pages.retry}>
        {(page) =>
          page.items.length ? (
            <>
              <ActionTable caption={caption} items={page.items} today={londonToday()} showOwner />
              <Pagination label={caption} page={pages.page} previous={pages.previous} next={pages.next} />
            </>
          ) : (
            <p className="govuk-body">{`There are no ${filters.overdue ? 'overdue' : 'open'} actions of ${who}.`}</p>
          )
        }
      </Loading>
    </>
  );
}

export function TeamPage() {
  const { account } = useSession();
  const filters = teamFilters(useSearch());
  const [forms, retry] = useFormTitles();
  if (account?.role !== 'manager') {
    return (
      <Layout title="Your team’s work">
        <h1 className="govuk-heading-l">Your team’s work</h1>
        <p className="govuk-body">Only managers see their team’s work lists.</p>
      </Layout>
    );
  }
  return (
    <Layout title={`Your team’s work: ${VIEWS.find(([v]) => v === filters.view)![1].toLowerCase()}`}>
      <h1 className="govuk-heading-l">Your team’s work</h1>
      <Views current={filters.view} />
      <Loading loaded={forms} retry={retry}>
        {(titles) =>
          filters.view === 'records' ? <RecordsView filters={filters} forms={titles} /> : filters.view === 'workers' ? <WorkersView /> : <ActionsView filters={filters} />
        }
      </Loading>
    </Layout>
  );
}
