/**
 * What both stores share about tallies (Store.tally): the checks every query passes before any
 * database sees it, and how the rows a database gives back become the answer (values as JSON
 * has them, rows with equal keys merged, in key order). The adapters only translate.
 */
import { InvalidRequestError } from '../errors.js';
import { SAFE_FIELD, type TallyCondition, type TallyQuery, type TallyRow, type TallyValue } from '../timeliness/model.js';

export const TALLY_LIMITS = { by: 4, where: 8, inValues: 5000 } as const;
const SOURCES: ReadonlyArray<TallyQuery['source']> = ['submissions', 'actions', 'assignments'];

const bad = (pointer: string, message: string): never => {
  throw new InvalidRequestError(message, [{ pointer, message }]);
};

const isScalar = (v: unknown): v is TallyValue => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

function checkField(field: unknown, pointer: string): void {
  if (typeof field !== 'string' || !SAFE_FIELD.test(field)) {
    bad(pointer, `"${String(field).slice(0, 80)}" is not a field a count can use: use a dotted name of letters, digits and underscores, like timeliness.month or data.overall.grade.`);
  }
}

/**
 * Refuses (InvalidRequest) a query an adapter must not run: an unknown source, a field that is
 * not a SAFE_FIELD name (only such names ever reach SQL text), more than 4 `by` fields or 8
 * conditions, an `in` list over 5,000 values, or a value that is not a string, number, boolean or null.
 */
export function checkTally(query: TallyQuery): void {
  if (!SOURCES.includes(query.source)) bad('/source', `Counts are of submissions, actions or assignments, not "${String(query.source)}".`);
  if (!Array.isArray(query.by)) bad('/by', 'Say which fields to count by (a list, possibly empty).');
  if (query.by.length > TALLY_LIMITS.by) bad('/by', `A count is by at most ${TALLY_LIMITS.by} fields; this one names ${query.by.length}.`);
  query.by.forEach((f, i) => checkField(f, `/by/${i}`));
  const where = query.where ?? [];
  if (!Array.isArray(where)) bad('/where', 'Conditions are a list.');
  if (where.length > TALLY_LIMITS.where) bad('/where', `A count takes at most ${TALLY_LIMITS.where} conditions; this one has ${where.length}.`);
  where.forEach((c: TallyCondition, i) => {
    const at = `/where/${i}`;
    checkField(c?.field, `${at}/field`);
    switch (c.op) {
      case 'eq':
        if (!isScalar(c.value)) bad(`${at}/value`, 'Compare with a text, a number, yes/no or nothing (null).');
        break;
      case 'in':
        if (!Array.isArray(c.values) || !c.values.every(isScalar)) bad(`${at}/values`, 'Give a list of texts, numbers, yes/no values or nulls.');
        if (c.values.length > TALLY_LIMITS.inValues) bad(`${at}/values`, `A list is at most ${TALLY_LIMITS.inValues} values; this one has ${c.values.length}.`);
        break;
      case 'gte':
      case 'lt':
        if (typeof c.value !== 'string' && !(typeof c.value === 'number' && Number.isFinite(c.value))) bad(`${at}/value`, 'A range starts or ends at a text (like a date) or a number.');
        break;
      case 'exists':
        if (typeof c.value !== 'boolean') bad(`${at}/value`, 'Say true (has a value) or false (has none).');
        break;
      default:
        bad(`${at}/op`, `"${String((c as { op?: unknown }).op)}" is not a comparison a count knows: use eq, in, gte, lt or exists.`);
    }
  });
}

/** A value as a key holds it: anything not a string, number or boolean (missing, null, a list, an object) is null. */
export const keyValue = (v: unknown): TallyValue => (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ? v : null);

const rank = (v: TallyValue): number => (v === null ? 0 : typeof v === 'boolean' ? 1 : typeof v === 'number' ? 2 : 3);

/** Key order: null, then false, true, then numbers, then texts (by code unit), field by field. */
export function compareKeys(a: readonly TallyValue[], b: readonly TallyValue[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    const r = rank(x) - rank(y);
    if (r !== 0) return r;
    if (x === y) continue;
    return (x as number | string | boolean) < (y as number | string | boolean) ? -1 : 1;
  }
  return 0;
}

/** The answer from raw rows: keys made of plain values, equal keys merged (a missing and a null value are one), in key order. */
export function tallyRows(raw: Iterable<{ key: unknown[]; count: number }>): TallyRow[] {
  const merged = new Map<string, TallyRow>();
  for (const r of raw) {
    const key = r.key.map(keyValue);
    const id = JSON.stringify(key);
    const row = merged.get(id);
    if (row) row.count += Number(r.count);
    else merged.set(id, { key, count: Number(r.count) });
  }
  return [...merged.values()].sort((a, b) => compareKeys(a.key, b.key));
}

/** Store.listChildren's limits: at most 100 teams (a service area's), a page of 1 to 1,000. */
export function checkChildPage(query: { teams?: readonly string[] }, page: { limit: number; after?: string }): void {
  if (query.teams !== undefined && (!Array.isArray(query.teams) || query.teams.length > 100 || !query.teams.every((t) => typeof t === 'string'))) {
    bad('/teams', 'Children are listed for at most 100 teams at once, each given by its id.');
  }
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > 1000) bad('/limit', 'A page holds 1 to 1,000 children.');
  if (page.after !== undefined && typeof page.after !== 'string') bad('/after', 'Continue a list with the `next` its previous page gave.');
}
