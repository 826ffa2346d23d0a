/**
 * The properties panel of one field: what `fieldProps` reads and `setFieldProps` changes. The
 * label is the Control's; the hint is the schema's `description`; "required" follows required.ts
 * (required when shown, for a field a rule can hide). Only what a patch actually changes is
 * written, so `setFieldProps(def, p, fieldProps(def, p))` changes nothing.
 */
import { keepCalculationsWhole } from './calculation-guard.js';
import { labelOfField, labelOfLoc, type Loc, type Tree } from './locate.js';
import { rawAt } from './data-paths.js';
import { Draft } from './draft.js';
import { isObject, own, q, same, type JsonObject } from './json.js';
import { ICS_ID_PATTERN, OPTION_CODE, RADIO_LIMIT, TEXT_KINDS, guessKind, isChosenKind, itemsOf, kindWords, optionListRefOf, optionsOf, type FieldValue } from './kinds.js';
import { LIMITS } from './limits.js';
import { viewTree } from './outline.js';
import { parsePath } from './paths.js';
import { requiredByConditional, requiredNow, requiredWhenShownNow, setRequired, visibilityChain } from './required.js';
import { eachNode, conditionalsOf, renameValue } from './schema-walk.js';
import { scopeNames } from '../../engine/forms/schema-paths.js';
import { dayNumber } from '../../engine/validation/dates.js';
import { BACK_REFERENCE, LOOK_AROUND, patternWords } from '../../engine/policy/pattern-words.js';
import { NAMED_FORMATS, namedFormat } from '../../engine/validation/named-formats.js';
import { isPlainText } from '../../engine/forms/chosen-kind.js';
import { joinPath } from './data-paths.js';
import { kindName } from './containers.js';
import { followLabel } from './rename.js';
import { DEFAULT_UPLOAD_MAX_BYTES, FILES_KEY, FILE_TYPES, MAX_FILES_PER_QUESTION, filesSettings, type FileType } from '../../engine/files/model.js';
import { DesignError, type Definition, type EditResult, type FieldProps, type FixedPaths, type NodePath, type Option, type PaletteKind } from './types.js';

type Key = keyof FieldProps;
const INFO_KEYS: ReadonlySet<string> = new Set(['kind', 'optionList', 'requiredWhenShown', 'requiredByCondition', 'settable']);

/** What can be set on a field of `kind`; `format` tells a date (which has earliest and latest days) from a date-time or time. */
export function settableFor(kind: PaletteKind, format?: unknown): Key[] {
  // Worked out from other answers (calculations.ts): never required, never typed, nothing to limit.
  if (kind === 'calculated') return ['label', 'hint'];
  // Answered by uploading: nothing to type, so no default, no read only.
  if (kind === 'files') return ['label', 'hint', 'required', 'fileTypes', 'maxFileSizeMb', 'maxItems'];
  const base: Key[] = ['label', 'hint', 'required', 'readOnly'];
  if (TEXT_KINDS.has(kind)) return [...base, 'default', 'minLength', 'maxLength', 'pattern', ...(FORMAT_KINDS.has(kind) ? (['format'] as Key[]) : []), 'formatMessage', 'example'];
  switch (kind) {
    case 'number':
      return [...base, 'default', 'minimum', 'maximum'];
    case 'date':
      return format === 'date' ? [...base, 'default', 'minimum', 'maximum'] : [...base, 'default'];
    // Earliest and latest apply to days only (the policy's formatMinimum/formatMaximum); how a
    // date and time or a time compares with other answers is set with checks (checks.ts).
    case 'date-time':
    case 'time':
      return base;
    case 'yes-no':
      return [...base, 'default'];
    case 'single-choice':
      return [...base, 'default', 'options', 'display'];
    case 'multiple-choice':
      return [...base, 'options'];
    case 'repeatable-group':
      return [...base, 'minItems', 'maxItems'];
    default:
      return base;
  }
}

const WORDS: Partial<Record<Key, string>> = {
  default: 'default answer',
  minLength: 'length limits',
  maxLength: 'length limits',
  pattern: 'required format (pattern)',
  format: 'choice of format',
  formatMessage: 'message for an answer in the wrong format',
  example: 'example answer',
  minimum: 'lowest or highest value',
  maximum: 'lowest or highest value',
  options: 'options',
  display: 'choice of radios or dropdown',
  minItems: 'row limits',
  maxItems: 'row limits',
  fileTypes: 'types of file',
  maxFileSizeMb: 'size of file',
};

/** 1 MB as the server counts it (CASEFORMS_UPLOAD_MAX_MB). */
export const MB = 1024 * 1024;

