/**
 * Multiple choice: GOV.UK checkboxes in a fieldset, for an array whose items are a list of
 * options. Stores the chosen codes in the list's order; none chosen → not answered.
 */
import { memo } from 'react';
import { and, isControl, rankWith, schemaMatches, type ControlProps, type JsonSchema } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { FieldFrame } from '../field.js';
import { labelOf, type FieldKind } from '../kind.js';
import { useField } from '../use-field.js';
import { itemsOf, optionsOf, type Option } from '../options.js';

function choicesOf(schema: JsonSchema, rootSchema?: JsonSchema): Option[] {
  const items = itemsOf(schema, rootSchema);
  return items ? optionsOf(items) : [];
}

/** The chosen codes in the list's order; codes no longer listed are kept, at the end. */
export function toggle(current: readonly unknown[], code: unknown, on: boolean, options: readonly Option[]): unknown[] | undefined {
  const chosen = new Set(current.filter((c) => c !== code));
  if (on) chosen.add(code);
  const listed = options.map((o) => o.code);
  const next = [...listed.filter((c) => chosen.has(c)), ...[...chosen].filter((c) => !listed.includes(c))];
  return next.length ? next : undefined;
}

function Checkboxes(props: ControlProps) {
  const field = useField<unknown[]>(props);
  if (!props.visible) return null;
  const options = choicesOf(props.schema, props.rootSchema);
  const current = Array.isArray(field.value) ? field.value : [];
  return (
    <FieldFrame path={props.path} label={labelOf(props)} description={props.description} example="Select all that apply." errors={props.errors} required={props.required} fieldset>
      {(ids) => (
        <div className="govuk-checkboxes">
          {options.map((o, i) => {
            const id = i === 0 ? ids.id : `${ids.id}-${i}`;
            return (
              <div className="govuk-checkboxes__item" key={String(o.code)}>
                <input
                  className="govuk-checkboxes__input"
                  id={id}
                  name={props.path}
                  type="checkbox"
                  value={String(o.code)}
                  checked={current.includes(o.code)}
                  disabled={!props.enabled}
                  onChange={(e) => field.set(toggle(current, o.code, e.target.checked, options), { commit: 'now' })}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
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

const multipleChoice = schemaMatches((s, root) => s.type === 'array' && choicesOf(s, root).length > 0);

export const checkboxes: FieldKind = {
  kind: 'multiple-choice',
  title: 'Multiple choice',
  tester: rankWith(3, and(isControl, multipleChoice)),
  Renderer: withJsonFormsControlProps(memo(Checkboxes)),
  display: (value, schema) => {
    if (!Array.isArray(value)) return '';
    const options = choicesOf(schema);
    // One per line: the summary shows each choice on its own line.
    return value.map((code) => options.find((o) => o.code === code)?.label ?? String(code)).join('\n');
  },
};
