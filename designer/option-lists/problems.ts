/** A refusal of a list (by the server, with a JSON Pointer per problem) as messages at its boxes and in the error summary. */
import { ApiError, NetworkError } from '../../runtime/api/client.js';
import type { SummaryItem } from '../../runtime/components/ErrorSummary.js';

export interface ListProblems {
  /** By box: name, description, team, changeNote, options. */
  fields: Record<string, string>;
  summary: SummaryItem[];
}

/** `prefix`: the ids' start on the page (`new-list`, `list`): `${prefix}-name`, `${prefix}-options-code-3`… */
export function problemsOf(err: unknown, prefix: string, fallback: string): ListProblems {
  if (err instanceof NetworkError) return { fields: {}, summary: [{ target: `${prefix}-name`, message: 'The server cannot be reached: nothing was saved. Try again when the connection is back.' }] };
  if (!(err instanceof ApiError)) throw err;
  const errors = err.problem.errors?.length ? err.problem.errors : [{ pointer: '', message: err.problem.detail || fallback }];
  const fields: Record<string, string> = {};
  const summary = errors.map(({ pointer, message }) => {
    const [key, index, part] = pointer.split('/').slice(1);
    if (key === 'options' && index !== undefined && (part === 'label' || part === 'code')) return { target: `${prefix}-options-${part}-${index}`, message };
    const box = key && ['name', 'description', 'team', 'changeNote', 'options'].includes(key) ? key : null;
    // About the list as a whole: said in the summary only, which leads to its first box.
    if (box === null) return { target: `${prefix}-name`, message };
    fields[box] ??= message;
    return { target: box === 'options' ? `${prefix}-options-add` : `${prefix}-${box === 'changeNote' ? 'change-note' : box}`, message };
  });
  return { fields, summary };
}
