/**
 * A choice question whose options come from a shared option list: `"x-option-list": { id, version }`
 * on the node holding the options (the question's own node for one choice, its `items` for
 * "choose several"). The engine expands the reference on every save; the designer writes the
 * list's options as the embedded `oneOf` as well, so the preview shows them at once and the
 * form's change analysis sees an update to a newer list version as any edit of options.
 */
import { Draft } from './draft.js';
import { fieldProps, setFieldProps } from './field-props.js';
import { q, type JsonObject } from './json.js';
import { OPTION_LIST_KEY } from './kinds.js';
import { DesignError, type Definition, type EditResult, type FixedPaths, type NodePath, type Option, type OptionListRef } from './types.js';

/** One version of a shared list, as the designer needs it. */
export interface SharedListVersion extends OptionListRef {
  name: string;
  options: Option[];
}

/** The schema node that holds the question's options, made this question's own (see Draft.own). */
function optionsNode(d: Draft, path: NodePath, multiple: boolean): JsonObject {
  const field = d.loc(path).field;
  if (field === undefined) throw new DesignError('Only a choice question can take its options from a shared list.');
  return d.own(multiple ? `${field}/*` : field);
}

/** The choice question at `path` (its label and whether it is "choose several"), or a refusal in words. */
function choiceAt(def: Definition, path: NodePath): { label: string; multiple: boolean; ref: OptionListRef | undefined } {
  const props = fieldProps(def, path);
  if (props.kind !== 'single-choice' && props.kind !== 'multiple-choice') {
    throw new DesignError(`${q(props.label)} is not a choice question: only "one choice" and "choose several" questions can take their options from a shared list.`);
  }
  return { label: props.label, multiple: props.kind === 'multiple-choice', ref: props.optionList };
}

/**
 * Makes the question take its options from `list` (choosing a list, or updating to a newer
 * version of the one it uses): the options are written as for any edit of options (so removing
 * one a published version holds is said to be breaking, and a default no longer offered goes),
 * and the reference is set. `fixed`: as for setFieldProps.
 */
export function adoptOptionList(def: Definition, path: NodePath, list: SharedListVersion, follow: { fixed?: FixedPaths } = {}): EditResult {
  const { label, multiple, ref } = choiceAt(def, path);
  if (!Number.isInteger(list.version) || list.version < 1) throw new DesignError(`There is no version ${list.version} of the shared list ${q(list.name)}.`);
  if (list.options.length === 0) throw new DesignError(`The shared list ${q(list.name)} has no options.`);
  // Without the reference for a moment, so that setFieldProps takes the new options.
  const loose = new Draft(def);
  const looseNode = optionsNode(loose, path, multiple);
  if (looseNode.type !== 'string') throw new DesignError(`${q(label)} stores ${looseNode.type === 'boolean' ? 'yes or no' : 'numbers'}, and a shared list's codes are text: add a new choice question for the list instead.`);
  delete looseNode[OPTION_LIST_KEY];
  const written = setFieldProps(loose.definition, path, { options: list.options }, follow);

  const d = new Draft(written.definition);
  optionsNode(d, path, multiple)[OPTION_LIST_KEY] = { id: list.id, version: list.version };
  d.touch();
  for (const n of [...loose.notes, ...written.notes]) d.note(n);
  if (ref?.id === list.id) {
    if (ref.version !== list.version) d.note(`${q(label)} now uses version ${list.version} of the shared list ${q(list.name)} (it used version ${ref.version}).`);
  } else d.note(`${q(label)} now takes its options from the shared list ${q(list.name)}, version ${list.version}.`);
  return d.result();
}

/**
 * The question keeps the options it has but no longer follows the list: they become the
 * question's own, to change here, and a newer version of the list no longer reaches it.
 */
export function stopUsingOptionList(def: Definition, path: NodePath, listName?: string): EditResult {
  const { label, multiple, ref } = choiceAt(def, path);
  if (!ref) return { definition: def, notes: [] };
  const d = new Draft(def);
  delete optionsNode(d, path, multiple)[OPTION_LIST_KEY];
  d.touch();
  d.note(`${q(label)} now has its own copy of the options of ${listName ? q(listName) : `the shared list ${q(ref.id)}`} (version ${ref.version}): change them here; newer versions of the list no longer reach it.`);
  return d.result();
}
