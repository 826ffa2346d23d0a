/**
 * A field kind: one module per kind of question (short text, date, yes/no…), holding everything
 * about it — how JSON Forms picks it (tester), how it is filled in (Renderer) and how an answer
 * reads back (display). The designer's palette adds what it needs to the same module.
 */
import type { ComponentType } from 'react';
import type { ControlProps, JsonSchema, OwnPropsOfControl, RankedTester } from '@jsonforms/core';

export interface FieldKind {
  /** Stable name, e.g. `short-text`. */
  kind: string;
  /** What an analyst calls it, e.g. "Short text". */
  title: string;
  tester: RankedTester;
  /** The renderer as JSON Forms registers it (wrapped with withJsonFormsControlProps). */
  Renderer: ComponentType<OwnPropsOfControl>;
  /** The answer as text for a summary (review step, read-only view); '' when not answered. */
  display(value: unknown, schema: JsonSchema, context?: DisplayContext): string;
  /** The answer as links to open, for kinds whose answers are things (a files question: each file's download link). */
  links?(value: unknown): AnswerLink[];
}

/** One link in an answer as read back: the link's text names what it opens. */
export interface AnswerLink {
  href: string;
  text: string;
  /** The uploaded file it downloads (which may still wait for its virus scan). */
  fileId?: string;
}

/** Where an answer is, for kinds whose text depends on the rest of the form (a calculated choice reads its options from the answers it is worked out from). */
export interface DisplayContext {
  rootSchema: JsonSchema;
  /** Dot path of the answer. */
  path: string;
}

/** The label JSON Forms computed, or the schema title, or nothing. */
export function labelOf(props: Pick<ControlProps, 'label' | 'schema'>): string {
  return (props.label || (typeof props.schema.title === 'string' ? props.schema.title : '')).trim();
}
