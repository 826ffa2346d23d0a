/**
 * The Caseforms renderer set for JSON Forms: accessible (GOV.UK Design System patterns), one
 * module per field kind. Both the runtime and the designer's preview use it.
 *
 * Render with `<JsonForms renderers={renderers} ajv={conditionsAsAjv} validationMode="NoValidation">`
 * inside a `<FormRuntimeProvider>`: rules are evaluated without `new Function` (see conditions.ts)
 * and answers are validated by the server.
 */
import type { JsonFormsRendererRegistryEntry } from '@jsonforms/core';
import type { FieldKind } from './kind.js';
import { inputKinds } from './kinds.js';
import { calculated } from './fields/calculated.js';
import { readOnly } from './fields/read-only.js';
import { repeatableGroup } from './array/repeatable-group.js';
import { categorizationLayout, groupLayout } from './layouts/group.js';
import { horizontalLayout } from './layouts/horizontal.js';
import { labelLayout } from './layouts/label.js';
import { verticalLayout } from './layouts/vertical.js';
import { resolvingOnce } from './testers.js';

/** Every kind of question. The input kinds are listed in kinds.ts (the summary needs them too). */
export const fieldKinds: FieldKind[] = [...inputKinds, readOnly, calculated, repeatableGroup];

const layouts: JsonFormsRendererRegistryEntry[] = [verticalLayout, horizontalLayout, groupLayout, categorizationLayout, labelLayout];

export const renderers: JsonFormsRendererRegistryEntry[] = [...fieldKinds.map((k) => ({ tester: resolvingOnce(k.tester), renderer: k.Renderer })), ...layouts];

export { FormRuntimeProvider, useFormRuntime, type FormRuntime } from './context.js';
export { conditions, conditionsAsAjv } from './conditions.js';
export { kindFor } from './kinds.js';
export { SummaryView, type SummaryViewProps } from './summary/SummaryView.js';
