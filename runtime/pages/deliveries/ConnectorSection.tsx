/**
 * One connector on the deliveries page: a summary card (state, kind, counts by state, how long the
 * oldest waiting record has waited, the forms it receives, pause or resume) and its dead letters,
 * each with a Replay button, plus one to replay them all.
 */
import { Link } from 'wouter';
import { SummaryRow } from '../../components/SummaryRow.js';
import { DEAD_PAGE, childOf, destinationOf, kindText, plural, waitedFor, when, type Connector, type ConnectorView, type Delivery } from './model.js';
import { Cell, Table } from './Table.js';

export interface ConnectorActions {
  pause(c: Connector): void;
  resume(c: Connector): void;
  replay(c: Connector, d: Delivery): void;
  replayAll(c: Connector): void;
}


/** The forms a connector receives, one line each: a mapping for version N applies from N on. */
function formsReceived(view: ConnectorView, titles: Map<string, string>): string[] {
  const first = new Map<string, number>();
  for (const m of view.mappings) first.set(m.formId, Math.min(first.get(m.formId) ?? Infinity, m.version));
  return [...first].map(([formId, v]) => `${titles.get(formId) ?? formId} (version ${v} onwards)`).sort((a, b) => a.localeCompare(b));
}

export function ConnectorSection({ view, titles, now, actions }: { view: ConnectorView; titles: Map<string, string>; now: Date; actions: ConnectorActions }) {
  const c = view.connector;
  const counts = c.queue?.counts ?? { pending: 0, leased: 0, delivered: 0, dead: 0 };
  const since = c.queue?.oldestWaitingSince ?? null;
  const forms = formsReceived(view, titles);
  const where = destinationOf(c);
  const base = `connector-${c.id}`;
  return (
    <section className="app-connector" aria-labelledby={`${base}-title`}>
      <div className="govuk-summary-card">
        <div className="govuk-summary-card__title-wrapper">
          <h2 className="govuk-summary-card__title" id={`${base}-title`}>
            {c.title}
          </h2>
          <strong className={`govuk-tag ${c.paused ? 'govuk-tag--yellow' : 'govuk-tag--green'}`}>{c.paused ? 'Paused' : 'Active'}</strong>
        </div>
        <div className="govuk-summary-card__content">
          <dl className="govuk-summary-list">
            <SummaryRow label="Kind">
              {kindText(c)}
              {where && <span className="govuk-body-s app-break-anywhere govuk-!-display-block govuk-!-margin-bottom-0">{where}</span>}
            </SummaryRow>
            <SummaryRow label="Waiting">{counts.pending.toLocaleString('en-GB')}</SummaryRow>
            <SummaryRow label="In flight">{counts.leased.toLocaleString('en-GB')}</SummaryRow>
            <SummaryRow label="Delivered">{counts.delivered.toLocaleString('en-GB')}</SummaryRow>
            <SummaryRow label="Dead letters">{counts.dead.toLocaleString('en-GB')}</SummaryRow>
            <SummaryRow label="Oldest waiting record">{since ? `Has waited ${waitedFor(since, now)} (since ${when(since)})` : 'Nothing is waiting'}</SummaryRow>
            <SummaryRow label="Forms it receives">
              {forms.length ? (
                <ul className="govuk-list govuk-!-margin-bottom-0">
                  {forms.map((f) => (
                    <li key={f}>{f}</li>
                  ))}
                </ul>
              ) : (
                'None yet: no form is mapped to it'
              )}
            </SummaryRow>
          </dl>
          <p className="govuk-hint" id={`${base}-pause-hint`}>
            {c.paused
              ? `Resuming sends everything waiting to ${c.title}, in the order it was submitted.`
              : `Pausing stops sending to ${c.title}. Records keep queuing, but nothing is sent until you resume it.`}
          </p>
          {/* One button that changes its words, so focus stays on it. */}
          <button
            type="button"
            className={`govuk-button govuk-!-margin-bottom-0 ${c.paused ? '' : 'govuk-button--secondary'}`.trim()}
            aria-describedby={`${base}-pause-hint`}
            onClick={() => (c.paused ? actions.resume(c) : actions.pause(c))}
          >
            {c.paused ? 'Resume' : 'Pause'}
            <span className="govuk-visually-hidden"> {c.title}</span>
          </button>
        </div>
      </div>
      <DeadLetters view={view} actions={actions} />
    </section>
  );
}

function DeadLetters({ view, actions }: { view: ConnectorView; actions: ConnectorActions }) {
  const c = view.connector;
  const caption = `Dead letters for ${c.title}`;
  if (view.dead.length === 0) {
    return <p className="govuk-body">There are no dead letters for {c.title}.</p>;
  }
  const total = c.queue?.counts.dead ?? view.dead.length;
  return (
    <>
      <Table caption={caption} columns={[{ label: 'Record ID' }, { label: 'Child ID' }, { label: 'Attempts', numeric: true }, { label: 'Died' }, { label: 'Reason' }, { label: 'Action', hidden: true }]}>
        {view.dead.map((d) => (
          <tr className="govuk-table__row" key={d.id}>
            <Cell wrap>
              <Link href={`/records/${d.submissionId}`} className="govuk-link">
                {d.submissionId}
              </Link>
            </Cell>
            <Cell>{childOf(d)}</Cell>
            <Cell numeric>{d.attempts}</Cell>
            <Cell>{when(d.deadAt)}</Cell>
            <Cell>{d.lastError ?? '—'}</Cell>
            <Cell>
              <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => actions.replay(c, d)}>
                Replay<span className="govuk-visually-hidden"> record {d.submissionId}</span>
              </button>
            </Cell>
          </tr>
        ))}
      </Table>
      {view.moreDead && (
        <p className="govuk-body">
          Showing the first {DEAD_PAGE} of {plural(total, 'dead letter')}. Replaying all of them replays every one.
        </p>
      )}
      <button type="button" className="govuk-button" onClick={() => actions.replayAll(c)}>
        Replay all dead letters for {c.title}
      </button>
    </>
  );
}
