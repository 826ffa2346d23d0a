/** Label: guidance text between questions, set apart as GOV.UK inset text. */
import { memo } from 'react';
import { rankWith, uiTypeIs, type LabelProps } from '@jsonforms/core';
import { withJsonFormsLabelProps } from '@jsonforms/react';
import { Lines } from '../lines.js';

function GuidanceLabel(props: LabelProps) {
  if (!props.visible || !props.text) return null;
  return (
    <div className="govuk-inset-text">
      <Lines text={props.text} />
    </div>
  );
}

export const labelLayout = {
  tester: rankWith(1, uiTypeIs('Label')),
  renderer: withJsonFormsLabelProps(memo(GuidanceLabel)),
};
