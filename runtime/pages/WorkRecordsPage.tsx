/**
 * "Your work" in full: every record waiting for you to act on (/work/waiting), every record
 * returned to you for changes (/work/returned), or every open audit assigned to you
 * (/work/audits), soonest due first, a page at a time. The home page shows the first 20 of each
 * and links here when there are more.
 */
import { Link } from 'wouter';
import { api } from '../api/client.js';
import type { FormSummary } from '../api/types.js';
import { auditApi } from '../api/audits.js';
import { workApi } from '../api/work.js';
import { AssignedAudits } from '../audits/AssignedAudits.js';
import { Layout } from '../app/Layout.js';
import { useLoad } from '../app/use-load.js';
import { Loading } from '../components/Loading.js';
import { Pagination, useCursorPages } from '../components/Pagination.js';
import { today as londonToday } from '../work/due.js';
import { RecordQueueTable } from '../work/RecordQueueTable.js';

const PAGE = 20;

const WORDS = {
  waiting: { title: 'Records waiting for you', none: 'No record is waiting for you to act on.' },
  returned: { title: 'Records returned to you for changes', none: 'No record of yours has been returned for changes.' },
} as const;

export function WorkRecordsPage({ list }: { list: 'waiting' | 'returned' }) {
  const words = WORDS[list];
  const [forms, retry] = useLoad(async () => new Map<string, string>((await api.get<{ items: FormSummary[] }>('/api/forms')).body.items.map((f) => [f.id, f.title])), []);
  const pages = useCursorPages(list, (cursor) => workApi.records(list, { cursor, limit: PAGE }), (p) => p.next);
  return (
    <Layout title={pages.page > 1 ? `${words.title}, page ${pages.page}` : words.title}>
      <Link href="/" className="govuk-back-link">
        Back to your forms
      </Link>
      <h1 className="govuk-heading-l">{words.title}</h1>
      {list === 'waiting' && <p className="govuk-body">Soonest due first, so anything overdue is at the top.</p>}
      <Loading loaded={forms} retry={retry}>
        {(titles) => (
          <Loading loaded={pages.loaded} retry={pages.retry}>
            {(page) =>
              page.items.length > 0 ? (
                <>
                  <RecordQueueTable caption={pages.page > 1 || page.next ? `${words.title}, page ${pages.page}` : words.title} items={page.items} forms={titles} today={londonToday()} kind={list} captionClass="govuk-table__caption--s" />
                  <Pagination label={words.title} page={pages.page} previous={pages.previous} next={pages.next} />
                </>
              ) : (
                <p className="govuk-body">{words.none}</p>
              )
            }
          </Loading>
        )}
      </Loading>
    </Layout>
  );
}

const AUDITS = 'Audits assigned to you';

export function AssignedAuditsPage() {
  const [forms, retry] = useLoad(async () => new Map<string, string>((await api.get<{ items: FormSummary[] }>('/api/forms')).body.items.map((f) => [f.id, f.title])), []);
  const pages = useCursorPages('audits', (cursor) => auditApi.assignments({ auditor: 'me', status: 'open', cursor, limit: PAGE }), (p) => p.nextCursor);
  return (
    <Layout title={pages.page > 1 ? `${AUDITS}, page ${pages.page}` : AUDITS}>
      <Link href="/" className="govuk-back-link">
        Back to your forms
      </Link>
      <h1 className="govuk-heading-l">{AUDITS}</h1>
      <p className="govuk-body">Soonest due first, so anything overdue is at the top.</p>
      <Loading loaded={forms} retry={retry}>
        {(titles) => (
          <Loading loaded={pages.loaded} retry={pages.retry}>
            {(page) =>
              page.items.length > 0 ? (
                <>
                  <AssignedAudits caption={pages.page > 1 || page.nextCursor ? `${AUDITS}, page ${pages.page}` : AUDITS} items={page.items} count={page.items.length} forms={titles} today={londonToday()} />
                  <Pagination label={AUDITS} page={pages.page} previous={pages.previous} next={pages.next} />
                </>
              ) : (
                <p className="govuk-body">No audit is assigned to you.</p>
              )
            }
          </Loading>
        )}
      </Loading>
    </Layout>
  );
}
