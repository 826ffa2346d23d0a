/**
 * A form's steps: each Category of a Categorization is a step (shown one at a time); a form
 * without one is a single step. Also which step each answer belongs to, so an error found by the
 * server can send the user to the right page.
 */
import { isVisible, type JsonSchema, type UISchemaElement } from '@jsonforms/core';
import { toPath } from './paths.js';

export interface Step {
  label: string;
  /** The step's elements as a layout JSON Forms can render on its own. */
  uischema: UISchemaElement;
  /** The Category itself (for its display rule). */
  source: UISchemaElement;
  /** Dot paths of the controls on this step (an answer under one of them belongs here). */
  paths: string[];
}

type Element = UISchemaElement & { elements?: Element[]; label?: string; scope?: string; options?: { detail?: Element } };

function controlPaths(el: Element, base: string, out: string[]): void {
  if (el.type === 'Control' && typeof el.scope === 'string') {
    const path = [base, toPath(el.scope.slice(1).replace(/\/properties\//g, '/'))].filter(Boolean).join('.');
    out.push(path);
  }
  for (const child of el.elements ?? []) controlPaths(child, base, out);
}

export function stepsOf(uischema: UISchemaElement, title: string): Step[] {
  const root = uischema as Element;
  if (root.type === 'Categorization') {
    return (root.elements ?? []).map((cat) => {
      const layout = { type: 'VerticalLayout', elements: cat.elements ?? [] } as Element;
      const paths: string[] = [];
      controlPaths(layout, '', paths);
      return { label: cat.label ?? 'Untitled step', uischema: layout, source: cat, paths };
    });
  }
  const paths: string[] = [];
  controlPaths(root, '', paths);
  return [{ label: title, uischema: root, source: root, paths }];
}

/** The step an answer (JSON Pointer) is on, or -1; a whole section is on the step of its first question. */
export function stepOfPointer(steps: Step[], pointer: string): number {
  const path = toPath(pointer);
  const exact = steps.findIndex((s) => s.paths.some((p) => path === p || path.startsWith(p + '.')));
  return exact >= 0 ? exact : steps.findIndex((s) => s.paths.some((p) => path === '' || p.startsWith(path + '.')));
}

/** Steps a display rule does not hide, given the answers so far. */
export function visibleSteps(steps: Step[], data: unknown, conditions: unknown): number[] {
  return steps.flatMap((s, i) => (s.source.rule ? (isVisible(s.source, data, '', conditions as never, undefined) ? [i] : []) : [i]));
}

export type { JsonSchema };
