/**
 * Records in a work list as a GOV.UK table: waiting at a stage (its name, when due) or returned
 * for changes (who returned it and why), each linking to the record.
 */
import type { WorkRecord } from '../api/work.js';
import { DataTable, RecordLink, type Column } from '../components/DataTable.js';
import { recordAbout, subjectText } from '../directory/words.js';
import { DueTag } from './DueTag.js';
import { returnedBy, stageName } from './review-words.js';

function returnedText(r: WorkRecord): string {
  const back = returnedBy(r);
  return back ? `By ${back.name}${back.stageName ? ` at ${back.stageName}` : ''}: ${back.reason ?? 'no reason given'}` : 'Returned for changes';
}

export function RecordQueueTable(props: { caption: string; items: WorkRecord[]; forms: Map<string, string>; today: string; kind: 'waiting' | 'returned'; captionClass?: string }) {
  const waiting = props.kind === 'waiting';
  const columns: Column[] = [
    { label: 'Reference', className: 'app-reference' },
    { label: 'Form' },
    { label: 'About' },
    waiting ? { label: 'Stage' } : { label: 'Returned', className: 'app-break-anywhere' },
    ...(waiting ? [{ label: 'Due' }] : []),
    { label: 'Link', hidden: true },
  ];
  const rows = props.items.map((r) => {
    const title = props.forms.get(r.formId) ?? r.formId;
    return {
      key: r.id,
      cells: [
        r.reference ?? '—',
        title,
        subjectText(r),
        waiting ? (stageName(r) ?? '—') : returnedText(r),
        ...(waiting ? [<DueTag dueOn={r.review?.dueOn} today={props.today} />] : []),
        <RecordLink id={r.id} words={waiting ? 'Open' : 'Change and resubmit'} about={recordAbout(r, title)} />,
      ],
    };
  });
  return <DataTable caption={props.caption} captionClass={props.captionClass} columns={columns} rows={rows} />;
}
