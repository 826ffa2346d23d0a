/**
 * Validating data against a form version. Each version is compiled once and kept in a bounded
 * LRU cache keyed by form, version and content hash (ajv's own cache keys on object identity and
 * would grow without limit). Each compiled version has its own ajv instance, so evicting it
 * frees everything it compiled. The same entry keeps the version's display-rule plan, read once,
 * for leaving answers to hidden questions out of what is submitted (forms/hidden-answers.ts), and
 * its calculation plan, for working out calculated answers (forms/calculations).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { LRUCache } from 'lru-cache';
import { formFields, type FieldInfo } from '../forms/fields.js';
import { fieldLabels, labelOf, rowNameOf } from '../forms/labels.js';
import { visibilityPlan, visibleAnswers, type VisibilityPlan } from '../forms/hidden-answers.js';
import type { FormVersion } from '../forms/model.js';
import { applyCalculations, calculationPlan, type CalculationPlan } from '../forms/calculations/plan.js';
import { patternEngine } from '../policy/patterns.js';
import { compareKeyword } from './compare.js';
import { addFormFormats } from './formats.js';
import { fileAt, toFieldErrors, type FieldFacts, type QuestionKind, type ValidationIssue } from './messages.js';
import { FILES_KEY, isFilesQuestion } from '../files/model.js';

export type { ValidationIssue } from './messages.js';

export type ValidationMode = 'submit' | 'draft';

/**
 * What blocks saving a draft: only answers that do not fit the form's shape at all (unknown
 * fields, wrong kinds of value). Everything else — missing answers, text over its length, dates
 * out of order, bad formats — is reported but kept: refusing the save would lose every other
 * answer with it. (The request size limit bounds what a draft can hold.)
 */
const DRAFT_BLOCKING = new Set(['additionalProperties', 'type']);

interface Compiled {
  validate: ValidateFunction;
  facts: FieldFacts;
}

/** What is kept per version; each part is made the first time it is needed. */
interface Prepared {
  compiled?: Compiled;
  plan?: VisibilityPlan;
  calculations?: CalculationPlan;
}

export type VersionRef = Pick<FormVersion, 'formId' | 'version' | 'hash' | 'schema' | 'uischema'>;

export interface ValidatorsOptions {
  /** How many compiled versions to keep. */
  max?: number;
  /** "Now", for rules like "not in the future". */
  clock?: () => Date;
}

/**
 * Creates the ajv instance form data is validated with (also used by the benchmark baseline's
 * counterpart). Without a `clock`, "now" is the system clock (read as `Date.now()`, no Date made).
 */
export function createFormAjv(clock?: () => Date): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    messages: false,
    // Not ownProperties: it costs ~25% and data only ever arrives through JSON.parse (own keys only).
    addUsedSchema: false,
    code: { regExp: patternEngine },
  });
  addFormFormats(ajv);
  ajv.addKeyword(clock ? compareKeyword(clock) : compareKeyword(() => new Date(), Date.now));
  // What a files question allows is checked by the upload (engine/files); to ajv it is a note, declared so it is known.
  ajv.addKeyword({ keyword: FILES_KEY, schemaType: 'object' });
  return ajv;
}

/** Labels, kinds, formats and limits of a version's fields, for error messages. */
export function fieldFacts(v: Pick<FormVersion, 'schema' | 'uischema'>): FieldFacts {
  const fields = formFields(v);
  const labels = fieldLabels(v.schema, v.uischema);
  const label = (path: string) => fields.get(path)?.label ?? labelOf(labels, path);
  return {
    label,
    format: (path) => fields.get(path)?.format,
    choiceList: (path) => fields.get(path)?.type === 'array' && fields.get(`${path}/*`)?.type !== 'object',
    requiredChildren: (path) => {
      const node = path === '' ? v.schema : fields.get(path)?.type === 'object' ? fields.get(path)!.schema : null;
      return node && Array.isArray(node.required) ? (node.required as string[]) : [];
    },
    kind: (path) => questionKind(fields.get(path), fields.get(`${path}/*`)),
    schema: (path) => fields.get(path)?.schema,
    rowName: (path) => rowNameOf(fields.get(`${path}/*`)?.schema.title, label(path)),
  };
}

