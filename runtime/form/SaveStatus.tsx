/**
 * What autosave is doing, said three ways: a status line under the heading (always there, not
 * read out), a bar kept at the bottom of the window when something needs the person's attention
 * (offline, not saved, signed out, changed elsewhere), so they see it wherever they are on a long
 * page, and a polite announcement only when the state changes in a way that matters — never for
 * each "Saving…"/"Saved" of ordinary typing.
 */
import { useEffect, useRef, useState } from 'react';
import type { SaveState } from './autosave.js';

const time = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' });

export const STATUS_TEXT = {
  offline: 'You are offline: your answers are kept on this device and will be saved when the connection returns',
  conflict: 'Not saved: this draft was also changed somewhere else. Choose which answers to keep.',
  signedOut: 'Not saved: you have been signed out. Your answers are kept on this device; sign in again to save them.',
};

export function saveText(s: SaveState): string {
  switch (s.kind) {
    case 'saved':
      return `All changes saved at ${time.format(s.at)}`;
    case 'unsaved':
      return 'Changes not saved yet';
    case 'saving':
      return 'Saving…';
    case 'offline':
      return STATUS_TEXT.offline;
    case 'conflict':
      return STATUS_TEXT.conflict;
    case 'signed-out':
      return STATUS_TEXT.signedOut;
    case 'failed':
      return `Not saved: ${s.message}`;
  }
}

/** States the person must know about, wherever they are on the page. */
export function needsAttention(s: SaveState): boolean {
  return s.kind === 'offline' || s.kind === 'conflict' || s.kind === 'signed-out' || s.kind === 'failed';
}

/** The line under the heading. */
export function SaveStatusLine({ state }: { state: SaveState }) {
  return <p className={`app-save-status${needsAttention(state) ? ' app-save-status--offline' : ''}`}>{saveText(state)}</p>;
}

/** The bar at the bottom of the window, and the announcements. Put it last in the page. */
export function SaveStatusAlerts({ state }: { state: SaveState }) {
  const [said, setSaid] = useState('');
  /** Something needed attention and has not been put right yet: its "saved" is worth saying. */
  const recovering = useRef(false);
  const attention = needsAttention(state);
  const text = saveText(state);
  useEffect(() => {
    if (attention) {
      setSaid(text);
      recovering.current = true;
    } else if (recovering.current && state.kind === 'saved') {
      setSaid('All changes saved.');
      recovering.current = false;
    }
    // Only when the kind of state changes (a new failure message counts as a change).
  }, [state.kind, attention ? text : '']); // eslint-disable-line react-hooks/exhaustive-deps
  // Nothing focused may disappear under the bar (WCAG 2.4.11): leave room for it when scrolling.
  useEffect(() => {
    document.documentElement.classList.toggle('app-has-save-bar', attention);
    return () => document.documentElement.classList.remove('app-has-save-bar');
  }, [attention]);
  return (
    <>
      {attention && (
        <div className="app-save-bar app-no-print">
          <p className="govuk-body govuk-!-margin-0">
            <strong>{text}</strong>
          </p>
        </div>
      )}
      <div className="govuk-visually-hidden" role="status" aria-live="polite" data-testid="save-announcements">
        {said}
      </div>
    </>
  );
}
