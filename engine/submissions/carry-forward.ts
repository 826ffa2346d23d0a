/**
 * Carry-forward, the record side: when a draft is started about a child (or a worker, for staff
 * forms), each question the form fills in from an earlier record (forms/carry-forward.ts) takes
 * the answer from the latest submitted record of its source form about the same subject that the
 * person may read — unless the person already gave one. A repeating group takes the source's
 * rows, each keeping only the fields the question's rows have. Whatever would not be a valid
 * answer here is left out. The record keeps where each carried answer came from.
 */
import type { EngineContext } from '../context.js';
import { carryTargets, type CarryTarget } from '../forms/carry-targets.js';
import { getForm } from '../forms/lifecycle.js';
import type { FormVersion, SubjectKey } from '../forms/model.js';
import { isObject } from '../forms/schema-paths.js';
import { getAt, parsePointer, setAt } from '../json/pointer.js';
import type { SubmissionQuery } from '../store/contract.js';
import type { ValidationIssue } from '../validation/messages.js';
import type { Carried, CarriedFrom, Subject, Submission } from './model.js';

/** How far back the search looks: the newest submitted records of a form about the subject. */
export const CARRY_SCAN = 50;

/** Whose records may fill in a new one: the reader's role decides (accounts/permissions.ts). */
export interface CarryAccess {
  mayRead(s: Submission): boolean | Promise<boolean>;
  /** Narrows the store's search to what the reader could read anyway (their reach), so a page is not spent on others'. */
  narrow?: Pick<SubmissionQuery, 'createdBy' | 'team' | 'anyOf' | 'notChildIds'>;
}

/** Nothing given: no value, an empty text or an empty list. */
export function isEmptyAnswer(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Source rows as rows of the target: each keeps the fields the target's rows have (and are given); rows keeping nothing are left out. */
export function copyRows(rows: unknown, fields: readonly string[]): Array<Record<string, unknown>> {
  if (!Array.isArray(rows)) return [];
  const out: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    if (!isObject(row)) continue;
    const kept: Record<string, unknown> = {};
    for (const f of fields) if (Object.prototype.hasOwnProperty.call(row, f) && !isEmptyAnswer(row[f])) kept[f] = row[f];
    if (Object.keys(kept).length) out.push(kept);
  }
  return out;
}

