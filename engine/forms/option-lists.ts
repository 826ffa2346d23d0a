/**
 * Shared option lists: a named list of options (each a code the ICS knows and a label people
 * see) defined once and used by the choice questions of many forms. A list is a sequence of
 * immutable versions; a form pins the version it uses with `"x-option-list": { id, version }` on
 * the choice field's node, and the engine writes that version's options into the node (`oneOf`)
 * whenever a draft is saved or published, so a new list version changes no form until its draft
 * adopts it. Pure data and rules: no store, no HTTP.
 */
import { DefinitionRejectedError, InvalidRequestError, type FieldError } from '../errors.js';
import { contentHash } from '../json/canonical.js';
import { joinPointer } from '../json/pointer.js';
import { LIMITS } from '../policy/limits.js';
import { formFields } from './fields.js';
import { FORM_ID_PATTERN, type FormDefinition, type FormVersion, type JsonObject, type VersionStatus } from './model.js';
import { isObject, own } from './schema-paths.js';

/** The schema keyword that says where a choice field's options come from. */
export const OPTION_LIST_KEYWORD = 'x-option-list';

/** Same rule as form ids. */
export const OPTION_LIST_ID_PATTERN = FORM_ID_PATTERN;
/** Same rule as the designer's options editor. */
export const OPTION_CODE_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

export const OPTION_LIST_LIMITS = {
  /** As many as a form's option list may hold (the definition policy's limit), so every list can be used. */
  options: LIMITS.options,
  label: 200,
  name: 120,
  description: 500,
  changeNote: 500,
} as const;

export interface ListOption {
  code: string;
  label: string;
}

/** One version of a list: a full snapshot, never changed once saved. */
export interface OptionListVersion {
  listId: string;
  version: number;
  name: string;
  description: string;
  /** Owning team id. */
  team: string;
  options: ListOption[];
  changeNote: string;
  /** `sha256:` of the canonical JSON of `options`. */
  hash: string;
  createdBy: string;
  createdAt: string;
}

/** A list as the list of lists shows it: its newest version, and who made the list and when. */
export interface OptionListSummary {
  id: string;
  name: string;
  description: string;
  team: string;
  version: number;
  options: ListOption[];
  updatedBy: string;
  updatedAt: string;
  createdBy: string;
  createdAt: string;
}

/** What a form field says about the list it uses. */
export interface OptionListRef {
  id: string;
  version: number;
}

/** One form version whose question uses a list. */
export interface OptionListUse {
  formId: string;
  formTitle: string;
  version: number;
  status: VersionStatus;
  listVersion: number;
  /** The field path (`/ethnicity`, `/children/*\/ethnicity`). */
  fieldPath: string;
  /** The question's label. */
  field: string;
}

export type OptionListChangeKind = 'option-added' | 'option-removed' | 'option-label-changed';

/** What a new version of a list would change, option by option. */
export interface OptionListChange {
  kind: OptionListChangeKind;
  code: string;
  message: string;
  /** A removed code: a record that chose it would not be accepted by a form that moves to the new version. */
  breaking: boolean;
}

/** What an analyst gives for a version of a list (after the request's shape is checked). */
export interface OptionListContent {
  name: string;
  description?: string;
  team: string;
  options: ListOption[];
  changeNote?: string;
}

export function summaryOf(newest: OptionListVersion, first: Pick<OptionListVersion, 'createdBy' | 'createdAt'>): OptionListSummary {
  return {
    id: newest.listId,
    name: newest.name,
    description: newest.description,
    team: newest.team,
    version: newest.version,
    options: newest.options,
    updatedBy: newest.createdBy,
    updatedAt: newest.createdAt,
    createdBy: first.createdBy,
    createdAt: first.createdAt,
  };
}

export const optionsHash = (options: ListOption[]): string => contentHash(options);

const q = (s: string) => `“${s}”`;

/**
 * The rules a list's content keeps beyond its JSON shape, each refusal with a pointer into the
 * request: names and labels not blank, codes unique (and of the allowed characters).
 */
