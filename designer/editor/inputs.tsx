/**
 * Small labelled inputs for the properties panel. Text is kept locally while typing and handed
 * on when the analyst pauses, leaves the box or presses Enter (in a one-line box), so each word
 * is not an undo step of its own.
 */
import { useEffect, useRef, useState } from 'react';

const COMMIT_MS = 500;

export function TextProp(props: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onCommit(v: string): void;
  multiline?: boolean;
  width?: string;
  error?: string | undefined;
  /** Shown, and can be copied, but not changed (the hint says why). */
  readOnly?: boolean;
  spellCheck?: boolean;
  /** Handed on only on leaving the box or Enter, not on a pause: for a value whose halves mean nothing (a name). */
  onlyOnLeave?: boolean;
}) {
  const [value, setValue] = useState(props.value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const last = useRef(props.value);
  useEffect(() => {
    // A change from outside (undo, another field selected): show it.
    if (props.value !== last.current) {
      last.current = props.value;
      setValue(props.value);
    }
  }, [props.value]);
  const commit = (v: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (v !== last.current) {
      last.current = v;
      props.onCommit(v);
    }
  };
  const change = (v: string) => {
    setValue(v);
    if (props.onlyOnLeave) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => commit(v), COMMIT_MS);
  };
  const describedBy = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id: props.id,
    value,
    'aria-describedby': describedBy,
    'aria-invalid': props.error ? true : undefined,
    readOnly: props.readOnly,
    spellCheck: props.spellCheck,
    onChange: (e: { target: { value: string } }) => change(e.target.value),
    onBlur: () => commit(value),
  };
  return (
    <div className={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint && (
        <div className="govuk-hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      )}
      {props.error && (
        <p className="govuk-error-message" id={`${props.id}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {props.error}
        </p>
      )}
      {props.multiline ? <textarea className="govuk-textarea" rows={3} {...common} /> : <input className={`govuk-input ${props.width ?? ''}`} type="text" {...common} onKeyDown={(e) => e.key === 'Enter' && commit(value)} />}
    </div>
  );
}

export function NumberProp(props: { id: string; label: string; hint?: string; value: number | undefined; onCommit(v: number | undefined): void; error?: string | undefined }) {
  return (
    <TextProp
      id={props.id}
      label={props.label}
      {...(props.hint ? { hint: props.hint } : {})}
      width="govuk-input--width-5"
      value={props.value === undefined ? '' : String(props.value)}
      error={props.error}
      onCommit={(v) => props.onCommit(v.trim() === '' ? undefined : Number(v))}
    />
  );
}

export function CheckboxProp(props: { id: string; label: string; hint?: string; checked: boolean; onChange(v: boolean): void; disabled?: boolean }) {
  return (
    <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-4">
      <div className="govuk-checkboxes__item">
        <input className="govuk-checkboxes__input" id={props.id} type="checkbox" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.target.checked)} aria-describedby={props.hint ? `${props.id}-hint` : undefined} />
        <label className="govuk-label govuk-checkboxes__label" htmlFor={props.id}>
          {props.label}
        </label>
        {props.hint && (
          <div className="govuk-hint govuk-checkboxes__hint" id={`${props.id}-hint`}>
            {props.hint}
          </div>
        )}
      </div>
    </div>
  );
}

export function SelectProp<T extends string>(props: { id: string; label: string; hint?: string; value: T; options: ReadonlyArray<readonly [T, string]>; onChange(v: T): void }) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label govuk-label--s" htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint && (
        <div className="govuk-hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      )}
      <select className="govuk-select" id={props.id} value={props.value} aria-describedby={props.hint ? `${props.id}-hint` : undefined} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Small radios in a fieldset, each with a hint; ids are `${id}-${value}` (and `-hint`). The checked one is the tab stop; arrow keys choose. */
export function RadiosProp<T extends string>(props: { id: string; legend: string; value: T; options: ReadonlyArray<readonly [T, string, string]>; onChange(v: T): void }) {
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{props.legend}</legend>
        <div className="govuk-radios govuk-radios--small">
          {props.options.map(([value, words, hint]) => (
            <div className="govuk-radios__item" key={value}>
              <input
                className="govuk-radios__input"
                id={`${props.id}-${value}`}
                name={props.id}
                type="radio"
                checked={props.value === value}
                aria-describedby={`${props.id}-${value}-hint`}
                onChange={() => props.onChange(value)}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={`${props.id}-${value}`}>
                {words}
              </label>
              <div className="govuk-hint govuk-radios__hint" id={`${props.id}-${value}-hint`}>
                {hint}
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
