/**
 * Evaluates `x-compare` cross-field rules (shape checked by policy/compare.ts).
 *
 * Rules run on every validation of every record, and written plainly (a pointer walk per answer,
 * a regular expression, `Number(slice())` and an object per value, `Date.parse` per date-time,
 * a function keyword's context object per object) they cost more than all the rest of a short
 * form's validation. So each rule is generated into the form's ajv validator (answers read by
 * name; the other answer only when the first is there), values are classified and ordered by
 * their characters (dates.ts) without allocating, and errors are made only for a broken rule.
 */
import { _, Name, str, type CodeGen, type CodeKeywordDefinition, type ErrorObject, type KeywordCxt } from 'ajv';
import type { CompareOp, CompareRule } from '../policy/compare.js';
import { parsePointer } from '../json/pointer.js';
import { d2, dayDigits, dayNumber, instantOf, NO_SUCH_DAY, NOT_A_DAY, plainInstant, timeOfDay } from './dates.js';

/** A date-time "now" on a laptop may run a little ahead of the server. */
const NOW_SKEW_MS = 5 * 60_000;

/** What a value is, for comparing it (small integers, so classifying allocates nothing). */
type Kind = 0 | 1 | 2 | 3 | 4 | 5;
const Kind = {
  /** Not answered: rules leave it alone. */
  None: 0,
  Number: 1,
  /** A real calendar day, `YYYY-MM-DD`. */
  Day: 2,
  /** Anything that starts `YYYY-MM-DDTHH:MM` (or with `t` or a space): compared by instant with another, else by day. */
  DateTime: 3,
  /** A time of day, `HH:MM` or `HH:MM:SS`. */
  Time: 4,
  Other: 5,
} as const;

/**
 * What `kindOf` found besides the kind, to order values of one kind by: a number's value, a
 * date's or date-time's day (YYYYMMDD), a time's seconds into the day. (A slot rather than an
 * object, so classifying allocates nothing.)
 */
let keyOfKind = 0;

/** Classifies a value for comparison, leaving its ordering key in `keyOfKind`. */
function kindOf(v: unknown): Kind {
  if (v === undefined || v === null || v === '') return Kind.None;
  if (typeof v === 'number') {
    keyOfKind = v;
    return Kind.Number;
  }
  if (typeof v === 'string') {
    const n = v.length;
    if (n === 10) {
      // A date that is not a real day is left to its own format error.
      const day = dayNumber(v);
      if (day >= 0) keyOfKind = day;
      return day >= 0 ? Kind.Day : Kind.Other;
    }
    if (n > 10) {
      // `^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}`, real day or not: ordered by instant, or by its day.
      if (n < 16) return Kind.Other;
      const t = v.charCodeAt(10);
      if ((t !== 84 && t !== 116 && t !== 32) || d2(v, 11) < 0 || v.charCodeAt(13) !== 58 || d2(v, 14) < 0) return Kind.Other;
      const day = dayNumber(v);
      if (day === NOT_A_DAY) return Kind.Other;
      keyOfKind = day === NO_SUCH_DAY ? dayDigits(v) : day;
      return Kind.DateTime;
    }
    const secs = timeOfDay(v);
    if (secs >= 0) {
      keyOfKind = secs;
      return Kind.Time;
    }
  }
  return Kind.Other;
}

const sign = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0);

