/**
 * Change analysis between two versions of a form: what changed, field by field, in words, and
 * whether each change is *breaking* for data made against the older version (such data might
 * not be valid under the newer one). `affects` then says whether a breaking change touches a
 * particular record, which decides whether a draft can move to the newer version.
 */
import { sharedRE2 } from '../policy/re2.js';
import { isDate } from '../validation/formats.js';
import { namedFormat } from '../validation/named-formats.js';
import { canonicalJson } from '../json/canonical.js';
import { formFields, rootRules, valuesAt, type ConstraintKey, type FieldInfo } from './fields.js';
import type { FormDefinition } from './model.js';
import { listRefOf } from './option-lists.js';
import { checkFormula } from './calculations/check.js';
import { own } from './schema-paths.js';
import { MEASURES_KEYWORD, SCHEDULE_KEYWORD, scheduleOf, scheduleWords } from './schedule.js';
import { FILE_TYPES, filesSettings, isFilesQuestion, type FileType, type FilesSettings } from '../files/model.js';
import { sizeInWords as sizeWords } from '../files/model.js';

/** A calculated answer's formula (`x-calculate`), if the field has one. */
const formulaOf = (f: FieldInfo): string | undefined => (typeof own(f.schema, 'x-calculate') === 'string' ? (f.schema['x-calculate'] as string) : undefined);

export type ChangeKind =
  | 'field-added'
  | 'field-removed'
  | 'type-changed'
  | 'format-changed'
  | 'made-required'
  | 'made-optional'
  | 'option-added'
  | 'option-removed'
  | 'option-label-changed'
  | 'option-list-changed'
  | 'constraint-tightened'
  | 'constraint-loosened'
  | 'rules-changed'
  | 'label-changed'
  | 'hint-changed'
  | 'read-only-changed'
  | 'calculation-changed'
  | 'calculation-input-changed'
  | 'layout-changed'
  | 'schedule-changed'
  | 'measures-changed'
  | 'file-types-changed'
  | 'file-size-changed';

export interface Change {
  kind: ChangeKind;
  /** Field path (`/actions/*\/dueDate`; `''` for the form as a whole). */
  path: string;
  /** JSON Pointer into the schema of the version named by `in` (the older one for removals). */
  pointer: string;
  in: 'from' | 'to';
  /** The field's label (in the newer version when it has one). */
  field: string;
  message: string;
  breaking: boolean;
  /** For option changes: the code; for constraints: the keyword and the two values. */
  detail?: { code?: unknown; keyword?: ConstraintKey; before?: unknown; after?: unknown };
}

// Dates (formatMinimum/formatMaximum, YYYY-MM-DD) order as text.
const TIGHTER_WHEN_LOWER: ReadonlySet<string> = new Set(['maxLength', 'maximum', 'exclusiveMaximum', 'formatMaximum', 'maxItems']);
const TIGHTER_WHEN_HIGHER: ReadonlySet<string> = new Set(['minLength', 'minimum', 'exclusiveMinimum', 'formatMinimum', 'minItems']);

const CONSTRAINT_WORDS: Record<ConstraintKey, string> = {
  minLength: 'shortest length',
  maxLength: 'longest length',
  pattern: 'required format (pattern)',
  minimum: 'lowest value',
  maximum: 'highest value',
  exclusiveMinimum: 'lower limit',
  exclusiveMaximum: 'upper limit',
  formatMinimum: 'earliest date',
  formatMaximum: 'latest date',
  multipleOf: 'step',
  minItems: 'fewest rows',
  maxItems: 'most rows',
  uniqueItems: 'rule against repeated answers',
  const: 'fixed value',
};

/** The same limits, said of a files question. */
const FILES_CONSTRAINT_WORDS: Partial<Record<ConstraintKey, string>> = { minItems: 'fewest files', maxItems: 'most files' };

const q = (s: string) => `“${s}”`;
const show = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v));

/** Is the change from `before` to `after` of `key` stricter (some value allowed before is refused after)? */
function tighter(key: ConstraintKey, before: unknown, after: unknown): boolean {
  if (after === undefined) return false;
  if (before === undefined) return true;
  if (TIGHTER_WHEN_LOWER.has(key)) return (after as number | string) < (before as number | string);
  if (TIGHTER_WHEN_HIGHER.has(key)) return (after as number | string) > (before as number | string);
  if (key === 'uniqueItems') return after === true && before !== true;
  if (key === 'multipleOf') return (before as number) % (after as number) !== 0;
  return true; // pattern, const: any different value can refuse old answers
}

