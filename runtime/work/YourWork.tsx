/**
 * "Your work" on the home page: records returned to you, records waiting for you to act on
 * (sign-off, response, moderation), your open actions, audits assigned to you — each with when it is due, the overdue
 * first and said in words — and how many drafts you have in progress.
 */
import { Link } from 'wouter';
import { workApi } from '../api/work.js';
import { useLoad } from '../app/use-load.js';
import { Loading } from '../components/Loading.js';
import { ActionTable } from './ActionTable.js';
import { byDue, today as londonToday } from './due.js';
import { RecordQueueTable } from './RecordQueueTable.js';
import { AssignedAudits } from '../audits/AssignedAudits.js';

const more = (shown: number, count: number) => (count > shown ? ` (${shown} of ${count} shown)` : '');

export function YourWork({ forms }: { forms: Map<string, string> }) {
  const [loaded, retry] = useLoad(() => workApi.yours(), []);
  const today = londonToday();
  return (
    <section aria-labelledby="your-work-title" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="your-work-title">
        Your work
      </h2>
      <Loading loaded={loaded} retry={retry}>
        {(w) => {
          const actions = byDue(w.actions.items, (a) => a.dueOn);
          const waiting = byDue(w.waiting.items, (r) => r.review?.dueOn);
          const nothing = w.returned.count + w.waiting.count + w.actions.count + w.audits.count === 0;
          return (
            <>
              {nothing && <p className="govuk-body">Nothing is waiting for you: no records to sign off or change, no open actions and no audits.</p>}
              {w.returned.count > 0 && (
                <RecordQueueTable caption={`Returned to you for changes: ${w.returned.count}${more(w.returned.items.length, w.returned.count)}`} items={w.returned.items} forms={forms} today={today} kind="returned" captionClass="govuk-table__caption--s" />
              )}
              {w.waiting.count > 0 && (
                <RecordQueueTable caption={`Waiting for you: ${w.waiting.count}${more(waiting.length, w.waiting.count)}`} items={waiting} forms={forms} today={today} kind="waiting" captionClass="govuk-table__caption--s" />
              )}
              {w.actions.count > 0 && (
                <ActionTable caption={`Your open actions: ${w.actions.count}${more(actions.length, w.actions.count)}`} items={actions} today={today} captionClass="govuk-table__caption--s" />
              )}
              <AssignedAudits caption={`Audits assigned to you: ${w.audits.count}${more(w.audits.items.length, w.audits.count)}`} items={w.audits.items} count={w.audits.count} forms={forms} today={today} />
              <ul className="govuk-list">
                {[
                  { href: '/work/waiting', shown: waiting.length, count: w.waiting.count, what: 'records waiting for you' },
                  { href: '/work/returned', shown: w.returned.items.length, count: w.returned.count, what: 'records returned to you' },
                  { href: '/work/audits', shown: w.audits.items.length, count: w.audits.count, what: 'audits assigned to you' },
                ]
                  // The whole list, when it is longer than the start shown above.
                  .filter((l) => l.count > l.shown)
                  .map((l) => (
                    <li key={l.href}>
                      <Link href={l.href} className="govuk-link">
                        All {l.count} {l.what}
                      </Link>
                    </li>
                  ))}
                <li>
                  <Link href="/actions" className="govuk-link">
                    All your actions
                  </Link>
                </li>
                {w.drafts.count > 0 && (
                  <li>
                    <a href="#drafts-in-progress" className="govuk-link">
                      {w.drafts.count === 1 ? 'Your draft in progress' : `Your ${w.drafts.count} drafts in progress`}
                    </a>
                  </li>
                )}
              </ul>
            </>
          );
        }}
      </Loading>
    </section>
  );
}
