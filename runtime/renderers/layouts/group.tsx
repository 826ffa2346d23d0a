/**
 * Group (and a Category, when a Categorization sits below the top of the form): a section with a
 * heading. A heading rather than a fieldset: groups hold radios and dates that are fieldsets
 * themselves, and nested legends are read out before every field; headings let screen reader
 * users jump between parts of a long form instead.
 */
import { memo } from 'react';
import { or, rankWith, uiTypeIs, type LayoutProps } from '@jsonforms/core';
import { withJsonFormsLayoutProps } from '@jsonforms/react';
import { Heading, HeadingLevelProvider, useHeadingLevel } from '../heading.js';
import { Children, elementsOf } from './children.js';

function GroupLayout(props: LayoutProps) {
  const level = useHeadingLevel();
  if (!props.visible) return null;
  const children = <Children elements={elementsOf(props.uischema)} schema={props.schema} path={props.path} enabled={props.enabled} renderers={props.renderers} cells={props.cells} />;
  if (!props.label) return children;
  return (
    <section className="govuk-!-margin-bottom-6 app-form-section">
      <Heading level={level}>{props.label}</Heading>
      <HeadingLevelProvider value={level + 1}>{children}</HeadingLevelProvider>
    </section>
  );
}

export const groupLayout = {
  tester: rankWith(1, or(uiTypeIs('Group'), uiTypeIs('Category'))),
  renderer: withJsonFormsLayoutProps(memo(GroupLayout)),
};

/**
 * A Categorization below the top of the form: its categories one after another, as groups.
 * (The top-level one is not rendered here: the page shows one category, one step, at a time.)
 */
function CategorizationLayout(props: LayoutProps) {
  if (!props.visible) return null;
  return <Children elements={elementsOf(props.uischema)} schema={props.schema} path={props.path} enabled={props.enabled} renderers={props.renderers} cells={props.cells} />;
}

export const categorizationLayout = {
  tester: rankWith(1, uiTypeIs('Categorization')),
  renderer: withJsonFormsLayoutProps(memo(CategorizationLayout)),
};
