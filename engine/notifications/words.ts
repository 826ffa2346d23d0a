/**
 * What an email says. Only references, form stages, dates and links: never a child's name, an
 * answer or an action's text, since email leaves the council's systems and inboxes are shared.
 */
import type { Notification } from './model.js';

const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** "11 December 2026" for 2026-12-11. */
export function dayWords(date: string): string {
  return DAY.format(new Date(`${date}T00:00:00Z`));
}

const ref = (reference: string | undefined, fallback: string) => reference ?? fallback;

export const titles = {
  returned: (reference: string | undefined, stageName: string | undefined) =>
    `${ref(reference, 'A record')} was returned to you for changes${stageName ? ` at ${stageName}` : ''}`,
  signOff: (reference: string | undefined, stageName: string | undefined, dueOn: string | undefined) =>
    `${ref(reference, 'A record')} is waiting for you${stageName ? `: ${stageName}` : ''}${dueOn ? `, due ${dayWords(dueOn)}` : ''}`,
  actionAssigned: (reference: string | undefined, dueOn: string) => `An action from ${ref(reference, 'a record')} is assigned to you, due ${dayWords(dueOn)}`,
  auditAssigned: (dueOn: string | undefined) => `A case file audit is assigned to you${dueOn ? `, due ${dayWords(dueOn)}` : ''}`,
  actionDueSoon: (reference: string | undefined, dueOn: string) => `An action from ${ref(reference, 'a record')} is due on ${dayWords(dueOn)}`,
  actionOverdue: (reference: string | undefined, dueOn: string) => `An action from ${ref(reference, 'a record')} is overdue: it was due on ${dayWords(dueOn)}`,
  recordOverdue: (reference: string | undefined, stageName: string | undefined, dueOn: string) =>
    `${ref(reference, 'A record')} is overdue${stageName ? ` for ${stageName}` : ''}: it was due on ${dayWords(dueOn)}`,
  digest: (date: string, n: number) => `Caseforms: ${n} ${n === 1 ? 'thing' : 'things'} for you on ${dayWords(date)}`,
};

/** The plain-text email: what happened, the link, and how to change what you get. */
export function emailText(n: Pick<Notification, 'title' | 'path' | 'items' | 'kind'>, publicUrl: string): string {
  const url = (path: string) => `${publicUrl}${path}`;
  const lines =
    n.kind === 'digest'
      ? ['Here is what happened in Caseforms for you since the last summary:', '', ...(n.items ?? []).flatMap((i) => [`- ${i.title}`, `  ${url(i.path)}`])]
      : [n.title, '', `Open it in Caseforms: ${url(n.path)}`];
  return [
    ...lines,
    '',
    'Sign in to see the details: this email never holds names or answers.',
    `You can choose each email as it happens, one summary a day, or none, in Email settings: ${url('/settings/email')}`,
    '',
  ].join('\n');
}
