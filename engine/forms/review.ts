/**
 * Review stages and tracked actions as a form version declares them (browser-safe: the designer
 * and the runtime read them too):
 * - `x-review` at the root of the schema: when the ICS gets the record, and the stages after
 *   submit (engine/review/model.ts);
 * - `x-actions` on a repeating group: which of the row's questions are the action, its owner
 *   (an ICS worker id) and its due date.
 * The problem functions give the definition policy its words; the readers assume a checked schema.
 */
import type { ActionsMarking, DeliverAt, ReviewDefinition, StageDefinition } from '../review/model.js';
import { RELATIONSHIPS, STAGE_ROLES } from '../review/model.js';
import type { FieldInfo } from './fields.js';
import type { JsonObject } from './model.js';
import { isObject, own } from './schema-paths.js';

export const REVIEW_KEYWORD = 'x-review';
export const ACTIONS_KEYWORD = 'x-actions';

export const STAGE_ID = /^[a-z][a-z0-9-]{1,39}$/;
export const GROUP_NAME = /^[a-z][a-z0-9-]{1,39}$/;
export const MAX_STAGES = 6;
export const MAX_ACTION_GROUPS = 3;
export const MAX_DUE_WORKING_DAYS = 250;

const RELATIONSHIP_WORDS: Record<string, string> = {
  'line-manager': "the author's line manager",
  'team-manager': "a manager of the author's team",
  'subject-employee': 'the employee the record is about',
  'allocated-worker': "the child's allocated worker",
  group: 'members of a named group',
  anyone: 'anyone with the role',
};

/** Words for who may act at a stage, e.g. "a manager: the author's line manager". */
export function actorWords(stage: Pick<StageDefinition, 'actor'>): string {
  const a = stage.actor;
  const who = a.relationship === 'group' ? `members of the group "${a.group ?? ''}"` : (RELATIONSHIP_WORDS[a.relationship] ?? a.relationship);
  return `${a.role === 'manager' ? 'a manager' : 'a practitioner'}: ${who}`;
}

/** The form's review, or null when it has no stages. Assumes a policy-checked schema. */
export function reviewOf(schema: JsonObject): ReviewDefinition | null {
  const r = own(schema, REVIEW_KEYWORD);
  if (!isObject(r) || !Array.isArray(r.stages) || r.stages.length === 0) return null;
  return r as unknown as ReviewDefinition;
}

/** When the ICS gets a record of this version. */
export function deliverAtOf(schema: JsonObject): DeliverAt {
  return reviewOf(schema)?.deliverAt ?? 'submit';
}

/** Top-level property name → the stage whose actor fills it. */
export function stageSections(schema: JsonObject): Map<string, StageDefinition> {
  const out = new Map<string, StageDefinition>();
  for (const s of reviewOf(schema)?.stages ?? []) if (s.section) out.set(s.section, s);
  return out;
}

export interface MarkedGroup {
  /** The group's data path, e.g. `/nextSteps/actions`. */
  path: string;
  marking: ActionsMarking;
}

/** The repeating groups marked as actions, in form order (from the form's fields). */
export function markedGroups(fields: Iterable<FieldInfo>): MarkedGroup[] {
  const out: MarkedGroup[] = [];
  for (const f of fields) {
    const m = own(f.schema, ACTIONS_KEYWORD);
    if (f.type === 'array' && isObject(m) && !f.path.includes('*')) out.push({ path: f.path, marking: m as unknown as ActionsMarking });
  }
  return out;
}

interface Problem {
  pointer: string;
  message: string;
}

const KNOWN_REVIEW_KEYS = new Set(['deliverAt', 'stages']);
const KNOWN_STAGE_KEYS = new Set(['id', 'name', 'actor', 'dueWorkingDays', 'section', 'signOffLabel']);
const KNOWN_ACTOR_KEYS = new Set(['role', 'relationship', 'group', 'notAuthor', 'notEarlierActor']);

