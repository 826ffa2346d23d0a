/**
 * "Fill in from the ICS directory": which value of the directory (the child's date of birth, your
 * own ICS worker id…) a question starts with; only the values that fit the question are offered.
 * Kept as the question's `x-prefill` (designer/model/prefill.ts).
 */
import { useMemo } from 'react';
import { prefillLabel, prefillOf, prefillOptions, setPrefill, type Definition, type EditResult } from '../model/index.js';
import { SelectProp } from './inputs.js';

const NONE = '';

/** Shown only for a question something can fill in. */
export function PrefillEditor({ id, definition, path, apply }: { id: string; definition: Definition; path: string; apply(run: () => EditResult): void }) {
  const choices = useMemo(() => prefillOptions(definition, path), [definition, path]);
  const current = useMemo(() => prefillOf(definition, path), [definition, path]);
  if (choices.length === 0 && current === null) return null;
  // One written in the Advanced view that does not fit stays visible, so it can be seen and removed.
  const options: Array<readonly [string, string]> = [[NONE, 'Not filled in'], ...choices.map((c) => [c.source, c.label] as const)];
  if (current !== null && !choices.some((c) => c.source === current)) options.push([current, `${prefillLabel(current)} (does not fit this question)`]);
  return (
    <SelectProp
      id={id}
      label="Fill in from the ICS directory"
      hint="When someone starts a record, this answer is filled in from the ICS directory if it is still empty. They are told where it came from, and can change it. Values about the child need the form to ask for the child at the start (Form settings)."
      value={current ?? NONE}
      options={options}
      onChange={(v) => apply(() => setPrefill(definition, path, v === NONE ? null : v))}
    />
  );
}
