/**
 * Versions: the history, what changed between any two (in words, breaking or not), publishing the
 * draft with a change note after seeing what it would break, retiring, starting a new draft.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, type FieldError } from '../../runtime/api/client.js';
import { useLoad } from '../../runtime/app/use-load.js';
import { Loading } from '../../runtime/components/Loading.js';
import { TableHead } from './TableHead.js';

interface VersionRow {
  version: number;
  status: 'draft' | 'published' | 'retired';
  changeNote: string;
  publishedAt?: string;
  retiredAt?: string;
  createdAt: string;
}

/** How many drafts: exact when none or at least 5, else only "fewer than 5" (the server never singles out a record). */
type DraftCount = { exactly: number } | { fewerThan: number };

interface ChangeRow {
  kind: string;
  message: string;
  breaking: boolean;
  /** Publish impact only: drafts whose answers it touches; null when that depends on what was written, which is not checked. */
  affectedDrafts?: DraftCount | null;
}

interface Impact {
  draftsInProgress: number;
  blockedDrafts: DraftCount;
  changes: ChangeRow[];
  /** Deliveries to the ICS this version would break: publishing is refused until a mapping is changed. */
  deliveryBlockers: Array<{ pointer: string; message: string }>;
}

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

const howMany = (n: DraftCount) => ('exactly' in n ? String(n.exactly) : `fewer than ${n.fewerThan}`);
const none = (n: DraftCount) => 'exactly' in n && n.exactly === 0;
/** A breaking change whose effect on drafts depends on what was written: drafts are not checked against it. */
const uncounted = (c: ChangeRow) => c.breaking && c.affectedDrafts === null;

/** What a change does to the drafts in progress, when there are some. */
function draftWords(c: ChangeRow): string {
  if (uncounted(c)) return ' It may refuse answers given before; drafts in progress are not checked against it, as that would show what social workers wrote.';
  if (!c.affectedDrafts || none(c.affectedDrafts)) return '';
  return ` This breaks the answers in ${howMany(c.affectedDrafts)} drafts in progress.`;
}

/** Changes in words, breaking ones marked (a form's versions, or a shared list's next version). */
export function ChangeList({ changes, drafts = 0 }: { changes: ChangeRow[]; drafts?: number }) {
  if (!changes.length) return <p className="govuk-body">No changes.</p>;
  return (
    <ul className="govuk-list govuk-list--bullet">
      {changes.map((c, i) => (
        <li key={i}>
          {/* A space after the tag, so it reads "Breaking The option…", not as one word. */}
          {c.breaking && (
            <>
              <strong className="govuk-tag govuk-tag--red govuk-!-margin-right-1">Breaking</strong>{' '}
            </>
          )}
          {c.message}
          {drafts > 0 && draftWords(c)}
        </li>
      ))}
    </ul>
  );
}

/** Whether the drafts in progress can move to the version being published, in words. */
function movingWords(impact: Impact): string {
  const more = impact.changes.some(uncounted) ? ' Changes that may refuse answers given before could keep others on their version too.' : '';
  if (none(impact.blockedDrafts)) return more ? `the changes counted let all of them move to this version.${more}` : 'all of them can move to this version.';
  return `${howMany(impact.blockedDrafts)} cannot move to this version and will stay on theirs.${more}`;
}

export interface VersionsProps {
  formId: string;
  draftVersion: number | null;
  changeNote: string;
  violations: FieldError[];
  setChangeNote(note: string): void;
  flush(): Promise<void>;
  /** After publishing, retiring or starting a draft: load everything again, saying what was done. */
  reload(done?: string): void;
  /** Why the draft cannot be published as it is (a page with nothing on it…), in words. */
  notReady?: string[];
}

