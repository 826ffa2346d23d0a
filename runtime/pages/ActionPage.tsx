/**
 * A tracked action: its words, owner, due date, status and history, with the record and child it
 * came from, and the changes the person may make (the server says which): mark as done, cancel,
 * and for the owner's manager reassign and change the due date.
 */
import { useRef, useState } from 'react';
import { Link, useSearch } from 'wouter';
import { workApi, type ActionChange } from '../api/work.js';
import { Layout } from '../app/Layout.js';
import { useLoad } from '../app/use-load.js';
import { DataTable } from '../components/DataTable.js';
import { SummaryRow } from '../components/SummaryRow.js';
import { Loading } from '../components/Loading.js';
import { SuccessBanner } from '../components/SuccessBanner.js';
import { dayText } from '../directory/words.js';
import { ActionChangeForm } from '../work/ActionChangeForm.js';
import { childText, ownerText, STATUS_WORDS } from '../work/ActionTable.js';
import { CHANGE_FORMS, allowedChanges, backOf } from '../work/action-changes.js';
import { DueTag } from '../work/DueTag.js';
import { today as londonToday } from '../work/due.js';
import { historyWords } from '../work/history-words.js';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' });


export function ActionPage({ id }: { id: string }) {
  const back = backOf(useSearch());
  const [fresh, retry] = useLoad(() => workApi.action(id), [id]);
  // Read again after a change: what was shown stays (with any answers typed) until the new copy comes.
  const last = useRef<{ id: string; value: Awaited<ReturnType<typeof workApi.action>> } | null>(null);
  if (fresh.state === 'ready') last.current = { id, value: fresh.value };
  const loaded = fresh.state === 'loading' && last.current?.id === id ? ({ state: 'ready', value: last.current.value } as const) : fresh;
  const [change, setChange] = useState<ActionChange | null>(null);
  const [made, setMade] = useState<ActionChange | null>(null);
  const today = londonToday();
  const title = loaded.state === 'ready' ? `Action: ${loaded.value.action.text}` : 'Action';
  return (
    <Layout title={title} backTo={back}>
      {made && <SuccessBanner id="action-changed" heading={CHANGE_FORMS[made].success} focus />}
      <Loading loaded={loaded} retry={retry} failedHeading="The action could not be opened">
        {({ action: a, etag }) => {
          const changes = allowedChanges(a);
          return (
            <>
              <span className="govuk-caption-l">Action{a.reference ? ` from ${a.reference}` : ''}</span>
              <h1 className="govuk-heading-l app-break-anywhere">{a.text}</h1>
              <dl className="govuk-summary-list">
                <SummaryRow label="Status">
                  <strong className={`govuk-tag ${a.status === 'open' ? 'govuk-tag--blue' : a.status === 'done' ? 'govuk-tag--green' : 'govuk-tag--grey'}`}>{STATUS_WORDS[a.status]}</strong>
                </SummaryRow>
                <SummaryRow label="Owner">{ownerText(a)}</SummaryRow>
                <SummaryRow label="Due">
                  <DueTag dueOn={a.dueOn} today={today} workingDaysOverdue={a.workingDaysOverdue} closed={a.status !== 'open'} />
                </SummaryRow>
                {a.status === 'done' && <SummaryRow label="Done on">{a.doneOn ? dayText(a.doneOn) : '—'}</SummaryRow>}
                {a.status === 'done' && a.note && <SummaryRow label="What was done">{a.note}</SummaryRow>}
                {a.status === 'cancelled' && <SummaryRow label="Why it was cancelled">{a.reason ?? '—'}</SummaryRow>}
                {a.childId && <SummaryRow label="Child">{childText(a)}</SummaryRow>}
                <SummaryRow label="Record">
                  <Link href={`/records/${encodeURIComponent(a.submissionId)}`} className="govuk-link">
                    {a.reference ?? 'The record'}
                    <span className="govuk-visually-hidden"> (the record this action came from)</span>
                  </Link>
                </SummaryRow>
              </dl>
              {etag && change ? (
                <ActionChangeForm
                  key={change}
                  change={change}
                  action={a}
                  etag={etag}
                  today={today}
                  onChanged={() => {
                    setMade(change);
                    setChange(null);
                    retry();
                  }}
                  onStale={retry}
                  onBack={() => setChange(null)}
                />
              ) : (
                changes.length > 0 && (
                  <div className="govuk-button-group">
                    {changes.map((c) => (
                      <button
                        key={c}
                        type="button"
                        className={`govuk-button${c === 'done' ? '' : c === 'cancel' ? ' govuk-button--warning' : ' govuk-button--secondary'}`}
                        onClick={() => {
                          setMade(null);
                          setChange(c);
                        }}
                      >
                        {CHANGE_FORMS[c].title}
                      </button>
                    ))}
                  </div>
                )
              )}
              <DataTable
                caption="History"
                columns={[{ label: 'When' }, { label: 'Who' }, { label: 'What', className: 'app-break-anywhere' }]}
                rows={[...a.history].reverse().map((e, i) => ({ key: `${e.at}-${i}`, cells: [when.format(new Date(e.at)), e.by === 'system' ? 'Caseforms' : e.name, historyWords(e)] }))}
              />
            </>
          );
        }}
      </Loading>
    </Layout>
  );
}
