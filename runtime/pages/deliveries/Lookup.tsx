/**
 * Looking up one record's delivery state by its id: a GOV.UK text input and button; the answer is
 * one sentence in a live region and a table with a row per connector the record goes to. A
 * delivered record can be sent again (when the ICS has lost it), a dead letter replayed.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { TextField } from '../../components/TextField.js';
import { RECORD_ID, STATE_TEXT, deliveriesOf, messageOf, receiptOf, when, type Delivery, type DeliveryState } from './model.js';
import { Cell, Table } from './Table.js';

export const LOOKUP_INPUT = 'lookup-record';

const SENTENCE: Record<DeliveryState, string> = { pending: 'waiting to be sent to', leased: 'being sent to', delivered: 'delivered to', dead: 'a dead letter for' };

function StateTag({ state }: { state: DeliveryState }) {
  const s = STATE_TEXT[state];
  return <strong className={`govuk-tag ${s.tag}`.trim()}>{s.label}</strong>;
}

function details(d: Delivery): string {
  switch (d.state) {
    case 'delivered':
      return [`Delivered ${when(d.deliveredAt)}`, receiptOf(d)].filter(Boolean).join('. ');
    case 'dead':
      return `Stopped ${when(d.deadAt)}: ${d.lastError ?? 'no reason given'}`;
    case 'leased':
      return 'Being sent now';
    default:
      return [`Queued ${when(d.createdAt)}; next attempt ${when(d.nextAttemptAt)}`, d.lastError && `Last attempt: ${d.lastError}`].filter(Boolean).join('. ');
  }
}

export interface LookupActions {
  /** Sends a delivered record again (the same idempotency key: a receiver that keeps to it makes no second record). */
  resend(d: Delivery, connectorTitle: string): void;
  /** Puts a dead letter back in the queue. */
  replay(d: Delivery, connectorTitle: string): void;
}

export function Lookup({
  connectorTitles,
  refreshKey,
  error,
  onError,
  actions,
}: {
  connectorTitles: Map<string, string>;
  refreshKey: number;
  error: string | undefined;
  onError(message: string | undefined): void;
  actions: LookupActions;
}) {
  const [value, setValue] = useState('');
  const [shown, setShown] = useState<{ id: string; items: Delivery[] } | null>(null);
  const busy = useRef(false);
  const titleOf = (connector: string) => connectorTitles.get(connector) ?? connector;

  async function find(id: string) {
    try {
      setShown({ id, items: await deliveriesOf(id) });
      onError(undefined);
    } catch (err) {
      setShown(null);
      onError(messageOf(err));
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy.current) return;
    const id = value.trim();
    const problem = !id ? 'Enter a record ID' : !RECORD_ID.test(id) ? 'Record ID must only include letters, numbers, hyphens, underscores and colons' : undefined;
    if (problem) {
      setShown(null);
      return onError(problem);
    }
    busy.current = true;
    await find(id);
    busy.current = false;
  }

  // The page's Refresh shows the record's state as it is now too.
  useEffect(() => {
    if (refreshKey && shown) void find(shown.id);
  }, [refreshKey]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <section aria-labelledby="lookup-title">
      <h2 className="govuk-heading-m" id="lookup-title">
        Look up a record
      </h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id={LOOKUP_INPUT}
          label="Record ID"
          hint="The ID at the end of the record’s web address, for example 0195b3c4-7e1a-7c2d-9f00-1a2b3c4d5e6f."
          className="govuk-input--width-30"
          spellCheck={false}
          autoComplete="off"
          value={value}
          error={error}
          onChange={setValue}
        />
        <button type="submit" className="govuk-button govuk-button--secondary">
          Look up
        </button>
      </form>
      <p className="govuk-body" role="status">
        {shown &&
          (shown.items.length
            ? `Record ${shown.id}: ${shown.items.map((d) => `${SENTENCE[d.state]} ${titleOf(d.connector)}`).join('; ')}.`
            : `Nothing has been queued for record ${shown.id}. Only submitted records of a form a connector receives are delivered.`)}
      </p>
      {shown && shown.items.length > 0 && (
        <>
          <Table caption={`Deliveries of record ${shown.id}`} size="s" columns={[{ label: 'Connector' }, { label: 'State' }, { label: 'Attempts', numeric: true }, { label: 'Details' }, { label: 'Action' }]}>
            {shown.items.map((d) => (
              <tr className="govuk-table__row" key={d.id}>
                <Cell>{titleOf(d.connector)}</Cell>
                <Cell>
                  <StateTag state={d.state} />
                </Cell>
                <Cell numeric>{d.attempts}</Cell>
                <Cell>{details(d)}</Cell>
                <Cell>
                  {d.state === 'delivered' && (
                    <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => actions.resend(d, titleOf(d.connector))}>
                      Send again<span className="govuk-visually-hidden"> record {d.submissionId} to {titleOf(d.connector)}</span>
                    </button>
                  )}
                  {d.state === 'dead' && (
                    <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => actions.replay(d, titleOf(d.connector))}>
                      Replay<span className="govuk-visually-hidden"> record {d.submissionId} to {titleOf(d.connector)}</span>
                    </button>
                  )}
                </Cell>
              </tr>
            ))}
          </Table>
          {shown.items.some((d) => d.state === 'delivered') && (
            <p className="govuk-body-s">
              Send a record again only when the ICS has lost it. It goes with the same idempotency key as before, so an ICS that keeps to the key answers with the record it already has instead of making a second one.
            </p>
          )}
        </>
      )}
    </section>
  );
}
