/** A shared list refused by the server: each problem at its box on the page, in the error summary. */
import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../../../runtime/api/client.js';
import { problemsOf } from '../../../designer/option-lists/problems.js';

const refusal = (errors: Array<{ pointer: string; message: string }>, detail = 'The list has problems.') => new ApiError(422, { type: 'about:blank', title: 'Unprocessable', status: 422, detail, errors });

describe('a shared list refused by the server', () => {
  it('puts each problem at its box: an option\'s label or code, the name, the change note', () => {
    const r = problemsOf(
      refusal([
        { pointer: '/options/2/code', message: 'Option 3: a code is 1 to 40 letters, digits, hyphens or underscores.' },
        { pointer: '/name', message: 'Give the list a name.' },
        { pointer: '/changeNote', message: 'Say what changed.' },
      ]),
      'list',
      'The list could not be saved.',
    );
    expect(r.summary.map((s) => s.target)).toEqual(['list-options-code-2', 'list-name', 'list-change-note']);
    expect(r.fields).toEqual({ name: 'Give the list a name.', changeNote: 'Say what changed.' });
  });

  it('says a refusal without pointers, and a lost connection, in the summary', () => {
    const whole = problemsOf(new ApiError(400, { type: 'about:blank', title: 'Bad', status: 400, detail: 'Nothing changed.' }), 'list', 'x');
    expect(whole).toEqual({ fields: {}, summary: [{ target: 'list-name', message: 'Nothing changed.' }] });
    expect(problemsOf(new NetworkError('down'), 'new-list', 'x').summary[0]!.message).toMatch(/cannot be reached: nothing was saved/);
    expect(() => problemsOf(new Error('bug'), 'list', 'x')).toThrow('bug');
  });
});
