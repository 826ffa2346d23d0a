/**
 * A tracked action: its words, owner, due date, status and history, with the record and child it
 * came from, and the changes the person may make (the server says which): mark as done, cancel,
 * and for the owner's manager reassign and change the due date.
 */
import { useRef, useState, type ReactNode } from 'react';
import { Link, useSearch } from 'wouter';
import { workApi, type ActionChange } from '../api/work.js';
import { Layout } from '../app/Layout.js';
import { useLoad } from '../app/use-load.js';
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

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

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
      <Loading loaded={loaded} retry={retry}>
        {({ action: a, etag }) => {
          const changes = allowedChanges(a);
          return (
            <>
              <span className="govuk-caption-l">Action{a.reference ? ` from ${a.reference}` : ''}</span>
              <h1 className="govuk-heading-l app-break-anywhere">{a.text}</h1>
              <dl className="govuk-summary-list">
                <Row label="Status">
                  <strong className={`govuk-tag ${a.status === 'open' ? 'govuk-tag--blue' : a.status === 'done' ? 'govuk-tag--green' : 'govuk-tag--grey'}`}>{STATUS_WORDS[a.status]}</strong>
                </Row>
                <Row label="Owner">{ownerText(a)}</Row>
                <Row label="Due">
                  <DueTag dueOn={a.dueOn} today={today} workingDaysOverdue={a.workingDaysOverdue} closed={a.status !== 'open'} />
                </Row>
                {a.status === 'done' && <Row label="Done on">{a.doneOn ? dayText(a.doneOn) : '—'}</Row>}
                {a.status === 'done' && a.note && <Row label="What was done">{a.note}</Row>}
                {a.status === 'cancelled' && <Row label="Why it was cancelled">{a.reason ?? '—'}</Row>}
                {a.childId && <Row label="Child">{childText(a)}</Row>}
                <Row label="Record">
                  <Link href={`/records/${encodeURIComponent(a.submissionId)}`} className="govuk-link">
                    {a.reference ?? 'The record'}
                    <span className="govuk-visually-hidden"> (the record this action came from)</span>
                  </Link>
                </Row>
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
              <div className="app-table-scroll" role="region" aria-label="History" tabIndex={0}>
                <table className="govuk-table">
                  <caption className="govuk-table__caption govuk-table__caption--m">History</caption>
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <th scope="col" className="govuk-table__header">
                        When
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Who
                      </th>
                      <th scope="col" className="govuk-table__header">
                        What
                      </th>
                    </tr>
                  </thead>
                  <tbody className="govuk-table__body">
                    {[...a.history].reverse().map((e, i) => (
                      <tr className="govuk-table__row" key={`${e.at}-${i}`}>
                        <td className="govuk-table__cell">{when.format(new Date(e.at))}</td>
                        <td className="govuk-table__cell">{e.by === 'system' ? 'Caseforms' : e.name}</td>
                        <td className="govuk-table__cell app-break-anywhere">{historyWords(e)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </Loading>
    </Layout>
  );
}