/** Kinds that may take a named format instead of a pattern (email and long text have their own shape). */
const FORMAT_KINDS: ReadonlySet<PaletteKind> = new Set(['short-text', 'person-id']);

/** `YYYY-MM-DD` and a day that exists (as the server's date format checks it). */
const isRealDay = (s: string): boolean => s.length === 10 && dayNumber(s) >= 0;

/** Where a date's earliest and latest days live in the schema. */
const DATE_LIMITS = [
  ['minimum', 'formatMinimum'],
  ['maximum', 'formatMaximum'],
] as const;

const isPrimitive = (v: unknown): v is FieldValue => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';

function fieldLoc(tree: Tree, path: NodePath): Loc {
  parsePath(path);
  const loc = tree.byPath.get(path.endsWith('.d') ? path.slice(0, -2) : path);
  if (!loc) throw new DesignError('That part of the form no longer exists; the outline may be out of date.');
  if (loc.field === undefined) throw new DesignError(`This is ${kindName(loc.kind)}, not a field.`);
  if (!loc.schema) throw new DesignError(`This control points at a field that does not exist (${String(loc.el.scope)}).`);
  return loc;
}

function read(v: Definition, loc: Loc): FieldProps {
  const root = v.schema as JsonObject;
  const node = loc.schema!;
  const field = loc.field!;
  const raw = rawAt(root, field);
  const kind = guessKind(root, node, loc.el);
  const chain = visibilityChain(loc);
  const controlOptions = isObject(loc.el.options) ? loc.el.options : {};
  const settable = settableFor(kind, node.format);
  const props: FieldProps = {
    label: labelOfLoc(v, loc),
    required: requiredNow(root, field, chain),
    readOnly: node.readOnly === true || controlOptions.readonly === true,
  };
  const hint = isObject(raw) && typeof raw.description === 'string' ? raw.description : typeof node.description === 'string' ? node.description : undefined;
  if (hint !== undefined) props.hint = hint;
  if (settable.includes('default') && isPrimitive(node.default)) props.default = node.default;
  for (const k of ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems'] as const) {
    if (settable.includes(k) && typeof node[k] === 'number') props[k] = node[k] as number;
  }
  if (kind === 'files') {
    const files = filesSettings(node);
    if (files) {
      props.fileTypes = [...files.types];
      if (files.maxFileSize !== undefined) props.maxFileSizeMb = Math.round((files.maxFileSize / MB) * 10) / 10;
    }
  }
  if (kind === 'date') {
    // A date's earliest and latest days (YYYY-MM-DD) are the schema's formatMinimum/formatMaximum.
    for (const [k, kw] of DATE_LIMITS) if (settable.includes(k) && typeof node[kw] === 'string') props[k] = node[kw] as string;
  }
  if (settable.includes('pattern') && typeof node.pattern === 'string') props.pattern = node.pattern;
  if (settable.includes('format')) {
    if (namedFormat(node.format)) props.format = node.format as string;
    // A person id made by the palette carries the ICS id pattern: to the analyst it is that format.
    else if (node.format === undefined && node.pattern === ICS_ID_PATTERN) {
      props.format = 'ics-person-id';
      delete props.pattern;
    }
  }
  if (settable.includes('formatMessage') && typeof node['x-format-message'] === 'string') props.formatMessage = node['x-format-message'];
  if (settable.includes('example') && Array.isArray(node.examples) && typeof node.examples[0] === 'string') props.example = node.examples[0];
  if (settable.includes('options')) {
    const optionNode = kind === 'multiple-choice' ? itemsOf(root, node) : node;
    const opts = optionsOf(optionNode);
    if (opts) props.options = opts.map((o) => ({ label: o.label, code: String(o.code) }));
    const list = optionListRefOf(optionNode);
    if (list) props.optionList = list;
    if (kind === 'single-choice') {
      // What the runtime shows (runtime/renderers/fields/select.tsx): what the analyst asked for,
      // else radios up to RADIO_LIMIT options and a dropdown from there.
      const format = controlOptions.format;
      props.display = format === 'select' ? 'dropdown' : format === 'radio' || (opts?.length ?? 0) <= RADIO_LIMIT ? 'radios' : 'dropdown';
    }
  }
  props.kind = kind;
  props.requiredWhenShown = chain.length > 0;
  props.requiredByCondition = requiredByConditional(root, field) && !requiredWhenShownNow(root, field, chain);
  props.settable = settable;
  return props;
}

export function fieldProps(def: Definition, path: NodePath): FieldProps {
  const { def: v, tree } = viewTree(def);
  return read(v, fieldLoc(tree, path));
}

