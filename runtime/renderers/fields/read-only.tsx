/**
 * A read-only question (`readOnly: true` in the schema, or `options.readonly`): its label and
 * its answer as text, formatted as the kind it would otherwise be (a date reads "27 March 2026").
 * Not a disabled input: those are hard to read, skipped by keyboards and often missed by screen
 * readers.
 */
import { memo } from 'react';
import { and, isControl, isObjectArrayControl, not, optionIs, or, rankWith, schemaMatches, type ControlProps, type JsonSchema } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { labelOf, type FieldKind } from '../kind.js';
import { kindFor, kindForSchema } from '../kinds.js';
import { Lines } from '../lines.js';
import { ReadOnlyAnswer } from './read-only-answer.js';

/** The answer as the kind it would otherwise be shows it; '' when there is none. */
function displayAs(value: unknown, kind: FieldKind | undefined, schema: JsonSchema): string {
  if (value === undefined || value === null) return '';
  return kind ? kind.display(value, schema) : String(value);
}

function ReadOnly(props: ControlProps) {
  if (!props.visible) return null;
  // Tested on the field's own schema (scope '#'), with its UI schema options.
  const text = displayAs(props.data, kindFor({ ...props.uischema, scope: '#' }, props.schema, props.rootSchema), props.schema);
  return (
    <ReadOnlyAnswer path={props.path} label={labelOf(props)} errors={props.errors} description={props.description}>
      {text ? <Lines text={text} /> : 'Not provided'}
    </ReadOnlyAnswer>
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
