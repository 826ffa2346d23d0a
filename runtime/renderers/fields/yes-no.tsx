/**
 * A yes/no question: two inline radios in a fieldset, stored as true/false. Not a checkbox: an
 * unticked box cannot tell "No" from "not answered yet", and the record must.
 */
import { memo } from 'react';
import { isBooleanControl, rankWith, type ControlProps } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { FieldFrame } from '../field.js';
import { labelOf, type FieldKind } from '../kind.js';
import { useField } from '../use-field.js';

const CHOICES = [
  { value: true, label: 'Yes', suffix: '' },
  { value: false, label: 'No', suffix: '-no' },
] as const;

function YesNo(props: ControlProps) {
  const field = useField<boolean>(props);
  if (!props.visible) return null;
  return (
    <FieldFrame path={props.path} label={labelOf(props)} description={props.description} errors={props.errors} required={props.required} fieldset>
      {(ids) => (
        <div className="govuk-radios govuk-radios--inline">
          {CHOICES.map((c) => {
            const id = `${ids.id}${c.suffix}`;
            return (
              <div className="govuk-radios__item" key={c.label}>
                <input
                  className="govuk-radios__input"
                  id={id}
                  name={props.path}
                  type="radio"
                  value={c.label.toLowerCase()}
                  checked={field.value === c.value}
                  disabled={!props.enabled}
                  onChange={() => field.set(c.value, { commit: 'now' })}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={id}>
                  {c.label}
                </label>
              </div>
            );
          })}
        </div>
      )}
    </FieldFrame>
  );
}

export const yesNo: FieldKind = {
  kind: 'yes-no',
  title: 'Yes or no',
  tester: rankWith(2, isBooleanControl),
  Renderer: withJsonFormsControlProps(memo(YesNo)),
  display: (value) => (value === true ? 'Yes' : value === false ? 'No' : ''),
};
