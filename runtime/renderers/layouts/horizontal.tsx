/**
 * HorizontalLayout: its elements side by side in a GOV.UK grid row. GOV.UK columns are full width
 * below the tablet breakpoint, so on a phone or at 400% zoom they stack and nothing scrolls sideways.
 */
import { memo } from 'react';
import { rankWith, uiTypeIs, type LayoutProps } from '@jsonforms/core';
import { withJsonFormsLayoutProps } from '@jsonforms/react';
import { Children, elementsOf } from './children.js';

const COLUMN: Record<number, string> = { 1: 'govuk-grid-column-full', 2: 'govuk-grid-column-one-half', 3: 'govuk-grid-column-one-third', 4: 'govuk-grid-column-one-quarter' };

function HorizontalLayout(props: LayoutProps) {
  if (!props.visible) return null;
  const elements = elementsOf(props.uischema);
  // More than four side by side would be too narrow to use: those stack.
  const column = COLUMN[elements.length] ?? 'govuk-grid-column-full';
  return (
    <div className="govuk-grid-row">
      <Children elements={elements} schema={props.schema} path={props.path} enabled={props.enabled} renderers={props.renderers} cells={props.cells} itemClassName={column} />
    </div>
  );
}

export const horizontalLayout = {
  tester: rankWith(1, uiTypeIs('HorizontalLayout')),
  renderer: withJsonFormsLayoutProps(memo(HorizontalLayout)),
};