/** A format as analysts know it: "NHS number", not "nhs-number". */
const formatWords = (format: string | undefined) => (format === undefined ? 'free text' : (namedFormat(format)?.title ?? format));

function compareField(a: FieldInfo, b: FieldInfo, out: Change[]): void {
  const base = { path: b.path, pointer: b.pointer, in: 'to' as const, field: b.label };
  calculationChange(a, b, base, out);
  if (a.type !== b.type) {
    out.push({ ...base, kind: 'type-changed', breaking: true, message: `${q(b.label)} changed from ${a.type} to ${b.type}; answers given as ${a.type} would no longer be accepted.` });
    return; // the rest of the comparison means little across types
  }
  if (a.format !== b.format) {
    out.push({
      ...base,
      kind: 'format-changed',
      breaking: b.format !== undefined,
      message: `${q(b.label)} changed format from ${formatWords(a.format)} to ${formatWords(b.format)}.`,
      detail: { before: a.format, after: b.format },
    });
  }
  if (!a.required && b.required) out.push({ ...base, kind: 'made-required', breaking: true, message: `${q(b.label)} is now required.` });
  if (a.required && !b.required) out.push({ ...base, kind: 'made-optional', breaking: false, message: `${q(b.label)} is no longer required.` });

  listRefChange(a, b, base, out);
  filesChange(a, b, base, out);
  if (a.options || b.options) {
    const before = new Map((a.options ?? []).map((o) => [canonicalJson(o.code), o]));
    const after = new Map((b.options ?? []).map((o) => [canonicalJson(o.code), o]));
    if (a.options && b.options) {
      for (const [k, o] of before) {
        if (!after.has(k)) {
          out.push({ ...base, kind: 'option-removed', breaking: true, detail: { code: o.code }, message: `The option ${q(o.label)} (code ${show(o.code)}) was removed from ${q(b.label)}.` });
        } else if (after.get(k)!.label !== o.label) {
          out.push({ ...base, kind: 'option-label-changed', breaking: false, detail: { code: o.code }, message: `The option ${show(o.code)} of ${q(b.label)} is now called ${q(after.get(k)!.label)} (was ${q(o.label)}).` });
        }
      }
      for (const [k, o] of after) {
        if (!before.has(k)) out.push({ ...base, kind: 'option-added', breaking: false, detail: { code: o.code }, message: `The option ${q(o.label)} (code ${show(o.code)}) was added to ${q(b.label)}.` });
      }
    } else if (b.options) {
      out.push({ ...base, kind: 'constraint-tightened', breaking: true, message: `${q(b.label)} now only accepts answers from a list.` });
    } else {
      out.push({ ...base, kind: 'constraint-loosened', breaking: false, message: `${q(b.label)} no longer limits answers to a list.` });
    }
  }

  const keys = new Set([...Object.keys(a.constraints), ...Object.keys(b.constraints)] as ConstraintKey[]);
  for (const key of keys) {
    const before = a.constraints[key];
    const after = b.constraints[key];
    if (canonicalJson(before ?? null) === canonicalJson(after ?? null)) continue;
    const stricter = tighter(key, before, after);
    out.push({
      ...base,
      kind: stricter ? 'constraint-tightened' : 'constraint-loosened',
      breaking: stricter,
      detail: { keyword: key, before, after },
      message: `The ${(isFilesQuestion(b.schema) ? FILES_CONSTRAINT_WORDS[key] : undefined) ?? CONSTRAINT_WORDS[key]} of ${q(b.label)} changed from ${show(before)} to ${show(after)}${stricter ? ', so some answers accepted before would now be refused' : ''}.`,
    });
  }
  if (a.rules !== b.rules) {
    out.push({
      ...base,
      kind: 'rules-changed',
      breaking: b.rules !== undefined,
      message: `The conditions or cross-field checks in ${q(b.label)} changed${b.rules === undefined ? ' (removed)' : '; existing answers may need checking'}.`,
    });
  }
  if (a.label !== b.label) out.push({ ...base, kind: 'label-changed', breaking: false, detail: { before: a.label, after: b.label }, message: `${q(a.label)} is now labelled ${q(b.label)}.` });
  if (a.description !== b.description) out.push({ ...base, kind: 'hint-changed', breaking: false, message: `The hint text of ${q(b.label)} changed.` });
  if (a.readOnly !== b.readOnly) out.push({ ...base, kind: 'read-only-changed', breaking: false, message: `${q(b.label)} is ${b.readOnly ? 'now read-only' : 'no longer read-only'}.` });
}

