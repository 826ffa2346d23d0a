/**
 * Display rules (SHOW/HIDE/ENABLE/DISABLE), evaluated exactly as the runtime shows them, by the
 * runtime and the server alike. JSON Forms decides a rule with its `isVisible` and a rule's schema
 * condition with `ajv.validate(schema, value)`; ajv compiles to code, which the runtime's
 * Content-Security-Policy forbids, so `conditions` stands in for ajv with @cfworker/json-schema,
 * which interprets schemas. The runtime passes `conditionsAsAjv` as `<JsonForms ajv={…}>` (always
 * with `validationMode="NoValidation"`: answers are validated by the server). The server asks
 * `isShown`/`visibilityTest`: JSON Forms' `isVisible` with the same stand-in, rule by rule, made
 * ready once (tests pin the two to stock JSON Forms with ajv for any rule and answers). Nothing
 * here loads JSON Forms itself, so a server or worker process does not pay for it.
 */
import { Validator, type Schema } from '@cfworker/json-schema';
import type { isVisible, JsonSchema, UISchemaElement } from '@jsonforms/core';

export interface ConditionValidator {
  /** Whether `data` satisfies the rule's `schema`, as ajv would answer. */
  validate(schema: JsonSchema | boolean, data: unknown): boolean;
  /** Never used with `NoValidation`; throws so that a wrong setting is noticed at once. */
  compile(schema: JsonSchema): never;
}

// One test per condition schema object: a UI schema is parsed once per form (in the browser) or
// per cached version (on the server), so its condition objects are stable and each is prepared
// once, then dropped with the form.
const tests = new WeakMap<object, (value: unknown) => boolean>();

