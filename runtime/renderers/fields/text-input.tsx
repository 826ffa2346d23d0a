/** Short text: a single-line input (also email). Long text has its own kind (textarea). */
import { memo } from 'react';
import { and, isStringControl, not, optionIs, or, rankWith, schemaMatches, type ControlProps } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { FieldFrame } from '../field.js';
import { labelOf, type FieldKind } from '../kind.js';
import { useField } from '../use-field.js';
import { namedFormat } from '../../../engine/validation/named-formats.js';
import { longByChoice } from './long-text.js';

const hasOptions = schemaMatches((s) => Array.isArray(s.enum) || Array.isArray(s.oneOf) || Array.isArray(s.anyOf) || s.const !== undefined);
const isDateLike = schemaMatches((s) => s.format === 'date' || s.format === 'date-time' || s.format === 'time');

/**
 * What the browser is told about answers of a known shape (GOV.UK: a phone keypad for phone
 * numbers, digits for an NHS number, autofill for postcodes; no spelling marks on ids or codes).
 */
const INPUTS: Record<string, { type?: string; inputMode?: 'numeric' | 'tel'; autoComplete?: string }> = {
  email: { type: 'email', autoComplete: 'email' },
  'uk-phone': { type: 'tel', autoComplete: 'tel' },
  'nhs-number': { inputMode: 'numeric' },
  'uk-postcode': { autoComplete: 'postal-code' },
  'ni-number': {},
  'ics-person-id': {},
  'ics-worker-id': {},
};

function TextInput(props: ControlProps) {
  const field = useField<string>(props);
  if (!props.visible) return null;
  // A named format's answers are short whatever the field allows: the box is as wide as they need.
  const max = Math.min(typeof props.schema.maxLength === 'number' ? props.schema.maxLength : Infinity, namedFormat(props.schema.format)?.maxLength ?? Infinity);
  const width = max <= 10 ? ' govuk-input--width-10' : max <= 20 ? ' govuk-input--width-20' : '';
  const known = typeof props.schema.format === 'string' ? INPUTS[props.schema.format] : undefined;
  return (
    <FieldFrame path={props.path} label={labelOf(props)} description={props.description} errors={props.errors} required={props.required}>
      {(ids) => (
        <input
          className={`govuk-input${width}${ids.invalid ? ' govuk-input--error' : ''}`}
          id={ids.id}
          name={props.path}
          type={known?.type ?? 'text'}
          inputMode={known?.inputMode}
          spellCheck={!known}
          autoComplete={known?.autoComplete ?? 'off'}
          value={field.value ?? ''}
          aria-describedby={ids.describedBy}
          aria-invalid={ids.invalid || undefined}
          disabled={!props.enabled}
          onChange={(e) => field.set(e.target.value === '' ? undefined : e.target.value)}
          onBlur={field.flush}
        />
      )}
    </FieldFrame>
  );
}

export const textInput: FieldKind = {
  kind: 'short-text',
  title: 'Short text',
  tester: rankWith(2, and(isStringControl, not(hasOptions), not(isDateLike), not(longByChoice), not(or(optionIs('format', 'radio'))))),
  Renderer: withJsonFormsControlProps(memo(TextInput)),
  display: (value) => (typeof value === 'string' ? value : ''),
};