/** A formula written, changed or taken away (also when the type changed with it). */
function calculationChange(a: FieldInfo, b: FieldInfo, base: Pick<Change, 'path' | 'pointer' | 'in' | 'field'>, out: Change[]): void {
  const [fa, fb] = [formulaOf(a), formulaOf(b)];
  if (fa !== fb) {
    // Never breaking: the server works calculated answers out again at every save.
    out.push({
      ...base,
      kind: 'calculation-changed',
      breaking: false,
      detail: { before: fa, after: fb },
      message:
        fa === undefined
          ? `${q(b.label)} is now worked out by the formula ${fb}.`
          : fb === undefined
            ? `${q(b.label)} is no longer worked out by a formula: people will answer it themselves.`
            : `The formula of ${q(b.label)} changed from ${fa} to ${fb}.`,
    });
  }
}

/** "PDF documents and images (JPEG, PNG, …)", the types' labels as the designer lists them. */
function typeList(types: readonly FileType[]): string {
  const labels = types.map((t) => FILE_TYPES[t].label.replace(/^[A-Z]/, (c) => c.toLowerCase()));
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/**
 * What a files question accepts changed: types taken away, or a smaller most size per file, can
 * refuse files already uploaded to drafts (breaking); types added or a larger size cannot.
 */
function filesChange(a: FieldInfo, b: FieldInfo, base: Pick<Change, 'path' | 'pointer' | 'in' | 'field'>, out: Change[]): void {
  const [fa, fb] = [filesSettings(a.schema), filesSettings(b.schema)];
  if (!fb) {
    if (fa) out.push({ ...base, kind: 'type-changed', breaking: true, message: `${q(b.label)} no longer takes uploaded files; files uploaded to it before would no longer be accepted.` });
    return;
  }
  if (!fa) {
    if (isFilesQuestion(b.schema) && a.type === 'array') out.push({ ...base, kind: 'type-changed', breaking: true, message: `${q(b.label)} now takes uploaded files; answers given before would no longer be accepted.` });
    return;
  }
  const removed = fa.types.filter((t) => !fb.types.includes(t));
  const added = fb.types.filter((t) => !fa.types.includes(t));
  if (removed.length || added.length) {
    const parts = [
      ...(removed.length ? [`no longer accepts ${typeList(removed)}, so files of ${removed.length === 1 ? 'that type' : 'those types'} uploaded before would be refused`] : []),
      ...(added.length ? [`${removed.length ? 'and ' : ''}now also accepts ${typeList(added)}`] : []),
    ];
    out.push({ ...base, kind: 'file-types-changed', breaking: removed.length > 0, detail: { before: fa, after: fb }, message: `${q(b.label)} ${parts.join('; ')}.` });
  }
  if (fa.maxFileSize !== fb.maxFileSize) {
    const smaller = fb.maxFileSize !== undefined && (fa.maxFileSize === undefined || fb.maxFileSize < fa.maxFileSize);
    const size = (s: FilesSettings) => (s.maxFileSize === undefined ? 'the server’s largest' : sizeWords(s.maxFileSize));
    out.push({
      ...base,
      kind: 'file-size-changed',
      breaking: smaller,
      detail: { before: fa, after: fb },
      message: `The most size per file of ${q(b.label)} changed from ${size(fa)} to ${size(fb)}${smaller ? ', so larger files uploaded before would be refused' : ''}.`,
    });
  }
}

/** Does this file (an answer item) break what `after` accepts? */
function fileRefused(after: FilesSettings, file: unknown): boolean {
  if (file === null || typeof file !== 'object') return false;
  const f = file as { size?: unknown; mediaType?: unknown };
  if (typeof f.size === 'number' && after.maxFileSize !== undefined && f.size > after.maxFileSize) return true;
  return typeof f.mediaType === 'string' && !after.types.some((t) => (FILE_TYPES[t].mediaTypes as readonly string[]).includes(f.mediaType as string));
}

/** Kinds of change to an answer that can change what a formula using it works out. */
const INPUT_CHANGES: ReadonlySet<ChangeKind> = new Set(['field-removed', 'type-changed', 'format-changed', 'option-added', 'option-removed']);

/**
 * A calculated answer whose formula stayed the same while an answer it uses was removed,
 * retyped or given other options: said once per calculated answer, naming what it uses.
 */
function calculationInputs(from: FormDefinition, to: FormDefinition, fields: Map<string, FieldInfo>, before: Map<string, FieldInfo>, changes: Change[], out: Change[]): void {
  for (const f of fields.values()) {
    const formula = formulaOf(f);
    const old = before.get(f.path);
    if (formula === undefined || !old || formulaOf(old) !== formula) continue;
    const inputs = new Set([...checkFormula(formula, from.schema).inputs, ...checkFormula(formula, to.schema).inputs]);
    const touched = changes.filter((c) => INPUT_CHANGES.has(c.kind) && [...inputs].some((p) => p === c.path || p.startsWith(c.path + '/')));
    if (!touched.length) continue;
    const used = [...new Set(touched.map((c) => q(c.field)))].join(', ');
    out.push({
      path: f.path,
      pointer: f.pointer,
      in: 'to',
      field: f.label,
      kind: 'calculation-input-changed',
      breaking: false,
      message: `${q(f.label)} is worked out from ${used}, which changed (${[...new Set(touched.map((c) => c.kind.replace(/-/g, ' ')))].join(', ')}): check that its formula still gives what you mean.`,
    });
  }
}

/**
 * The shared list a choice question takes its options from moved (another version, another list,
 * or options written for the question instead). Never breaking in itself: the options it adds,
 * removes or relabels are reported (and judged) as options.
 */
function listRefChange(a: FieldInfo, b: FieldInfo, base: Pick<Change, 'path' | 'pointer' | 'in' | 'field'>, out: Change[]): void {
  const [ra, rb] = [listRefOf(a.schema), listRefOf(b.schema)];
  if (ra?.id === rb?.id && ra?.version === rb?.version) return;
  const list = (id: string) => `the shared list ${q(id)}`;
  const message =
    ra && rb && ra.id === rb.id
      ? `${q(b.label)} now uses version ${rb.version} of ${list(rb.id)} (was version ${ra.version}).`
      : rb
        ? `${q(b.label)} now takes its options from version ${rb.version} of ${list(rb.id)}${ra ? ` (was version ${ra.version} of ${list(ra.id)})` : ''}.`
        : `${q(b.label)} no longer uses ${list(ra!.id)}; its options are now written for the question.`;
  out.push({ ...base, kind: 'option-list-changed', breaking: false, detail: { before: ra ?? undefined, after: rb ?? undefined }, message });
}

/** Every change from `from` to `to`, fields in the newer version's order, removals last. */
export function analyseChanges(from: FormDefinition, to: FormDefinition): Change[] {
  const a = formFields(from);
  const b = formFields(to);
  const out: Change[] = [];
  for (const [path, field] of b) {
    const old = a.get(path);
    if (!old) {
      const parent = path.slice(0, path.lastIndexOf('/'));
      if (parent && !a.has(parent)) continue; // reported once, on the new section or list that holds it
      out.push({
        path,
        pointer: field.pointer,
        in: 'to',
        field: field.label,
        kind: 'field-added',
        breaking: field.required,
        message: `${q(field.label)} was added${field.required ? ' as a required field, so records without it would not be complete' : ''}.`,
      });
    } else compareField(old, field, out);
  }
  for (const [path, field] of a) {
    if (b.has(path)) continue;
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (parent && !b.has(parent)) continue; // reported once, on its section
    out.push({
      path,
      pointer: field.pointer,
      in: 'from',
      field: field.label,
      kind: 'field-removed',
      breaking: true,
      message: `${q(field.label)} was removed; answers already given to it would no longer be accepted.`,
    });
  }
  calculationInputs(from, to, b, a, [...out], out);
  const [ra, rb] = [rootRules(from), rootRules(to)];
  if (ra !== rb) {
    out.push({ path: '', pointer: '', in: 'to', field: 'the form', kind: 'rules-changed', breaking: rb !== undefined, message: 'The form-wide conditions or cross-field checks changed; existing answers may need checking.' });
  }
  scheduleChanges(from, to, a, b, out);
  if (canonicalJson(from.uischema) !== canonicalJson(to.uischema)) {
    out.push({ path: '', pointer: '', in: 'to', field: 'the form', kind: 'layout-changed', breaking: false, message: 'The layout changed (order, steps, labels or display rules).' });
  }
  return out;
}

/** How often records are due and what the dashboards chart: never breaking (no answer changes meaning), said in words. */
function scheduleChanges(from: FormDefinition, to: FormDefinition, a: Map<string, FieldInfo>, b: Map<string, FieldInfo>, out: Change[]): void {
  const same = (k: string) => canonicalJson(own(from.schema, k) ?? null) === canonicalJson(own(to.schema, k) ?? null);
  const label = (p: string) => b.get(p)?.label ?? a.get(p)?.label ?? p;
  if (!same(SCHEDULE_KEYWORD)) {
    const [before, after] = [scheduleOf(from.schema), scheduleOf(to.schema)];
    const message = !after
      ? 'Records of this form are no longer scheduled: nothing is due or overdue from this version on.'
      : `How often records are due changed${before ? ` (was: ${scheduleWords(before, label)})` : ''}: ${scheduleWords(after, label)} Dashboards count what is due from this version on.`;
    out.push({ path: '', pointer: `/${SCHEDULE_KEYWORD}`, in: after ? 'to' : 'from', field: 'the form', kind: 'schedule-changed', breaking: false, message });
  }
  if (!same(MEASURES_KEYWORD)) {
    const after = own(to.schema, MEASURES_KEYWORD) !== undefined;
    out.push({
      path: '',
      pointer: `/${MEASURES_KEYWORD}`,
      in: after ? 'to' : 'from',
      field: 'the form',
      kind: 'measures-changed',
      breaking: false,
      message: after ? 'The answers the dashboards chart (or the agreement they measure) changed.' : 'The dashboards no longer chart answers of this form.',
    });
  }
}

/**
 * Does whether this breaking change touches a record depend on what the record's answers say
 * (checked against a limit, pattern, format or rule the newer version chose), rather than only on
 * which answers it holds? Such changes are never counted for people who may not read the records.
 */
export function dependsOnContent(change: Change): boolean {
  return (
    change.breaking &&
    (change.kind === 'constraint-tightened' || change.kind === 'format-changed' || change.kind === 'rules-changed' || change.kind === 'file-types-changed' || change.kind === 'file-size-changed')
  );
}

/**
 * Does a breaking change touch this record? A draft is not affected by new requirements (its
 * author will be asked for them before submitting); a submitted record is.
 * `errorsUnder` reports the newer version's validation errors for the record, by field path
 * prefix; it decides rule changes, which cannot be judged field by field.
 */
export function affects(change: Change, data: unknown, status: 'draft' | 'submitted', errorsUnder: (path: string) => boolean): boolean {
  if (!change.breaking) return false;
  const values = change.path ? valuesAt(data, change.path) : [data];
  switch (change.kind) {
    case 'field-removed':
    case 'type-changed':
      return values.length > 0;
    case 'made-required':
    case 'field-added':
      return status === 'submitted' && errorsUnder(change.path);
    case 'option-removed': {
      const code = canonicalJson(change.detail?.code ?? null);
      return values.some((v) => canonicalJson(v) === code);
    }
    case 'format-changed':
    case 'rules-changed':
      return errorsUnder(change.path);
    case 'file-types-changed':
    case 'file-size-changed': {
      const after = change.detail?.after as FilesSettings | undefined;
      return !!after && values.some((v) => Array.isArray(v) && v.some((file) => fileRefused(after, file)));
    }
    case 'constraint-tightened':
      if (!change.detail?.keyword) return values.length > 0;
      return values.some((v) => violates(change.detail!.keyword!, change.detail!.after, v));
    default:
      return false;
  }
}

/** Does `value` break the single constraint `key: limit`? */
function violates(key: ConstraintKey, limit: unknown, value: unknown): boolean {
  if (limit === undefined) return false;
  const n = limit as number;
  switch (key) {
    case 'maxLength':
      return typeof value === 'string' && [...value].length > n;
    case 'minLength':
      return typeof value === 'string' && [...value].length < n;
    case 'maximum':
      return typeof value === 'number' && value > n;
    case 'minimum':
      return typeof value === 'number' && value < n;
    case 'exclusiveMaximum':
      return typeof value === 'number' && value >= n;
    case 'exclusiveMinimum':
      return typeof value === 'number' && value <= n;
    case 'formatMaximum':
      return typeof value === 'string' && isDate(value) && value > String(limit);
    case 'formatMinimum':
      return typeof value === 'string' && isDate(value) && value < String(limit);
    case 'maxItems':
      return Array.isArray(value) && value.length > n;
    case 'minItems':
      return Array.isArray(value) && value.length < n;
    case 'multipleOf':
      return typeof value === 'number' && !Number.isInteger(value / n);
    case 'uniqueItems':
      return Array.isArray(value) && new Set(value.map((v) => canonicalJson(v))).size !== value.length;
    case 'pattern':
      return typeof value === 'string' && !sharedRE2(String(limit), 'u').test(value);
    case 'const':
      return canonicalJson(value) !== canonicalJson(limit);
  }
}
