/**
 * A record's answers as the print view shows them (runtime/renderers/summary/sections.ts with
 * the record page's authorView), for documents made on the server: a heading per Category and
 * Group, nothing a display rule hides, stage sections nobody has filled in left out, one card
 * per row of a repeatable group, each answer in the words its field kind writes it, uploaded
 * files by their names. The runtime's walk lives with its React field kinds, which the engine
 * may not import; tests/unit/documents/answers.test.ts holds the two to the same words for
 * every shipped template.
 */
import type { UISchemaElement } from '@jsonforms/core';
import { isFilesQuestion } from '../files/model.js';
import { dateWords, MONTHS, timeWords } from '../forms/date-words.js';
import { optionsOf } from '../forms/fields.js';
import { fieldLabels, humanize, labelOf, rowNameOf } from '../forms/labels.js';
import type { FormDefinition, JsonObject } from '../forms/model.js';
import { stageSections } from '../forms/review.js';
import { isObject, own, resolveRef, resolveScope, scopeNames } from '../forms/schema-paths.js';
import { isShown } from '../forms/visibility.js';

export interface AnswerRow {
  label: string;
  /** The answer in words ('' when not answered); may hold line breaks. */
  value: string;
}

export interface AnswerCard {
  title: string;
  rows: AnswerRow[];
}

export type AnswerBlock =
  | { type: 'section'; heading: string; blocks: AnswerBlock[] }
  | { type: 'list'; rows: AnswerRow[] }
  | { type: 'group'; label: string; cards: AnswerCard[] };

/** What the print view writes for a question with no answer. */
export const NOT_ANSWERED = 'Not answered';
/** …for a calculated answer not worked out (runtime/renderers/fields/calculated.tsx). */
export const NOT_WORKED_OUT = 'Not worked out yet';
/** …for a repeatable group with no rows. */
export const NONE_ADDED = 'None added';

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 20 });
/** Date-times in the council's time (the browser's, for the people who print them). */
const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export { dateWords, timeWords };

const FULL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** "27 March 2026 at 2:30pm" in Europe/London; a partial value as stored. */
export function dateTimeWords(value: unknown): string {
  if (typeof value !== 'string') return '';
  if (!FULL_DATE_TIME.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const p = Object.fromEntries(LONDON.formatToParts(d).map((x) => [x.type, x.value]));
  return `${Number(p.day)} ${MONTHS[Number(p.month) - 1]} ${p.year} at ${timeWords(`${p.hour}:${p.minute}`)}`;
}

/** An answer in words, as its field kind writes it on the print view. */
export function answerWords(value: unknown, schema: JsonObject): string {
  if (value === undefined || value === null || value === '') return '';
  if (isFilesQuestion(schema)) return Array.isArray(value) ? value.map((f) => (isObject(f) && typeof f.name === 'string' ? f.name : '')).filter(Boolean).join('\n') : '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) {
    const items = isObject(schema.items) ? schema.items : {};
    const options = optionsOf(items) ?? [];
    return value.map((code) => options.find((o) => o.code === code)?.label ?? (isObject(code) ? JSON.stringify(code) : String(code))).join('\n');
  }
  const options = optionsOf(schema);
  if (options) return options.find((o) => o.code === value)?.label ?? String(value);
  if (typeof value === 'number') return NUMBER.format(value);
  if (typeof value !== 'string') return JSON.stringify(value);
  if (schema.format === 'date') return dateWords(value);
  if (schema.format === 'date-time') return dateTimeWords(value);
  if (schema.format === 'time') return timeWords(value);
  return value;
}

/** Nothing written: no value, blank text, an empty list, or an object of such (runtime/review/sections.ts). */
function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isBlank);
  return false;
}

function resolveIn(holder: unknown, names: readonly string[]): unknown {
  let cur = holder;
  for (const n of names) {
    if (!isObject(cur) || !Object.prototype.hasOwnProperty.call(cur, n)) return undefined;
    cur = cur[n];
  }
  return cur;
}

interface Scope {
  root: JsonObject;
  /** The schema controls here are relative to: the root, or a row's items. */
  base: JsonObject;
  /** The answers controls here read: the record, or a row. */
  holder: unknown;
  /** The record, for rules. */
  data: unknown;
  /** Dot path of `holder` in the record ('' at the top), as JSON Forms gives rules. */
  path: string;
  /** Field path of `holder` (`/actions/*`), for labels. */
  fieldBase: string;
  labels: ReadonlyMap<string, string>;
  /** Stage sections nobody has written in yet (left out at the top level). */
  emptyStages: ReadonlySet<string>;
}

