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
