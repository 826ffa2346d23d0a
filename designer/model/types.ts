/**
 * The designer's view of a form definition (JSON Schema + JSON Forms UI schema) and the edits an
 * analyst makes to it. Framework-free: the React app in designer/ calls these pure functions;
 * every edit returns a new definition and never mutates the one it was given.
 */
import type { FileType } from '../../engine/files/model.js';

export interface Definition {
  schema: Record<string, unknown>;
  uischema: Record<string, unknown>;
}

/** Where a layout element is: indexes into `elements` arrays from the UI schema root (detail layouts included, see `NodePath`). */
export type NodePath = string;

/** The kinds of thing an analyst adds from the palette. */
export type PaletteKind =
  | 'short-text'
  | 'long-text'
  | 'number'
  | 'date'
  | 'date-time'
  | 'time'
  | 'yes-no'
  | 'single-choice'
  | 'multiple-choice'
  | 'email'
  | 'person-id'
  | 'calculated'
  | 'files'
  | 'guidance'
  | 'section'
  | 'page'
  | 'repeatable-group';

export type NodeKind = 'form' | 'page' | 'section' | 'row' | 'field' | 'repeatable-group' | 'guidance';

export interface DesignNode {
  path: NodePath;
  kind: NodeKind;
  /** What the analyst sees in the outline: the label, or the guidance text's start. */
  label: string;
  /** For fields and repeatable groups: the palette kind it reads as (best guess for imported definitions). */
  fieldKind?: PaletteKind;
  /** For fields and repeatable groups: JSON Pointer of the answer in the data (`/header/childId`). */
  dataPointer?: string;
  required?: boolean;
  /** Has a display rule (show/hide/enable/disable). */
  hasRule?: boolean;
  children: DesignNode[];
}

export interface Option {
  label: string;
  /** What is stored and sent to the ICS. */
  code: string;
}

/** A choice's options taken from a version of a shared option list (`x-option-list`). */
export interface OptionListRef {
  id: string;
  version: number;
}

/** Everything the properties panel edits for one field. Absent = not set. */
export interface FieldProps {
  label: string;
  hint?: string;
  required: boolean;
  readOnly: boolean;
  default?: string | number | boolean;
  /** Text: length limits and pattern. */
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /**
   * Short text and person ids: a named format (`nhs-number`, `uk-postcode`…:
   * engine/validation/named-formats.ts), instead of a pattern. A person id with the ICS id
   * pattern reads as `ics-person-id`.
   */
  format?: string;
  /** What people are told when an answer does not match the format or pattern (`x-format-message`). */
  formatMessage?: string;
  /** A right answer (the schema's first `examples`), quoted in the message people see. */
  example?: string;
  /**
   * Numbers: lowest and highest values. Dates (format `date`): earliest and latest days as
   * YYYY-MM-DD, kept in the schema as `formatMinimum`/`formatMaximum`.
   */
  minimum?: number | string;
  maximum?: number | string;
  /** Choices. */
  options?: Option[];
  /** Single choice: radios or a dropdown. */
  display?: 'radios' | 'dropdown';
  /** Repeatable group: row limits. */
  minItems?: number;
  maxItems?: number;
  /** A File upload question: the types of file it takes (FILE_TYPES' names). */
  fileTypes?: FileType[];
  /** A File upload question: the most size per file, in MB (1 MB = 1,048,576 bytes); none: the server's largest. */
  maxFileSizeMb?: number;
  /**
   * Read only (ignored by `setFieldProps`): the kind the field reads as; whether a display rule
   * can hide it (then `required` means "required when shown"); whether the schema also makes it
   * required under a condition of its own that the designer does not edit (e.g. "evidence is
   * required when the answer is No"); and which of the settings above apply to this kind.
   */
  kind?: PaletteKind;
  /** Choices whose options come from a shared list: which list and version (read only; see option-lists.ts). */
  optionList?: OptionListRef;
  requiredWhenShown?: boolean;
  requiredByCondition?: boolean;
  settable?: Array<keyof FieldProps>;
}

export type Comparison = 'equals' | 'not-equals' | 'one-of' | 'answered' | 'not-answered' | 'greater-than' | 'less-than';

export interface Condition {
  /** The field the rule looks at (its data pointer, e.g. `/overall/safeguardingConcern`). */
  field: string;
  comparison: Comparison;
  /** For equals/not-equals/greater/less: one value; for one-of: several. */
  value?: string | number | boolean;
  values?: Array<string | number | boolean>;
}

export interface RuleModel {
  effect: 'show' | 'hide' | 'enable' | 'disable';
  /** all: every condition must hold; any: one is enough. */
  combine: 'all' | 'any';
  conditions: Condition[];
}

/** An edit the designer refuses, in words for the analyst. */
export class DesignError extends Error {}

/** An answer kept under a new name: its data paths before and after (what is inside it moved with it). */
export interface Rename {
  from: string;
  to: string;
}

/**
 * Data paths whose names can no longer change because records may already use them (those of
 * every published version). Only `has` is read, so a set or a map from path to version will do.
 */
export interface FixedPaths {
  has(path: string): boolean;
}

/** What every edit returns: the new definition (never the same object changed in place) and what else the edit did, in words. */
export interface EditResult {
  definition: Definition;
  /** Sentences for the analyst about side effects (a rule removed with the field it depended on, a breaking change…). */
  notes: string[];
  /** Answers the edit renamed, in order (absent when none): what points at them from outside the definition can follow. */
  renamed?: Rename[];
}

/** An edit that placed or moved something: where it is now. */
export interface PlacedResult extends EditResult {
  path: NodePath;
}

/** A field a display rule may depend on, with what the rule editor needs to offer for it. */
export interface RuleField {
  /** Its data pointer: what `Condition.field` takes. */
  field: string;
  /** Where its Control is in the outline. */
  path: NodePath;
  label: string;
  kind: PaletteKind;
  /** Choices: the options (codes as text). */
  options?: Option[];
  /** The values a picker offers, typed as a condition takes them (option codes; true/false for yes-no). */
  choices?: Array<{ label: string; value: string | number | boolean }>;
  /** The comparisons that make sense for it. */
  comparisons: Comparison[];
}