/** What kind of question a field is (a list's entries decide whether it is rows or choices). */
function questionKind(f: FieldInfo | undefined, items: FieldInfo | undefined): QuestionKind {
  if (!f) return 'text';
  if (f.type === 'boolean') return 'yes-no';
  if (f.type === 'object') return 'section';
  if (isFilesQuestion(f.schema)) return 'files';
  if (f.type === 'array') return items?.type === 'object' ? 'rows' : 'choices';
  if (f.options) return 'choice';
  if (f.type === 'number' || f.type === 'integer') return 'number';
  if (f.format === 'date' || f.format === 'date-time' || f.format === 'time' || f.format === 'email') return f.format;
  return 'text';
}

export class Validators {
  private readonly cache: LRUCache<string, Prepared>;
  private readonly clock: (() => Date) | undefined;

  constructor(options: ValidatorsOptions = {}) {
    this.cache = new LRUCache({ max: options.max ?? 200 });
    this.clock = options.clock;
  }

  /** How many times a version was compiled (cache misses), for tests and metrics. */
  compilations = 0;

  /** Number of compiled versions held (for tests and metrics). */
  get size(): number {
    return this.cache.size;
  }

  private prepared(v: VersionRef): Prepared {
    const key = `${v.formId}@${v.version}#${v.hash}`;
    let p = this.cache.get(key);
    if (!p) {
      p = {};
      this.cache.set(key, p);
    }
    return p;
  }

  private compiled(v: VersionRef): Compiled {
    const p = this.prepared(v);
    if (!p.compiled) {
      const ajv = createFormAjv(this.clock);
      this.compilations++;
      p.compiled = { validate: ajv.compile(v.schema), facts: fieldFacts(v) };
    }
    return p.compiled;
  }

  /**
   * `data` without the answers of questions its display rules hide: what is submitted, exported
   * and delivered. The same object when nothing is hidden; `data` itself is never changed.
   */
  visibleAnswers<T>(v: VersionRef, data: T): T {
    const p = this.prepared(v);
    p.plan ??= visibilityPlan(v);
    return visibleAnswers(p.plan, data);
  }

  /**
   * `data` with every calculated answer worked out afresh (a value sent for one is never kept; a
   * blank result removes it). The same object when the version has no calculated answers.
   */
  calculated(v: VersionRef, data: Record<string, unknown>, today: string): Record<string, unknown> {
    const p = this.prepared(v);
    p.calculations ??= calculationPlan(v);
    return p.calculations.fields.length ? applyCalculations(p.calculations, data, { today }) : data;
  }

  /** Every problem with `data` that blocks storing it in this mode, as `{ pointer, message }`. */
  validate(v: VersionRef, data: unknown, mode: ValidationMode): ValidationIssue[] {
    const c = this.compiled(v);
    if (c.validate(data)) return [];
    const { blocking, advisory } = split(c, data);
    return mode === 'submit' ? [...blocking, ...advisory] : blocking;
  }

  /** All problems, split into what blocks even a draft save and what only blocks submitting. */
  report(v: VersionRef, data: unknown): { blocking: ValidationIssue[]; advisory: ValidationIssue[] } {
    const c = this.compiled(v);
    return c.validate(data) ? { blocking: [], advisory: [] } : split(c, data);
  }
}

/** The last run's errors of `c` (on `data`), split by whether they block a draft. */
function split(c: Compiled, data: unknown): { blocking: ValidationIssue[]; advisory: ValidationIssue[] } {
  const all = c.validate.errors ?? [];
  // Inside a condition or option branch an error is not definite, so it never blocks a draft.
  // A file in a files answer that is not one the upload made (a FileRef changed or made up) is never kept either.
  const isBlocking = (e: (typeof all)[number]) => (DRAFT_BLOCKING.has(e.keyword) || fileAt(c.facts, e.instancePath) !== null) && !/\/(oneOf|anyOf|not|if|then|else)\//.test(e.schemaPath);
  return {
    blocking: toFieldErrors(all.filter(isBlocking), c.facts, data),
    advisory: toFieldErrors(all.filter((e) => !isBlocking(e)), c.facts, data),
  };
}
