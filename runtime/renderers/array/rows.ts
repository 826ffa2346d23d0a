/**
 * What a repeatable group's rows are called and made of — shared by the form (add another) and
 * the summary (one card per row), so both say "Action 2" and show the same fields.
 */
import type { ControlElement, JsonSchema, UISchemaElement } from '@jsonforms/core';

/**
 * A row's name: the items' own title ("Action"), else the group's label in the singular when it
 * ends in "s" ("Attendees" → "Attendee"), else "<label> item".
 */
export function rowNameOf(items: JsonSchema | undefined, label: string): string {
  const title = typeof items?.title === 'string' ? items.title.trim() : '';
  if (title) return title;
  const l = label.trim() || 'Item';
  if (/[^s]s$/i.test(l)) return l.slice(0, -1);
  return `${l} item`;
}

/** "Action" → "action" for use mid-sentence; "ICS id" stays as it is. */
export function midSentence(name: string): string {
  return /^[A-Z][a-z]/.test(name) ? name[0]!.toLowerCase() + name.slice(1) : name;
}

export function pluralOf(name: string): string {
  if (/s$/i.test(name)) return name;
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`;
  return `${name}s`;
}

export function withArticle(name: string): string {
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

// Generated row layouts, one per items schema, so their identity is stable across renders.
const generated = new WeakMap<object, UISchemaElement>();

/** The row's layout: `options.detail` when it is a UI schema, else one control per item property. */
export function detailOf(control: UISchemaElement, items: JsonSchema | undefined): UISchemaElement {
  const detail: unknown = control.options?.['detail'];
  if (detail && typeof detail === 'object' && typeof (detail as UISchemaElement).type === 'string') return detail as UISchemaElement;
  const key = items ?? control;
  let layout = generated.get(key);
  if (!layout) {
    const elements: ControlElement[] = Object.keys(items?.properties ?? {}).map((p) => ({ type: 'Control', scope: `#/properties/${p}` }));
    layout = { type: 'VerticalLayout', elements } as UISchemaElement;
    generated.set(key, layout);
  }
  return layout;
}

/** A new row: only the defaults the form sets. Nothing else is pre-answered (not even `false`). */
export function newRow(items: JsonSchema | undefined): Record<string, unknown> {
  if (items?.default && typeof items.default === 'object' && !Array.isArray(items.default)) return structuredClone(items.default as Record<string, unknown>);
  const row: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(items?.properties ?? {})) {
    if (prop && typeof prop === 'object' && prop.default !== undefined) row[name] = structuredClone(prop.default);
  }
  return row;
}
