/**
 * A read-only question (`readOnly: true` in the schema, or `options.readonly`): its label and
 * its answer as text, formatted as the kind it would otherwise be (a date reads "27 March 2026").
 * Not a disabled input: those are hard to read, skipped by keyboards and often missed by screen
 * readers.
 */
import { memo } from 'react';
import { and, isControl, isObjectArrayControl, not, optionIs, or, rankWith, schemaMatches, type ControlProps, type JsonSchema } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { fieldId } from '../../form/paths.js';
import { useRowName } from '../array/row-context.js';
import { labelOf, type FieldKind } from '../kind.js';
import { kindFor, kindForSchema } from '../kinds.js';
import { Lines } from '../lines.js';

/** The answer as the kind it would otherwise be shows it; '' when there is none. */
function displayAs(value: unknown, kind: FieldKind | undefined, schema: JsonSchema): string {
  if (value === undefined || value === null) return '';
  return kind ? kind.display(value, schema) : String(value);
}

function ReadOnly(props: ControlProps) {
  const row = useRowName();
  if (!props.visible) return null;
  const id = fieldId(props.path);
  // Tested on the field's own schema (scope '#'), with its UI schema options.
  const text = displayAs(props.data, kindFor({ ...props.uischema, scope: '#' }, props.schema, props.rootSchema), props.schema);
  return (
    <div className={`govuk-form-group${props.errors ? ' govuk-form-group--error' : ''}`}>
      <p className="govuk-label govuk-label--s govuk-!-margin-bottom-1">
        {row ? <span className="govuk-visually-hidden">{row}: </span> : null}
        {labelOf(props)}
      </p>
      {props.errors ? (
        <p className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {props.errors}
        </p>
      ) : null}
      {/* Focusable by script only: an error-summary link to this field lands here. */}
      <p className="govuk-body govuk-!-margin-bottom-1" id={id} tabIndex={-1}>
        {text ? <Lines text={text} /> : 'Not provided'}
      </p>
      {props.description ? <div className="govuk-hint">{props.description}</div> : null}
    </div>
  );
}

const readOnlySchema = schemaMatches((s) => 'readOnly' in s && s.readOnly === true);

export const readOnly: FieldKind = {
  kind: 'read-only',
  title: 'Read-only',
  // Above every other kind; a repeatable group stays one (its rows are shown disabled).
  tester: rankWith(10, and(isControl, or(readOnlySchema, optionIs('readonly', true)), not(isObjectArrayControl))),
  Renderer: withJsonFormsControlProps(memo(ReadOnly)),
  display: (value, schema) => displayAs(value, kindForSchema(schema), schema),
};
