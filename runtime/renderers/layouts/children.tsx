/** A layout's elements, each dispatched back to JSON Forms with the same schema, path and renderer set. */
import { Fragment, memo } from 'react';
import type { JsonFormsCellRendererRegistryEntry, JsonFormsRendererRegistryEntry, JsonSchema, UISchemaElement } from '@jsonforms/core';
import { JsonFormsDispatch } from '@jsonforms/react';

export interface ChildrenProps {
  elements: readonly UISchemaElement[];
  schema: JsonSchema;
  path: string;
  enabled: boolean;
  renderers?: JsonFormsRendererRegistryEntry[] | undefined;
  cells?: JsonFormsCellRendererRegistryEntry[] | undefined;
  /** Wraps each child, e.g. in a grid column. */
  itemClassName?: string | undefined;
}

/** The elements of a layout element (Group, VerticalLayout…), or none. */
export function elementsOf(uischema: UISchemaElement): readonly UISchemaElement[] {
  const elements = (uischema as { elements?: unknown }).elements;
  return Array.isArray(elements) ? (elements as UISchemaElement[]) : [];
}

function LayoutChildren(props: ChildrenProps) {
  return (
    <>
      {props.elements.map((element, i) => {
        // The UI schema never changes while a form is open, so positions are stable keys.
        const child = <JsonFormsDispatch uischema={element} schema={props.schema} path={props.path} enabled={props.enabled} renderers={props.renderers} cells={props.cells} />;
        return props.itemClassName ? (
          <div className={props.itemClassName} key={i}>
            {child}
          </div>
        ) : (
          <Fragment key={i}>{child}</Fragment>
        );
      })}
    </>
  );
}

export const Children = memo(LayoutChildren);
