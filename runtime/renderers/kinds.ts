/**
 * The field kinds that are answered with an input, and how to find the one JSON Forms would
 * pick for a question. Kept apart from index.ts so that the read-only kind and the summary can
 * use them without an import cycle.
 */
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import type { FieldKind } from './kind.js';
import { checkboxes } from './fields/checkboxes.js';
import { dateTimeInput } from './fields/date-time.js';
import { dateInput } from './fields/date.js';
import { files } from './fields/files.js';
import { longText } from './fields/long-text.js';
import { numberInput } from './fields/number.js';
import { radios } from './fields/radios.js';
import { select } from './fields/select.js';
import { textInput } from './fields/text-input.js';
import { timeInput } from './fields/time.js';
import { yesNo } from './fields/yes-no.js';

export const inputKinds: readonly FieldKind[] = [textInput, longText, numberInput, dateInput, dateTimeInput, timeInput, yesNo, radios, select, checkboxes, files];

/**
 * The kind whose tester ranks highest, first one on a tie — exactly JSON Forms' own choice
 * (`maxBy` over the registered testers), given the same `schema` JSON Forms passes: the root
 * schema for a top-level control, the items schema inside a repeatable group's row.
 */
export function kindFor(uischema: UISchemaElement, schema: JsonSchema, rootSchema: JsonSchema, kinds: readonly FieldKind[] = inputKinds): FieldKind | undefined {
  const context = { rootSchema, config: undefined };
  let best: FieldKind | undefined;
  let bestRank = -1;
  for (const kind of kinds) {
    const rank = kind.tester(uischema, schema, context);
    if (rank > bestRank) {
      best = kind;
      bestRank = rank;
    }
  }
  return best;
}

/** The kind for an already resolved field schema (no UI schema to hand, e.g. a read-only value). */
export function kindForSchema(schema: JsonSchema, kinds: readonly FieldKind[] = inputKinds): FieldKind | undefined {
  return kindFor({ type: 'Control', scope: '#' } as UISchemaElement, schema, schema, kinds);
}
