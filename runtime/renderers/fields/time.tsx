/** A time of day: a short text box ("For example, 14:30"), stored as `HH:MM`. */
import { memo, useState } from 'react';
import { and, isControl, rankWith, schemaMatches, type ControlProps } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { FieldFrame } from '../field.js';
import { labelOf, type FieldKind } from '../kind.js';
import { useField } from '../use-field.js';
import { formatTime, normaliseTime } from '../dates.js';

export const TIME_EXAMPLE = 'For example, 14:30';

function TimeInput(props: ControlProps) {
  const field = useField<string>(props);
  // The box keeps what was typed ("2.30pm"); the answer is the normalised "14:30".
  const [text, setText] = useState(() => field.value ?? '');
  if (!props.visible) return null;
  return (
    <FieldFrame path={props.path} label={labelOf(props)} description={props.description} example={TIME_EXAMPLE} errors={props.errors} required={props.required}>
      {(ids) => (
        <input
          className={`govuk-input govuk-input--width-5${ids.invalid ? ' govuk-input--error' : ''}`}
          id={ids.id}
          name={props.path}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={text}
          aria-describedby={ids.describedBy}
          aria-invalid={ids.invalid || undefined}
          disabled={!props.enabled}
          onChange={(e) => {
            setText(e.target.value);
            field.set(e.target.value.trim() === '' ? undefined : normaliseTime(e.target.value));
          }}
          onBlur={field.flush}
        />
      )}
    </FieldFrame>
  );
}

export const timeInput: FieldKind = {
  kind: 'time',
  title: 'Time',
  tester: rankWith(3, and(isControl, schemaMatches((s) => s.type === 'string' && s.format === 'time'))),
  Renderer: withJsonFormsControlProps(memo(TimeInput)),
  display: formatTime,
};
