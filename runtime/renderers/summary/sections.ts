/**
 * The answers as sections of question/answer rows, walked from the UI schema the way the form
 * shows them: a heading per Category and Group, nothing a display rule hides, one card per row of
 * a repeatable group, and each answer written as its field kind writes it. Pure (no React), so
 * the summary, a print view or a test can use it alike.
 */
import { composeWithUi, createLabelDescriptionFrom, isObjectArrayControl, isVisible, Resolve, type ControlElement, type JsonSchema, type UISchemaElement } from '@jsonforms/core';
import { conditionsAsAjv } from '../conditions.js';
import { calculated, NOT_WORKED_OUT } from '../fields/calculated.js';
import { readOnly } from '../fields/read-only.js';
import type { AnswerLink, FieldKind } from '../kind.js';
import { isFilesQuestion } from '../../../engine/files/model.js';
import { inputKinds, kindFor } from '../kinds.js';
import { itemsOf } from '../options.js';
import { detailOf, midSentence, pluralOf, rowNameOf } from '../array/rows.js';

export interface SummaryRow {
  /** The question. */
  label: string;
  /** The answer as text ('' when not answered); may hold line breaks. */
  value: string;
  /** Where the answer is (`nextSteps.actions.0.dueDate`), for "Change". */
  path: string;
  /** What "Change" changes, for screen readers: "action 1, due date"; '' when it cannot be changed (read-only). */
  changes: string;
  /** The answer as links, when it is things to open (uploaded files): shown instead of `value`. */
  links?: AnswerLink[];
}

export interface SummaryCard {
  title: string;
  path: string;
  rows: SummaryRow[];
}

export type SummaryBlock =
  | { type: 'section'; heading: string; blocks: SummaryBlock[] }
  | { type: 'list'; rows: SummaryRow[] }
  | { type: 'group'; label: string; path: string; rowName: string; cards: SummaryCard[] };

/** The kinds JSON Forms chooses between for a question (repeatable groups are walked here). */
const summaryKinds: readonly FieldKind[] = [...inputKinds, readOnly, calculated];

interface Scope {
  /** What JSON Forms passes as `schema` here: the root, or a row's items schema. */
  schema: JsonSchema;
  rootSchema: JsonSchema;
  data: unknown;
  /** The data path controls here are relative to ('' at the root, `actions.0` in a row). */
  path: string;
  /** "Action 1" inside a row, for the "Change" text. */
  row: string;
  /** Inside a read-only question (a repeatable group someone else filled in): nothing here can be changed. */
  locked?: boolean;
}

interface Layoutish {
  type: string;
  label?: unknown;
  elements?: UISchemaElement[];
}

function labelOfElement(el: UISchemaElement): string {
  const label = (el as Layoutish).label;
  return typeof label === 'string' ? label : '';
}

/** Adjacent question rows share one list; a heading or a card ends it. */
function merge(blocks: SummaryBlock[]): SummaryBlock[] {
  const out: SummaryBlock[] = [];
  for (const b of blocks) {
    const last = out[out.length - 1];
    if (b.type === 'list' && last?.type === 'list') out[out.length - 1] = { type: 'list', rows: [...last.rows, ...b.rows] };
    else out.push(b);
  }
  return out;
}

function rowsOf(blocks: SummaryBlock[]): SummaryRow[] {
  return blocks.flatMap((b) => (b.type === 'list' ? b.rows : b.type === 'section' ? rowsOf(b.blocks) : b.cards.flatMap((c) => c.rows)));
}

