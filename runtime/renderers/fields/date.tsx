/** A date: the GOV.UK date input (Day, Month, Year in a fieldset), stored as `YYYY-MM-DD`. */
import { memo, useCallback, useMemo, useState } from 'react';
import { and, isControl, rankWith, schemaMatches, type ControlProps } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { FieldFrame } from '../field.js';
import { labelOf, type FieldKind } from '../kind.js';
import { useField } from '../use-field.js';
import { formatDate, joinDate, splitDate, type DateParts } from '../dates.js';
import { DatePartsInput, wrongParts } from './date-parts.js';

export const DATE_EXAMPLE = 'For example, 27 3 2026';

/**
 * The example line under the label: the days the answer may fall between when the form sets
 * them (`formatMinimum`, `formatMaximum`), with an example inside them, so nobody learns of the
 * limits only from an error.
 */
export function dateExample(schema: object): string {
  const { formatMinimum, formatMaximum } = schema as { formatMinimum?: unknown; formatMaximum?: unknown };
  const [from, to] = [formatMinimum, formatMaximum].map((d) => (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : undefined));
  if (!from && !to) return DATE_EXAMPLE;
  // The usual example when it is inside the limits (an earliest day of 2000 is no example for a visit last week).
  const usual = '2026-03-27';
  const inside = (!from || usual >= from) && (!to || usual <= to);
  const example = inside ? DATE_EXAMPLE : `For example, ${(from ?? to)!.split('-').reverse().map(Number).join(' ')}`;
  const range = from && to ? `Between ${formatDate(from)} and ${formatDate(to)}` : from ? `On or after ${formatDate(from)}` : `On or before ${formatDate(to)}`;
  return `${range}. ${example}`;
}

function DateInput(props: ControlProps) {
  const field = useField<string>(props);
  // The boxes hold what was typed; the answer is rebuilt from them on every change.
  const [parts, setParts] = useState<DateParts>(() => splitDate(field.value));
  const { set } = field;
  const onChange = useCallback(
    (next: DateParts) => {
      setParts(next);
      set(joinDate(next));
    },
    [set],
  );
  const example = useMemo(() => dateExample(props.schema), [props.schema]);
  if (!props.visible) return null;
  return (
    <FieldFrame path={props.path} label={labelOf(props)} description={props.description} example={example} errors={props.errors} required={props.required} fieldset>
      {(ids) => <DatePartsInput fieldId={ids.id} name={props.path} parts={parts} invalid={wrongParts(ids.invalid, field.value, 'date')} disabled={!props.enabled} onChange={onChange} onBlur={field.flush} />}
    </FieldFrame>
  );
}

export const dateInput: FieldKind = {
  kind: 'date',
  title: 'Date',
  tester: rankWith(3, and(isControl, schemaMatches((s) => s.type === 'string' && s.format === 'date'))),
  Renderer: withJsonFormsControlProps(memo(DateInput)),
  display: formatDate,
};
