/**
 * The kind of question an analyst chose, where the schema alone cannot say it: a plain text
 * answer may be short text, long text or a person's id, and its length limit or pattern may
 * change without the question becoming another kind. The designer writes the choice in the
 * Control's `options.kind`; the designer reads it back, the runtime renders by it (short text
 * stays one line whatever its length limit) and the policy refuses one that does not fit.
 */
import { isObject, own } from './schema-paths.js';
import type { JsonObject } from './model.js';
import { namedFormat } from '../validation/named-formats.js';

export const CHOSEN_KINDS = ['short-text', 'long-text', 'person-id'] as const;
export type ChosenKind = (typeof CHOSEN_KINDS)[number];

/** The kind written in a Control's options, when it is one of the chosen kinds. */
export function chosenKind(control: unknown): ChosenKind | undefined {
  const options = isObject(control) ? own(control, 'options') : undefined;
  const kind = isObject(options) ? own(options, 'kind') : undefined;
  return (CHOSEN_KINDS as readonly unknown[]).includes(kind) ? (kind as ChosenKind) : undefined;
}

/** Plain text: a string with no option list, fixed value or format but a named text one (an NHS number…), which any chosen kind may hold. */
export function isPlainText(node: JsonObject | null | undefined): boolean {
  if (!node || own(node, 'type') !== 'string') return false;
  const format = own(node, 'format');
  if (format !== undefined && !namedFormat(format)) return false;
  return !['enum', 'const', 'oneOf', 'anyOf'].some((k) => own(node, k) !== undefined);
}
