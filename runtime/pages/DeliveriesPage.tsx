/**
 * Deliveries to the ICS, for integrators: each connector with its queue (counts by state, how long
 * the oldest waiting record has waited, the forms it receives) and a pause/resume button, its dead
 * letters to replay, and a look-up of one record's delivery state. Nothing refreshes by itself:
 * the Refresh button (and every action) reloads what is shown without moving focus.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import type { Loaded } from '../app/use-load.js';
import { ErrorSummary } from '../components/ErrorSummary.js';
import { Loading } from '../components/Loading.js';
import { ConnectorSection, type ConnectorActions } from './deliveries/ConnectorSection.js';
import { LOOKUP_INPUT, Lookup, type LookupActions } from './deliveries/Lookup.js';
import { NoticeBanner, type Notice } from './deliveries/NoticeBanner.js';
import { loadOverview, messageOf, plural, type Connector, type Overview, type ReplayAnswer } from './deliveries/model.js';

const TITLE = 'Deliveries to the ICS';
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const q = encodeURIComponent;

type Outcome = Omit<Notice, 'focus'>;

export function DeliveriesPage() {
  const { account } = useSession();
  if (account?.role !== 'integrator') {
    return (
      <Layout title="Not available">
        <h1 className="govuk-heading-l">Deliveries to the ICS are for integrators</h1>
        <p className="govuk-body">
          Your account ({account?.role ?? 'signed out'}) cannot see or change what is sent to the case recording system.{' '}
          <Link href="/" className="govuk-link">
            Go to your forms
          </Link>
          .
        </p>
      </Layout>
    );
  }
  return <Deliveries />;
}

/** What a replay did, for the banner (`all`: every dead letter of the connector). */
function replayOutcome(connectorTitle: string, answer: ReplayAnswer, all: boolean): Outcome {
  const refused = answer.items.filter((i) => i.problem).map((i) => `${i.id}: ${i.problem}`);
  const n = answer.replayed;
  return {
    kind: n === 0 && refused.length ? 'problem' : 'success',
    heading: `${n === 0 ? 'No dead letter' : plural(n, 'dead letter')}${all ? ` for ${connectorTitle}` : ''} went back to the queue`,
    text: [n ? `${n === 1 ? 'It' : 'They'} will be sent to ${connectorTitle} again shortly.` : '', ...refused].filter(Boolean).join(' '),
  };
}

