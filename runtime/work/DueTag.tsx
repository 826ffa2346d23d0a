/** A due date with what it means today: "12 March 2026" and "Overdue by 3 working days" (a red tag). */
import { dayText } from '../directory/words.js';
import { dueWords, overdueWords } from './due.js';

export function DueTag({ dueOn, today, workingDaysOverdue, closed }: { dueOn: string | undefined; today: string; workingDaysOverdue?: number | undefined; closed?: boolean }) {
  if (!dueOn) return <>No due date</>;
  // A done or cancelled action is not late, whatever its date.
  if (closed) return <>{dayText(dueOn)}</>;
  const words = dueWords(dueOn, today, workingDaysOverdue);
  const late = overdueWords(words);
  return (
    <>
      {dayText(dueOn)}
      <br />
      <strong className={`govuk-tag ${late ? 'govuk-tag--red' : words === 'Due today' ? 'govuk-tag--orange' : 'govuk-tag--grey'} app-due`}>{words}</strong>
    </>
  );
}