export function listContentProblems(content: OptionListContent): FieldError[] {
  const problems: FieldError[] = [];
  if (!content.name.trim()) problems.push({ pointer: '/name', message: 'Enter a name for the list, like “Ethnicity”.' });
  const seen = new Map<string, number>();
  content.options.forEach((o, i) => {
    if (!OPTION_CODE_PATTERN.test(o.code)) {
      problems.push({ pointer: `/options/${i}/code`, message: `Option ${i + 1}: a code is 1 to 40 letters, digits, hyphens or underscores (what the case recording system receives), like “WBRI”.` });
    } else if (seen.has(o.code)) {
      problems.push({ pointer: `/options/${i}/code`, message: `Option ${i + 1} has the code “${o.code}”, which option ${seen.get(o.code)! + 1} already has; each option needs its own code.` });
    } else seen.set(o.code, i);
    if (!o.label.trim()) problems.push({ pointer: `/options/${i}/label`, message: `Option ${i + 1}: enter the label people see for the code “${o.code}”.` });
  });
  return problems;
}

/** The content as stored: names and labels trimmed. Throws InvalidRequestError listing every problem. */
export function cleanListContent(content: OptionListContent, what: string): Required<OptionListContent> {
  const problems = listContentProblems(content);
  if (problems.length) throw new InvalidRequestError(`The ${what} is not valid.`, problems);
  return {
    name: content.name.trim(),
    description: (content.description ?? '').trim(),
    team: content.team,
    options: content.options.map((o) => ({ code: o.code, label: o.label.trim() })),
    changeNote: (content.changeNote ?? '').trim(),
  };
}

/** What moving a list from `before` to `after` options would change, in the new list's order, removals first. */
export function compareListOptions(before: ListOption[], after: ListOption[], listName: string): OptionListChange[] {
  const old = new Map(before.map((o) => [o.code, o]));
  const next = new Map(after.map((o) => [o.code, o]));
  const out: OptionListChange[] = [];
  for (const o of before) {
    if (!next.has(o.code)) {
      out.push({
        kind: 'option-removed',
        code: o.code,
        breaking: true,
        message: `The option ${q(o.label)} (code "${o.code}") is removed from ${q(listName)}: a form that moves to this version will no longer accept it, so records that chose it would need another answer.`,
      });
    }
  }
  for (const o of after) {
    const was = old.get(o.code);
    if (!was) out.push({ kind: 'option-added', code: o.code, breaking: false, message: `The option ${q(o.label)} (code "${o.code}") is added to ${q(listName)}.` });
    else if (was.label !== o.label) {
      out.push({ kind: 'option-label-changed', code: o.code, breaking: false, message: `The option "${o.code}" of ${q(listName)} is now called ${q(o.label)} (was ${q(was.label)}).` });
    }
  }
  return out;
}

/** The reference on a node, if it is well formed (the definition policy words what is wrong with one that is not). */
export function listRefOf(node: JsonObject): OptionListRef | null {
  const ref = own(node, OPTION_LIST_KEYWORD);
  if (!isObject(ref)) return null;
  const { id, version } = ref;
  if (typeof id !== 'string' || !OPTION_LIST_ID_PATTERN.test(id)) return null;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return null;
  return { id, version };
}

/** What is wrong with a node's `x-option-list` (its shape and where it stands), for the definition policy; null when nothing. */
export function listRefProblem(node: JsonObject, label: string): string | null {
  const ref = own(node, OPTION_LIST_KEYWORD);
  if (!isObject(ref) || Object.keys(ref).some((k) => k !== 'id' && k !== 'version')) {
    return `The shared list of "${label}" must be given as { "id": "…", "version": 1 } and nothing else.`;
  }
  if (typeof ref.id !== 'string' || !OPTION_LIST_ID_PATTERN.test(ref.id)) {
    return `The shared list of "${label}" must be named by its id: lower-case letters, digits and hyphens, starting with a letter (3 to 64 characters).`;
  }
  if (typeof ref.version !== 'number' || !Number.isInteger(ref.version) || ref.version < 1) {
    return `The shared list of "${label}" must say which version it uses: a whole number from 1.`;
  }
  if (own(node, 'type') !== 'string') return `Only a choice question whose answers are text can take its options from a shared list; "${label}" is not one.`;
  if (own(node, 'const') !== undefined || own(node, 'anyOf') !== undefined) {
    return `"${label}" takes its options from a shared list, so it cannot also have a fixed value or other conditions on its answer.`;
  }
  return null;
}

