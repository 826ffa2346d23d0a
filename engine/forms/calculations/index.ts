/** Calculated answers (`x-calculate`): the formula language, its checker, evaluator and plan. Pure: bundled into the runtime and designer. */
export type { CalcType, ValueType, FormulaProblem } from './language.js';
export { checkFormula, fieldsForFormulas, type CheckedFormula } from './check.js';
export { CALC_FUNCTIONS, type CalcFunction } from './functions.js';
export { evaluateFormula, londonToday, type CalcEnv } from './evaluate.js';
export { applyCalculations, calculationPlan, type CalculationPlan } from './plan.js';