function Deliveries() {
  const [loaded, setLoaded] = useState<Loaded<Overview>>({ state: 'loading' });
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [lookupError, setLookupError] = useState<string>();
  // Only the latest load's answer is shown; one action runs at a time.
  const generation = useRef(0);
  const busy = useRef(false);

  const load = useCallback(async (first: boolean) => {
    const g = ++generation.current;
    if (first) setLoaded({ state: 'loading' });
    else setRefreshing(true);
    try {
      const value = await loadOverview();
      if (g !== generation.current) return;
      setLoaded({ state: 'ready', value });
      setUpdatedAt(new Date());
    } catch (err) {
      if (g !== generation.current) return;
      // A failed refresh keeps what is shown (and the focus in it) and says so.
      if (first) setLoaded({ state: 'failed', error: err as Error });
      else setNotice({ kind: 'problem', heading: 'The page could not be refreshed', text: messageOf(err), focus: false });
    } finally {
      if (g === generation.current) setRefreshing(false);
    }
  }, []);

  useEffect(() => {
    void load(true);
  }, [load]);

  const refresh = () => {
    setRefreshKey((k) => k + 1);
    void load(false);
  };

  /** Runs one action, says what became of it in the banner, then shows the queue as it is now. */
  async function act(work: () => Promise<Outcome>, failed: string, focus: boolean) {
    if (busy.current) return;
    busy.current = true;
    try {
      setNotice({ ...(await work()), focus });
    } catch (err) {
      setNotice({ kind: 'problem', heading: failed, text: messageOf(err), focus });
    } finally {
      busy.current = false;
    }
    refresh();
  }

  const setPaused = (c: Connector, paused: boolean) =>
    act(
      async () => {
        await api.post<Connector>(`/api/sync/connectors/${q(c.id)}/${paused ? 'pause' : 'resume'}`);
        return paused
          ? { kind: 'success', heading: `${c.title} is paused`, text: 'Records keep queuing for it, but nothing is sent until you resume it.' }
          : { kind: 'success', heading: `${c.title} is sending again`, text: 'Everything waiting for it is being sent now.' };
      },
      `${c.title} could not be ${paused ? 'paused' : 'resumed'}`,
      // The button stays (with other words): focus stays on it.
      false,
    );

  const actions: ConnectorActions = {
    pause: (c) => void setPaused(c, true),
    resume: (c) => void setPaused(c, false),
    // The row (or the whole table) goes once replayed: focus moves to the banner.
    replay: (c, d) => void act(async () => replayOutcome(c.title, (await api.post<ReplayAnswer>('/api/sync/replay', { ids: [d.id] })).body, false), `Record ${d.submissionId} could not be replayed`, true),
    replayAll: (c) =>
      void act(async () => replayOutcome(c.title, (await api.post<ReplayAnswer>('/api/sync/replay', { connector: c.id, state: 'dead' })).body, true), `The dead letters for ${c.title} could not be replayed`, true),
  };

  // The looked-up record's row stays (its state changes): the banner says what happened, and
  // focus moves to it as it does for a replay from the dead-letter table.
  const lookupActions: LookupActions = {
    resend: (d, title) =>
      void act(
        async () => {
          const answer = (await api.post<ReplayAnswer>('/api/sync/replay', { ids: [d.id], force: true })).body;
          const problem = answer.items.find((i) => i.problem)?.problem;
          return problem
            ? { kind: 'problem', heading: `Record ${d.submissionId} was not sent again`, text: problem }
            : { kind: 'success', heading: `Record ${d.submissionId} will be sent to ${title} again`, text: 'It is back in the queue with the same idempotency key as before.' };
        },
        `Record ${d.submissionId} could not be sent again`,
        true,
      ),
    replay: (d, title) =>
      void act(async () => replayOutcome(title, (await api.post<ReplayAnswer>('/api/sync/replay', { ids: [d.id] })).body, false), `Record ${d.submissionId} could not be replayed`, true),
  };

  return (
    <Layout title={lookupError ? `Error: ${TITLE}` : TITLE} backTo={{ href: '/', label: 'Back to your forms' }}>
      <ErrorSummary items={lookupError ? [{ target: LOOKUP_INPUT, message: lookupError }] : []} />
      <NoticeBanner notice={notice} />
      <h1 className="govuk-heading-l">{TITLE}</h1>
      <p className="govuk-body">
        Connectors send submitted records to the case recording system (the ICS). A record the ICS refuses, or that fails too many times, becomes a dead letter: once the cause is fixed, replay it.
      </p>
      <Loading loaded={loaded} retry={() => void load(true)}>
        {({ connectors, formTitles }) => (
          <>
            <div className="app-refresh">
              <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={refresh}>
                Refresh
              </button>
              <p className="govuk-body-s govuk-!-margin-bottom-0" role="status">
                {refreshing ? (
                  'Refreshing…'
                ) : updatedAt ? (
                  <>
                    Updated at <time dateTime={updatedAt.toISOString()}>{clock.format(updatedAt)}</time>
                  </>
                ) : null}
              </p>
            </div>
            {connectors.length === 0 && (
              <p className="govuk-body">
                There are no connectors yet, so nothing is sent to the ICS. IT sets one up through the API — a connector (<code>POST /api/sync/connectors</code>), then a mapping for each form it
                takes — as the README’s “Delivering to the ICS” shows; it is listed here from then on.
              </p>
            )}
            {connectors.map((v) => (
              <ConnectorSection key={v.connector.id} view={v} titles={formTitles} now={updatedAt ?? new Date()} actions={actions} />
            ))}
            <Lookup connectorTitles={new Map(connectors.map((v) => [v.connector.id, v.connector.title]))} refreshKey={refreshKey} error={lookupError} onError={setLookupError} actions={lookupActions} />
          </>
        )}
      </Loading>
    </Layout>
  );
}