const int = (v: unknown, lo: number, hi: number, what: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new DesignError(`${what} must be a whole number from ${lo.toLocaleString('en-GB')} to ${hi.toLocaleString('en-GB')}.`);
  return v;
};

function checkPattern(p: unknown): string | undefined {
  if (p === undefined || p === '') return undefined;
  if (typeof p !== 'string') throw new DesignError('The pattern must be text.');
  if (p.length > LIMITS.patternLength) throw new DesignError(`The pattern is longer than ${LIMITS.patternLength} characters.`);
  // What RE2 refuses and browsers accept, said before the server has to (engine/policy/patterns.ts).
  if (/\(\?<?[=!]/.test(p)) throw new DesignError(LOOK_AROUND);
  if (/\\[1-9]|\\k</.test(p)) throw new DesignError(BACK_REFERENCE);
  try {
    new RegExp(p, 'u');
  } catch (err) {
    throw new DesignError(patternWords((err as Error).message));
  }
  return p;
}

/** A field's schema node, before the edit. */
const node0 = (loc: Loc): JsonObject => loc.schema!;

/**
 * A named format or a pattern (not both); the message for a wrong answer needs one of them (or
 * an email's own format) to apply to, and goes when the last of them goes; an example must be a
 * right answer.
 */
function checkFormat(next: FieldProps, node: JsonObject, changed: Partial<Record<Key, unknown>>, label: string): void {
  if (next.format !== undefined && !namedFormat(next.format)) {
    throw new DesignError(`There is no format called ${q(String(next.format))}; choose one of: ${NAMED_FORMATS.map((f) => f.title).join(', ')}, or a custom pattern.`);
  }
  if (next.format !== undefined && next.pattern !== undefined) throw new DesignError(`${q(label)} can have a named format or a custom pattern, not both.`);
  if (next.formatMessage !== undefined) {
    if (typeof next.formatMessage !== 'string') throw new DesignError('The message must be text.');
    next.formatMessage = next.formatMessage.trim() || undefined;
  }
  const hasFormat = next.format !== undefined || next.pattern !== undefined || node.format === 'email';
  if (next.formatMessage !== undefined) {
    if (next.formatMessage.length > LIMITS.formatMessageLength) throw new DesignError(`The message can be at most ${LIMITS.formatMessageLength} characters: say briefly what a right answer looks like, like “Enter the child’s NHS number, like 943 476 5919”.`);
    if (!hasFormat) {
      // The format or pattern it was about went: so does the message. One typed now has nothing to apply to.
      if ('formatMessage' in changed) throw new DesignError(`Choose a format or write a pattern for ${q(label)} first: the message is what people see when their answer does not match it.`);
      next.formatMessage = undefined;
    }
  }
  if (next.example !== undefined) {
    if (typeof next.example !== 'string') throw new DesignError('The example must be text.');
    next.example = next.example.trim() || undefined;
  }
  if (next.example !== undefined) {
    if (next.example.length > LIMITS.formatMessageLength) throw new DesignError(`The example can be at most ${LIMITS.formatMessageLength} characters.`);
    if (next.pattern !== undefined && !new RegExp(next.pattern, 'u').test(next.example)) throw new DesignError(`The example ${q(next.example)} does not match the pattern, so it would show people a wrong answer.`);
    // Counted as the server counts (characters, not UTF-16 units).
    const length = [...next.example].length;
    if (next.maxLength !== undefined && length > next.maxLength) {
      throw new DesignError(`The example ${q(next.example)} is ${length} characters long, but ${q(label)} allows at most ${next.maxLength}, so it would show people a wrong answer. Allow at least ${length} characters, or change the example.`);
    }
    if (next.minLength !== undefined && length < next.minLength) {
      throw new DesignError(`The example ${q(next.example)} is ${length} characters long, but ${q(label)} needs at least ${next.minLength}, so it would show people a wrong answer. Change the example, or the fewest characters.`);
    }
  }
}

/** Option codes as the field stores them (numbers for a number field). */
function typedCode(node: JsonObject, code: string, label: string): FieldValue {
  if (node.type === 'number' || node.type === 'integer') {
    const n = Number(code);
    if (!/^-?[0-9]+(\.[0-9]+)?$/.test(code) || !Number.isFinite(n) || (node.type === 'integer' && !Number.isInteger(n))) {
      throw new DesignError(`${q(label)} stores numbers: the code ${q(code)} must be a ${node.type === 'integer' ? 'whole ' : ''}number.`);
    }
    return n;
  }
  if (node.type === 'boolean') {
    if (code !== 'true' && code !== 'false') throw new DesignError(`${q(label)} stores yes or no: its codes must be "true" or "false".`);
    return code === 'true';
  }
  return code;
}

function checkOptions(options: unknown, label: string, existing: ReadonlySet<string>): Option[] {
  if (!Array.isArray(options) || options.length === 0) throw new DesignError(`${q(label)} needs at least one option.`);
  if (options.length > LIMITS.options) throw new DesignError(`A list can have at most ${LIMITS.options} options.`);
  const seen = new Set<string>();
  return options.map((o, i) => {
    if (!isObject(o)) throw new DesignError(`Option ${i + 1} needs a label and a code.`);
    const text = typeof o.label === 'string' ? o.label.trim() : '';
    const code = typeof o.code === 'string' ? o.code.trim() : '';
    if (!text) throw new DesignError(`Option ${i + 1} needs a label.`);
    if (text.length > LIMITS.textLength) throw new DesignError(`The label of option ${i + 1} is longer than ${LIMITS.textLength.toLocaleString('en-GB')} characters.`);
    if (!code) throw new DesignError(`Option ${q(text)} needs a code (what is stored and sent to the ICS).`);
    // Codes already in the list stay allowed (a template may predate the rule); new ones must follow it.
    if (!OPTION_CODE.test(code) && !existing.has(code)) throw new DesignError(`The code ${q(code)} of ${q(text)} may only use letters, digits, "-" and "_", at most 40 characters.`);
    if (seen.has(code)) throw new DesignError(`Two options have the code ${q(code)}; each option needs its own code.`);
    seen.add(code);
    return { label: text, code };
  });
}

function checkDefault(value: unknown, next: FieldProps, node: JsonObject, kind: PaletteKind, label: string): void {
  if (value === undefined) return;
  if (!isPrimitive(value)) throw new DesignError(`The default answer of ${q(label)} must be a single value.`);
  if (next.options) {
    if (!next.options.some((o) => typedCode(node, o.code, label) === value)) throw new DesignError(`The default answer of ${q(label)} must be one of its option codes.`);
    return;
  }
  if (kind === 'yes-no') {
    if (typeof value !== 'boolean') throw new DesignError(`The default answer of ${q(label)} must be yes or no.`);
  } else if (kind === 'number') {
    if (typeof value !== 'number') throw new DesignError(`The default answer of ${q(label)} must be a number.`);
    if (node.type === 'integer' && !Number.isInteger(value)) throw new DesignError(`The default answer of ${q(label)} must be a whole number.`);
    if ((next.minimum !== undefined && value < (next.minimum as number)) || (next.maximum !== undefined && value > (next.maximum as number))) {
      throw new DesignError(`The default answer of ${q(label)} is outside its lowest and highest values.`);
    }
  } else {
    if (typeof value !== 'string') throw new DesignError(`The default answer of ${q(label)} must be text.`);
    if (kind === 'date' && node.format === 'date') {
      if (!isRealDay(value)) throw new DesignError(`The default answer of ${q(label)} must be a date written YYYY-MM-DD.`);
      if ((typeof next.minimum === 'string' && value < next.minimum) || (typeof next.maximum === 'string' && value > next.maximum)) {
        throw new DesignError(`The default answer of ${q(label)} is outside its earliest and latest dates.`);
      }
    }
    if (next.maxLength !== undefined && value.length > next.maxLength) throw new DesignError(`The default answer of ${q(label)} is longer than its maximum length.`);
    if (next.minLength !== undefined && value.length < next.minLength) throw new DesignError(`The default answer of ${q(label)} is shorter than its minimum length.`);
  }
}

/**
 * Changes some properties of a field. Keys absent from the patch stay as they are; a key given as
 * undefined clears it. Given `fixed` (the data paths published versions hold), a name made from
 * the old label follows a new label, in the same edit (rename.ts).
 */
export function setFieldProps(def: Definition, path: NodePath, patch: Partial<FieldProps>, follow: { fixed?: FixedPaths; uploadMaxBytes?: number } = {}): EditResult {
  if (!isObject(patch)) throw new DesignError('Nothing to change.');
  const d = new Draft(def);
  let loc = fieldLoc(d.tree, path);
  const cur = read(d.definition, loc);
  const kind = cur.kind!;
  const label = cur.label;
  const changed: Partial<Record<Key, unknown>> = {};
  for (const key of Object.keys(patch) as Key[]) {
    if (INFO_KEYS.has(key)) continue;
    if (!same(patch[key], cur[key])) changed[key] = patch[key];
  }
  const keys = Object.keys(changed) as Key[];
  if (keys.length === 0) return d.result();

  const settable = cur.settable!;
  for (const key of keys) {
    if (settable.includes(key)) continue;
    if ((kind === 'date' || kind === 'date-time' || kind === 'time') && (key === 'minimum' || key === 'maximum')) {
      throw new DesignError(`Earliest and latest days can be set only for a date; ${q(label)} holds a ${loc.schema!.format === 'time' ? 'time of day' : 'date and time'}.`);
    }
    if (kind === 'calculated' && (key === 'required' || key === 'readOnly')) {
      throw new DesignError(`${q(label)} is worked out from other answers, so it is always read only and cannot be required.`);
    }
    if (!(key in WORDS) && !['label', 'hint', 'required', 'readOnly'].includes(key)) throw new DesignError(`There is no field setting called ${q(key)}.`);
    throw new DesignError(`${q(label)} is ${kindWords(kind)}: it has no ${WORDS[key] ?? key}.`);
  }
  const next = { ...cur, ...changed } as FieldProps;
  // A custom pattern typed for a question that had a named format (a person id's, say) replaces it.
  if (typeof changed.pattern === 'string' && !('format' in changed)) delete next.format;
  if (kind === 'repeatable-group') keepRowsInStep(d, label, cur, changed, next, patch.required);

  // Check everything first: nothing is written when something is wrong.
  if (typeof next.label !== 'string' || !next.label.trim()) throw new DesignError('A field needs a label.');
  if (next.label.trim().length > LIMITS.textLength) throw new DesignError(`A label can be at most ${LIMITS.textLength.toLocaleString('en-GB')} characters.`);
  if (next.hint !== undefined && (typeof next.hint !== 'string' || next.hint.length > LIMITS.textLength)) throw new DesignError(`A hint is text of at most ${LIMITS.textLength.toLocaleString('en-GB')} characters.`);
  if (typeof next.required !== 'boolean') throw new DesignError('"Required" is yes or no.');
  if (typeof next.readOnly !== 'boolean') throw new DesignError('"Read only" is yes or no.');
  if (TEXT_KINDS.has(kind)) {
    if (next.maxLength === undefined) throw new DesignError(`${q(label)} needs a maximum length (at most ${LIMITS.maxLengthCap.toLocaleString('en-GB')} characters).`);
    int(next.maxLength, 1, LIMITS.maxLengthCap, 'The maximum length');
    if (next.minLength !== undefined) {
      int(next.minLength, 0, LIMITS.maxLengthCap, 'The minimum length');
      if (next.minLength > next.maxLength) throw new DesignError(`The minimum length of ${q(label)} (${next.minLength}) is more than its maximum length (${next.maxLength}).`);
    }
    next.pattern = checkPattern(next.pattern);
    checkFormat(next, node0(loc), changed, label);
  }
  if (kind === 'number') {
    for (const k of ['minimum', 'maximum'] as const) {
      const v = next[k];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw new DesignError(`The ${k === 'minimum' ? 'lowest' : 'highest'} value must be a number.`);
    }
    if (typeof next.minimum === 'number' && typeof next.maximum === 'number' && next.minimum > next.maximum) {
      throw new DesignError(`The lowest value of ${q(label)} (${next.minimum}) is more than its highest value (${next.maximum}).`);
    }
  }
  if (kind === 'date') {
    for (const k of ['minimum', 'maximum'] as const) {
      const v = next[k];
      if (v !== undefined && (typeof v !== 'string' || !isRealDay(v))) throw new DesignError(`The ${k === 'minimum' ? 'earliest' : 'latest'} date of ${q(label)} must be a real day written YYYY-MM-DD, like 2024-04-01.`);
    }
    if (typeof next.minimum === 'string' && typeof next.maximum === 'string' && next.minimum > next.maximum) {
      throw new DesignError(`The earliest date of ${q(label)} (${next.minimum}) is after its latest date (${next.maximum}), so no date could be entered.`);
    }
  }
  if (kind === 'repeatable-group') {
    if (next.maxItems === undefined) throw new DesignError(`${q(label)} needs a largest number of rows (at most ${LIMITS.maxItemsCap}).`);
    int(next.maxItems, 1, LIMITS.maxItemsCap, 'The largest number of rows');
    if (next.minItems !== undefined) {
      int(next.minItems, 0, LIMITS.maxItemsCap, 'The smallest number of rows');
      if (next.minItems > next.maxItems) throw new DesignError(`The smallest number of rows of ${q(label)} (${next.minItems}) is more than the largest (${next.maxItems}).`);
    }
  }
  if (kind === 'files') checkFiles(next, label, follow.uploadMaxBytes ?? DEFAULT_UPLOAD_MAX_BYTES, 'maxFileSizeMb' in changed);
  const schemaNode = loc.schema!;
  const optionNode = kind === 'multiple-choice' ? (itemsOf(d.schema, schemaNode) ?? {}) : schemaNode;
  let options: Option[] | undefined;
  if ('options' in changed && cur.optionList) {
    throw new DesignError(`The options of ${q(label)} come from the shared list ${q(cur.optionList.id)} (version ${cur.optionList.version}): change them on the list's page, or stop using the list here first.`);
  }
  if ('options' in changed) options = checkOptions(next.options, label, new Set((cur.options ?? []).map((o) => o.code)));
  if (options) options.forEach((o) => typedCode(optionNode, o.code, label));
  if (next.options && options) next.options = options;
  if (kind === 'single-choice' && next.display !== 'radios' && next.display !== 'dropdown') throw new DesignError('Show the options as radios or as a dropdown.');
  if ('default' in changed || 'options' in changed || 'minimum' in changed || 'maximum' in changed || 'minLength' in changed || 'maxLength' in changed) {
    if (!('default' in changed) && next.default !== undefined && next.options && !next.options.some((o) => typedCode(optionNode, o.code, label) === next.default)) {
      // The default's option went: handled below (renamed, or cleared with a note).
    } else checkDefault(next.default, next, optionNode, kind, label);
  }

  // Write.
  if ('label' in changed) {
    const l = own(loc.el, 'label');
    if (isObject(l)) l.text = next.label.trim();
    else loc.el.label = next.label.trim();
  }
  if ('display' in changed) {
    const opts = isObject(loc.el.options) ? loc.el.options : (loc.el.options = {});
    // Whichever the analyst chooses is written down, so it holds however many options follow.
    opts.format = next.display === 'radios' ? 'radio' : 'select';
    if (Object.keys(opts).length === 0) delete loc.el.options;
  }
  if ('readOnly' in changed && !next.readOnly && isObject(loc.el.options)) {
    delete loc.el.options.readonly;
    if (Object.keys(loc.el.options).length === 0) delete loc.el.options;
  }
  const schemaKeys: Key[] = ['hint', 'readOnly', 'default', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'options', 'minItems', 'maxItems', 'format', 'formatMessage', 'example'];
  if (schemaKeys.some((k) => k in changed)) {
    const field = loc.field!;
    const node = d.own(field);
    const put = (key: string, value: unknown) => {
      if (value === undefined) delete node[key];
      else node[key] = value;
    };
    if ('hint' in changed) put('description', next.hint === '' ? undefined : next.hint);
    if ('readOnly' in changed) put('readOnly', next.readOnly ? true : undefined);
    for (const k of ['minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'minItems', 'maxItems'] as const) {
      if (!(k in changed)) continue;
      const dateLimit = kind === 'date' ? DATE_LIMITS.find(([key]) => key === k) : undefined;
      put(dateLimit ? dateLimit[1] : k, next[k]);
    }
    if ('format' in changed) {
      put('format', next.format);
      // A named format replaces the pattern (a person id's ICS id pattern included). The most
      // characters stay the analyst's: a keyboard passing through the choices must not change them.
      put('pattern', next.pattern);
    }
    if ('formatMessage' in changed || 'format' in changed || 'pattern' in changed) put('x-format-message', next.formatMessage);
    if ('example' in changed) put('examples', next.example === undefined ? undefined : [next.example]);
    if ('options' in changed && options) {
      // A breaking change needs something published to break: without `fixed` nobody said, so say it.
      writeOptions(d, field, node, kind, cur.options ?? [], options, label, follow.fixed === undefined || follow.fixed.has(field));
      const format = isObject(loc.el.options) ? loc.el.options.format : undefined;
      if (kind === 'single-choice' && !('display' in changed) && format === undefined && (cur.options?.length ?? 0) <= RADIO_LIMIT && options.length > RADIO_LIMIT) {
        d.note(`With more than ${RADIO_LIMIT} options, ${q(label)} is now shown as a dropdown; choose radios to keep radio buttons.`);
      }
    }
    if ('default' in changed) put('default', next.default);
    d.touch();
  }
  if (kind === 'files' && ('fileTypes' in changed || 'maxFileSizeMb' in changed || 'required' in changed)) {
    const node = d.own(loc.field!);
    const settings = isObject(node[FILES_KEY]) ? { ...node[FILES_KEY] } : {};
    settings.types = [...next.fileTypes!];
    if ('maxFileSizeMb' in changed) {
      if (next.maxFileSizeMb === undefined) delete settings.maxFileSize;
      else settings.maxFileSize = Math.round(next.maxFileSizeMb * MB);
    }
    node[FILES_KEY] = settings;
    // Required means at least one file: an empty list is an answer JSON Schema's "required" lets through.
    if (next.required) node.minItems = 1;
    else delete node.minItems;
    d.touch();
  }
  if ('required' in changed) {
    loc = fieldLoc(d.tree, path);
    if (!setRequired(d, loc.field!, visibilityChain(loc), next.required)) {
      throw new DesignError(`${q(label)} has a display rule written in a way the designer cannot follow, so it cannot be made "required when shown". Simplify the rule first.`);
    }
  }
  keepKind(d, path, kind);
  if ('label' in changed && follow.fixed) followLabel(d, path, label, next.label.trim(), follow.fixed);
  const result = d.result();
  keepCalculationsWhole(def, result.definition);
  return result;
}

/** A File upload question's settings: some known types, 1 to 20 files, a size per file the server takes. */
function checkFiles(next: FieldProps, label: string, uploadMaxBytes: number, sizeChanged: boolean): void {
  const types = next.fileTypes;
  if (!Array.isArray(types) || types.length === 0) throw new DesignError(`Choose at least one type of file ${q(label)} accepts.`);
  for (const t of types) if (typeof t !== 'string' || !Object.hasOwn(FILE_TYPES, t)) throw new DesignError(`There is no type of file called ${q(String(t))}.`);
  next.fileTypes = [...new Set(types)] as FileType[];
  if (next.maxItems === undefined) throw new DesignError(`${q(label)} needs a most number of files (1 to ${MAX_FILES_PER_QUESTION}).`);
  int(next.maxItems, 1, MAX_FILES_PER_QUESTION, 'The most files');
  const largest = Math.floor(uploadMaxBytes / MB);
  if (sizeChanged && next.maxFileSizeMb !== undefined) int(next.maxFileSizeMb, 1, largest, `The most size per file (in MB; this server takes files up to ${largest} MB)`);
}

/**
 * A question stays the kind the analyst chose: when a setting would make it read as another
 * (a person id's pattern changed, a short text allowed 1,000 characters), the kind is written on
 * its Control, which the designer and the runtime both follow.
 */
function keepKind(d: Draft, path: NodePath, kind: PaletteKind): void {
  if (!isChosenKind(kind)) return;
  const loc = fieldLoc(d.tree, path);
  if (!isPlainText(loc.schema) || guessKind(d.schema, loc.schema, loc.el) === kind) return;
  const options = isObject(loc.el.options) ? loc.el.options : (loc.el.options = {});
  options.kind = kind;
  d.touch();
}

/**
 * A repeatable group's fewest rows and "required" mean one thing to the analyst: a group with no
 * rows has no answer at all (the runtime drops the list with its last row), and JSON Schema's
 * `minItems` says nothing about an answer that is not there. So fewest rows of 1 or more makes
 * the group required (when shown), and taking "required" away takes fewest rows with it.
 */
function keepRowsInStep(d: Draft, label: string, cur: FieldProps, changed: Partial<Record<Key, unknown>>, next: FieldProps, asked: unknown): void {
  const atLeastOne = typeof next.minItems === 'number' && next.minItems >= 1;
  if ('minItems' in changed && atLeastOne && asked === false) {
    throw new DesignError(`${q(label)} cannot need at least ${next.minItems} ${next.minItems === 1 ? 'row' : 'rows'} and also be left without any: tick "Required" or clear "Fewest rows".`);
  }
  if ('minItems' in changed && atLeastOne && !next.required) {
    changed.required = next.required = true;
    d.note(`${q(label)} now needs at least ${next.minItems} ${next.minItems === 1 ? 'row' : 'rows'}, so it is now required${cur.requiredWhenShown ? ' when shown' : ''}.`);
  } else if ('required' in changed && next.required === false && atLeastOne) {
    changed.minItems = undefined;
    delete next.minItems;
    d.note(`${q(label)} may now be left with no rows, so its fewest rows (${cur.minItems}) was cleared.`);
  }
}

/**
 * Writes a new option list, with notes on breaking changes when `published` (a published version
 * holds the answer); a renamed code is renamed wherever it is tested.
 */
function writeOptions(d: Draft, field: string, node: JsonObject, kind: PaletteKind, before: Option[], after: Option[], label: string, published: boolean): void {
  const target = kind === 'multiple-choice' ? d.own(field + '/*') : node;
  const typed = after.map((o) => ({ const: typedCode(target, o.code, label), title: o.label }));
  const key = Array.isArray(target.anyOf) && !Array.isArray(target.oneOf) ? 'anyOf' : 'oneOf';
  target[key] = typed;
  delete target.enum;
  if (target.type === 'string' && typeof target.maxLength === 'number') {
    const longest = Math.max(...after.map((o) => o.code.length));
    if (longest > target.maxLength) target.maxLength = longest;
  }
  if (kind === 'multiple-choice') {
    const old = node.maxItems;
    if (typeof old !== 'number' || old === before.length || old > after.length) node.maxItems = after.length;
  }
  const newCodes = new Set(after.map((o) => o.code));
  const oldCodes = new Set(before.map((o) => o.code));
  before.forEach((o, i) => {
    if (newCodes.has(o.code)) return;
    const same_ = after[i];
    const from = typedCode(target, o.code, label);
    if (same_ && same_.label === o.label && !oldCodes.has(same_.code)) {
      const to = typedCode(target, same_.code, label);
      if (published) d.note(
        `Changing the code of ${q(o.label)} from ${q(o.code)} to ${q(same_.code)} is a breaking change: answers already saved with ${q(o.code)} will no longer be accepted, and the ICS receives ${q(same_.code)} from now on.`,
      );
      const renamed = renameEverywhere(d, field, from, to);
      if (renamed) d.note(`Rules and conditions that tested ${q(o.label)} now test the new code.`);
      if (node.default === from) node.default = to;
    } else {
      if (published) d.note(`Removing the option ${q(o.label)} (${q(o.code)}) is a breaking change: answers already saved with it will no longer be accepted.`);
      if (node.default === from) {
        delete node.default;
        d.note(`${q(o.label)} was the default answer of ${q(label)}; it now has none.`);
      }
      if (testsValue(d, field, from)) d.note(`A rule or condition still tests ${q(label)} for ${q(o.code)}, which can no longer be chosen; check it.`);
    }
  });
}

/** Renames a tested value in every display rule and schema conditional about the field. */
function renameEverywhere(d: Draft, field: string, from: FieldValue, to: FieldValue): boolean {
  let changed = false;
  for (const l of d.tree.all) {
    const rule = own(l.el, 'rule');
    if (!isObject(rule)) continue;
    const walk = (c: unknown): void => {
      if (!isObject(c)) return;
      if (Array.isArray(c.conditions)) c.conditions.forEach(walk);
      const names = scopeNames(own(c, 'scope'));
      if (!names || joinPath(l.level, names) !== field) return;
      if (c.type === 'LEAF' && c.expectedValue === from) {
        c.expectedValue = to;
        changed = true;
      }
      if (renameValue(own(c, 'schema'), field, field, from, to)) changed = true;
    };
    walk(rule.condition);
  }
  eachNode(d.schema, (node, path) => {
    for (const s of conditionalsOf(node)) if (renameValue(s, path, field, from, to)) changed = true;
  });
  d.touch();
  return changed;
}

function testsValue(d: Draft, field: string, value: FieldValue): boolean {
  const probe = JSON.parse(JSON.stringify(d.definition)) as Definition;
  const p = new Draft(probe);
  return renameEverywhere(p, field, value, typeof value === 'string' ? value + '\u0000' : `${String(value)}\u0000`);
}

/** Renames a page, section or guidance text, or a field's label (its Control's). */
export function setLabel(def: Definition, path: NodePath, text: string): EditResult {
  const d = new Draft(def);
  const loc = d.loc(path);
  if (typeof text !== 'string' || !text.trim()) throw new DesignError(loc.kind === 'guidance' ? 'Guidance needs some text.' : `${kindName(loc.kind).replace(/^./, (c) => c.toUpperCase())} needs a label.`);
  const value = text.trim();
  switch (loc.kind) {
    case 'guidance':
      if (value.length > 10_000) throw new DesignError('Guidance can be at most 10,000 characters.');
      if (loc.el.text === value) return d.result();
      loc.el.text = value;
      break;
    case 'row':
    case 'form':
      throw new DesignError(loc.kind === 'row' ? 'Rows have no label.' : 'The form’s title is set with the form, not in the layout.');
    default: {
      if (value.length > LIMITS.textLength) throw new DesignError(`A label can be at most ${LIMITS.textLength.toLocaleString('en-GB')} characters.`);
      const l = own(loc.el, 'label');
      if (isObject(l)) l.text = value;
      else loc.el.label = value;
    }
  }
  d.touch();
  return d.result();
}

export { labelOfField };
