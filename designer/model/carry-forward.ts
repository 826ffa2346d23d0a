/**
 * "Fill in from an earlier record": a question's `x-carry-forward` (engine/forms/carry-forward.ts),
 * set without JSON. The source is a question of this form or of another published form whose
 * kind of answer fits (a repeating group from a repeating group); questions inside a group's rows
 * cannot be filled in this way, only the group as a whole.
 */
import { CARRY_KEYWORD, carryKind, kindFits, sourcePath, type CarryKind } from '../../engine/forms/carry-forward.js';
import { fieldLabels, labelOf } from '../../engine/forms/labels.js';
import { FORM_ID_PATTERN } from '../../engine/forms/model.js';
import { resolveRef } from '../../engine/forms/schema-paths.js';
import { itemsOf } from './kinds.js';
import { Draft } from './draft.js';
import { isObject, own, q, type JsonObject } from './json.js';
import { labelOfLoc } from './locate.js';
import { viewTree } from './outline.js';
import { DesignError, type Definition, type EditResult, type NodePath } from './types.js';

export interface CarrySetting {
  /** JSON Pointer of the answer in the source form's records. */
  from: string;
  /** The source form; this form when left out. */
  form?: string;
}

/** A question an answer can be filled in from. */
export interface CarryChoice {
  pointer: string;
  label: string;
}

function questionAt(def: Definition, path: NodePath): { field: string; schema: JsonObject; label: string; kind: CarryKind } {
  const { def: v, tree } = viewTree(def);
  const loc = tree.byPath.get(path.endsWith('.d') ? path.slice(0, -2) : path);
  if (!loc) throw new DesignError('That part of the form no longer exists; the outline may be out of date.');
  if (!loc.field || !loc.schema) throw new DesignError('Only a question or a repeatable group can be filled in from an earlier record.');
  const items = loc.schema.type === 'array' ? itemsOf(v.schema as JsonObject, loc.schema) : undefined;
  return { field: loc.field, schema: loc.schema, label: labelOfLoc(v, loc), kind: carryKind(loc.schema, items ?? undefined) };
}

/** Can the question at `path` be filled in from an earlier record at all? (Not inside a group's rows, not a section.) */
export function canCarry(def: Definition, path: NodePath): boolean {
  try {
    const { field, kind } = questionAt(def, path);
    return !field.includes('/*') && kind !== 'section' && kind !== 'files';
  } catch {
    return false;
  }
}

/** Where the question at `path` is filled in from, if anywhere. */
export function carryOf(def: Definition, path: NodePath): CarrySetting | null {
  const value = own(questionAt(def, path).schema, CARRY_KEYWORD);
  if (!isObject(value) || typeof value.from !== 'string') return null;
  return { from: value.from, ...(typeof value.form === 'string' ? { form: value.form } : {}) };
}

/** Every answer of `source` outside repeating groups' rows, with its label and kind, in the schema's order. */
function answersOf(source: Definition): Array<CarryChoice & { kind: CarryKind }> {
  const root = source.schema as JsonObject;
  const labels = fieldLabels(root, source.uischema as JsonObject);
  const out: Array<CarryChoice & { kind: CarryKind }> = [];
  const walk = (node: JsonObject, at: string, depth: number) => {
    const props = own(node, 'properties');
    if (depth > 16 || !isObject(props)) return;
    for (const [name, raw] of Object.entries(props)) {
      const child = resolveRef(root, raw);
      if (!child) continue;
      const pointer = `${at}/${name}`;
      const kind = carryKind(child, child.type === 'array' ? (resolveRef(root, child.items) ?? undefined) : undefined);
      if (kind === 'section') walk(child, pointer, depth + 1);
      else out.push({ pointer, label: labelOf(labels, pointer), kind });
    }
  };
  walk(root, '', 0);
  return out;
}

/** The questions of `source` (a form's definition) the question at `path` can be filled in from. */
export function carryChoices(def: Definition, path: NodePath, source: Definition): CarryChoice[] {
  const { kind } = questionAt(def, path);
  return answersOf(source)
    .filter((a) => kindFits(a.kind, kind))
    .map(({ pointer, label }) => ({ pointer, label }));
}

/** The label of the answer at `pointer` in `source`, or null when there is none. */
export function answerLabel(source: Definition, pointer: string): string | null {
  return answersOf(source).find((a) => a.pointer === pointer)?.label ?? null;
}

/** Fills the question at `path` in from `setting`, or stops doing so (`null`). */
export function setCarry(def: Definition, path: NodePath, setting: CarrySetting | null): EditResult {
  const { field, label, kind } = questionAt(def, path);
  const d = new Draft(def);
  const node = d.own(field);
  if (setting === null) {
    delete node[CARRY_KEYWORD];
    return d.result();
  }
  if (field.includes('/*')) throw new DesignError(`${q(label)} is in a repeatable group's rows: fill in the whole group from an earlier record instead.`);
  if (kind === 'section') throw new DesignError(`${q(label)} is a section; fill in its questions one by one.`);
  if (typeof setting.from !== 'string' || sourcePath(setting.from) === null) throw new DesignError(`Choose the question ${q(label)} is filled in from.`);
  if (setting.form !== undefined && !FORM_ID_PATTERN.test(setting.form)) throw new DesignError('Choose the form it is filled in from.');
  node[CARRY_KEYWORD] = { from: setting.from, ...(setting.form !== undefined ? { form: setting.form } : {}) };
  return d.result();
}
