/**
 * Whole numbers and numbers: a text input, as GOV.UK advises (`type="number"` changes the value
 * on scroll and hides what was typed). The box keeps exactly what was typed; the answer holds a
 * number only when the text is one. Text that is not one is an error on the field (and blocks the
 * step) until it is put right; it never silently removes the answer given before.
 */
import { memo, useState } from 'react';
import { and, isIntegerControl, isNumberControl, not, or, rankWith, schemaMatches, type ControlProps, type JsonSchema } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { FieldFrame } from '../field.js';
import { labelOf, type FieldKind } from '../kind.js';
import { useField } from '../use-field.js';
import { useFormRuntime } from '../context.js';
import { hasOptionList } from '../options.js';

/** The number in what was typed ("1,250", " 12 ", "−3"), or undefined if it is not one. */
export function parseNumber(text: string, integer: boolean): number | undefined {
  const t = text.replace(/[\s,]/g, '').replace(/^\u2212/, '-');
  if (!(integer ? /^[-+]?\d+$/ : /^[-+]?(\d+\.?\d*|\.\d+)$/).test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function isInteger(schema: JsonSchema): boolean {
  return schema.type === 'integer' || (Array.isArray(schema.type) && schema.type.includes('integer'));
}

/** A box about as wide as the largest allowed answer (GOV.UK fixed widths). */
function widthClass(schema: JsonSchema): string {
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  if (max === undefined) return ' govuk-input--width-10';
  const chars = String(Math.trunc(Math.abs(max))).length + (isInteger(schema) ? 1 : 4);
  const width = [2, 3, 4, 5, 10, 20].find((w) => w >= chars) ?? 20;
  return ` govuk-input--width-${width}`;
}

/** What to say about text that is not an answer: what the box takes, with its limits. */
export function numberProblem(label: string, schema: JsonSchema): string {
  const kind = isInteger(schema) ? 'a whole number' : 'a number';
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  const range = min !== undefined && max !== undefined ? ` between ${min} and ${max}` : min !== undefined ? `, ${min} or more` : max !== undefined ? `, ${max} or less` : '';
  return `${label || 'The answer'} must be ${kind}${range}.`;
}

function NumberInput(props: ControlProps) {
  const { store } = useFormRuntime();
  const field = useField<number>(props);
  // What was typed, even when it is not a number ("five", "5.5" for a whole number): kept, shown
  // again after a reload, and an error until it is put right. The last good answer stays.
  const [text, setText] = useState(() => store.unparsed[props.path]?.text ?? (typeof field.value === 'number' ? String(field.value) : ''));
  // The message appears once the person has left the box, not while "-" is half typed.
  const [left, setLeft] = useState(() => props.path in store.unparsed);
  if (!props.visible) return null;
  const integer = isInteger(props.schema);
  const label = labelOf(props);
  const problem = store.unparsed[props.path]?.message;
  return (
    <FieldFrame path={props.path} label={label} description={props.description} errors={props.errors || (left ? problem : undefined)} required={props.required}>
      {(ids) => (
        <input
          className={`govuk-input${widthClass(props.schema)}${ids.invalid ? ' govuk-input--error' : ''}`}
          id={ids.id}
          name={props.path}
          type="text"
          inputMode={integer ? 'numeric' : 'decimal'}
          spellCheck={false}
          autoComplete="off"
          value={text}
          aria-describedby={ids.describedBy}
          aria-invalid={ids.invalid || undefined}
          disabled={!props.enabled}
          onChange={(e) => {
            const typed = e.target.value;
            setText(typed);
            const n = parseNumber(typed, integer);
            if (typed.trim() === '' || n !== undefined) {
              store.setUnparsed(props.path, null);
              field.set(n);
            } else {
              store.setUnparsed(props.path, { text: typed, message: numberProblem(label, props.schema) });
            }
          }}
          onBlur={() => {
            setLeft(true);
            field.flush();
          }}
        />
      )}
    </FieldFrame>
  );
}

const hasOptions = schemaMatches((s) => hasOptionList(s) || s.const !== undefined);

const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 20 });

export const numberInput: FieldKind = {
  kind: 'number',
  title: 'Number',
  tester: rankWith(2, and(or(isIntegerControl, isNumberControl), not(hasOptions))),
  Renderer: withJsonFormsControlProps(memo(NumberInput)),
  display: (value) => (typeof value === 'number' ? number.format(value) : ''),
};
