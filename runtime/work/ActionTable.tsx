/**
 * Tracked actions as a GOV.UK table: the action, the child, (the owner, on a manager's lists),
 * when it is due in words, and a link to the action.
 */
import { Link } from 'wouter';
import type { ActionItem } from '../api/work.js';
import { DataTable, type Column } from '../components/DataTable.js';
import { named } from '../directory/words.js';
import { DueTag } from './DueTag.js';

export const STATUS_WORDS = { open: 'Open', done: 'Done', cancelled: 'Cancelled' } as const;

export function ownerText(a: Pick<ActionItem, 'ownerWorkerId' | 'ownerName'>): string {
  return a.ownerWorkerId ? named(a.ownerWorkerId, a.ownerName) : (a.ownerName ?? 'Nobody yet');
}

export function childText(a: Pick<ActionItem, 'childId' | 'childName'>): string {
  return a.childId ? named(a.childId, a.childName) : '—';
}

export function ActionTable(props: { caption: string; items: ActionItem[]; today: string; showOwner?: boolean; showStatus?: boolean; captionClass?: string }) {
  const columns: Column[] = [
    { label: 'Action', className: 'app-break-anywhere' },
    { label: 'Child' },
    ...(props.showOwner ? [{ label: 'Owner' }] : []),
    { label: 'Due' },
    ...(props.showStatus ? [{ label: 'Status' }] : []),
    { label: 'Link', hidden: true },
  ];
  const rows = props.items.map((a) => ({
    key: a.id,
    cells: [
      a.text,
      childText(a),
      ...(props.showOwner ? [ownerText(a)] : []),
      <DueTag dueOn={a.dueOn} today={props.today} workingDaysOverdue={a.workingDaysOverdue} closed={a.status !== 'open'} />,
      ...(props.showStatus ? [STATUS_WORDS[a.status]] : []),
      <Link href={`/actions/${encodeURIComponent(a.id)}`} className="govuk-link">
        Open<span className="govuk-visually-hidden"> the action: {a.text}</span>
      </Link>,
    ],
  }));
  return <DataTable caption={props.caption} captionClass={props.captionClass} columns={columns} rows={rows} />;
}
