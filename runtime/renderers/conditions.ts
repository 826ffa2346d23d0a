/**
 * Display rules (SHOW/HIDE/ENABLE/DISABLE) without `new Function`. JSON Forms evaluates a rule's
 * schema condition with `ajv.validate(schema, value)`, and ajv compiles to code, which our
 * Content-Security-Policy forbids. This stands in for ajv with @cfworker/json-schema, which
 * interprets schemas instead. Pass `conditionsAsAjv` as `<JsonForms ajv={…}>` (always with
 * `validationMode="NoValidation"`: answers are validated by the server, not here).
 */
import { Validator, type Schema } from '@cfworker/json-schema';
import type { isVisible, JsonSchema } from '@jsonforms/core';

export interface ConditionValidator {
  /** Whether `data` satisfies the rule's `schema`, as ajv would answer. */
  validate(schema: JsonSchema | boolean, data: unknown): boolean;
  /** Never used with `NoValidation`; throws so that a wrong setting is noticed at once. */
  compile(schema: JsonSchema): never;
}

// One Validator per condition schema object: the UI schema is parsed once per form, so its
// condition objects are stable and each is prepared once, then dropped with the form.
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

/**
 * What ajv answers for a value that is not there (a question not yet answered): `type`,
 * `const` and `enum` fail, every type-specific keyword passes, combinators combine.
 * cfworker refuses `undefined`, and rules about unanswered questions are common
 * (`{ "not": { "const": "HELD" } }` must hold before the status is chosen).
 */
function acceptsMissing(schema: JsonSchema | boolean | undefined): boolean {
  if (schema === undefined || typeof schema === 'boolean') return schema !== false;
  if (schema.type !== undefined || schema.const !== undefined || schema.enum !== undefined) return false;
  if (schema.not !== undefined && acceptsMissing(schema.not)) return false;
  if (schema.allOf && !schema.allOf.every((s) => acceptsMissing(s))) return false;
  if (schema.anyOf && !schema.anyOf.some((s) => acceptsMissing(s))) return false;
  if (schema.oneOf && schema.oneOf.filter((s) => acceptsMissing(s)).length !== 1) return false;
  if ('if' in schema && schema.if !== undefined) {
    const branch = acceptsMissing(schema.if) ? schema.then : schema.else;
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
