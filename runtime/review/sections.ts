/**
 * Stage sections: a top-level part of the form (`x-review.stages[].section`) that only a stage's
 * reviewer fills in. The author never fills them: hidden while empty, shown read-only once a
 * reviewer has written in them. The reviewer sees just their section, editable. Pure UI schema
 * work, so it is tested without a browser.
 */
import type { UISchemaElement } from '@jsonforms/core';
import type { StageDefinition } from '../../engine/review/model.js';
import { reviewOf, stageSections } from '../../engine/forms/review.js';
import { isObject, own, scopeNames } from '../../engine/forms/schema-paths.js';

type Element = UISchemaElement & { elements?: Element[]; scope?: string; label?: string; options?: Record<string, unknown> };

/** The form's review stages (`x-review`), or none. */
export function stagesOf(schema: Record<string, unknown>): StageDefinition[] {
  return reviewOf(schema)?.stages ?? [];
}

/** The root property a control's scope starts at (`#/properties/moderation/properties/outcome` → `moderation`). */
function rootOf(scope: unknown): string | undefined {
  return scopeNames(scope)?.[0];
}

/** Nothing written: no value, blank text, an empty list, or an object of such. */
export function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isBlank);
  return false;
}

/**
 * The UI schema with each control either kept, kept read-only, or dropped; a layout left without
 * any control goes too (its headings and notes would stand alone). Null when nothing is left.
 */
function prune(el: Element, decide: (scope: string) => 'keep' | 'read-only' | 'drop'): Element | null {
  if (el.type === 'Control') {
    const how = decide(el.scope ?? '');
    if (how === 'drop') return null;
    return how === 'read-only' ? { ...el, options: { ...el.options, readonly: true } } : el;
  }
  if (!Array.isArray(el.elements)) return el;
  const kept: Element[] = [];
  let controls = 0;
  for (const child of el.elements) {
    const next = prune(child, decide);
    if (!next) continue;
    kept.push(next);
    if (hasControl(next)) controls++;
  }
  return controls > 0 ? { ...el, elements: kept } : null;
}

function hasControl(el: Element): boolean {
  return el.type === 'Control' || (el.elements ?? []).some(hasControl);
}

/** The control scope of an answer's JSON Pointer (`/employee/workerId` → `#/properties/employee/properties/workerId`). */
export function scopeOf(pointer: string): string {
  return `#${pointer.split('/').slice(1).map((name) => `/properties/${name.replace(/~1/g, '/').replace(/~0/g, '~')}`).join('')}`;
}

/**
 * The form as its author fills it in: stage sections hidden while empty, read-only once a
 * reviewer has answered them (the server keeps them as they were whatever the author sends);
 * and the questions in `fixed` (by scope) read-only: the answers that show who the record is
 * about, chosen when it was started (engine/submissions/subject-answers.ts).
 */
export function authorView(uischema: UISchemaElement, schema: Record<string, unknown>, data: Record<string, unknown>, fixed: ReadonlySet<string> = new Set()): UISchemaElement {
  const sections = stageSections(schema);
  if (!sections.size && !fixed.size) return uischema;
  const pruned = prune(uischema as Element, (scope) => {
    if (fixed.has(scope)) return 'read-only';
    const root = rootOf(scope);
    if (root === undefined || !sections.has(root)) return 'keep';
    return isBlank(data[root]) ? 'drop' : 'read-only';
  });
  return (pruned ?? { type: 'VerticalLayout', elements: [] }) as UISchemaElement;
}

/**
 * A stage section alone, as its reviewer fills it in (a Categorization's categories become
 * headed groups). When the form's layout does not place the section, one question per property.
 */
export function sectionView(uischema: UISchemaElement, schema: Record<string, unknown>, section: string): UISchemaElement {
  const pruned = prune(uischema as Element, (scope) => (rootOf(scope) === section ? 'keep' : 'drop'));
  if (pruned) {
    if (pruned.type === 'Categorization') return { type: 'VerticalLayout', elements: (pruned.elements ?? []).map((c) => ({ ...c, type: 'Group' })) } as UISchemaElement;
    return pruned as UISchemaElement;
  }
  const props = own(schema, 'properties');
  const node = isObject(props) ? own(props, section) : undefined;
  const inner = isObject(node) ? own(node, 'properties') : undefined;
  const names = isObject(inner) ? Object.keys(inner) : [];
  return {
    type: 'Group',
    label: isObject(node) && typeof node.title === 'string' ? node.title : '',
    elements: names.map((n) => ({ type: 'Control', scope: `#/properties/${section}/properties/${n}` })),
  } as UISchemaElement;
}