function control(el: ControlElement, scope: Scope): SummaryBlock[] {
  const schema = Resolve.schema(scope.schema, el.scope, scope.rootSchema);
  if (!schema) return [];
  const path = composeWithUi(el, scope.path);
  const value = Resolve.data(scope.data, path);
  const label = createLabelDescriptionFrom(el, schema).text ?? '';
  const locked = scope.locked === true || (el.options as { readonly?: unknown } | undefined)?.readonly === true;
  // A files question is a list of objects too, but answered as files, not rows.
  if (!isFilesQuestion(schema) && isObjectArrayControl(el, scope.schema, { rootSchema: scope.rootSchema, config: undefined })) {
    const items = itemsOf(schema, scope.rootSchema) ?? {};
    const rowName = rowNameOf(items, label);
    const detail = detailOf(el, items);
    const changes = locked ? '' : scope.row ? `${midSentence(scope.row)}, ${midSentence(label)}` : midSentence(label);
    // No rows: one answer in the list around it, not a heading over nothing.
    if (!Array.isArray(value) || value.length === 0) return [{ type: 'list', rows: [{ label, value: 'None added', path, changes }] }];
    const cards = value.map((_, i): SummaryCard => {
      const title = `${rowName} ${i + 1}`;
      const rowPath = `${path}.${i}`;
      return { title, path: rowPath, rows: rowsOf(walk(detail, { ...scope, schema: items, path: rowPath, row: scope.row ? `${scope.row}, ${title}` : title, locked })) };
    });
    return [{ type: 'group', label, path, rowName, cards }];
  }
  const kind = kindFor(el, scope.schema, scope.rootSchema, summaryKinds);
  const blank = value === undefined || value === null || value === '';
  // A calculated answer not worked out says so, rather than "Not answered": nobody answers it.
  const text = blank ? (kind === calculated ? NOT_WORKED_OUT : '') : (kind?.display(value, schema, { rootSchema: scope.rootSchema, path }) ?? String(value));
  const changes = locked || kind === readOnly || kind === calculated ? '' : scope.row ? `${midSentence(scope.row)}, ${midSentence(label)}` : midSentence(label);
  const links = blank ? undefined : kind?.links?.(value);
  return [{ type: 'list', rows: [{ label, value: text, path, changes, ...(links?.length ? { links } : {}) }] }];
}

function walk(el: UISchemaElement, scope: Scope): SummaryBlock[] {
  if (!isVisible(el, scope.data, scope.path, conditionsAsAjv, undefined)) return [];
  const children = () => merge(((el as Layoutish).elements ?? []).flatMap((child) => walk(child, scope)));
  switch (el.type) {
    case 'Control':
      return control(el as ControlElement, scope);
    case 'Label':
      // Guidance for whoever fills the form in, not an answer.
      return [];
    case 'Group':
    case 'Category': {
      const heading = labelOfElement(el);
      const blocks = children();
      if (!blocks.length) return [];
      return heading ? [{ type: 'section', heading, blocks }] : blocks;
    }
    default:
      // VerticalLayout, HorizontalLayout, Categorization: their contents, in order.
      return children();
  }
}

/** The summary of `data` as the form `uischema` lays it out. */
export function summarise(schema: JsonSchema, uischema: UISchemaElement, data: unknown): SummaryBlock[] {
  return walk(uischema, { schema, rootSchema: schema, data, path: '', row: '' });
}

/**
 * Every answer the form shows for `data`, by path, as the summary writes it (a repeatable group
 * as "2 rows"): for naming answers outside the summary, e.g. when two tabs changed the same one.
 */
export function answersByPath(schema: JsonSchema, uischema: UISchemaElement, data: unknown): Map<string, { label: string; value: string }> {
  const out = new Map<string, { label: string; value: string }>();
  const visit = (blocks: SummaryBlock[]): void => {
    for (const b of blocks) {
      if (b.type === 'list') for (const r of b.rows) out.set(r.path, { label: r.label, value: r.value });
      else if (b.type === 'section') visit(b.blocks);
      else {
        out.set(b.path, { label: b.label, value: `${b.cards.length} ${b.cards.length === 1 ? midSentence(b.rowName) : pluralOf(midSentence(b.rowName))}` });
        for (const c of b.cards) for (const r of c.rows) out.set(r.path, { label: `${c.title}: ${r.label}`, value: r.value });
      }
    }
  };
  visit(summarise(schema, uischema, data));
  return out;
}
