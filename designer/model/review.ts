/**
 * "Review and sign-off": the root `x-review` keyword of a form version (engine/review/model.ts),
 * set without JSON. When the case recording system gets the record, and the stages a submitted
 * record goes through, each with who may act, by when, optionally a section of the form only that
 * stage's actor fills (which is then not required when the record is submitted), and the words on
 * its sign-off button. A stage's id is made from its name and follows it until a published version
 * holds it (records and work lists name stages by id). No stages: no `x-review` at all.
 */
import { RELATIONSHIPS, STAGE_ROLES, type DeliverAt, type Relationship, type ReviewDefinition, type StageDefinition, type StageRole } from '../../engine/review/model.js';
import { Draft } from './draft.js';
import { isObject, own, q, type JsonObject } from './json.js';
import { schemaAt } from './data-paths.js';
import { locate } from './locate.js';
import { dataPathOf } from './rename.js';
import { fieldTitle, labelOfLoc } from './locate.js';
import { view } from './outline.js';
import { DesignError, type Definition, type EditResult } from './types.js';

export const REVIEW_KEYWORD = 'x-review';
/** A stage id and a group name: a slug (the plan's format; the policy checks the same). */
export const SLUG = /^[a-z][a-z0-9-]{1,39}$/;
export const STAGE_NAME_MAX = 80;
export const SIGN_OFF_LABEL_MAX = 40;
export const DUE_DAYS_MIN = 1;
export const DUE_DAYS_MAX = 250;
const SLUG_MAX = 40;

export { RELATIONSHIPS, STAGE_ROLES, type DeliverAt, type Relationship, type ReviewDefinition, type StageDefinition, type StageRole };

export const ROLE_WORDS: Record<StageRole, string> = { manager: 'A manager', practitioner: 'A practitioner' };
export const RELATIONSHIP_WORDS: Record<Relationship, string> = {
  'line-manager': "The author's line manager",
  'team-manager': "A manager of the author's team",
  'subject-employee': 'The employee the record is about',
  'allocated-worker': "The child's allocated worker",
  group: 'Members of a named group',
  anyone: 'Anyone with that role',
};

/** A change to one stage; `section` and `signOffLabel` null take them away. */
export interface StagePatch {
  name?: string;
  role?: StageRole;
  relationship?: Relationship;
  group?: string;
  notAuthor?: boolean;
  notEarlierActor?: boolean;
  dueWorkingDays?: number;
  section?: string | null;
  signOffLabel?: string | null;
}

/** A top-level section whose answers are kept in one object at the root: what a stage may have to itself. */
export interface SectionChoice {
  name: string;
  label: string;
}

/** `Practitioner's response` → `practitioners-response`: a stage id made from a name. */
export function stageIdOf(name: string): string {
  let s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(s)) s = s ? `stage-${s}` : 'stage';
  return s.slice(0, SLUG_MAX).replace(/-+$/, '');
}

/** An id for a stage called `name` that none of `taken` has. */
export function uniqueStageId(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = stageIdOf(name);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const candidate = base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/, '') + suffix;
    if (!used.has(candidate)) return candidate;
  }
}

/** Whether `id` is one `uniqueStageId` could have made of `name` (so it follows the name). */
function madeFromName(id: string, name: string): boolean {
  const base = stageIdOf(name);
  if (id === base) return true;
  const m = /^(.+)(-(?:[2-9]|[1-9][0-9]+))$/.exec(id);
  return m !== null && m[1] === base.slice(0, SLUG_MAX - m[2]!.length).replace(/-+$/, '');
}

const isRole = (v: unknown): v is StageRole => (STAGE_ROLES as readonly unknown[]).includes(v);
const isRelationship = (v: unknown): v is Relationship => (RELATIONSHIPS as readonly unknown[]).includes(v);

