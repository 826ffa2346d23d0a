/**
 * On a new draft about a child: the child's open actions from earlier records, each with when it
 * is due and a link to mark it done (on the action's page, with a way back to the draft), so the
 * worker updates them rather than typing them again. Shows nothing when there are none, or when
 * they cannot be read just now (the form matters more than the panel).
 */
import { Link } from 'wouter';
import { workApi } from '../api/work.js';
import { useLoad } from '../app/use-load.js';
import { named } from '../directory/words.js';
import { ownerText } from './ActionTable.js';
import { DueTag } from './DueTag.js';
import { byDue, today as londonToday } from './due.js';

export function OpenActionsPanel({ childId, childName, back }: { childId: string; childName: string | undefined; back: string }) {
  const [loaded] = useLoad(() => workApi.actions({ child: childId, status: 'open', limit: 50 }).catch(() => null), [childId]);
  if (loaded.state !== 'ready' || !loaded.value?.items.length) return null;
  const items = byDue(loaded.value.items, (a) => a.dueOn);
  const today = londonToday();
  const who = named(childId, childName);
  return (
    <section className="app-open-actions govuk-!-margin-bottom-6" aria-labelledby="open-actions-title">
      <h2 className="govuk-heading-m" id="open-actions-title">
        Open actions for {who}
      </h2>
      <p className="govuk-body">From earlier records. Mark an action as done when it is, rather than writing it again here.</p>
      <ul className="govuk-list">
        {items.map((a) => (
          <li key={a.id} className="app-open-actions__item">
            <p className="govuk-body govuk-!-margin-bottom-1 govuk-!-font-weight-bold app-break-anywhere">{a.text}</p>
            <p className="govuk-body-s govuk-!-margin-bottom-1">
              {ownerText(a)}
              {a.reference ? `, from ${a.reference}` : ''}
            </p>
            <p className="govuk-body-s govuk-!-margin-bottom-1">
              <DueTag dueOn={a.dueOn} today={today} workingDaysOverdue={a.workingDaysOverdue} />
            </p>
            <Link href={`/actions/${encodeURIComponent(a.id)}?back=${encodeURIComponent(back)}`} className="govuk-link">
              Mark as done or update<span className="govuk-visually-hidden">: {a.text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
