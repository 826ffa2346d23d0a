/**
 * Checks that compare this question's answer with another question's, or with now, without JSON
 * ("Audit period to must be on or after Audit period from"; "cannot be in the future"). Each
 * check is a sentence with a Remove button; a new one is built from two dropdowns and an optional
 * message, then added. A question in a repeatable group can be compared with its own row's
 * answers or with answers outside the group ("Due by must be after Date of the oversight"; every
 * row is checked): the dropdown lists the two apart. The model keeps them as `x-compare` rules
 * (designer/model/checks.ts).
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ORDER_WORDS } from '../../engine/validation/messages.js';
import { CHECK_OPS, canCompareWithNow, checkGroupLabel, checkTargets, fieldChecks, setFieldChecks, type CheckOp, type Definition, type CheckTarget, type EditResult, type FieldCheck } from '../model/index.js';

const NOW = 'now';
const NOW_WORDS: Record<CheckOp, string> = { '<': 'in the past', '<=': 'not in the future', '>': 'in the future', '>=': 'not in the past', '==': 'now', '!=': 'not now' };

export function ChecksEditor({ id, definition, path, dates, apply }: { id: string; definition: Definition; path: string; dates: boolean; apply(run: () => EditResult): void }) {
  const checks = useMemo(() => fieldChecks(definition, path), [definition, path]);
  const targets = useMemo(() => checkTargets(definition, path), [definition, path]);
  const withNow = useMemo(() => canCompareWithNow(definition, path), [definition, path]);
  const group = useMemo(() => checkGroupLabel(definition, path), [definition, path]);
  const [op, setOp] = useState<CheckOp>(dates ? '>=' : '!=');
  const [other, setOther] = useState<string>('');
  const [message, setMessage] = useState('');
  // After adding or removing a check, focus goes to the check now at that place (the new one, or
  // the one after the removed one), else to "Compare with", once the edit is drawn.
  // (A layout effect, as in the options editor: a passive one still owed for an earlier drawing would take the request.)
  const focusAt = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = focusAt.current;
    if (at === null) return;
    focusAt.current = null;
    const target = document.getElementById(checks.length ? `${id}-check-${Math.min(at, checks.length - 1)}` : `${id}-other`);
    target?.focus();
  }, [checks, id]);
  const words = (o: CheckOp) => ORDER_WORDS[o]![dates ? 0 : 1];
  const labelOf = (p: string) => (p === NOW ? 'now' : (targets.find((t) => t.path === p)?.label ?? p));
  const everyRow = (p: string) => targets.find((t) => t.path === p)?.everyRow === true;
  const sentence = (c: FieldCheck) =>
    `Must be ${words(c.op)} ${c.other === NOW ? `now (${NOW_WORDS[c.op]})` : `“${labelOf(c.other)}”${group && everyRow(c.other) ? ` (outside “${group}”, checked in every row)` : ''}`}`;
  const option = (t: CheckTarget) => (
    <option key={t.path} value={t.path}>
      {t.label}
    </option>
  );
  // In a repeatable group: this row's answers, then those outside the group, each under a heading.
  const [inRow, outside] = [targets.filter((t) => !t.everyRow), targets.filter((t) => t.everyRow)];
  // Equality with now makes no sense; the rest needs something to compare with.
  const ops = CHECK_OPS.filter((o) => other !== NOW || (o !== '==' && o !== '!='));
  const chosenOp = ops.includes(op) ? op : ops[0]!;
  if (targets.length === 0 && !withNow) return null;

  const add = () => {
    if (!other) return;
    focusAt.current = checks.length;
    apply(() => setFieldChecks(definition, path, [...checks, { op: chosenOp, other, ...(message.trim() ? { message: message.trim() } : {}) }]));
    setOther('');
    setMessage('');
  };
  const remove = (i: number) => {
    focusAt.current = i;
    apply(() => setFieldChecks(definition, path, checks.filter((_, j) => j !== i)));
  };

  return (
    <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" aria-describedby={`${id}-hint`}>
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Checks against other answers</legend>
      <div className="govuk-hint" id={`${id}-hint`}>
        Refuse an answer that does not fit another one, for example an end date before a start date, or a date in the future.
      </div>
      {checks.length > 0 ? (
        <ul className="govuk-list">
          {checks.map((c, i) => (
            <li key={i} id={`${id}-check-${i}`} tabIndex={-1}>
              {sentence(c)}
              {c.message ? ` (says “${c.message}”)` : ''}{' '}
              <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => remove(i)}>
                Remove<span className="govuk-visually-hidden"> the check: {sentence(c)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No checks yet.</p>
      )}
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor={`${id}-other`}>
          Compare with
        </label>
        {group && outside.length > 0 && (
          <div className="govuk-hint" id={`${id}-other-hint`}>
            An answer in the same row of “{group}”, or one outside it: then the answer in every row is checked against it.
          </div>
        )}
        <select className="govuk-select" id={`${id}-other`} aria-describedby={group && outside.length > 0 ? `${id}-other-hint` : undefined} value={other} onChange={(e) => setOther(e.target.value)}>
          <option value="">Choose an answer</option>
          {withNow && <option value={NOW}>Now (the moment the form is checked)</option>}
          {group && outside.length > 0 ? (
            <>
              {inRow.length > 0 && <optgroup label={`In the same row of “${group}”`}>{inRow.map(option)}</optgroup>}
              <optgroup label={`Outside “${group}” (every row is checked)`}>{outside.map(option)}</optgroup>
            </>
          ) : (
            targets.map(option)
          )}
        </select>
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor={`${id}-op`}>
          This answer must be
        </label>
        <select className="govuk-select" id={`${id}-op`} value={chosenOp} onChange={(e) => setOp(e.target.value as CheckOp)}>
          {ops.map((o) => (
            <option key={o} value={o}>
              {words(o)}
            </option>
          ))}
        </select>
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor={`${id}-message`}>
          Message when it does not fit (optional)
        </label>
        <div className="govuk-hint" id={`${id}-message-hint`}>
          Without one, people are told in words made from the two questions.
        </div>
        <input className="govuk-input" id={`${id}-message`} type="text" aria-describedby={`${id}-message-hint`} value={message} maxLength={300} onChange={(e) => setMessage(e.target.value)} />
      </div>
      <button type="button" className="govuk-button govuk-button--secondary" onClick={add} disabled={!other} aria-disabled={!other}>
        Add the check
      </button>
    </fieldset>
  );
}
