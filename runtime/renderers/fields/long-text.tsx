/** Long text: a textarea, with the GOV.UK character count when the answer has a limit. */
import { memo } from 'react';
import { and, isStringControl, not, optionIs, or, rankWith, schemaMatches, type ControlProps, type JsonSchema, type TesterContext, type UISchemaElement } from '@jsonforms/core';
import { chosenKind } from '../../../engine/forms/chosen-kind.js';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { FieldFrame } from '../field.js';
import { labelOf, type FieldKind } from '../kind.js';
import { useField } from '../use-field.js';
import { hasOptionList } from '../options.js';
import { CharacterCount, countCharacters, countInfoId } from './character-count.js';

/** A limit this high means prose, unless the analyst said otherwise with `options.multi: false`. */
export const LONG_TEXT_FROM = 1000;

function LongText(props: ControlProps) {
  const field = useField<string>(props);
  if (!props.visible) return null;
  const max = typeof props.schema.maxLength === 'number' ? props.schema.maxLength : undefined;
  const value = field.value ?? '';
  const remaining = max === undefined ? 0 : max - countCharacters(value);
  return (
    <FieldFrame path={props.path} label={labelOf(props)} description={props.description} errors={props.errors} required={props.required} className={max === undefined ? undefined : 'govuk-character-count'}>
      {(ids) => (
        <>
          <textarea
            className={`govuk-textarea${ids.invalid || remaining < 0 ? ' govuk-textarea--error' : ''}`}
            id={ids.id}
            name={props.path}
            rows={max !== undefined && max >= 5000 ? 8 : 5}
            value={value}
            // No maxlength attribute: GOV.UK lets people paste too much and then cut it down.
            aria-describedby={[max === undefined ? undefined : countInfoId(ids.id), ids.describedBy].filter(Boolean).join(' ') || undefined}
            aria-invalid={ids.invalid || undefined}
            disabled={!props.enabled}
            onChange={(e) => field.set(e.target.value === '' ? undefined : e.target.value)}
            onBlur={field.flush}
          />
          {max === undefined ? null : <CharacterCount fieldId={ids.id} max={max} remaining={remaining} />}
        </>
      )}
    </FieldFrame>
  );
}

const hasOptions = schemaMatches((s) => hasOptionList(s) || s.const !== undefined);
const isDateLike = schemaMatches((s) => s.format === 'date' || s.format === 'date-time' || s.format === 'time');
const longLimit = schemaMatches((s) => typeof s.maxLength === 'number' && s.maxLength >= LONG_TEXT_FROM);
const multiUnset = (ui: UISchemaElement) => ui.options?.['multi'] === undefined;
/** The kind the analyst chose (engine/forms/chosen-kind.ts) decides; without one, `multi` or a long limit does. */
const chosen = (ui: UISchemaElement) => chosenKind(ui);
export const longByChoice = (ui: UISchemaElement, s: JsonSchema, c: TesterContext) => (chosen(ui) ? chosen(ui) === 'long-text' : or(optionIs('multi', true), and(longLimit, multiUnset))(ui, s, c));

export const longText: FieldKind = {
  kind: 'long-text',
  title: 'Long text',
  tester: rankWith(3, and(isStringControl, not(hasOptions), not(isDateLike), longByChoice)),
  Renderer: withJsonFormsControlProps(memo(LongText)),
  display: (value) => (typeof value === 'string' ? value : ''),
};
