/**
 * What people call each field: the UI schema Control's label, else the schema title, else the
 * field name in words. Keyed by field path (`/actions/*\/dueDate`), so any data pointer finds its
 * label through `fieldPath`.
 */
import type { JsonObject } from './model.js';
import { isObject, own, resolveRef, resolveScope, scopeNames } from './schema-paths.js';

/** `dueDate` → `Due date`, `childID` → `Child ID`. */
export function humanize(name: string): string {
  const words = name
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .split(/\s+/);
  return words.map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : /^[A-Z0-9]+$/.test(w) ? w : w.toLowerCase())).join(' ');
}

function controlLabel(el: JsonObject): string | null {
  const label = own(el, 'label');
  if (typeof label === 'string' && label.trim()) return label.trim();
  if (isObject(label) && typeof label.text === 'string' && label.text.trim()) return label.text.trim();
  return null;
}

export function fieldLabels(schema: JsonObject, uischema: JsonObject): Map<string, string> {
  const labels = new Map<string, string>();
  // Schema titles first; UI labels (what people actually see) override them.
  const walkSchema = (node: unknown, path: string, depth: number): void => {
    const s = resolveRef(schema, node);
    if (!s || depth > 16) return;
    // A title written beside a reference names this use of it; the definition's own title is the fallback.
    if (path && isObject(node) && typeof node.title === 'string' && node.title.trim()) labels.set(path, node.title.trim());
    else if (path && typeof s.title === 'string' && s.title.trim()) labels.set(path, s.title.trim());
    if (s.type === 'object' && isObject(s.properties)) for (const [k, v] of Object.entries(s.properties)) walkSchema(v, `${path}/${k}`, depth + 1);
    if (s.type === 'array') walkSchema(s.items, `${path}/*`, depth + 1);
  };
  walkSchema(schema, '', 0);
  const walkUi = (el: unknown, base: JsonObject, basePath: string, depth: number): void => {
    if (!isObject(el) || depth > 32) return;
    if (el.type === 'Control') {
      const names = scopeNames(el.scope);
      const target = resolveScope(schema, base, el.scope);
      if (names && target) {
        const path = `${basePath}/${names.join('/')}`;
        const label = controlLabel(el);
        if (label) labels.set(path, label);
        const options = own(el, 'options');
        const items = target.node.type === 'array' ? resolveRef(schema, target.node.items) : null;
        if (items && isObject(options) && isObject(options.detail)) walkUi(options.detail, items, `${path}/*`, depth + 1);
      }
    }
    const elements = own(el, 'elements');
    if (Array.isArray(elements)) for (const child of elements) walkUi(child, base, basePath, depth + 1);
  };
  walkUi(uischema, schema, '', 0);
  return labels;
}

/** The label for a field path, falling back to the field's name in words; a list's entries go by the list's label. */
export function labelOf(labels: ReadonlyMap<string, string>, path: string): string {
  const own = labels.get(path);
  if (own) return own;
  if (path.endsWith('/*')) return labelOf(labels, path.slice(0, -2));
  return humanize(path.slice(path.lastIndexOf('/') + 1) || 'form');
}

/**
 * A label as it reads inside a sentence: "Date of the supervision" → "date of the supervision".
 * Kept as it is when it starts with an acronym ("ICS worker id") or a name of two or more
 * capitalised words ("Social Work England number", "Early Help start date").
 */
export function inSentence(label: string): string {
  if (!/^[A-Z][a-z]/.test(label)) return label;
  const [first = '', second = ''] = label.split(/\s+/);
  // "Social Work England …" is a name; "Supervisee's Social Work England …" starts with an ordinary word.
  if (/^[A-Z][a-z]/.test(second) && !/['’]s$/.test(first)) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** A label that is a plain name ("Case type"), not a question ("Seen alone?") or a heading with a colon. */
export function isPlainLabel(label: string): boolean {
  return !/[?!:]/.test(label) && !label.endsWith('.');
}

/** Words a label can end on that leave it a fragment: "Audit period from", "Escalated to", "Supervisor signed off". */
const DANGLING = /\s(to|from|by|on|at|off|in|for|with|of|up|out|signed|says|acknowledged)$/i;
/** Words a label can start with that make it a clause: "How the supervision was held", "Who will do it". */
const CLAUSE = /^(how|what|when|where|who|whom|whose|why|which|whether|if|did|does|do|is|are|was|were|has|have|can|could|should|will|would)\s/i;

/**
 * A label that reads as the name of a thing after "the" ("the date of the supervision"); not a
 * question, a heading with a colon, a clause ("How the supervision was held") or a fragment
 * ending on "to", "from", "signed off"…
 */
export function readsAsName(label: string): boolean {
  return isPlainLabel(label) && !DANGLING.test(label) && !CLAUSE.test(label);
}

/** A label asked as a question, with or without its question mark ("Who will do it"). */
export function isQuestion(label: string): boolean {
  return label.trim().endsWith('?') || CLAUSE.test(label);
}

/** A plain label with "the" before it, as its object: "Enter the date of the supervision". */
export function theLabel(label: string): string {
  const words = inSentence(label);
  return /^(the|a|an|any|each|your|their|his|her|this|these|those)\s/i.test(words) ? words : `the ${words}`;
}

/**
 * What one row of a repeatable group is called: its items' own title ("Action"), else the
 * group's label in the singular when it ends in "s" ("Attendees" → "Attendee"), else
 * "<label> item" (as the runtime names rows: runtime/renderers/array/rows.ts).
 */
export function rowNameOf(itemsTitle: unknown, label: string): string {
  const title = typeof itemsTitle === 'string' ? itemsTitle.trim() : '';
  if (title) return title;
  const l = label.trim() || 'Item';
  if (/[^s]s$/i.test(l)) return l.slice(0, -1);
  return `${l} item`;
}