/** -1, 0, 1; null when the two cannot be ordered. `ka`/`kb` and `keyA`/`keyB` are from `kindOf`. */
function order(a: unknown, ka: Kind, keyA: number, b: unknown, kb: Kind, keyB: number): number | null {
  if (ka === kb && (ka === Kind.Number || ka === Kind.Time || ka === Kind.Day)) return sign(keyA - keyB);
  if ((ka === Kind.Day || ka === Kind.DateTime) && (kb === Kind.Day || kb === Kind.DateTime)) {
    // Two date-times compare as instants (offsets differ); anything with a plain date, by day.
    if (ka === Kind.DateTime && kb === Kind.DateTime) {
      const x = instantOf(a as string);
      const y = instantOf(b as string);
      return Number.isNaN(x) || Number.isNaN(y) ? null : sign(x - y);
    }
    return sign(keyA - keyB);
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
let dayCache = { minute: NaN, day: 0 };

/** Today's date where the department works, as YYYYMMDD. */
function londonDay(nowMs: number): number {
  const minute = Math.floor(nowMs / 60_000);
  if (minute !== dayCache.minute) dayCache = { minute, day: Number(LONDON_DAY.format(nowMs).replaceAll('-', '')) };
  return dayCache.day;
}

/** Whether `left op right` holds (it does when either is unanswered). */
export function pairHolds(op: CompareOp, left: unknown, right: unknown): boolean {
  const kl = kindOf(left);
  if (kl === Kind.None) return true;
  const keyL = keyOfKind;
  const kr = kindOf(right);
  if (kr === Kind.None) return true;
  const c = order(left, kl, keyL, right, kr, keyOfKind);
  if (op === '==' || op === '!=') {
    // Values that cannot be ordered are equal only when both are the very same other value.
    const equal = c !== null ? c === 0 : kl === Kind.Other && kr === Kind.Other && left === right;
    return op === '==' ? equal : !equal;
  }
  // Values of the wrong shape are reported by their own format/type errors.
  return c === null ? true : holds(op, c);
}

/** Whether `left op now` holds, `nowMs` giving now (it does when `left` is unanswered or not a date). */
export function nowHolds(op: CompareOp, left: unknown, nowMs: () => number): boolean {
  // The usual date-time (a signature's time) needs no classifying first.
  const plain = typeof left === 'string' ? plainInstant(left) : NaN;
  if (!Number.isNaN(plain)) return holdsNow(op, plain, nowMs());
  const kl = kindOf(left);
  if (kl === Kind.Day) return holds(op, sign(keyOfKind - londonDay(nowMs())));
  if (kl !== Kind.DateTime) return true;
  const ms = instantOf(left as string);
  return Number.isNaN(ms) ? true : holdsNow(op, ms, nowMs());
}

/** `ms op now`, now being `t` give or take the skew a laptop's clock may have. */
function holdsNow(op: CompareOp, ms: number, t: number): boolean {
  return holds(op, ms > t + NOW_SKEW_MS ? 1 : ms < t ? -1 : 0);
}

/** `field` with its `*` steps (each row) replaced by the row indices of the value at fault. */
function rowPointer(field: string, rows: readonly number[]): string {
  let k = 0;
  return field
    .split('/')
    .map((t) => (t === '*' ? String(rows[k++]) : t))
    .join('/');
}

/** The error of a broken rule, added to `errors` (a new list when null); `rows` fills a `field`'s `*` steps. */
function ruleError(errors: Partial<ErrorObject>[] | null, rule: CompareRule, objectPath: string, schemaPath: string, rows?: readonly number[]): Partial<ErrorObject>[] {
  const error = { instancePath: objectPath + (rows ? rowPointer(rule.field, rows) : rule.field), schemaPath, keyword: 'x-compare', params: { rule } };
  if (errors === null) return [error];
  errors.push(error);
  return errors;
}

/** Names ajv's generated validators use for their error list and count (ajv/lib/compile/names.ts). */
const N = { vErrors: new Name('vErrors'), errors: new Name('errors'), instancePath: new Name('instancePath') };

const isIndex = (t: string) => /^(0|[1-9][0-9]*)$/.test(t);

/**
 * Code putting into a variable the value `tokens` name inside `cur`, as `getAt` reads it: own
 * properties only, array steps only by index; undefined when any step is missing. A `*` step
 * runs the rest once for each row of a list (nothing when it is not one), `rows` holding each
 * row's index; `body` gets the value and those indices. Unanswered questions cost one property
 * read. `isObject`: `cur` is known to be an object (the keyword only runs on objects).
 */
function withValue(gen: CodeGen, cur: Name, tokens: readonly string[], body: (value: Name, rows: readonly Name[]) => void, isObject = true, rows: readonly Name[] = []): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '*') {
      const list = cur;
      gen.if(_`Array.isArray(${list})`, () =>
        gen.forRange('cmpRow', 0, _`${list}.length`, (row) => {
          const item = gen.const('cmpItem', _`${list}[${row}]`);
          withValue(gen, item, tokens.slice(i + 1), body, false, [...rows, row]);
        }),
      );
      return;
    }
    const objectCheck = _`${cur} !== null && typeof ${cur} == "object"`;
    const value = isObject
      ? _`${cur}[${t}]`
      : isIndex(t)
        ? _`Array.isArray(${cur}) ? ${cur}[${Number(t)}] : ${objectCheck} ? ${cur}[${t}] : undefined`
        : _`${objectCheck} && !Array.isArray(${cur}) ? ${cur}[${t}] : undefined`;
    const next = gen.let('cmpValue', value);
    const inherited = _`!Object.hasOwn(${cur}, ${t})`;
    gen.if(_`${next} !== undefined && ${!isObject && isIndex(t) ? _`!Array.isArray(${cur}) && ${inherited}` : inherited}`, () => gen.assign(next, _`undefined`));
    cur = next;
    isObject = false;
  }
  body(cur, rows);
}