/** One stage as written, read leniently (something written by hand that is not a stage reads as far as it goes). */
function readStage(raw: unknown, index: number): StageDefinition {
  const s = isObject(raw) ? raw : {};
  const a = isObject(s.actor) ? s.actor : {};
  const name = typeof s.name === 'string' ? s.name : `Stage ${index + 1}`;
  const stage: StageDefinition = {
    id: typeof s.id === 'string' ? s.id : stageIdOf(name),
    name,
    actor: {
      role: isRole(a.role) ? a.role : 'manager',
      relationship: isRelationship(a.relationship) ? a.relationship : 'line-manager',
      notAuthor: a.notAuthor !== false,
      notEarlierActor: a.notEarlierActor === true,
    },
    dueWorkingDays: typeof s.dueWorkingDays === 'number' ? s.dueWorkingDays : 5,
  };
  if (typeof a.group === 'string') stage.actor.group = a.group;
  if (typeof s.section === 'string') stage.section = s.section;
  if (typeof s.signOffLabel === 'string') stage.signOffLabel = s.signOffLabel;
  return stage;
}

/** The form's review: when the ICS gets the record, and its stages in order (none when the form has no `x-review`). */
export function reviewOf(def: Definition): Required<ReviewDefinition> {
  const raw = own(def.schema, REVIEW_KEYWORD);
  const r = isObject(raw) ? raw : {};
  return {
    deliverAt: r.deliverAt === 'final-sign-off' ? 'final-sign-off' : 'submit',
    stages: Array.isArray(r.stages) ? r.stages.map(readStage) : [],
  };
}

/** The stage ids published versions hold: they stay as they are when the stage's name changes. */
export function publishedStageIds(published: ReadonlyArray<{ schema: Record<string, unknown> }>): Set<string> {
  const out = new Set<string>();
  for (const v of published) for (const s of reviewOf({ schema: v.schema, uischema: {} }).stages) out.add(s.id);
  return out;
}

/** The root's object properties (not lists): the sections a stage may fill on its own, labelled as the layout shows them. */
export function sectionChoices(def: Definition): SectionChoice[] {
  const v = view(def);
  const schema = v.schema as JsonObject;
  const props = own(schema, 'properties');
  if (!isObject(props)) return [];
  const tree = locate(v);
  const shown = new Map<string, string>();
  for (const l of tree.all) {
    if (l.kind !== 'section' && l.kind !== 'page') continue;
    const p = dataPathOf(schema, l);
    const label = labelOfLoc(v, l);
    if (p && !shown.has(p) && label) shown.set(p, label);
  }
  return Object.keys(props)
    .filter((name) => schemaAt(schema, `/${name}`)?.type === 'object')
    .map((name) => ({ name, label: shown.get(`/${name}`) ?? fieldTitle(schema, `/${name}`) }));
}

/** Writes `review` as the form's `x-review` (none at all when it has no stages). */
function write(d: Draft, review: Required<ReviewDefinition>): EditResult {
  if (review.stages.length === 0) delete d.schema[REVIEW_KEYWORD];
  else {
    d.schema[REVIEW_KEYWORD] = {
      deliverAt: review.deliverAt,
      stages: review.stages.map((s) => {
        const actor: JsonObject = { role: s.actor.role, relationship: s.actor.relationship };
        if (s.actor.relationship === 'group' && s.actor.group !== undefined) actor.group = s.actor.group;
        actor.notAuthor = s.actor.notAuthor !== false;
        actor.notEarlierActor = s.actor.notEarlierActor === true;
        const out: JsonObject = { id: s.id, name: s.name, actor, dueWorkingDays: s.dueWorkingDays };
        if (s.section !== undefined) out.section = s.section;
        if (s.signOffLabel !== undefined) out.signOffLabel = s.signOffLabel;
        return out;
      }),
    };
  }
  return d.result();
}

function stageAt(review: Required<ReviewDefinition>, index: number): StageDefinition {
  const s = review.stages[index];
  if (!s) throw new DesignError('That stage no longer exists; the list may be out of date.');
  return s;
}

/** When the case recording system gets the record. */
export function setDeliverAt(def: Definition, deliverAt: DeliverAt): EditResult {
  if (deliverAt !== 'submit' && deliverAt !== 'final-sign-off') throw new DesignError('Choose when the case recording system gets the record.');
  const d = new Draft(def);
  const review = reviewOf(d.definition);
  if (review.stages.length === 0) throw new DesignError('Add a stage first: without stages the case recording system gets the record when it is submitted.');
  return write(d, { ...review, deliverAt });
}

