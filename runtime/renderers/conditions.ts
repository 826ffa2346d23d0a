/**
 * Display rules without `new Function`: the engine's evaluator (engine/forms/visibility.ts), the
 * same one the server uses to leave answers to hidden questions out of a submitted record, so
 * what the form hides here is exactly what the server treats as hidden. Pass `conditionsAsAjv`
 * as `<JsonForms ajv={…}>` (always with `validationMode="NoValidation"`).
 */
export { conditions, conditionsAsAjv, isShown, type ConditionValidator } from '../../engine/forms/visibility.js';