export function VersionsPanel(props: VersionsProps) {
  const [loaded, retry] = useLoad(() => api.get<{ items: VersionRow[] }>(`/api/forms/${props.formId}/versions`).then((r) => r.body.items), [props.formId]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<ChangeRow[] | null>(null);
  const [impact, setImpact] = useState<Impact | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);
  // "Check what publishing changes" gives way to what it found: focus goes to its heading.
  const impactHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (impact) impactHeading.current?.focus();
  }, [impact]);

  async function compare() {
    if (!from || !to) return;
    const res = await api.get<{ changes: ChangeRow[] }>(`/api/forms/${props.formId}/versions/${to}/changes?from=${from}`);
    setDiff(res.body.changes);
  }

  async function checkImpact() {
    await props.flush();
    setConfirmed(false);
    setImpact((await api.get<Impact>(`/api/forms/${props.formId}/versions/${props.draftVersion}/impact`)).body);
  }

  async function act(run: () => Promise<unknown>, done: string) {
    setMessage(null);
    try {
      await props.flush();
      await run();
      setMessage({ kind: 'done', text: done });
      setImpact(null);
      retry();
      props.reload(done);
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? [err.problem.detail, ...(err.problem.errors ?? []).map((e) => e.message)].join(' ') : 'That did not work.' });
    }
  }

  const breaking = impact?.changes.some((c) => c.breaking) ?? false;
  // What keeps "Check what publishing changes" from being pressed, said next to it.
  const why = [...(props.changeNote.trim() ? [] : ['Write what changed in this version first.']), ...(props.notReady ?? [])];
  return (
    <section aria-labelledby="versions-title">
      <h2 className="govuk-heading-m" id="versions-title">
        Versions
      </h2>
      {message && (
        <div className={message.kind === 'error' ? 'govuk-error-summary' : 'govuk-inset-text'} role={message.kind === 'error' ? 'alert' : 'status'} tabIndex={-1}>
          {message.text}
        </div>
      )}
      <Loading loaded={loaded} retry={retry}>
        {(versions) => (
          <>
            {/* Scrolls in its own region when narrow (400% zoom), never the whole page. */}
            <div className="app-table-scroll" role="region" aria-label="Version history" tabIndex={0}>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">History</caption>
              <TableHead columns={['Version', 'Status', 'Change note', { hidden: 'Actions' }]} />
              <tbody className="govuk-table__body">
                {versions.map((v) => (
                  <tr className="govuk-table__row" key={v.version}>
                    <td className="govuk-table__cell">{v.version}</td>
                    <td className="govuk-table__cell">
                      {v.status === 'published' ? `Published ${v.publishedAt ? when.format(new Date(v.publishedAt)) : ''}` : v.status === 'retired' ? 'Retired' : 'Draft'}
                    </td>
                    {/* The draft's note as it is being written below, not as it was when the list was read. */}
                    <td className="govuk-table__cell">{(v.version === props.draftVersion ? props.changeNote : v.changeNote) || '—'}</td>
                    <td className="govuk-table__cell">
                      {v.status === 'published' && (
                        <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => void act(() => api.post(`/api/forms/${props.formId}/versions/${v.version}/retire`), `Version ${v.version} is retired: no new records will use it.`)}>
                          Retire<span className="govuk-visually-hidden"> version {v.version}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
              </table>
            </div>

            {versions.length > 1 && (
              <div className="app-panel">
                <h3 className="govuk-heading-s">Compare two versions</h3>
                <div className="app-toolbar">
                  <VersionChoice id="compare-from" label="From" value={from} versions={versions} onChange={setFrom} />
                  <VersionChoice id="compare-to" label="To" value={to} versions={versions} onChange={setTo} />
                  <button type="button" className="govuk-button govuk-button--secondary" onClick={() => void compare()} disabled={!from || !to}>
                    Compare
                  </button>
                </div>
                {diff && (
                  <div role="status">
                    <ChangeList changes={diff} />
                  </div>
                )}
              </div>
            )}

            {props.draftVersion !== null ? (
              <div className="app-panel">
                <h3 className="govuk-heading-s">Publish version {props.draftVersion}</h3>
                {props.violations.length > 0 ? (
                  <p className="govuk-body">
                    Fix the {props.violations.length === 1 ? 'problem' : `${props.violations.length} problems`} shown in the Build view first.
                  </p>
                ) : (
                  <>
                    <div className="govuk-form-group">
                      <label className="govuk-label govuk-label--s" htmlFor="change-note">
                        What changed in this version
                      </label>
                      <div className="govuk-hint" id="change-note-hint">
                        Social workers and IT will read this.
                      </div>
                      <textarea className="govuk-textarea" id="change-note" rows={3} aria-describedby="change-note-hint" value={props.changeNote} onChange={(e) => props.setChangeNote(e.target.value)} />
                    </div>
                    {!impact ? (
                      <div className="govuk-button-group">
                        <button type="button" className="govuk-button" onClick={() => void checkImpact()} disabled={why.length > 0} aria-describedby={why.length ? 'publish-why' : undefined}>
                          Check what publishing changes
                        </button>
                        {why.length > 0 && (
                          <div className="govuk-hint" id="publish-why">
                            {why.map((w) => (
                              <p className="govuk-body govuk-!-margin-bottom-1" key={w}>
                                {w}
                              </p>
                            ))}
                          </div>
                        )}
                      </div>
                    ) : (
                      <div role="status">
                        <h4 className="govuk-heading-s" tabIndex={-1} ref={impactHeading}>
                          What publishing version {props.draftVersion} changes
                        </h4>
                        {versions.some((v) => v.status !== 'draft') ? (
                          <ChangeList changes={impact.changes} drafts={impact.draftsInProgress} />
                        ) : (
                          <p className="govuk-body">Nothing has been published yet, so there is nothing this could break: the first records will be made with this version.</p>
                        )}
                        {impact.draftsInProgress > 0 && (
                          <p className="govuk-body">
                            {impact.draftsInProgress} {impact.draftsInProgress === 1 ? 'draft is' : 'drafts are'} in progress on older versions;{' '}
                            {movingWords(impact)}
                          </p>
                        )}
                        {breaking && (
                          <div className="govuk-warning-text">
                            <span className="govuk-warning-text__icon" aria-hidden="true">
                              !
                            </span>
                            <strong className="govuk-warning-text__text">
                              <span className="govuk-visually-hidden">Warning</span> Some changes are breaking: answers given to the older version may not fit this one.
                            </strong>
                          </div>
                        )}
                        {breaking && (
                          <div className="govuk-checkboxes govuk-!-margin-bottom-4">
                            <div className="govuk-checkboxes__item">
                              <input className="govuk-checkboxes__input" id="confirm-breaking" type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
                              <label className="govuk-label govuk-checkboxes__label" htmlFor="confirm-breaking">
                                I understand what this breaks and want to publish
                              </label>
                            </div>
                          </div>
                        )}
                        {impact.deliveryBlockers.length > 0 && (
                          <div className="govuk-warning-text" id="delivery-blockers">
                            <span className="govuk-warning-text__icon" aria-hidden="true">
                              !
                            </span>
                            <div className="govuk-warning-text__text">
                              <span className="govuk-visually-hidden">Warning</span>
                              <p className="govuk-body govuk-!-font-weight-bold">This version cannot be published yet: it would break deliveries to the case recording system.</p>
                              <ul className="govuk-list govuk-list--bullet">
                                {impact.deliveryBlockers.map((b) => (
                                  <li key={`${b.pointer}|${b.message}`}>{b.message}</li>
                                ))}
                              </ul>
                              <p className="govuk-body">Ask an integrator (IT) to change the mapping for version {props.draftVersion}, or keep those questions as they were.</p>
                            </div>
                          </div>
                        )}
                        <button
                          type="button"
                          className="govuk-button"
                          aria-describedby={impact.deliveryBlockers.length > 0 ? 'delivery-blockers' : undefined}
                          disabled={(breaking && !confirmed) || impact.deliveryBlockers.length > 0}
                          onClick={() => void act(() => api.post(`/api/forms/${props.formId}/versions/${props.draftVersion}/publish`, { changeNote: props.changeNote }), `Version ${props.draftVersion} is published.`)}
                        >
                          Publish version {props.draftVersion}
                        </button>
                      </div>
                    )}
                  </>
                )}
              </div>
            ) : (
              <button type="button" className="govuk-button" onClick={() => void act(() => api.post(`/api/forms/${props.formId}/versions`, {}), 'A new draft has been started from the latest version.')}>
                Start a new draft
              </button>
            )}
          </>
        )}
      </Loading>
    </section>
  );
}

function VersionChoice(props: { id: string; label: string; value: string; versions: ReadonlyArray<{ version: number }>; onChange(v: string): void }) {
  return (
    <>
      <label className="govuk-label" htmlFor={props.id}>
        {props.label}
      </label>
      <select className="govuk-select" id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">Choose…</option>
        {props.versions.map((v) => (
          <option key={v.version} value={v.version}>
            Version {v.version}
          </option>
        ))}
      </select>
    </>
  );
}