function merge(blocks: AnswerBlock[]): AnswerBlock[] {
  const out: AnswerBlock[] = [];
  for (const b of blocks) {
    const last = out[out.length - 1];
    if (b.type === 'list' && last?.type === 'list') out[out.length - 1] = { type: 'list', rows: [...last.rows, ...b.rows] };
    else out.push(b);
  }
  return out;
}

function rowsOf(blocks: AnswerBlock[]): AnswerRow[] {
  return blocks.flatMap((b) => (b.type === 'list' ? b.rows : b.type === 'section' ? rowsOf(b.blocks) : b.cards.flatMap((c) => c.rows)));
}

/** A UI label as JSON Forms takes it: a string, or `{ text }`; else the schema's title, else the name in words. */
function controlLabel(el: JsonObject, node: JsonObject, fieldPath: string, scope: Scope, name: string): string {
  const label = own(el, 'label');
  if (typeof label === 'string') return label;
  if (isObject(label) && typeof label.text === 'string') return label.text;
  if (label === false) return '';
  return typeof node.title === 'string' ? node.title : (scope.labels.get(fieldPath) ?? labelOf(scope.labels, fieldPath) ?? humanize(name));
}

function control(el: JsonObject, scope: Scope): AnswerBlock[] {
  const names = scopeNames(el.scope);
  const target = names ? resolveScope(scope.root, scope.base, el.scope) : null;
  if (!names || !target) return [];
  if (scope.fieldBase === '' && scope.emptyStages.has(names[0]!)) return [];
  const fieldPath = `${scope.fieldBase}/${names.join('/')}`;
  const value = resolveIn(scope.holder, names);
  const label = controlLabel(el, target.node, fieldPath, scope, target.name);
  const items = target.node.type === 'array' ? resolveRef(scope.root, own(target.node, 'items')) : null;
  if (items && items.type === 'object' && !isFilesQuestion(target.node)) {
    if (!Array.isArray(value) || value.length === 0) return [{ type: 'list', rows: [{ label, value: NONE_ADDED }] }];
    const rowName = rowNameOf(items.title, label);
    const options = own(el, 'options');
    const given = isObject(options) ? own(options, 'detail') : undefined;
    const detail = isObject(given) && typeof given.type === 'string' ? given : { type: 'VerticalLayout', elements: Object.keys(isObject(items.properties) ? items.properties : {}).map((p) => ({ type: 'Control', scope: `#/properties/${p}` })) };
    const dotPath = [scope.path, ...names].filter(Boolean).join('.');
    const cards = value.map((row, i): AnswerCard => ({
      title: `${rowName} ${i + 1}`,
      rows: rowsOf(walk(detail, { ...scope, base: items, holder: row, path: `${dotPath}.${i}`, fieldBase: `${fieldPath}/*` })),
    }));
    return [{ type: 'group', label, cards }];
  }
  const calculated = typeof target.node['x-calculate'] === 'string';
  const text = answerWords(value, target.node);
  return [{ type: 'list', rows: [{ label, value: text === '' && calculated ? NOT_WORKED_OUT : text }] }];
}

function walk(el: unknown, scope: Scope): AnswerBlock[] {
  if (!isObject(el)) return [];
  if (!isShown(el as unknown as UISchemaElement, scope.data, scope.path)) return [];
  const children = () => merge((Array.isArray(el.elements) ? el.elements : []).flatMap((child) => walk(child, scope)));
  switch (el.type) {
    case 'Control':
      return control(el, scope);
    case 'Label':
      return [];
    case 'Group':
    case 'Category': {
      const heading = typeof el.label === 'string' ? el.label : '';
      const blocks = children();
      if (!blocks.length) return [];
      return heading ? [{ type: 'section', heading, blocks }] : blocks;
    }
    default:
      return children();
  }
}

/** A record's answers as the print view lays them out (give the answers with hidden ones already left out, as stored at submit). */
export function answerBlocks(definition: FormDefinition, data: Record<string, unknown>): AnswerBlock[] {
  const root = definition.schema;
  const emptyStages = new Set([...stageSections(root).keys()].filter((s) => isBlank(data[s])));
  const labels = fieldLabels(root, definition.uischema);
  return walk(definition.uischema, { root, base: root, holder: data, data, path: '', fieldBase: '', labels, emptyStages });
}
