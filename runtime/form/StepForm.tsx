/**
 * One step's questions, rendered by JSON Forms with our renderers. Used by the runtime and the
 * designer's preview. Memoised: saving, status changes and the like never re-render the form.
 */
import { memo, useMemo } from 'react';
import { JsonForms } from '@jsonforms/react';
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import type { ErrorObject } from 'ajv';
import type { FieldError } from '../api/client.js';
import { conditions, FormRuntimeProvider, renderers } from '../renderers/index.js';
import { requiredWhenShown } from '../renderers/required-when-shown.js';
import type { DraftStore } from './draft-store.js';
import type { Uploads } from './uploads.js';

/** Field errors in the shape JSON Forms shows on fields (keyed by the field's data pointer). */
export function toAjvErrors(errors: FieldError[]): ErrorObject[] {
  return errors.map((e) => ({ instancePath: e.pointer, schemaPath: '#', keyword: 'caseforms', params: {}, message: e.message }));
}

export const StepForm = memo(function StepForm(props: { store: DraftStore; schema: JsonSchema; uischema: UISchemaElement; errors: ErrorObject[]; carried?: ReadonlyMap<string, string>; uploads?: Uploads }) {
  const required = useMemo(() => requiredWhenShown(props.schema), [props.schema]);
  const runtime = useMemo(() => ({ store: props.store, mode: 'edit' as const, requiredWhenShown: required, ...(props.carried ? { carried: props.carried } : {}), ...(props.uploads ? { uploads: props.uploads } : {}) }), [props.store, required, props.carried, props.uploads]);
  // JSON Forms re-reads its data whenever these props change (new errors to show, say) and
  // evaluates display rules on it: so it always gets the answers as they are now, from the
  // store, never a copy from when the step opened (which hid questions answered since).
  return (
    <FormRuntimeProvider value={runtime}>
      <JsonForms schema={props.schema} uischema={props.uischema} data={props.store.data} renderers={renderers} ajv={conditions as never} validationMode="NoValidation" additionalErrors={props.errors} />
    </FormRuntimeProvider>
  );
});