const isPrimitive = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * The test of a (present) value against a condition schema. The commonest conditions — one
 * value, one of a list of values, or not one of them, as the designer writes them — are plain
 * comparisons (for primitives JSON Schema's equality is `===`); every other schema is
 * interpreted by cfworker. Tests pin the two to ajv's answers.
 */
function testFor(schema: JsonSchema): (value: unknown) => boolean {
  let test = tests.get(schema);
  if (!test) {
    test = simpleTest(schema) ?? cfworkerTest(schema);
    tests.set(schema, test);
  }
  return test;
}

function cfworkerTest(schema: JsonSchema): (value: unknown) => boolean {
  // A copy: cfworker annotates the schema it is given, and ours may be frozen or shared.
  // Short-circuit: a rule only needs yes or no, not every error.
  const validator = new Validator(structuredClone(schema) as Schema, '7', true);
  return (value) => validator.validate(value).valid;
}

/** `{ const }`, `{ enum }` of primitives, or `{ not: … }` of one of those; null for anything else. */
function simpleTest(schema: unknown): ((value: unknown) => boolean) | null {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return null;
  const keys = Object.keys(schema);
  if (keys.length !== 1) return null;
  const s = schema as Record<string, unknown>;
  if (keys[0] === 'const' && isPrimitive(s.const)) {
    const c = s.const;
    return (v) => v === c;
  }
  if (keys[0] === 'enum' && Array.isArray(s.enum) && s.enum.every(isPrimitive)) {
    const list = s.enum as unknown[];
    return (v) => list.includes(v);
  }
  if (keys[0] === 'not') {
    const inner = simpleTest(s.not);
    return inner && ((v) => !inner(v));
  }
  return null;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * What ajv answers for a value that is not there (a question not yet answered): `type`,
 * `const` and `enum` fail, every type-specific keyword passes, combinators combine.
 * cfworker refuses `undefined`, and rules about unanswered questions are common
 * (`{ "not": { "const": "HELD" } }` must hold before the status is chosen). Own properties
 * only: the designer asks this of definitions nobody has checked yet.
 */
export function acceptsMissing(schema: unknown): boolean {
  if (schema === undefined || typeof schema === 'boolean') return schema !== false;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return true;
  const s = schema as Record<string, unknown>;
  const at = (k: string) => (hasOwn(s, k) ? s[k] : undefined);
  if (at('type') !== undefined || at('const') !== undefined || at('enum') !== undefined) return false;
  const not = at('not');
  if (not !== undefined && acceptsMissing(not)) return false;
  const allOf = at('allOf');
  if (Array.isArray(allOf) && !allOf.every(acceptsMissing)) return false;
  const anyOf = at('anyOf');
  if (Array.isArray(anyOf) && !anyOf.some(acceptsMissing)) return false;
  const oneOf = at('oneOf');
  if (Array.isArray(oneOf) && oneOf.filter(acceptsMissing).length !== 1) return false;
  const cond = at('if');
  if (cond !== undefined) {
    const branch = acceptsMissing(cond) ? at('then') : at('else');
    if (branch !== undefined && !acceptsMissing(branch)) return false;
  }
  return true;
}

export const conditions: ConditionValidator = {
  validate(schema, data) {
    if (typeof schema === 'boolean') return schema;
    if (data === undefined) return acceptsMissing(schema);
    return testFor(schema)(data);
  },
  compile() {
    throw new Error('Caseforms renders JSON Forms with validationMode="NoValidation": answers are validated by the server, so no schema is compiled in the browser.');
  },
};

/** The ajv instance type that JSON Forms' `ajv` prop and `isVisible` expect. */
type JsonFormsAjv = Parameters<typeof isVisible>[3];

/**
 * The same object typed as JSON Forms expects its `ajv` prop and `isVisible` its argument
 * (`<JsonForms ajv={conditionsAsAjv}>`): JSON Forms calls only `validate` (rules) and
 * `compile` (validation, which NoValidation switches off).
 */
export const conditionsAsAjv = conditions as unknown as JsonFormsAjv;


/**
 * The value JSON Forms' `resolveData` finds at `names` under `holder`: each step an own property
 * of a truthy value (so a string's characters count, as they do there).
 */
export function resolveIn(holder: unknown, names: readonly string[]): unknown {
  let cur = holder;
  for (const name of names) {
    if (!cur || !hasOwn(cur as object, name)) return undefined;
    cur = (cur as Record<string, unknown>)[name];
  }
  return cur;
}

/** A rule condition made ready to evaluate against the value at its element's path. */
type ConditionTest = (holder: unknown) => boolean;

/** Field names of a JSON Forms scope as `toDataPathSegments` reads it; null when it has none (the path itself). */
function scopeSegments(scope: unknown): string[] | null {
  if (typeof scope !== 'string') return null;
  const segments = scope.replace(/(anyOf|allOf|oneOf)\/[\d]+\//g, '').replace(/(then|else)\//g, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/, '~'));
  const start = segments[0] === '#' || segments[0] === '' ? 2 : 1;
  const names: string[] = [];
  for (let i = start; i < segments.length; i += 2) names.push(segments[i]!);
  return names.length ? names : null;
}

function conditionTest(condition: unknown, depth: number): ConditionTest {
  const c = (condition ?? {}) as Record<string, unknown>;
  if (depth > 32) throw new Error('A rule condition is nested too deep.');
  if (c.type === 'AND' || c.type === 'OR') {
    const parts = (Array.isArray(c.conditions) ? c.conditions : []).map((x) => conditionTest(x, depth + 1));
    return c.type === 'AND' ? (h) => parts.every((p) => p(h)) : (h) => parts.some((p) => p(h));
  }
  const names = scopeSegments(c.scope);
  const valueOf = names ? (h: unknown) => resolveIn(h, names) : (h: unknown) => h;
  if (c.type === 'LEAF') {
    const expected = c.expectedValue;
    return (h) => valueOf(h) === expected;
  }
  if (hasOwn(c, 'schema')) {
    // `conditions.validate`, with what it works out per schema worked out once.
    const schema = c.schema as JsonSchema | boolean;
    const ifMissing = !c.failWhenUndefined && (typeof schema === 'boolean' ? schema : acceptsMissing(schema));
    const test = typeof schema === 'boolean' ? () => schema : testFor(schema);
    return (h) => {
      const value = valueOf(h);
      return value === undefined ? ifMissing : test(value);
    };
  }
  // JSON Forms' validate-function conditions cannot be written in JSON; anything else holds.
  return () => true;
}

/**
 * `element`'s own display rule made ready once: a test of whether it lets the element show,
 * given the value at the element's path (`holder`: the whole record at the top, the row inside
 * a repeatable group) — exactly `isShown(element, record, path)` (tests pin the two together),
 * without JSON Forms' path handling, which costs several microseconds per rule. Null when the
 * element has no SHOW/HIDE rule, so always shows.
 */
export function visibilityTest(element: UISchemaElement): ((holder: unknown) => boolean) | null {
  const rule = element.rule as { effect?: unknown; condition?: unknown } | undefined;
  if (!rule || (rule.effect !== 'SHOW' && rule.effect !== 'HIDE')) return null;
  const holds = conditionTest(rule.condition, 0);
  return rule.effect === 'SHOW' ? holds : (h) => !holds(h);
}

/**
 * Whether a display rule lets `element` show, given all the answers (`data`, the whole record)
 * and the data path of what holds it (`''` at the top, `actions.1` inside the second row of a
 * repeatable group: a row's rules name fields of the row) — what JSON Forms' `isVisible` answers
 * with `conditionsAsAjv`. Only the element's own rule counts; what holds it is asked separately.
 * ENABLE/DISABLE never hide. (To ask many times, make the test once with `visibilityTest`.)
 */
export function isShown(element: UISchemaElement, data: unknown, path = ''): boolean {
  const test = visibilityTest(element);
  return test === null || test(path ? resolveIn(data, path.split('.')) : data);
}
