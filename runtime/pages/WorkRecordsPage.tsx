/**
 * "Your work" in full: every record waiting for you to act on (/work/waiting), every record
 * returned to you for changes (/work/returned), or every open audit assigned to you
 * (/work/audits), soonest due first, a page at a time. The home page shows the first 20 of each
 * and links here when there are more.
 */
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { auditApi } from '../api/audits.js';
import { workApi } from '../api/work.js';
import { AssignedAudits } from '../audits/AssignedAudits.js';
import { useFormTitles } from '../app/form-titles.js';
import { Layout } from '../app/Layout.js';
import { Loading } from '../components/Loading.js';
import { Pagination, useCursorPages, type CursorPages } from '../components/Pagination.js';
import { today as londonToday } from '../work/due.js';
import { RecordQueueTable } from '../work/RecordQueueTable.js';

const PAGE = 20;
const SOONEST_FIRST = 'Soonest due first, so anything overdue is at the top.';

/** The page around one list: its title (with the page number once there is more than one), the table, and its links. */
function WorkList<P extends { items: unknown[] }>(props: { title: string; hint?: string; none: string; pages: CursorPages<P>; table: (page: P, caption: string, titles: Map<string, string>) => ReactNode }) {
  const { title, pages } = props;
  const [forms, retry] = useFormTitles();
  const numbered = pages.page > 1 || pages.next !== null ? `${title}, page ${pages.page}` : title;
  return (
    <Layout title={pages.page > 1 ? numbered : title}>
      <Link href="/" className="govuk-back-link">
        Back to your forms
      </Link>
      <h1 className="govuk-heading-l">{title}</h1>
      {props.hint && <p className="govuk-body">{props.hint}</p>}
      <Loading loaded={forms} retry={retry}>
        {(titles) => (
          <Loading loaded={pages.loaded} retry={pages.retry}>
            {(page) =>
              page.items.length > 0 ? (
                <>
                  {props.table(page, numbered, titles)}
                  <Pagination label={title} page={pages.page} previous={pages.previous} next={pages.next} />
                </>
              ) : (
                <p className="govuk-body">{props.none}</p>
              )
            }
          </Loading>
        )}
      </Loading>
    </Layout>
  );
}

const WORDS = {
  waiting: { title: 'Records waiting for you', none: 'No record is waiting for you to act on.', hint: SOONEST_FIRST },
  returned: { title: 'Records returned to you for changes', none: 'No record of yours has been returned for changes.', hint: undefined },
} as const;

export function WorkRecordsPage({ list }: { list: 'waiting' | 'returned' }) {
  const words = WORDS[list];
  const pages = useCursorPages(`work-${list}`, list, (cursor) => workApi.records(list, { cursor, limit: PAGE }), (p) => p.next);
  return (
    <WorkList
      {...words}
      pages={pages}
      table={(page, caption, titles) => <RecordQueueTable caption={caption} items={page.items} forms={titles} today={londonToday()} kind={list} captionClass="govuk-table__caption--s" />}
    />
  );
}

export function AssignedAuditsPage() {
  const pages = useCursorPages('work-audits', 'audits', (cursor) => auditApi.assignments({ auditor: 'me', status: 'open', cursor, limit: PAGE }), (p) => p.nextCursor);
  return (
    <WorkList
      title="Audits assigned to you"
      hint={SOONEST_FIRST}
      none="No audit is assigned to you."
      pages={pages}
      table={(page, caption, titles) => <AssignedAudits caption={caption} items={page.items} count={page.items.length} forms={titles} today={londonToday()} />}
    />
  );
}