/** What a source answer gives the target question, before validation: undefined when nothing. */
export function carriedValue(value: unknown, target: Pick<CarryTarget, 'kind' | 'rowFields' | 'maxRows'>): unknown {
  if (isEmptyAnswer(value)) return undefined;
  if (target.kind === 'rows') {
    const rows = copyRows(value, target.rowFields ?? []);
    const kept = target.maxRows !== undefined ? rows.slice(0, target.maxRows) : rows;
    return kept.length ? kept : undefined;
  }
  // A date from a date and time: its day as written (the runtime writes local time with its offset).
  if (target.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return value.slice(0, 10);
  if (Array.isArray(value) !== (target.kind === 'list')) return undefined;
  return isObject(value) ? undefined : value;
}

/** An answer offered for an empty question; `from` says where it came from (an earlier record, or a directory value: submissions/prefill.ts). */
export interface Offer<F = CarriedFrom> {
  target: Pick<CarryTarget, 'path' | 'kind'>;
  value: unknown;
  from: F;
}

/** Problems that say something more is needed, not that what is there is wrong. */
const MISSING = new Set(['required', 'minItems']);

const under = (pointer: string, base: string) => pointer === base || pointer.startsWith(base + '/');

/**
 * `data` with each offer put where the person left the question empty, and what was carried.
 * `problems` validates a whole record (as a submit would, missing answers aside): a carried
 * answer, or a field of a carried row, with a problem is taken out again, so nothing that would
 * not be accepted here is carried.
 */
export function fillCarried<F = CarriedFrom>(
  data: Record<string, unknown>,
  offers: ReadonlyArray<Offer<F>>,
  problems: (data: Record<string, unknown>) => ValidationIssue[],
): { data: Record<string, unknown>; carried: Array<{ pointer: string; from: F }> } {
  let out = data;
  let placed = offers.filter((o) => isEmptyAnswer(getAt(data, o.target.path)) && o.value !== undefined);
  for (const o of placed) out = setAt(out, o.target.path, o.value);
  if (!placed.length) return { data, carried: [] };
  for (let round = 0; round < 2; round++) {
    const issues = problems(out).filter((i) => !MISSING.has(i.keyword) && placed.some((o) => under(i.pointer, o.target.path)));
    if (!issues.length) break;
    for (const o of placed) {
      const mine = issues.filter((i) => under(i.pointer, o.target.path));
      if (!mine.length) continue;
      let value: unknown;
      if (o.target.kind === 'rows' && round === 0) {
        // A row's field with a problem goes; a row left with nothing goes too.
        const rows = (getAt(out, o.target.path) as Array<Record<string, unknown>>).map((r) => ({ ...r }));
        for (const i of mine) {
          const [index, field] = parsePointer(i.pointer.slice(o.target.path.length));
          if (index !== undefined && rows[Number(index)] && field !== undefined) delete rows[Number(index)]![field];
        }
        const left = rows.filter((r) => Object.keys(r).length > 0);
        value = left.length ? left : undefined;
      }
      out = setAt(out, o.target.path, value);
    }
    placed = placed.filter((o) => getAt(out, o.target.path) !== undefined);
  }
  return { data: out, carried: placed.map((o) => ({ pointer: o.target.path, from: o.from })) };
}

const SEARCH_KEYS: readonly SubjectKey[] = ['childId', 'workerId'];

/** The latest submitted record of `formId` about `subject` that the reader may read, among the newest CARRY_SCAN. */
async function latestReadable(ctx: EngineContext, formId: string, subject: Subject, keys: readonly SubjectKey[], access: CarryAccess): Promise<Submission | null> {
  const by = SEARCH_KEYS.find((k) => keys.includes(k));
  if (!by) return null;
  const query: SubmissionQuery = { formId, status: 'submitted', [by]: subject[by], ...access.narrow };
  const page = await ctx.store.listSubmissions(query, { limit: CARRY_SCAN, order: 'newest' });
  let best: Submission | null = null;
  for (const s of page.items) {
    if (!keys.every((k) => s.subject[k] === subject[k]) || !(await access.mayRead(s))) continue;
    if (!best || (s.submittedAt ?? '') > (best.submittedAt ?? '')) best = s;
  }
  return best;
}

function provenance(s: Submission): CarriedFrom {
  const reference = (s as { reference?: unknown }).reference;
  return { id: s.id, formId: s.formId, version: s.version, submittedAt: s.submittedAt ?? s.updatedAt, ...(typeof reference === 'string' ? { reference } : {}) };
}

/**
 * Fills a new draft of `v` about `subject` from earlier records. Nothing when the form has no
 * carried questions, the draft names none of the ids the form is about, or no readable record exists.
 */
export async function carryForward(ctx: EngineContext, v: FormVersion, subject: Subject, data: Record<string, unknown>, access: CarryAccess): Promise<{ data: Record<string, unknown>; carried: Carried[] }> {
  const targets = carryTargets(v);
  if (!targets.length) return { data, carried: [] };
  const form = await getForm(ctx, v.formId);
  const keys = (Object.keys(form.subject ?? {}) as SubjectKey[]).filter((k) => typeof subject[k] === 'string' && subject[k] !== '');
  if (!keys.length) return { data, carried: [] };
  const sources = new Map<string, Submission | null>();
  const offers: Offer[] = [];
  for (const target of targets) {
    if (!isEmptyAnswer(getAt(data, target.path))) continue;
    const formId = target.source.form ?? v.formId;
    if (!sources.has(formId)) sources.set(formId, await latestReadable(ctx, formId, subject, keys, access));
    const source = sources.get(formId);
    if (!source) continue;
    offers.push({ target, value: carriedValue(getAt(source.data, target.source.from), target), from: provenance(source) });
  }
  return fillCarried(data, offers, (d) => ctx.validators.validate(v, d, 'submit'));
}
