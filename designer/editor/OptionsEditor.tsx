/** A choice's options: each a label people see and a code the ICS receives. */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Option } from '../model/index.js';

const CODE = /^[A-Za-z0-9_-]{1,40}$/;

/** What is wrong with an option, at the box it is about. */
function problemsOf(rows: Option[]): Array<{ label: string | null; code: string | null }> {
  return rows.map((r, i) => ({
    label: r.label.trim() ? null : 'Give the option a label',
    code: !CODE.test(r.code) ? 'A code is 1 to 40 letters, digits, hyphens or underscores' : rows.findIndex((o) => o.code === r.code) !== i ? 'Another option has this code' : null,
  }));
}

const HINT = 'The label is what people see; the code is what is stored and sent to the case record. Changing a code later breaks answers already given.';

/**
 * `onInvalid`: told whether some option is refused (and so not saved), to say so in the save
 * status. Used for a question's own options and for a shared list's (whose page words the hint).
 */
export function OptionsEditor({ id, options, onCommit, onInvalid, hint = HINT }: { id: string; options: Option[]; onCommit(next: Option[]): void; onInvalid?(invalid: boolean): void; hint?: string }) {
  const [rows, setRows] = useState(options);
  useEffect(() => setRows(options), [options]);
  const problems = problemsOf(rows);
  const invalid = problems.some((p) => p.label || p.code);
  useEffect(() => {
    onInvalid?.(invalid);
  }, [invalid, onInvalid]);
  useEffect(() => () => onInvalid?.(false), [onInvalid]);
  // After "Remove", focus goes to the option that took its place (or the one before); after "Add an option", to the new one.
  // A layout effect, run as the edit is drawn: a passive one could still be owed for an earlier
  // drawing when the button is pressed, and would then take the focus request to the old rows (a
  // keyboard user under load had the previous option's label selected, to be typed over).
  const focusAt = useRef<{ at: number; select: boolean } | null>(null);
  useLayoutEffect(() => {
    const to = focusAt.current;
    if (to === null) return;
    focusAt.current = null;
    const box = document.getElementById(`${id}-label-${Math.min(to.at, rows.length - 1)}`) as HTMLInputElement | null;
    box?.focus();
    // A new option's made-up label is selected, so typing replaces it.
    if (to.select) box?.select();
  }, [rows, id]);
  const commit = (next: Option[]) => {
    setRows(next);
    const ok = next.every((r, i) => r.label.trim() && CODE.test(r.code) && next.findIndex((o) => o.code === r.code) === i);
    if (ok) onCommit(next);
  };
  const update = (i: number, patch: Partial<Option>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" aria-describedby={`${id}-hint`}>
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Options</legend>
      <div className="govuk-hint" id={`${id}-hint`}>
        {hint}
      </div>
      <table className="govuk-table app-options">
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Label
            </th>
            <th scope="col" className="govuk-table__header">
              Code
            </th>
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r, i) => (
            <tr className="govuk-table__row" key={i}>
              <OptionCell id={`${id}-label-${i}`} label={`Option ${i + 1} label`} value={r.label} problem={problems[i]!.label} onChange={(v) => update(i, { label: v })} onBlur={() => commit(rows)} />
              <OptionCell id={`${id}-code-${i}`} label={`Option ${i + 1} code`} value={r.code} problem={problems[i]!.code} code onChange={(v) => update(i, { code: v })} onBlur={() => commit(rows)} />
              <td className="govuk-table__cell">
                <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" disabled={rows.length <= 1} onClick={() => {
                    focusAt.current = { at: i, select: false };
                    commit(rows.filter((_, j) => j !== i));
                  }}>
                  Remove<span className="govuk-visually-hidden"> option {i + 1}, {r.label}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        id={`${id}-add`}
        className="govuk-button govuk-button--secondary"
        onClick={() => {
          // Focus goes to the new option's label, to be written at once.
          focusAt.current = { at: rows.length, select: true };
          commit([...rows, { label: `Option ${rows.length + 1}`, code: `OPT${rows.length + 1}` }]);
        }}
      >
        Add an option
      </button>
    </fieldset>
  );
}

/** One box of an option (its label or its code), with what is wrong with it under it. */
function OptionCell(props: { id: string; label: string; value: string; problem: string | null; code?: boolean; onChange(v: string): void; onBlur(): void }) {
  const problemId = `${props.id}-problem`;
  return (
    <td className="govuk-table__cell">
      <label className="govuk-visually-hidden" htmlFor={props.id}>
        {props.label}
      </label>
      <input
        className={`govuk-input${props.code ? ' govuk-input--width-10' : ''}${props.problem ? ' govuk-input--error' : ''}`}
        id={props.id}
        value={props.value}
        spellCheck={props.code ? false : undefined}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={props.problem ? problemId : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={props.onBlur}
      />
      {props.problem && (
        <p className="govuk-error-message" id={problemId}>
          <span className="govuk-visually-hidden">Error:</span> {props.problem}
        </p>
      )}
    </td>
  );
}
