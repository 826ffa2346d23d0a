/** What may go where in the layout. */
import type { Loc } from './locate.js';
import { isObject, own, q } from './json.js';
import type { NodeKind } from './types.js';

const WORDS: Record<NodeKind, string> = {
  form: 'the form',
  page: 'a page',
  section: 'a section',
  row: 'a row',
  field: 'a field',
  'repeatable-group': 'a repeatable group',
  guidance: 'guidance',
};

export function kindName(kind: NodeKind): string {
  return WORDS[kind];
}

/** Why `kind` cannot go into `container`, or null when it can. */
export function refusal(container: Loc, kind: NodeKind): string | null {
  const type = container.el.type;
  if (container.kind === 'field' || container.kind === 'guidance') {
    return `${kindName(container.kind) === 'guidance' ? 'Guidance' : 'A field'} cannot hold other parts of the form; choose a page, section or row.`;
  }
  if (kind === 'page') return type === 'Categorization' ? null : 'Pages can only be placed among the other pages.';
  if (type === 'Categorization') return 'This form is split into pages: put it on one of the pages.';
  if (kind === 'form') return 'The form cannot be placed anywhere.';
  if (container.kind === 'row' && kind !== 'field' && kind !== 'guidance') {
    return `A row holds fields side by side; ${kindName(kind)} cannot go inside a row.`;
  }
  return null;
}

/** The children list of a container element (a repeatable group's rows' layout for a group). */
export function listOf(loc: Loc): unknown[] {
  const el = loc.el;
  if (loc.kind === 'repeatable-group') {
    const options = own(el, 'options');
    const detail = isObject(options) ? own(options, 'detail') : undefined;
    if (isObject(detail) && Array.isArray(detail.elements)) return detail.elements;
    throw new Error('repeatable group without a row layout');
  }
  if (!Array.isArray(el.elements)) el.elements = [];
  return el.elements as unknown[];
}

export function clampIndex(index: number, length: number): number {
  if (typeof index !== 'number' || Number.isNaN(index)) return length;
  return Math.max(0, Math.min(Math.trunc(index), length));
}

export { q };