/** What is wrong with the root `x-review` (pointers relative to the keyword). */
export function reviewProblems(schema: JsonObject): Problem[] {
  const out: Problem[] = [];
  const r = own(schema, REVIEW_KEYWORD);
  if (r === undefined) return out;
  const bad = (pointer: string, message: string) => out.push({ pointer, message });
  if (!isObject(r)) return [{ pointer: '', message: 'The review settings must be an object with "stages" (and optionally "deliverAt").' }];
  for (const k of Object.keys(r)) if (!KNOWN_REVIEW_KEYS.has(k)) bad(`/${k}`, `The review settings have no "${k}": use "stages" and "deliverAt".`);
  if (r.deliverAt !== undefined && r.deliverAt !== 'submit' && r.deliverAt !== 'final-sign-off') {
    bad('/deliverAt', 'When the ICS gets the record must be "submit" or "final-sign-off".');
  }
  if (!Array.isArray(r.stages)) {
    bad('/stages', 'The review settings need a list of stages (it may be empty).');
    return out;
  }
  if (r.stages.length > MAX_STAGES) bad('/stages', `A form can have at most ${MAX_STAGES} review stages; it has ${r.stages.length}.`);
  if (r.deliverAt === 'final-sign-off' && r.stages.length === 0) bad('/deliverAt', 'The record can only go to the ICS at final sign-off when the form has at least one review stage.');
  const props = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  const ids = new Set<string>();
  const sections = new Map<string, string>();
  r.stages.forEach((s: unknown, i: number) => {
    const at = `/stages/${i}`;
    const n = i + 1;
    if (!isObject(s)) return bad(at, `Stage ${n} must be an object with a name, who may act and a due time.`);
    for (const k of Object.keys(s)) if (!KNOWN_STAGE_KEYS.has(k)) bad(`${at}/${k}`, `Stage ${n} has no setting "${k}".`);
    const name = typeof s.name === 'string' ? s.name.trim() : '';
    const called = name ? `"${name}"` : `Stage ${n}`;
    if (!name || name.length > 80) bad(`${at}/name`, `Stage ${n} needs a name of 1 to 80 characters, like "Manager sign-off".`);
    if (typeof s.id !== 'string' || !STAGE_ID.test(s.id)) bad(`${at}/id`, `${called} needs an id of 2 to 40 lower-case letters, digits and hyphens, starting with a letter, like "manager-sign-off".`);
    else if (ids.has(s.id)) bad(`${at}/id`, `Two stages have the id "${s.id}"; each stage needs its own.`);
    else ids.add(s.id);
    const d = s.dueWorkingDays;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > MAX_DUE_WORKING_DAYS) {
      bad(`${at}/dueWorkingDays`, `${called} needs a due time of 1 to ${MAX_DUE_WORKING_DAYS} working days.`);
    }
    if (s.signOffLabel !== undefined && (typeof s.signOffLabel !== 'string' || !s.signOffLabel.trim() || s.signOffLabel.length > 40)) {
      bad(`${at}/signOffLabel`, `The sign-off button of ${called} needs words of 1 to 40 characters, like "Sign off".`);
    }
    const a = s.actor;
    if (!isObject(a)) bad(`${at}/actor`, `${called} needs to say who may act: a role and how they relate to the record.`);
    else {
      for (const k of Object.keys(a)) if (!KNOWN_ACTOR_KEYS.has(k)) bad(`${at}/actor/${k}`, `Who may act at ${called} has no setting "${k}".`);
      if (!(STAGE_ROLES as readonly unknown[]).includes(a.role)) bad(`${at}/actor/role`, `Who may act at ${called} must be a manager or a practitioner.`);
      if (!(RELATIONSHIPS as readonly unknown[]).includes(a.relationship)) {
        bad(`${at}/actor/relationship`, `Who may act at ${called} must be one of: ${Object.values(RELATIONSHIP_WORDS).join(', ')}.`);
      }
      if (a.relationship === 'group') {
        if (typeof a.group !== 'string' || !GROUP_NAME.test(a.group)) bad(`${at}/actor/group`, `${called} is acted on by a named group: give the group's name, like "qa-moderators".`);
      } else if (a.group !== undefined) bad(`${at}/actor/group`, `${called} names a group, but who may act is not "members of a named group".`);
      for (const k of ['notAuthor', 'notEarlierActor']) if (a[k] !== undefined && typeof a[k] !== 'boolean') bad(`${at}/actor/${k}`, `"${k}" of ${called} must be true or false.`);
    }
    if (s.section !== undefined) {
      const sec = s.section;
      if (typeof sec !== 'string' || !isObject(props[sec]) || own(props[sec] as JsonObject, 'type') !== 'object') {
        bad(`${at}/section`, `${called} is filled in a section "${String(sec)}" the form does not have: choose one of the form's top-level sections.`);
      } else if (required.includes(sec)) {
        bad(`${at}/section`, `The section "${sec}" is filled at ${called}, so the author cannot answer it: it must not be required when the form is submitted.`);
      } else if (sections.has(sec)) {
        bad(`${at}/section`, `The section "${sec}" is already filled at ${sections.get(sec)}; a section belongs to one stage.`);
      } else sections.set(sec, called);
    }
  });
  return out;
}

/** What is wrong with `x-actions` on a field (pointers relative to the keyword). */
export function actionsMarkingProblems(field: Pick<FieldInfo, 'type' | 'path' | 'label' | 'schema'>, rowFields: ReadonlyMap<string, Pick<FieldInfo, 'type' | 'format' | 'label'>>): Problem[] {
  const m = own(field.schema, ACTIONS_KEYWORD);
  const label = field.label;
  if (field.type !== 'array') return [{ pointer: '', message: `Only a repeating group can be tracked as actions; "${label}" is not one.` }];
  if (field.path.includes('*')) return [{ pointer: '', message: `"${label}" is inside another repeating group's rows; only a repeating group outside one can be tracked as actions.` }];
  if (!isObject(m)) return [{ pointer: '', message: `Tracking "${label}" as actions needs the questions that are the action, its owner and its due date.` }];
  const out: Problem[] = [];
  for (const k of Object.keys(m)) if (!['action', 'owner', 'due'].includes(k)) out.push({ pointer: `/${k}`, message: `Tracked actions have no setting "${k}": name the action, owner and due questions.` });
  const want: Array<['action' | 'owner' | 'due', string, (f: Pick<FieldInfo, 'type' | 'format'>) => boolean, string]> = [
    ['action', 'the action', (f) => f.type === 'string' && !f.format, 'a text question'],
    ['owner', 'the owner', (f) => f.type === 'string' && !f.format, 'a text question holding an ICS worker id'],
    ['due', 'the due date', (f) => f.type === 'string' && f.format === 'date', 'a date question'],
  ];
  for (const [key, words, fits, kind] of want) {
    const name = m[key];
    const f = typeof name === 'string' ? rowFields.get(name) : undefined;
    if (typeof name !== 'string' || !f) out.push({ pointer: `/${key}`, message: `Choose which question in the rows of "${label}" is ${words}: ${kind}.` });
    else if (!fits(f)) out.push({ pointer: `/${key}`, message: `"${f.label}" cannot be ${words} of "${label}": it must be ${kind}.` });
  }
  return out;
}
