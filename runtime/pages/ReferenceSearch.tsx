/**
 * "Find a record by reference": the reference on a confirmation or a printed record
 * (SUP-2026-000123), typed in any case, opens that record — if it is one the person may read;
 * otherwise the page says no record they can see has it (the same words whether it exists or not).
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { api } from '../api/client.js';
import type { SubmissionSummary } from '../api/types.js';

const REFERENCE = /^[A-Z][A-Z0-9]{0,7}-\d{4}-\d{6,12}$/;

export function ReferenceSearch() {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, navigate] = useLocation();

  async function find(e: FormEvent) {
    e.preventDefault();
    const reference = text.trim().toUpperCase();
    setOutcome(null);
    if (!reference) return fail('Enter a reference, like SUP-2026-000123.');
    if (!REFERENCE.test(reference)) return fail('Enter the reference as it is shown on the record, like SUP-2026-000123: letters, the year and the number, with hyphens between.');
    setError(null);
    setBusy(true);
    try {
      const found = (await api.get<{ items: SubmissionSummary[] }>(`/api/submissions?reference=${encodeURIComponent(reference)}&limit=1`)).body.items[0];
      if (found) navigate(`/records/${found.id}`);
      else setOutcome(`No record you can see has the reference ${reference}. Check it against the confirmation or the printed record.`);
    } catch {
      setOutcome('The search could not be made just now. Try again in a moment.');
    } finally {
      setBusy(false);
    }
  }

  function fail(message: string) {
    setError(message);
    input.current?.focus();
  }

  const hint = `${id}-hint`;
  const err = `${id}-error`;
  return (
    <form className="app-reference-search" onSubmit={find} noValidate role="search" aria-label="Records by reference">
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <h2 className="govuk-label-wrapper">
          <label className="govuk-label govuk-label--m" htmlFor={id}>
            Find a record by reference
          </label>
        </h2>
        <div id={hint} className="govuk-hint">
          As shown on the confirmation and the record, for example SUP-2026-000123
        </div>
        {error && (
          <p id={err} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <input
          ref={input}
          className={`govuk-input govuk-input--width-20${error ? ' govuk-input--error' : ''}`}
          id={id}
          name="reference"
          type="text"
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="characters"
          aria-describedby={error ? `${hint} ${err}` : hint}
          aria-invalid={error ? true : undefined}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy} aria-disabled={busy || undefined}>
        Find the record
      </button>
      <p className="govuk-body" role="status">
        {outcome}
      </p>
    </form>
  );
}
