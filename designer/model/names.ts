/**
 * Field names for new fields: the label in camelCase (`Date of visit` → `dateOfVisit`), made
 * unique in its object (`dateOfVisit2`), and always a name the policy allows
 * (`^[A-Za-z][A-Za-z0-9_]{0,63}$`, never a built-in object member such as `constructor`). A name
 * made this way follows its label when the label changes, until it is published (rename.ts).
 */
import { fieldNameProblem } from '../../engine/policy/names.js';

const MAX = 64;

/** `Date of visit` → `dateOfVisit`; `Child’s ICS id` → `childsIcsId`; `1. Risks` → `field1Risks`. */
export function nameFromLabel(label: string): string {
  const plain = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’‘`]/g, '');
  const words = plain.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let name = words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join('');
  if (!name) name = 'field';
  if (!/^[A-Za-z]/.test(name)) name = 'field' + name.charAt(0).toUpperCase() + name.slice(1);
  return name.slice(0, MAX - 4);
}

/** A name for a new field in an object that already has `taken`. */
export function uniqueName(label: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = nameFromLabel(label);
  const free = (n: string) => !used.has(n) && fieldNameProblem(n) === null;
  if (free(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = String(i);
    const candidate = base.slice(0, MAX - suffix.length) + suffix;
    if (free(candidate)) return candidate;
  }
}

/**
 * Whether `name` is one `uniqueName` could have made of `label` (the label in camelCase, maybe
 * with a number to make it unique): a name the designer chose, not one the analyst typed.
 */
export function madeFromLabel(name: string, label: string): boolean {
  const base = nameFromLabel(label);
  if (name === base) return true;
  for (let digits = 1; digits < name.length && digits <= 6; digits++) {
    const suffix = name.slice(-digits);
    if (/^[1-9][0-9]*$/.test(suffix) && Number(suffix) >= 2 && base.slice(0, MAX - digits) === name.slice(0, -digits)) return true;
  }
  return false;
}

export { fieldNameProblem };

/** `Home visit record` → `home-visit-record`: an id for a form (or, with `prefix` "list", a shared list) made from its title. */
export function slugOf(title: string, prefix = 'form'): string {
  const s = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return /^[a-z]/.test(s) ? s : `${prefix}-${s}`;
}