/** The value a pointer (without `*`) names inside `data`, in a new variable. */
function valueCode(gen: CodeGen, data: Name, pointer: string): Name {
  let out: Name | undefined;
  withValue(gen, data, parsePointer(pointer), (v) => (out = v));
  return out!;
}

/**
 * The `x-compare` keyword: each rule becomes a few lines of the form's generated validator, which
 * reads both answers by name (a row's answer in a loop over the rows) and calls
 * `pairHolds`/`nowHolds`; errors are only made for a broken rule. (As a "compile" keyword it cost ajv a context object, a path and a call per object, and
 * the rules read answers through generic pointer walks.)
 *
 * `clock` gives "now"; `nowMs`, when given, gives the same as milliseconds (cheaper than a Date).
 */
export function compareKeyword(clock: () => Date, nowMs: () => number = () => clock().getTime()): CodeKeywordDefinition {
  return {
    keyword: 'x-compare',
    type: 'object',
    schemaType: 'array',
    code(cxt: KeywordCxt) {
      const { gen, data, it } = cxt;
      const rules = cxt.schema as CompareRule[];
      const scope = (v: unknown) => gen.scopeValue(typeof v === 'function' ? 'func' : 'obj', { ref: v });
      const [pair, now, clockRef, addError] = [pairHolds, nowHolds, nowMs, ruleError].map(scope);
      const failed = gen.let('cmpErrors', null);
      const schemaPath = `${it.errSchemaPath}/x-compare`;
      for (const rule of rules) {
        const fail = (rows: readonly Name[]) => {
          const at = rows.length ? rows.slice(1).reduce((list, r) => _`${list}, ${r}`, _`${rows[0]!}`) : null;
          const args = _`${failed}, ${scope(rule)}, ${str`${N.instancePath}${it.errorPath}`}, ${schemaPath}`;
          gen.assign(failed, at ? _`${addError}(${args}, [${at}])` : _`${addError}(${args})`);
        };
        const field = parsePointer(rule.field);
        if (rule.other === 'now') {
          withValue(gen, data as Name, field, (left, rows) => gen.if(_`${left} !== undefined && !${now}(${rule.op}, ${left}, ${clockRef})`, () => fail(rows)));
        } else if (field.includes('*')) {
          // A row's answer against one answer outside its rows: that one is read once, first.
          const right = valueCode(gen, data as Name, rule.other);
          gen.if(_`${right} !== undefined`, () =>
            withValue(gen, data as Name, field, (left, rows) => gen.if(_`${left} !== undefined && !${pair}(${rule.op}, ${left}, ${right})`, () => fail(rows))),
          );
        } else {
          // A rule holds while either answer is missing: the other answer is read only when needed.
          withValue(gen, data as Name, field, (left) =>
            gen.if(_`${left} !== undefined`, () => {
              const right = valueCode(gen, data as Name, rule.other);
              gen.if(_`${right} !== undefined && !${pair}(${rule.op}, ${left}, ${right})`, () => fail([]));
            }),
          );
        }
      }
      // As ajv adds the errors a function keyword returns.
      gen.if(_`${failed} !== null`, () => {
        gen.assign(N.vErrors, _`${N.vErrors} === null ? ${failed} : ${N.vErrors}.concat(${failed})`);
        gen.assign(N.errors, _`${N.vErrors}.length`);
      });
      cxt.ok(_`${failed} === null`);
    },
  };
}
