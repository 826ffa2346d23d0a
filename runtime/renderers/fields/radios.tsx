/** Single choice from a list: radios in a fieldset (a long list is a dropdown, see select.tsx). */
import { memo } from 'react';
import { and, not, isControl, optionIs, or, rankWith, schemaMatches, type ControlProps, type JsonSchema } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { FieldFrame } from '../field.js';
import { labelOf, type FieldKind } from '../kind.js';
import { useField } from '../use-field.js';
import { optionsOf } from '../options.js';

/** Up to this many options show as radios; more become a dropdown. */
export const RADIO_LIMIT = 12;

function Radios(props: ControlProps) {
  const field = useField<string | number>(props);
  if (!props.visible) return null;
  const options = optionsOf(props.schema);
  return (
    <FieldFrame path={props.path} label={labelOf(props)} description={props.description} errors={props.errors} required={props.required} fieldset>
      {(ids) => (
        <div className={`govuk-radios${options.length <= 2 ? ' govuk-radios--inline' : ''}`}>
          {options.map((o, i) => {
            const id = i === 0 ? ids.id : `${ids.id}-${i}`;
            return (
              <div className="govuk-radios__item" key={String(o.code)}>
                <input
                  className="govuk-radios__input"
                  id={id}
                  name={props.path}
                  type="radio"
                  value={String(o.code)}
                  checked={field.value === o.code}
                  disabled={!props.enabled}
                  onChange={() => field.set(o.code as string | number, { commit: 'now' })}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={id}>
                  {o.label}
                </label>
              </div>
            );
          })}
        </div>
      )}
    </FieldFrame>
  );
}

const fewOptions = schemaMatches((s) => {
  const n = optionsOf(s as JsonSchema).length;
  return n > 0 && n <= RADIO_LIMIT && s.type !== 'array';
});
// `options.format: 'radio'` asks for radios whatever the list's length.
const anyOptions = schemaMatches((s) => s.type !== 'array' && optionsOf(s as JsonSchema).length > 0);

export const radios: FieldKind = {
  kind: 'single-choice',
  title: 'Single choice',
  tester: rankWith(3, and(isControl, not(optionIs('format', 'select')), or(fewOptions, and(anyOptions, optionIs('format', 'radio'))))),
  Renderer: withJsonFormsControlProps(memo(Radios)),
  display: (value, schema) => optionsOf(schema).find((o) => o.code === value)?.label ?? (value === undefined ? '' : String(value)),
};
