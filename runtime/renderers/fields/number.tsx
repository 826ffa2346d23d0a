/**
 * Whole numbers and numbers: a text input, as GOV.UK advises (`type="number"` changes the value
 * on scroll and hides what was typed). The box keeps exactly what was typed; the answer holds a
 * number only when the text is one, and a short message says so when it is not.
 */
import { memo, useState } from 'react';
import { and, isIntegerControl, isNumberControl, not, or, rankWith, schemaMatches, type ControlProps, type JsonSchema } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { FieldFrame } from '../field.js';
import { labelOf, type FieldKind } from '../kind.js';
import { useField } from '../use-field.js';
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

function NumberInput(props: ControlProps) {
  const field = useField<number>(props);
  const [text, setText] = useState(() => (typeof field.value === 'number' ? String(field.value) : ''));
  // The message appears once the person has left the box, not while "-" is half typed.
  const [left, setLeft] = useState(false);
  if (!props.visible) return null;
  const integer = isInteger(props.schema);
  const wrong = left && text.trim() !== '' && parseNumber(text, integer) === undefined;
  return (
    <FieldFrame path={props.path} label={labelOf(props)} description={props.description} errors={props.errors} required={props.required}>
      {(ids) => {
        const problemId = `${ids.id}-number`;
        return (
          <>
            <input
              className={`govuk-input${widthClass(props.schema)}${ids.invalid ? ' govuk-input--error' : ''}`}
              id={ids.id}
              name={props.path}
              type="text"
              inputMode={integer ? 'numeric' : 'decimal'}
              spellCheck={false}
              autoComplete="off"
              value={text}
              aria-describedby={[ids.describedBy, wrong ? problemId : undefined].filter(Boolean).join(' ') || undefined}
              aria-invalid={ids.invalid || undefined}
              disabled={!props.enabled}
              onChange={(e) => {
                setText(e.target.value);
                field.set(parseNumber(e.target.value, integer));
              }}
              onBlur={() => {
                setLeft(true);
                field.flush();
              }}
            />
            {/* Polite: said after the next field is announced, so leaving the box reports it. */}
            <div id={problemId} className="govuk-hint govuk-!-margin-top-1 govuk-!-margin-bottom-0" aria-live="polite">
              {wrong ? (integer ? 'Enter a whole number, like 12' : 'Enter a number, like 12') : null}
            </div>
          </>
        );
      }}
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
