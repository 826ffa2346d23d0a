/** "Your actions": the tracked actions you own, open ones by default, soonest due first, a page at a time. */
import { useEffect, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { workApi, type ActionStatus } from '../api/work.js';
import { Layout } from '../app/Layout.js';
import { Loading } from '../components/Loading.js';
import { SelectField } from '../components/SelectField.js';
import { Pagination, useCursorPages } from '../components/Pagination.js';
import { ActionTable } from '../work/ActionTable.js';
import { today as londonToday } from '../work/due.js';

const PAGE = 20;
const STATUSES: ReadonlyArray<readonly [ActionStatus | 'any', string]> = [
  ['open', 'Open'],
  ['done', 'Done'],
  ['cancelled', 'Cancelled'],
  ['any', 'Any status'],
];

function statusOf(search: string): ActionStatus | 'any' {
  const s = new URLSearchParams(search).get('status');
  return STATUSES.some(([v]) => v === s) ? (s as ActionStatus | 'any') : 'open';
}

export function ActionsPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const status = statusOf(search);
  const [chosen, setChosen] = useState(status);
  useEffect(() => setChosen(status), [status]);
  const pages = useCursorPages('actions', status, (cursor) => workApi.actions({ status: status === 'any' ? '' : status, cursor, limit: PAGE }), (p) => p.next);
  const today = londonToday();
  const words = STATUSES.find(([v]) => v === status)![1].toLowerCase();
  return (
    <Layout title="Your actions">
      <h1 className="govuk-heading-l">Your actions</h1>
      <form
        className="app-filters"
        role="search"
        aria-label="Your actions"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(chosen === 'open' ? '/actions' : `/actions?status=${chosen}`);
        }}
      >
        <SelectField<ActionStatus | 'any'> id="actions-status" label="Status" value={chosen} options={STATUSES} onChange={setChosen} />
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary">
            Show actions
          </button>
        </div>
      </form>
      <Loading loaded={pages.loaded} retry={pages.retry}>
        {(page) =>
          page.items.length > 0 ? (
            <>
              <ActionTable caption={status === 'any' ? 'Your actions' : `Your ${words} actions`} items={page.items} today={today} showStatus={status === 'any'} />
              <Pagination label="Your actions" page={pages.page} previous={pages.previous} next={pages.next} />
            </>
          ) : (
            <p className="govuk-body">{status === 'any' ? 'You have no actions.' : `You have no ${words} actions.`}</p>
          )
        }
      </Loading>
    </Layout>
  );
}