/** Adds a stage at the end: a manager, the author's line manager, not the author, due in 5 working days. */
export function addStage(def: Definition, name = 'New stage'): EditResult & { index: number } {
  const d = new Draft(def);
  const review = reviewOf(d.definition);
  const clean = checkName(name);
  const stage: StageDefinition = {
    id: uniqueStageId(clean, review.stages.map((s) => s.id)),
    name: clean,
    actor: { role: 'manager', relationship: 'line-manager', notAuthor: true, notEarlierActor: false },
    dueWorkingDays: 5,
  };
  return { ...write(d, { ...review, stages: [...review.stages, stage] }), index: review.stages.length };
}

/** Takes a stage away (and with it what makes its section the stage's own). */
export function removeStage(def: Definition, index: number): EditResult {
  const d = new Draft(def);
  const review = reviewOf(d.definition);
  const gone = stageAt(review, index);
  if (gone.section !== undefined) giveBack(d, gone.section);
  if (review.stages.length === 1) d.note('With no stages, records are not reviewed after they are submitted.');
  return write(d, { ...review, stages: review.stages.filter((_, i) => i !== index) });
}

/** Moves a stage to position `to` (0 first). */
export function moveStage(def: Definition, index: number, to: number): EditResult {
  const d = new Draft(def);
  const review = reviewOf(d.definition);
  const stage = stageAt(review, index);
  if (!Number.isInteger(to) || to < 0 || to >= review.stages.length) throw new DesignError(to < 0 ? `${q(stage.name)} is already the first stage.` : `${q(stage.name)} is already the last stage.`);
  const stages = review.stages.filter((_, i) => i !== index);
  stages.splice(to, 0, stage);
  return write(d, { ...review, stages });
}

function checkName(name: unknown): string {
  const clean = typeof name === 'string' ? name.trim().replace(/\s+/g, ' ') : '';
  if (!clean) throw new DesignError('Enter a name for the stage, like “Manager sign-off”.');
  if (clean.length > STAGE_NAME_MAX) throw new DesignError(`A stage's name can be at most ${STAGE_NAME_MAX} characters; it has ${clean.length}.`);
  return clean;
}

function sectionLabel(def: Definition, name: string): string {
  return sectionChoices(def).find((c) => c.name === name)?.label ?? name;
}

/**
 * A section no stage fills any more is the author's again: when it has questions of its own that
 * are required, it is required at the root again (else they would not be), in the order of the
 * root's properties, as "Required" puts it back (required.ts).
 */
function giveBack(d: Draft, name: string): void {
  const label = sectionLabel(d.definition, name);
  const section = schemaAt(d.schema, `/${name}`);
  const inner = section ? own(section, 'required') : undefined;
  const list = Array.isArray(own(d.schema, 'required')) ? [...(d.schema.required as unknown[])] : [];
  if (!Array.isArray(inner) || inner.length === 0 || list.includes(name)) {
    d.note(`${q(label)} is filled in by the author again.`);
    return;
  }
  const order = Object.keys(isObject(d.schema.properties) ? d.schema.properties : {});
  const at = list.findIndex((n) => order.indexOf(n as string) > order.indexOf(name));
  list.splice(at < 0 ? list.length : at, 0, name);
  d.schema.required = list;
  d.note(`${q(label)} is filled in by the author again, so it is required when the record is submitted.`);
}

/**
 * Changes one stage. Refused, in words, for a name that is empty, too long or another stage's; a
 * group that is not named (or not a group's name); days outside 1–250; a section that is not a
 * section at the root or is another stage's. Choosing a section takes it out of the root's
 * `required` (its actor fills it after the record is submitted), and says so; the section it had
 * before is given back to the author (`giveBack`).
 */
