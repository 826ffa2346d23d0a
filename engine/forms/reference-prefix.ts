/**
 * The prefix of a form's record references (`SUP` in `SUP-2026-000123`): set by the analyst, or
 * made from the form id. The rest of a reference is engine/submissions/reference.ts.
 */

/** 1 to 8 capital letters and digits, starting with a letter. */
export const REFERENCE_PREFIX_PATTERN = /^[A-Z][A-Z0-9]{0,7}$/;

/**
 * What is wrong with a prefix an analyst typed, as one sentence, or null when it is fine.
 * (The JSON Schemas hold the same rule; this is the wording for the designer and the API.)
 */
export function referencePrefixProblem(prefix: string): string | null {
  if (prefix === '') return 'Enter a reference prefix, or leave the setting out to use the one made from the form id.';
  if (prefix.length > 8) return 'The reference prefix must be 8 characters or fewer.';
  if (/[a-z]/.test(prefix) && REFERENCE_PREFIX_PATTERN.test(prefix.toUpperCase())) return 'The reference prefix must be in capital letters, like SUP.';
  if (!/^[A-Za-z]/.test(prefix)) return 'The reference prefix must start with a letter.';
  if (!REFERENCE_PREFIX_PATTERN.test(prefix)) return 'The reference prefix can only hold capital letters A to Z and digits 0 to 9.';
  return null;
}

/** The prefix made from a form id when the form sets none: its words' initials (`return-to-work` → `RTW`). */
export function defaultReferencePrefix(formId: string): string {
  const initials = formId
    .split('-')
    .filter((w) => /^[a-z]/.test(w))
    .map((w) => w[0]!.toUpperCase())
    .join('')
    .slice(0, 8);
  // Form ids start with a letter, so there is always one initial; the fallback keeps the rule anyway.
  return initials || 'REC';
}

/** The prefix a form's records use: its own, else the one made from its id. */
export function referencePrefixOf(form: { id: string; referencePrefix?: string }): string {
  return form.referencePrefix ?? defaultReferencePrefix(form.id);
}
