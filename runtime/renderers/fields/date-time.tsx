/**
 * A date and time: the GOV.UK date input plus a time box, in one fieldset. Stored as ISO 8601
 * with the browser's UTC offset (`2026-03-27T14:30:00+00:00`), or as typed while incomplete.
 */
import { memo, useCallback, useState } from 'react';
import { and, isControl, rankWith, schemaMatches, type ControlProps } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { FieldFrame } from '../field.js';
import { labelOf, type FieldKind } from '../kind.js';
import { useField } from '../use-field.js';
import { formatDateTime, joinDateTime, splitDateTime, type DateParts } from '../dates.js';
import { DatePartsInput, wrongParts } from './date-parts.js';
import { DATE_EXAMPLE } from './date.js';
import { TIME_EXAMPLE } from './time.js';

function DateTimeInput(props: ControlProps) {
  const field = useField<string>(props);
  const [boxes, setBoxes] = useState(() => splitDateTime(field.value));
  const { set } = field;
  const update = useCallback(
    (date: DateParts, time: string) => {
      setBoxes({ date, time });
      set(joinDateTime(date, time));
    },
    [set],
  );
  const onDate = useCallback((date: DateParts) => update(date, boxes.time), [update, boxes.time]);
  if (!props.visible) return null;
  return (
    <FieldFrame path={props.path} label={labelOf(props)} description={props.description} example={DATE_EXAMPLE} errors={props.errors} required={props.required} fieldset>
      {(ids) => {
        const timeId = `${ids.id}-time`;
        const wrong = wrongParts(ids.invalid, field.value, 'date-time');
        return (
          <>
            <DatePartsInput fieldId={ids.id} name={props.path} parts={boxes.date} invalid={wrong} disabled={!props.enabled} onChange={onDate} onBlur={field.flush} />
            <div className="govuk-form-group govuk-!-margin-top-4 govuk-!-margin-bottom-0">
              <label className="govuk-label" htmlFor={timeId}>
                Time
              </label>
              <div id={`${timeId}-hint`} className="govuk-hint">
                {TIME_EXAMPLE}
              </div>
              <input
                className={`govuk-input govuk-input--width-5${wrong.includes('time') ? ' govuk-input--error' : ''}`}
                aria-invalid={wrong.includes('time') || undefined}
                id={timeId}
                name={`${props.path}-time`}
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={boxes.time}
                aria-describedby={`${timeId}-hint`}
                disabled={!props.enabled}
                onChange={(e) => update(boxes.date, e.target.value)}
                onBlur={field.flush}
              />
            </div>
          </>
        );
      }}
    </FieldFrame>
  );
}

export const dateTimeInput: FieldKind = {
  kind: 'date-time',
  title: 'Date and time',
  tester: rankWith(3, and(isControl, schemaMatches((s) => s.type === 'string' && s.format === 'date-time'))),
  Renderer: withJsonFormsControlProps(memo(DateTimeInput)),
  display: formatDateTime,
};