export function updateStage(def: Definition, index: number, patch: StagePatch, options: { fixed?: ReadonlySet<string> } = {}): EditResult {
  const d = new Draft(def);
  const review = reviewOf(d.definition);
  const was = stageAt(review, index);
  const stage: StageDefinition = { ...was, actor: { ...was.actor } };
  const others = review.stages.filter((_, i) => i !== index);
  if (patch.name !== undefined) {
    const name = checkName(patch.name);
    if (others.some((s) => s.name.toLowerCase() === name.toLowerCase())) throw new DesignError(`Another stage is already called ${q(name)}; give each stage its own name.`);
    if (!options.fixed?.has(was.id) && madeFromName(was.id, was.name)) stage.id = uniqueStageId(name, others.map((s) => s.id));
    stage.name = name;
  }
  if (patch.role !== undefined) {
    if (!isRole(patch.role)) throw new DesignError('Choose who acts at this stage: a manager or a practitioner.');
    stage.actor.role = patch.role;
  }
  if (patch.relationship !== undefined) {
    if (!isRelationship(patch.relationship)) throw new DesignError(`Choose which ${stage.actor.role} may act at ${q(stage.name)}.`);
    stage.actor.relationship = patch.relationship;
    if (patch.relationship !== 'group') delete stage.actor.group;
  }
  if (patch.group !== undefined) {
    const group = patch.group.trim();
    if (!group) throw new DesignError(`Enter the name of the group whose members act at ${q(stage.name)}, like “qa-moderators”.`);
    if (!SLUG.test(group)) throw new DesignError(`A group's name is 2 to 40 small letters, digits and hyphens, starting with a letter, like “qa-moderators”: ${q(group)} is not one. Administrators give people their groups under the same name.`);
    stage.actor.group = group;
  }
  if (stage.actor.relationship === 'group' && stage.actor.group === undefined) {
    throw new DesignError(`Enter the name of the group whose members act at ${q(stage.name)}, like “qa-moderators”.`);
  }
  if (patch.notAuthor !== undefined) stage.actor.notAuthor = patch.notAuthor;
  if (patch.notEarlierActor !== undefined) stage.actor.notEarlierActor = patch.notEarlierActor;
  if (patch.dueWorkingDays !== undefined) {
    const n = patch.dueWorkingDays;
    if (!Number.isInteger(n) || n < DUE_DAYS_MIN || n > DUE_DAYS_MAX) throw new DesignError(`Enter the working days ${q(stage.name)} has, as a whole number from ${DUE_DAYS_MIN} to ${DUE_DAYS_MAX}.`);
    stage.dueWorkingDays = n;
  }
  if (patch.signOffLabel !== undefined) {
    const words = patch.signOffLabel === null ? '' : patch.signOffLabel.trim().replace(/\s+/g, ' ');
    if (words.length > SIGN_OFF_LABEL_MAX) throw new DesignError(`The words on the sign-off button can be at most ${SIGN_OFF_LABEL_MAX} characters; they have ${words.length}.`);
    if (words) stage.signOffLabel = words;
    else delete stage.signOffLabel;
  }
  if (patch.section !== undefined && patch.section !== was.section) {
    if (was.section !== undefined) giveBack(d, was.section);
    if (patch.section === null) delete stage.section;
    else {
      const choice = sectionChoices(d.definition).find((c) => c.name === patch.section);
      if (!choice) throw new DesignError(`Choose a section of the form whose answers are kept together: ${q(patch.section)} is not one.`);
      const holder = others.find((s) => s.section === choice.name);
      if (holder) throw new DesignError(`${q(choice.label)} is already filled in at the stage ${q(holder.name)}; a section can belong to one stage only.`);
      stage.section = choice.name;
      const required = own(d.schema, 'required');
      if (Array.isArray(required) && required.includes(choice.name)) {
        const kept = required.filter((n) => n !== choice.name);
        if (kept.length) d.schema.required = kept;
        else delete d.schema.required;
        d.note(`${q(choice.label)} is now filled in at the stage ${q(stage.name)}, so it is no longer required when the record is submitted.`);
      }
    }
  }
  return write(d, { ...review, stages: review.stages.map((s, i) => (i === index ? stage : s)) });
}

/** In `review` (a schema's `x-review`, changed in place) after the root property `from` was renamed `to`. */
export function renameStageSection(schema: JsonObject, from: string, to: string): void {
  const review = own(schema, REVIEW_KEYWORD);
  if (!isObject(review) || !Array.isArray(review.stages)) return;
  for (const s of review.stages) if (isObject(s) && s.section === from) s.section = to;
}

/** The stages whose section is `name`, taken off them (a removed section); their names, for the note. */
export function dropStageSection(schema: JsonObject, name: string): string[] {
  const review = own(schema, REVIEW_KEYWORD);
  if (!isObject(review) || !Array.isArray(review.stages)) return [];
  const out: string[] = [];
  for (const s of review.stages) {
    if (isObject(s) && s.section === name) {
      delete s.section;
      out.push(typeof s.name === 'string' ? s.name : name);
    }
  }
  return out;
}
