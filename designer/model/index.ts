/**
 * The designer model: the framework-free core of the form designer. Read a definition as an
 * outline, and change it with pure functions that each return a new definition (the input is
 * never changed) or throw a `DesignError` whose message is a sentence for the analyst.
 *
 * Paths: see paths.ts. Data pointers (`/header/childId`, `/actions/*\/dueDate`): data-paths.ts.
 * Rules and what each comparison means: rules.ts. "Required when shown": required.ts. Names in
 * the data, and names that follow their labels until published: rename.ts.
 */
import { SCHEMA_DIALECT } from '../../engine/forms/model.js';
import type { Definition } from './types.js';

export * from './types.js';
export { outline, nodeAt, outlineFields } from './outline.js';
export { addField, addGuidance, addSection, addRow, addPage, addRepeatableGroup } from './add.js';
export { move, moveUp, moveDown } from './move.js';
export { remove } from './remove.js';
export { fieldProps, setFieldProps, setLabel } from './field-props.js';
export { adoptOptionList, stopUsingOptionList, type SharedListVersion } from './option-lists.js';
export { renameField, dataName, fixedPaths, renamedPointer, renamesBetween } from './rename.js';
export { History } from './history.js';
export { ruleOf, setRule, fieldsBefore } from './rules.js';
export { CHECK_OPS, canCompareWithNow, checkGroupLabel, checkTargets, fieldChecks, setFieldChecks, type CheckOp, type CheckTarget, type FieldCheck } from './checks.js';
export { pathOfPointer } from './pointers.js';
export { parsePath, formatPath } from './paths.js';
export { nameFromLabel, uniqueName } from './names.js';
export {
  calculationOf,
  checkCalculation,
  fits,
  formulaFields,
  formulaOf,
  pickFunctions,
  pickOf,
  resultWords,
  setFormula,
  typedFor,
  FORMULA_MAX_LENGTH,
  type Calculation,
  type FormulaField,
  type Pick,
  type PickFunction,
  type PickInput,
  type PickParam,
} from './calculations.js';
export { formulaName, formulaNames, renameInFormula } from './formula-names.js';
export { guessKind, CALCULATE_KEY, ICS_ID_PATTERN, OPTION_LIST_KEY, RADIO_LIMIT } from './kinds.js';
export { describeOverlap, mergeDefinitions, type DefinitionMerge } from './merge.js';

/** A new, empty form: no fields, no pages. */
export function emptyDefinition(): Definition {
  return {
    schema: { $schema: SCHEMA_DIALECT, type: 'object', properties: {}, additionalProperties: false },
    uischema: { type: 'VerticalLayout', elements: [] },
  };
}
export { answerLabel, canCarry, carryChoices, carryOf, setCarry, type CarryChoice, type CarrySetting } from './carry-forward.js';
export { prefillLabel, prefillOf, prefillOptions, setPrefill, type PrefillChoice } from './prefill.js';
export {
  DUE_DAYS_MAX,
  DUE_DAYS_MIN,
  RELATIONSHIPS,
  RELATIONSHIP_WORDS,
  REVIEW_KEYWORD,
  ROLE_WORDS,
  SIGN_OFF_LABEL_MAX,
  STAGE_NAME_MAX,
  STAGE_ROLES,
  addStage,
  moveStage,
  publishedStageIds,
  removeStage,
  reviewOf,
  sectionChoices,
  setDeliverAt,
  stageIdOf,
  uniqueStageId,
  updateStage,
  type DeliverAt,
  type Relationship,
  type ReviewDefinition,
  type SectionChoice,
  type StageDefinition,
  type StagePatch,
  type StageRole,
} from './review.js';
export { ACTIONS_KEYWORD, ACTIONS_MAX, PART_WORDS, actionsChoices, actionsOf, canTrackActions, guessActions, setActions, type ActionsChoices, type ActionsMarking, type ActionsPart, type RowQuestion } from './actions.js';
export {
  INTERVAL_UNITS,
  MAX_MEASURE_ANSWERS,
  MEASURES_KEYWORD,
  SCHEDULE_KEYWORD,
  choiceQuestions,
  dateQuestions,
  measuresOf,
  scheduleOf,
  scheduleRule,
  setAgreement,
  setMeasured,
  setSchedule,
  type IntervalUnit,
  type QuestionChoice,
  type SchedulePatch,
  type SchedulePer,
  type ScheduleSetting,
} from './schedule.js';
