/** Comments on a record under review: read by everyone who can read the record, added by any of them. */
import { useRef, useState } from 'react';
import { ApiError, NetworkError } from '../api/client.js';
import { COMMENT_MAX, reviewApi, type ReviewComment } from '../api/review.js';
import type { SummaryItem } from '../components/ErrorSummary.js';
import { TextArea } from '../components/TextArea.js';
import { Lines } from '../renderers/lines.js';
import { momentText } from './words.js';

export const COMMENT_MISSING = 'Enter a comment';
export const COMMENT_TOO_LONG = 'The comment must be 4,000 characters or fewer';

export function Comments({ submissionId, comments, report, onAdded }: { submissionId: string; comments: ReviewComment[]; report: (items: SummaryItem[]) => void; onAdded: () => Promise<void> }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(false);
  const addedRef = useRef<HTMLParagraphElement>(null);

  async function add() {
    report([]);
    setAdded(false);
    const words = text.trim();
    const problem = !words ? COMMENT_MISSING : words.length > COMMENT_MAX ? COMMENT_TOO_LONG : undefined;
    setError(problem);
    if (problem) return report([{ target: 'comment-text', message: problem }]);
    setBusy(true);
    try {
      await reviewApi.comment(submissionId, words);
      setText('');
      await onAdded();
      setAdded(true);
      requestAnimationFrame(() => addedRef.current?.focus());
    } catch (err) {
      const message = err instanceof NetworkError ? 'You are offline, so the comment was not added. Try again when the connection returns.' : err instanceof ApiError ? err.problem.detail : 'The comment could not be added.';
      setError(message);
      report([{ target: 'comment-text', message }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="comments-title">
      <h2 className="govuk-heading-m" id="comments-title">
        Comments
      </h2>
      {comments.length === 0 ? (
        <p className="govuk-body">No comments yet.</p>
      ) : (
        <ul className="govuk-list app-comments">
          {comments.map((c, i) => (
            <li key={c.id ?? i} className="govuk-!-margin-bottom-4">
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                <strong>{c.name ?? 'Someone no longer known'}</strong>
                , {momentText(c.at)}
              </p>
              <p className="govuk-body">
                <Lines text={c.text} />
              </p>
            </li>
          ))}
        </ul>
      )}
      {added && (
        <p className="govuk-body app-no-print" role="status" tabIndex={-1} ref={addedRef}>
          Your comment has been added.
        </p>
      )}
      <form
        className="app-no-print"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <TextArea id="comment-text" label="Add a comment" hint="Everyone who can read this record can read your comment." error={error} value={text} onChange={setText} />
        <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>
          Add comment
        </button>
      </form>
    </section>
  );
}
