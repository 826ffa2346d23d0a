/**
 * Three-way merge of a draft definition edited in two places (two tabs, two analysts): what this
 * tab changed and what was saved elsewhere, both measured from the last definition the two
 * agreed on. Objects merge key by key (so two different questions' settings both survive). A
 * layout's elements merge by what each is — a question by the answer it binds (`scope`), a
 * section, page or guidance by its type and words — when only one side changed their order or
 * added or removed some; any other array (required answers, options) is one value, because
 * merging items place by place could give one question's setting to another. A value changed on
 * both sides to different things is an overlap: nothing is merged then, and the analyst chooses.
 */
import { escapeToken, unescapeToken } from '../../engine/json/pointer.js';
import { sameValue } from '../../engine/json/equal.js';
import type { Definition } from './types.js';

export interface DefinitionMerge {
  /** The merged definition, or null when the two sides changed the same thing. */
  merged: Definition | null;
  /** Where both sides changed the same value differently, as JSON Pointers (`/schema/properties/x/title`). */
  overlaps: string[];
}

type Json = unknown;
const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeValue(pointer: string, base: Json, mine: Json, theirs: Json, overlaps: string[]): Json {
  if (sameValue(mine, theirs)) return mine;
  if (sameValue(mine, base)) return theirs;
  if (sameValue(theirs, base)) return mine;
  if (Array.isArray(base) && Array.isArray(mine) && Array.isArray(theirs)) {
    const byIdentity = mergeElements(pointer, base, mine, theirs, overlaps);
    if (byIdentity) return byIdentity;
  }
  if (isRecord(mine) && isRecord(theirs)) {
    const b = isRecord(base) ? base : {};
    const out: Record<string, Json> = {};
    for (const key of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
      const value = mergeValue(`${pointer}/${escapeToken(key)}`, b[key], mine[key], theirs[key], overlaps);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  overlaps.push(pointer);
  return mine;
}

/** A layout element's identity: the answer a question binds, or a section's, page's or guidance's type and words. */
function identityOf(item: Json): string | null {
  if (!isRecord(item)) return null;
  if (item.type === 'Control' && typeof item.scope === 'string') return `Control ${item.scope}`;
  if (typeof item.label === 'string') return `${String(item.type)} ${item.label}`;
  if (typeof item.text === 'string') return `${String(item.type)} ${item.text}`;
  return null;
}

function identities(items: Json[]): string[] | null {
  const ids = items.map(identityOf);
  return ids.every((id): id is string => id !== null) && new Set(ids).size === ids.length ? ids : null;
}

/**
 * Layout elements merged by identity, or null when they have none (then the array is one value).
 * The order is the side's that changed it; both changing it is an overlap.
 */
function mergeElements(pointer: string, base: Json[], mine: Json[], theirs: Json[], overlaps: string[]): Json[] | null {
  const [b, m, t] = [identities(base), identities(mine), identities(theirs)];
  if (!b || !m || !t) return null;
  const sameOrder = (x: string[], y: string[]) => x.length === y.length && x.every((id, i) => id === y[i]);
  let order: string[];
  if (sameOrder(m, b)) order = t;
  else if (sameOrder(t, b)) order = m;
  else if (sameOrder(m, t)) order = m;
  else {
    overlaps.push(pointer);
    return mine;
  }
  const at = (ids: string[], items: Json[]) => new Map(ids.map((id, i) => [id, items[i]]));
  const [bm, mm, tm] = [at(b, base), at(m, mine), at(t, theirs)];
  const out: Json[] = [];
  for (const id of order) {
    const value = mergeValue(`${pointer}/${out.length}`, bm.get(id), mm.get(id), tm.get(id), overlaps);
    if (value !== undefined) out.push(value);
  }
  // Removed by the side whose order was taken, but changed by the other: an overlap.
  for (const id of b) {
    if (order.includes(id)) continue;
    const kept = mm.has(id) ? mm.get(id) : tm.get(id);
    if (kept !== undefined && !sameValue(kept, bm.get(id))) overlaps.push(`${pointer}/${b.indexOf(id)}`);
  }
  return out;
}

export function mergeDefinitions(base: Definition, mine: Definition, theirs: Definition): DefinitionMerge {
  const overlaps: string[] = [];
  const merged = mergeValue('', base, mine, theirs, overlaps) as Definition;
  return overlaps.length ? { merged: null, overlaps } : { merged, overlaps };
}

const LAYOUT = 'the layout (the order of questions, sections, pages and their rules)';

/** What an overlap is about, in the analyst's words: a question by its label, the layout, or which answers are required. */
export function describeOverlap(definition: Definition, pointer: string): string {
  const steps = pointer.split('/').slice(1).map(unescapeToken);
  if (steps[0] === 'uischema') {
    // Inside one element: that question, section or page; the elements themselves: the layout.
    let node: Json = definition;
    let named: string | null = null;
    for (const step of steps) {
      node = isRecord(node) ? node[step] : Array.isArray(node) ? node[Number(step)] : undefined;
      if (isRecord(node) && node.type === 'Control') named = `the question “${typeof node.label === 'string' ? node.label : String(node.scope).split('/').pop()}”`;
      else if (isRecord(node) && typeof node.label === 'string' && node.type !== undefined) named = `the ${node.type === 'Category' ? 'page' : 'section'} “${node.label}”`;
    }
    return steps[steps.length - 1] === 'elements' ? LAYOUT : (named ?? LAYOUT);
  }
  if (steps[0] === 'schema' && steps[1] === 'x-review') return 'the review and sign-off stages';
  let node: Json = definition;
  let label: string | null = null;
  for (let i = 0; i < steps.length; i++) {
    node = isRecord(node) ? node[steps[i]!] : undefined;
    if (steps[i - 1] === 'properties' && isRecord(node)) label = typeof node.title === 'string' && node.title.trim() ? node.title : steps[i]!;
  }
  if (steps[steps.length - 1] === 'required' || steps.includes('required')) return label ? `which answers in “${label}” are required` : 'which questions are required';
  return label ? `the question “${label}”` : 'the form’s own settings';
}
