/** Field names become MongoDB keys and JavaScript property names, so they are kept plain. */

export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Built-in object members: a field with one of these names could shadow them in code that reads data. */
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype', 'constructor']);

/** Why a field name is not allowed, or null when it is fine. */
export function fieldNameProblem(name: string): string | null {
  if (!FIELD_NAME.test(name)) {
    return `The field name "${name}" is not allowed: a field name starts with a letter and uses only letters, digits and underscores, at most 64 characters.`;
  }
  if (RESERVED.has(name)) return `The field name "${name}" is reserved by the system; choose another name.`;
  return null;
}