/** Each node that can be a field (properties, items, definitions), with its pointer in the schema; stops at the definition policy's depth. */
function eachFieldNode(schema: JsonObject, visit: (node: JsonObject, pointer: string) => void): void {
  const walk = (node: unknown, pointer: string, depth: number): void => {
    if (!isObject(node) || depth > LIMITS.jsonDepth) return;
    visit(node, pointer);
    const props = own(node, 'properties');
    if (isObject(props)) for (const [k, v] of Object.entries(props)) walk(v, joinPointer(pointer, 'properties', k), depth + 1);
    const items = own(node, 'items');
    if (isObject(items)) walk(items, joinPointer(pointer, 'items'), depth + 1);
  };
  const defs = own(schema, 'definitions');
  if (isObject(defs)) for (const [k, v] of Object.entries(defs)) walk(v, joinPointer('/definitions', k), 1);
  walk(schema, '', 0);
}

/** Every well-formed list reference in a schema, with the pointer of its `x-option-list` inside the definition (`/schema/…`). */
export function listRefsIn(schema: unknown): Array<OptionListRef & { pointer: string }> {
  const out: Array<OptionListRef & { pointer: string }> = [];
  if (!isObject(schema)) return out;
  eachFieldNode(schema, (node, pointer) => {
    const ref = listRefOf(node);
    if (ref) out.push({ ...ref, pointer: joinPointer('/schema' + pointer, OPTION_LIST_KEYWORD) });
  });
  return out;
}

/** Finds a version of a list (null when there is no such list or version). */
export type ListVersionLookup = (id: string, version: number) => Promise<OptionListVersion | null>;

/**
 * The definition with every `x-option-list` expanded: the node's `oneOf` becomes the list
 * version's options (`{ const: code, title: label }`, in list order) and any `enum` or `anyOf`
 * goes. The engine is authoritative: whatever options the caller embedded are replaced.
 * A reference to a list or version that does not exist is a DefinitionRejectedError pointing at
 * it. Malformed references are left for the definition policy to word. The input is not changed.
 */
export async function expandOptionLists<D extends { schema?: unknown; uischema?: unknown }>(definition: D, lookup: ListVersionLookup): Promise<D> {
  if (!isObject(definition.schema) || listRefsIn(definition.schema).length === 0) return definition;
  const schema = structuredClone(definition.schema) as JsonObject;
  const found = new Map<string, OptionListVersion | null>();
  const problems: FieldError[] = [];
  const nodes: Array<{ node: JsonObject; ref: OptionListRef; pointer: string }> = [];
  eachFieldNode(schema, (node, pointer) => {
    const ref = listRefOf(node);
    if (ref) nodes.push({ node, ref, pointer: joinPointer('/schema' + pointer, OPTION_LIST_KEYWORD) });
  });
  for (const { ref } of nodes) {
    const key = `${ref.id}#${ref.version}`;
    if (!found.has(key)) found.set(key, await lookup(ref.id, ref.version));
  }
  const listExists = new Map<string, boolean>();
  for (const { node, ref, pointer } of nodes) {
    const list = found.get(`${ref.id}#${ref.version}`);
    if (!list) {
      if (!listExists.has(ref.id)) listExists.set(ref.id, (await lookup(ref.id, 1)) !== null);
      problems.push({
        pointer,
        message: listExists.get(ref.id) ? `The shared list "${ref.id}" has no version ${ref.version}.` : `There is no shared list "${ref.id}".`,
      });
      continue;
    }
    delete node.enum;
    delete node.anyOf;
    node.oneOf = list.options.map((o) => ({ const: o.code, title: o.label }));
  }
  if (problems.length) {
    throw new DefinitionRejectedError(
      problems.length === 1 ? 'A question uses a shared list that does not exist.' : `${problems.length} questions use shared lists that do not exist.`,
      problems,
    );
  }
  return { ...definition, schema };
}

/** The questions of a form version that use list `listId` (any version of it). */
export function usesOfList(listId: string, formTitle: string, v: FormVersion): OptionListUse[] {
  if (!listRefsIn(v.schema).some((r) => r.id === listId)) return [];
  const out: OptionListUse[] = [];
  for (const f of formFields(v as FormDefinition).values()) {
    const ref = listRefOf(f.schema);
    if (ref?.id === listId) {
      out.push({ formId: v.formId, formTitle, version: v.version, status: v.status, listVersion: ref.version, fieldPath: f.path, field: f.label });
    }
  }
  return out;
}
