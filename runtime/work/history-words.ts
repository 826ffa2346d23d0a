/** An action's history in words: "Reassigned from W2 to W3: covering leave". */
import type { ActionEntry } from '../api/work.js';
import { dayText } from '../directory/words.js';

export function historyWords(e: ActionEntry): string {
  const why = e.reason ? `: ${e.reason}` : '';
  switch (e.action) {
    case 'created':
      return 'Created when the record was completed';
    case 'done':
      return `Marked as done${e.to ? ` (done on ${dayText(e.to)})` : ''}${e.note ? `: ${e.note}` : ''}`;
    case 'cancelled':
      return `Cancelled${why}`;
    case 'reassigned':
      return `Reassigned${e.from ? ` from ${e.from}` : ''}${e.to ? ` to ${e.to}` : ''}${why}`;
    case 'due-moved':
      return `Due date moved${e.from ? ` from ${dayText(e.from)}` : ''}${e.to ? ` to ${dayText(e.to)}` : ''}${why}`;
    default:
      return `${String(e.action).replace(/-/g, ' ')}${why}`;
  }
}
