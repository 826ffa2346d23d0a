/** VerticalLayout: its elements one under another (also what a step of the form is rendered as). */
import { memo } from 'react';
import { rankWith, uiTypeIs, type LayoutProps } from '@jsonforms/core';
import { withJsonFormsLayoutProps } from '@jsonforms/react';
import { Children, elementsOf } from './children.js';

function VerticalLayout(props: LayoutProps) {
  if (!props.visible) return null;
  return <Children elements={elementsOf(props.uischema)} schema={props.schema} path={props.path} enabled={props.enabled} renderers={props.renderers} cells={props.cells} />;
}

export const verticalLayout = {
  tester: rankWith(1, uiTypeIs('VerticalLayout')),
  renderer: withJsonFormsLayoutProps(memo(VerticalLayout)),
};
