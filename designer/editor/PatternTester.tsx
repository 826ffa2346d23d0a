/** Tries a pattern on sample answers under the server's own rules (RE2-compatible, as the server runs it). */
import { useState } from 'react';
import { ApiError, api } from '../../runtime/api/client.js';

interface Trial {
  problem: string | null;
  engine: 're2' | null;
  results: Array<{ sample: string; matches: boolean }>;
}

export function PatternTester({ id, pattern }: { id: string; pattern: string }) {
  const [samples, setSamples] = useState('');
  const [trial, setTrial] = useState<Trial | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setError(null);
    try {
      const res = await api.post<Trial>('/api/patterns/check', { pattern, samples: samples.split('\n').filter((s) => s !== '').slice(0, 20) });
      setTrial(res.body);
    } catch (err) {
      setError(err instanceof ApiError ? err.problem.detail : 'The pattern could not be checked.');
    }
  }
  return (
    <div className="govuk-form-group">
      <label className="govuk-label govuk-label--s" htmlFor={`${id}-samples`}>
        Try the pattern
      </label>
      <div className="govuk-hint" id={`${id}-samples-hint`}>
        One sample answer per line.
      </div>
      <textarea className="govuk-textarea" id={`${id}-samples`} rows={3} aria-describedby={`${id}-samples-hint`} value={samples} onChange={(e) => setSamples(e.target.value)} />
      <button type="button" className="govuk-button govuk-button--secondary" onClick={() => void run()} disabled={!pattern}>
        Try it
      </button>
      <div role="status" aria-live="polite">
        {error && <p className="govuk-error-message">{error}</p>}
        {trial?.problem && <p className="govuk-error-message">{trial.problem}</p>}
        {trial && !trial.problem && (
          <ul className="govuk-list">
            {trial.results.map((r, i) => (
              <li key={i}>
                <strong className={`govuk-tag ${r.matches ? 'govuk-tag--green' : 'govuk-tag--red'}`}>{r.matches ? 'Accepted' : 'Refused'}</strong> {r.sample}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
