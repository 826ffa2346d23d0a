/**
 * "Track these rows as actions": a repeating group's `x-actions` (engine/review/model.ts's
 * ActionsMarking), naming which of its rows' questions is the action (text), its owner (text: an
 * ICS worker id) and its due date (a date). Only questions of the right kind are offered; a group
 * that lacks one is told, in words, what it lacks. Once the record completes its review stages
 * (or at submit, when it has none), each row becomes an action tracked to closure.
 */
import type { ActionsMarking } from '../../engine/review/model.js';
import { parentOf } from './data-paths.js';
import { Draft } from './draft.js';
import { isObject, own, q, type JsonObject } from './json.js';
import { guessKind } from './kinds.js';
import { labelOfLoc, type Loc, type Tree } from './locate.js';
import { viewTree } from './outline.js';
import { eachNode } from './schema-walk.js';
import { DesignError, type Definition, type EditResult, type NodePath, type PaletteKind } from './types.js';

export const ACTIONS_KEYWORD = 'x-actions';
/** How many repeating groups of one form may be tracked as actions. */
export const ACTIONS_MAX = 3;

export type ActionsPart = keyof ActionsMarking;
export type { ActionsMarking };

/** The kinds of question each part of an action may be. */
const FITS: Record<ActionsPart, ReadonlySet<PaletteKind>> = {
  action: new Set(['short-text', 'long-text']),
  owner: new Set(['short-text', 'person-id']),
  due: new Set(['date']),
};

export const PART_WORDS: Record<ActionsPart, string> = {
  action: 'The action',
  owner: "Who owns it (their ICS worker id)",
  due: 'When it is due',
};

/** A question of the group's rows, by its name in the row. */
export interface RowQuestion {
  name: string;
  label: string;
}

export interface ActionsChoices {
  /** The questions each part can be, in the rows' order. */
  action: RowQuestion[];
  owner: RowQuestion[];
  due: RowQuestion[];
  /** What the rows lack, in words (empty when each part has a question). */
  missing: string[];
}

function groupAt(def: Definition, path: NodePath): { v: Definition; tree: Tree; loc: Loc; field: string; label: string } {
  const { def: v, tree } = viewTree(def);
  const loc = tree.byPath.get(path.endsWith('.d') ? path.slice(0, -2) : path);
  if (!loc) throw new DesignError('That part of the form no longer exists; the outline may be out of date.');
  if (loc.kind !== 'repeatable-group' || !loc.field || !loc.schema) throw new DesignError('Only a repeating group’s rows can be tracked as actions.');
  return { v, tree, loc, field: loc.field, label: labelOfLoc(v, loc) };
}

/** Can the group at `path` be tracked as actions? (A repeating group, not inside another group's rows.) */
export function canTrackActions(def: Definition, path: NodePath): boolean {
  try {
    return !groupAt(def, path).field.includes('/*');
  } catch {
    return false;
  }
}

/** The questions of the group's rows (directly in a row), each with its kind. */
function rowQuestions(v: Definition, tree: Tree, field: string): Array<RowQuestion & { kind: PaletteKind }> {
  const out: Array<RowQuestion & { kind: PaletteKind }> = [];
  for (const l of tree.all) {
    if (l.kind !== 'field' || !l.field || !l.schema || parentOf(l.field).parent !== `${field}/*`) continue;
    const name = parentOf(l.field).name;
    if (out.some((x) => x.name === name)) continue;
    out.push({ name, label: labelOfLoc(v, l), kind: guessKind(v.schema as JsonObject, l.schema, l.el) });
  }
  return out;
}

/** The questions of the group's rows each part of an action can be, and what is missing, in words. */
export function actionsChoices(def: Definition, path: NodePath): ActionsChoices {
  const { v, tree, field, label } = groupAt(def, path);
  const questions = rowQuestions(v, tree, field);
  const of = (part: ActionsPart) => questions.filter((x) => FITS[part].has(x.kind)).map(({ name, label: l }) => ({ name, label: l }));
  const choices: ActionsChoices = { action: of('action'), owner: of('owner'), due: of('due'), missing: [] };
  const texts = new Set([...choices.action, ...choices.owner].map((x) => x.name));
  if (choices.action.length === 0) choices.missing.push(`a short or long text question for the action itself`);
  if (choices.owner.length === 0) choices.missing.push(`a short text or person id question for the owner's ICS worker id`);
  else if (choices.action.length > 0 && texts.size < 2) choices.missing.push(`a second text question, so that the action and its owner are different questions`);
  if (choices.due.length === 0) choices.missing.push(`a date question for when it is due`);
  if (choices.missing.length) choices.missing = choices.missing.map((m) => `${q(label)} needs ${m}.`);
  return choices;
}

/** Which questions of the rows the group tracks as actions, or null when it does not. */
export function actionsOf(def: Definition, path: NodePath): ActionsMarking | null {
  const raw = own(groupAt(def, path).loc.schema!, ACTIONS_KEYWORD);
  if (!isObject(raw)) return null;
  const text = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : '');
  return { action: text('action'), owner: text('owner'), due: text('due') };
}

/** A first guess for each part: a question named like it, else the first that fits (the action and owner different). */
export function guessActions(choices: ActionsChoices): ActionsMarking | null {
  if (choices.missing.length) return null;
  const pick = (list: RowQuestion[], like: RegExp, not?: string) => (list.find((x) => like.test(x.name) && x.name !== not) ?? list.find((x) => x.name !== not))?.name ?? '';
  const action = pick(choices.action, /action/i);
  const owner = pick(choices.owner, /owner|worker/i, action);
  return { action, owner, due: pick(choices.due, /due/i) };
}

/** Tracks the group's rows as actions with `marking`, or stops (`null`). */
export function setActions(def: Definition, path: NodePath, marking: ActionsMarking | null): EditResult {
  const { field, label } = groupAt(def, path);
  const d = new Draft(def);
  const node = d.own(field);
  if (marking === null) {
    delete node[ACTIONS_KEYWORD];
    return d.result();
  }
  if (field.includes('/*')) throw new DesignError(`${q(label)} is inside another repeating group's rows, so its rows cannot be tracked as actions.`);
  const choices = actionsChoices(def, path);
  if (choices.missing.length) throw new DesignError(choices.missing.join(' '));
  for (const part of ['action', 'owner', 'due'] as const) {
    const name = marking[part];
    if (!choices[part].some((x) => x.name === name)) throw new DesignError(`Choose ${PART_WORDS[part].charAt(0).toLowerCase()}${PART_WORDS[part].slice(1)} from the questions of ${q(label)}'s rows.`);
  }
  if (marking.action === marking.owner) throw new DesignError(`${q(choices.action.find((x) => x.name === marking.action)!.label)} cannot be both the action and who owns it; choose two different questions.`);
  let tracked = 0;
  eachNode(d.schema, (n, at) => {
    if (at !== field && isObject(own(n, ACTIONS_KEYWORD))) tracked++;
  });
  if (tracked >= ACTIONS_MAX) throw new DesignError(`A form can track at most ${ACTIONS_MAX} repeating groups as actions; stop tracking another group first.`);
  node[ACTIONS_KEYWORD] = { action: marking.action, owner: marking.owner, due: marking.due };
  return d.result();
}
