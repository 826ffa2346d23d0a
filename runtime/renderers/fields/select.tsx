/** Single choice from a long list: a GOV.UK select, with an empty first option (nothing chosen yet). */
import { memo } from 'react';
import { and, or, isControl, not, optionIs, rankWith, schemaMatches, type ControlProps } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { FieldFrame } from '../field.js';
import { labelOf, type FieldKind } from '../kind.js';
import { useField } from '../use-field.js';
import { optionsOf } from '../options.js';
import { RADIO_LIMIT } from './radios.js';

function Select(props: ControlProps) {
  const field = useField<unknown>(props);
  if (!props.visible) return null;
  const options = optionsOf(props.schema);
  // Options are addressed by position, so codes of any type (numbers too) survive the <select>.
  const index = options.findIndex((o) => o.code === field.value);
  // An answer no longer on the list (an older form version) stays shown, not silently dropped.
  const orphan = field.value !== undefined && index < 0;
  return (
    <FieldFrame path={props.path} label={labelOf(props)} description={props.description} errors={props.errors} required={props.required}>
      {(ids) => (
        <select
          className={`govuk-select${ids.invalid ? ' govuk-select--error' : ''}`}
          id={ids.id}
          name={props.path}
          value={orphan ? 'orphan' : index < 0 ? '' : String(index)}
          aria-describedby={ids.describedBy}
          aria-invalid={ids.invalid || undefined}
          disabled={!props.enabled}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'orphan') return;
            field.set(v === '' ? undefined : options[Number(v)]?.code, { commit: 'now' });
          }}
        >
          <option value="">Choose…</option>
          {orphan ? <option value="orphan">{String(field.value)}</option> : null}
          {options.map((o, i) => (
            <option key={i} value={String(i)}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

const manyOptions = schemaMatches((s) => s.type !== 'array' && optionsOf(s).length > RADIO_LIMIT);
const anyOptions = schemaMatches((s) => s.type !== 'array' && optionsOf(s).length > 0);

export const select: FieldKind = {
  kind: 'select',
  title: 'Single choice (long list)',
  // A long list, unless radios are asked for; any list when a dropdown is asked for (`format: 'select'`).
  tester: rankWith(3, and(isControl, or(and(manyOptions, not(optionIs('format', 'radio'))), and(anyOptions, optionIs('format', 'select'))))),
  Renderer: withJsonFormsControlProps(memo(Select)),
  display: (value, schema) => optionsOf(schema).find((o) => o.code === value)?.label ?? (value === undefined ? '' : String(value)),
};
