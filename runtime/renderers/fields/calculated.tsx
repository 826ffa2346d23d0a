/**
 * A calculated answer (`x-calculate` in the schema): worked out from other answers as they are
 * typed, with the same module the server recomputes it with at every save and submit.
 *
 * Shown as text, not as an input: its label, its value as a person reads it ("3 March 2026",
 * "Yes", an option's title, "12.5"), or "Not worked out yet" and which questions it still needs.
 * A change is announced politely once the value has settled, so a screen reader user hears
 * "Working days lost: 15" after typing the last day of absence, not every intermediate value,
 * and nothing at all while typing into an unrelated question.
 *
 * The draft store works calculated answers out on every change (see form/calculations.ts), so
 * drafts and this device's copy hold them; this renderer also tells JSON Forms, after a pause
 * like a typed answer, so display rules that depend on a calculated answer follow it.
 */
import { memo, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { and, isControl, rankWith, schemaMatches, type ControlProps, type JsonSchema } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { sameValue } from '../../../engine/json/equal.js';
import { choiceOptions, missingInputs, withCalculations } from '../../form/calculations.js';
import { fieldId, getIn, toPointer } from '../../form/paths.js';
import { useRowName } from '../array/row-context.js';
import { useFormRuntime } from '../context.js';
import { formatDate, formatTime } from '../dates.js';
import { labelOf, type DisplayContext, type FieldKind } from '../kind.js';
import { Lines } from '../lines.js';
import { optionsOf } from '../options.js';
import { COMMIT_AFTER_MS } from '../use-field.js';
import { numberInput } from './number.js';

/** How long a calculated answer must stay the same before its new value is announced. */
export const ANNOUNCE_AFTER_MS = 800;

export const NOT_WORKED_OUT = 'Not worked out yet';

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** The answer as a person reads it; '' when blank. */
export function calculatedText(value: unknown, schema: JsonSchema, context?: DisplayContext): string {
  if (isBlank(value)) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return numberInput.display(value, schema);
  if (typeof value !== 'string') return String(value);
  if (schema.format === 'date') return formatDate(value);
  if (schema.format === 'time') return formatTime(value);
  const options = optionsOf(schema).length ? optionsOf(schema) : context ? choiceOptions(context.rootSchema, toPointer(context.path)) : [];
  return options.find((o) => o.code === value)?.label ?? value;
}

/** "‘A’", "‘A’ and ‘B’", "‘A’, ‘B’ and ‘C’". */
function listOf(titles: string[]): string {
  const quoted = titles.map((t) => `‘${t}’`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}` : (quoted[0] ?? '');
}

/** Why a calculated answer is blank, in a sentence. */
export function whyBlank(missing: string[]): string {
  return missing.length ? `Answer ${listOf(missing)} to work this out.` : 'It cannot be worked out from the answers given.';
}

function Calculated(props: ControlProps) {
  const { store, mode } = useFormRuntime();
  const row = useRowName();
  const { path, handleChange, rootSchema } = props;
  const subscribe = useCallback((listener: () => void) => store.subscribe(() => listener()), [store]);
  // Every change to the answers, as it is typed (not only when JSON Forms hears of it).
  const answers = useSyncExternalStore(subscribe, () => store.data);
  const live = mode === 'edit';
  const worked = live ? withCalculations(rootSchema, answers) : undefined;
  const value = live ? getIn(worked, path) : props.data;
  const label = labelOf(props);
  const text = calculatedText(value, props.schema, { rootSchema, path });
  const missing = !text && live ? missingInputs(rootSchema, toPointer(path), worked!) : [];
  const reason = text ? '' : live ? whyBlank(missing) : '';

  // The answers hold it (a store without calculations of its own, e.g. a test's), and JSON Forms
  // hears of it after a pause, as it hears of typing.
  const commit = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (!live) return;
    if (!sameValue(store.get(path), value)) store.set(path, value);
    if (commit.current) clearTimeout(commit.current);
    commit.current = null;
    if (!sameValue(props.data, value)) commit.current = setTimeout(() => handleChange(path, store.get(path)), COMMIT_AFTER_MS);
  }, [live, store, path, value, props.data, handleChange]);
  useEffect(() => () => void (commit.current && clearTimeout(commit.current)), []);

  // Announced once settled, and only when it changed since it was last announced (or shown).
  const said = text || NOT_WORKED_OUT;
  const lastSaid = useRef(said);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (said === lastSaid.current) return;
    const timer = setTimeout(() => {
      lastSaid.current = said;
      setAnnouncement(`${label}: ${said}`);
    }, ANNOUNCE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [said, label]);

  if (!props.visible) return null;
  const id = fieldId(path);
  const hintId = props.description ? `${id}-hint` : undefined;
  const errorId = props.errors ? `${id}-error` : undefined;
  const reasonId = reason ? `${id}-reason` : undefined;
  return (
    <div className={`govuk-form-group app-calculated${props.errors ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {row ? <span className="govuk-visually-hidden">{row}: </span> : null}
        {label}
      </label>
      {props.description ? (
        <div id={hintId} className="govuk-hint">
          {props.description}
        </div>
      ) : null}
      {props.errors ? (
        <p id={errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {props.errors}
        </p>
      ) : null}
      {/* An <output>: labelled by its question, read as text, never a tab stop. Its changes are
          announced by the region below once they settle, not as each one happens. Focusable by
          script only: an error-summary link to this answer lands here. */}
      <output id={id} className="govuk-body govuk-!-margin-bottom-1 app-calculated__value" aria-live="off" aria-describedby={[hintId, reasonId, errorId].filter(Boolean).join(' ') || undefined} tabIndex={-1} data-calculated="">
        {text ? <Lines text={text} /> : NOT_WORKED_OUT}
      </output>
      {reason ? (
        <p id={reasonId} className="govuk-hint govuk-!-margin-bottom-0 govuk-!-margin-top-1">
          {reason}
        </p>
      ) : null}
      <span className="govuk-visually-hidden" aria-live="polite" aria-atomic="true" data-announce="">
        {announcement}
      </span>
    </div>
  );
}

const hasFormula = schemaMatches((s) => typeof (s as Record<string, unknown>)['x-calculate'] === 'string');

export const calculated: FieldKind = {
  kind: 'calculated',
  title: 'Calculated',
  // Above the read-only kind (a calculated answer is read-only too).
  tester: rankWith(11, and(isControl, hasFormula)),
  Renderer: withJsonFormsControlProps(memo(Calculated)),
  display: calculatedText,
};
