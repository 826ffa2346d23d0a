/** Evaluates `x-compare` cross-field rules (shape checked by policy/compare.ts). */
import type { ErrorObject, FuncKeywordDefinition } from 'ajv';
import type { CompareOp, CompareRule } from '../policy/compare.js';
import { getAt, parsePointer } from '../json/pointer.js';
import { TIME } from './formats.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/;
/** A date-time "now" on a laptop may run a little ahead of the server. */
const NOW_SKEW_MS = 5 * 60_000;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** 2026-02-30 is not a day; its own format error reports it, so rules leave it alone. */
function isRealDay(day: string): boolean {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const d = Number(day.slice(8, 10));
  if (m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]!) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

type Comparable =
  | { kind: 'number'; v: number }
  | { kind: 'date'; day: string; dateTime: string | null }
  | { kind: 'time'; v: string }
  | { kind: 'other'; v: unknown };

/** Classifies a value for comparison; cheap, because it runs for every rule on every validation. */
function comparable(v: unknown): Comparable | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number') return { kind: 'number', v };
  if (typeof v === 'string') {
    if (v.length === 10 && DATE.test(v)) return isRealDay(v) ? { kind: 'date', day: v, dateTime: null } : { kind: 'other', v };
    if (v.length > 10 && DATE_TIME.test(v)) return { kind: 'date', day: v.slice(0, 10), dateTime: v };
    if (v.length <= 8 && TIME.test(v)) return { kind: 'time', v: v.length === 5 ? v + ':00' : v };
  }
  return { kind: 'other', v };
}

const sign = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0);

/** -1, 0, 1; null when the two cannot be ordered. */
function order(a: Comparable, b: Comparable): number | null {
  if (a.kind === 'number' && b.kind === 'number') return sign(a.v - b.v);
  if (a.kind === 'time' && b.kind === 'time') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  if (a.kind === 'date' && b.kind === 'date') {
    // Two date-times compare as instants (offsets differ); anything with a plain date, by day.
    if (a.dateTime !== null && b.dateTime !== null) {
      const [x, y] = [Date.parse(a.dateTime), Date.parse(b.dateTime)];
      return Number.isNaN(x) || Number.isNaN(y) ? null : sign(x - y);
    }
    return a.day < b.day ? -1 : a.day > b.day ? 1 : 0;
  }
  return null;
}

function holds(op: CompareOp, c: number): boolean {
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
  }
}

/** Making a formatter costs ~0.1 ms and using one ~1 µs: make it once, use it once a minute. */
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
let dayCache = { minute: NaN, day: '' };

/** Today's date where the department works. */
function londonDay(now: Date): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== dayCache.minute) dayCache = { minute, day: LONDON_DAY.format(now) };
  return dayCache.day;
}

/** A rule with its pointers parsed once, at compile time. */
interface Prepared extends CompareRule {
  fieldTokens: string[];
  otherTokens: string[] | null;
}

function check(rule: Prepared, data: Record<string, unknown>, now: () => Date): boolean {
  const left = comparable(getAt(data, rule.fieldTokens));
  if (!left) return true;
  if (rule.otherTokens === null) {
    if (left.kind !== 'date') return true;
    const t = now();
    if (left.dateTime === null) {
      const today = londonDay(t);
      return holds(rule.op, left.day < today ? -1 : left.day > today ? 1 : 0);
    }
    const ms = Date.parse(left.dateTime);
    if (Number.isNaN(ms)) return true;
    return holds(rule.op, ms > t.getTime() + NOW_SKEW_MS ? 1 : ms < t.getTime() ? -1 : 0);
  }
  const right = comparable(getAt(data, rule.otherTokens));
  if (!right) return true;
  const c = order(left, right);
  if (rule.op === '==' || rule.op === '!=') {
    const equal = c !== null ? c === 0 : left.kind === right.kind && 'v' in left && 'v' in right && left.v === right.v;
    return rule.op === '==' ? equal : !equal;
  }
  // Values of the wrong shape are reported by their own format/type errors.
  return c === null ? true : holds(rule.op, c);
}

export function compareKeyword(clock: () => Date): FuncKeywordDefinition {
  return {
    keyword: 'x-compare',
    type: 'object',
    schemaType: 'array',
    errors: true,
    compile(rules: CompareRule[]) {
      const prepared: Prepared[] = rules.map((r) => ({ ...r, fieldTokens: parsePointer(r.field), otherTokens: r.other === 'now' ? null : parsePointer(r.other) }));
      const validate = (data: Record<string, unknown>, cxt?: { instancePath: string }): boolean => {
        let errors: Partial<ErrorObject>[] | null = null;
        for (const rule of prepared) {
          if (!check(rule, data, clock)) (errors ??= []).push({ keyword: 'x-compare', instancePath: (cxt?.instancePath ?? '') + rule.field, params: { rule } });
        }
        validate.errors = errors;
        return errors === null;
      };
      validate.errors = null as Partial<ErrorObject>[] | null;
      return validate as never;
    },
  };
}
