/**
 * Display rules (SHOW/HIDE/ENABLE/DISABLE), evaluated exactly as the runtime shows them, by the
 * runtime and the server alike. JSON Forms decides a rule with its `isVisible` and a rule's schema
 * condition with `ajv.validate(schema, value)`; ajv compiles to code, which the runtime's
 * Content-Security-Policy forbids, so `conditions` stands in for ajv with @cfworker/json-schema,
 * which interprets schemas. The runtime passes `conditionsAsAjv` as `<JsonForms ajv={…}>` (always
 * with `validationMode="NoValidation"`: answers are validated by the server); the server calls
 * `isShown`, which is JSON Forms' own `isVisible` with the same stand-in. Framework-free.
 */
import { Validator, type Schema } from '@cfworker/json-schema';
import { isVisible, type JsonSchema, type UISchemaElement } from '@jsonforms/core';

export interface ConditionValidator {
  /** Whether `data` satisfies the rule's `schema`, as ajv would answer. */
  validate(schema: JsonSchema | boolean, data: unknown): boolean;
  /** Never used with `NoValidation`; throws so that a wrong setting is noticed at once. */
  compile(schema: JsonSchema): never;
}

// One Validator per condition schema object: a UI schema is parsed once per form (in the browser)
// or per cached version (on the server), so its condition objects are stable and each is prepared
// once, then dropped with the form.
const validators = new WeakMap<object, Validator>();

function validatorFor(schema: JsonSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    // A copy: cfworker annotates the schema it is given, and ours may be frozen or shared.
    // Short-circuit: a rule only needs yes or no, not every error.
    validator = new Validator(structuredClone(schema) as Schema, '7', true);
    validators.set(schema, validator);
  }
  return validator;
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
    return validatorFor(schema).validate(data).valid;
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
 * Whether a display rule lets `element` show, given all the answers (`data`, the whole record)
 * and the data path of what holds it (`''` at the top, `actions.1` inside the second row of a
 * repeatable group: a row's rules name fields of the row). Only the element's own rule counts;
 * what holds it is asked separately. ENABLE/DISABLE never hide.
 */
export function isShown(element: UISchemaElement, data: unknown, path = ''): boolean {
  return isVisible(element, data, path, conditionsAsAjv, undefined);
}
