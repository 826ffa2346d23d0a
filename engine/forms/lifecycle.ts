/**
 * A form's life: create it, draft a version (a copy of the latest), edit the draft, publish it
 * (policy first; published versions never change again), retire it. Each step is one store
 * write with its event.
 */
import type { EngineContext } from '../context.js';
import { DefinitionRejectedError, InvalidRequestError, InvalidStateError, NotFoundError, ConflictError, type FieldError } from '../errors.js';
import { contentHash } from '../json/canonical.js';
import { checkDefinition } from '../policy/index.js';
import { controlInfo } from '../policy/uischema.js';
import { newEvent } from '../store/events.js';
import { checkInput } from '../validation/requests.js';
import type { FormUpdate } from '../../schemas/generated/form-update.js';
import { analyseChanges, type Change } from './changes.js';
import { formFields } from './fields.js';
import { listLookup } from './option-list-lifecycle.js';
import { expandOptionLists } from './option-lists.js';
import { SCHEMA_DIALECT, type Actor, type Form, type FormDefinition, type FormVersion, type SubjectKey } from './model.js';
import { namedFormat } from '../validation/named-formats.js';
import { referencePrefixProblem } from './reference-prefix.js';

/** What a new form's first draft holds when there is nothing to copy. */
export function starterDefinition(title: string): FormDefinition {
  return {
    schema: { $schema: SCHEMA_DIALECT, type: 'object', title, additionalProperties: false, properties: {} },
    uischema: { type: 'VerticalLayout', elements: [] },
  };
}

export const versionKey = (formId: string, version: number) => `${formId}@${version}`;

export interface DraftResult {
  version: FormVersion;
  /** Policy violations: the draft is saved, but cannot be published until they are fixed. */
  violations: FieldError[];
  /** Defaults the policy applied, and other things worth knowing. */
  notices: FieldError[];
}

export async function getForm(ctx: EngineContext, formId: string): Promise<Form> {
  const form = await ctx.store.getForm(formId);
  if (!form) throw new NotFoundError(`There is no form "${formId}".`);
  return form;
}

export async function getVersion(ctx: EngineContext, formId: string, version: number): Promise<FormVersion> {
  const v = await ctx.store.getVersion(formId, version);
  if (!v) {
    await getForm(ctx, formId);
    throw new NotFoundError(`Form "${formId}" has no version ${version}.`);
  }
  return v;
}

/** The newest published version (not retired), which new records are made against. */
export async function currentVersion(ctx: EngineContext, formId: string): Promise<FormVersion> {
  const versions = await ctx.store.listVersions(formId);
  const live = versions.find((v) => v.status === 'published');
  if (!live) {
    await getForm(ctx, formId);
    throw new InvalidStateError(`Form "${formId}" has no published version to fill in.`);
  }
  return live;
}

/** A reference prefix that breaks the rule, refused in words saying which part (before the schema's general check). */
function checkReferencePrefix(input: unknown, what: string): void {
  const prefix = input !== null && typeof input === 'object' ? (input as { referencePrefix?: unknown }).referencePrefix : undefined;
  const problem = typeof prefix === 'string' ? referencePrefixProblem(prefix) : null;
  if (problem) throw new InvalidRequestError(`The ${what} is not valid.`, [{ pointer: '/referencePrefix', message: problem }]);
}

export async function createForm(ctx: EngineContext, actor: Actor, input: unknown): Promise<Form> {
  checkReferencePrefix(input, 'new form');
  const i = checkInput('form-input', input, 'new form');
  const now = ctx.now();
  const form: Form = {
    id: i.id,
    title: i.title.trim(),
    category: i.category,
    description: i.description ?? '',
    team: i.team,
    ...(i.subject ? { subject: i.subject } : {}),
    ...(i.referencePrefix ? { referencePrefix: i.referencePrefix } : {}),
    revision: 1,
    createdBy: actor.id,
    createdAt: now.toISOString(),
  };
  await ctx.store.insertForm(form, newEvent(now, actor.id, 'form.created', 'form', form.id, { title: form.title }));
  return form;
}

const FORM_CHANGE = 'change to the form';

/** The request's shape, with a plain word for the one key that can never be changed. */
function checkFormUpdate(input: unknown): FormUpdate {
  checkReferencePrefix(input, FORM_CHANGE);
  try {
    return checkInput('form-update', input, FORM_CHANGE);
  } catch (err) {
    if (!(err instanceof InvalidRequestError)) throw err;
    const idFixed = "A form's id never changes once the form is made; to use another id, create a new form.";
    throw new InvalidRequestError(err.message, err.errors.map((e) => (e.pointer === '/id' ? { ...e, message: idFixed } : e)));
  }
}

const SUBJECT_ID: Record<SubjectKey, string> = { childId: "The child's id", episodeId: 'The episode id', workerId: "The worker's id" };

/**
 * What is wrong with a subject setting: each answer it pre-fills (a non-empty JSON Pointer) must
 * be a short text question of `version` (plain text: not a choice, a date or long text; not in a list).
 */
export function subjectProblems(subject: NonNullable<Form['subject']>, version: FormVersion | undefined): FieldError[] {
  const fields = version ? formFields(version) : new Map<string, never>();
  const layout = version ? controlInfo(version.schema, version.uischema) : new Map<object, never>();
  const problems: FieldError[] = [];
  for (const key of Object.keys(subject) as SubjectKey[]) {
    const pointer = subject[key];
    if (!pointer) continue;
    const f = fields.get(pointer);
    // A named format (an ICS person id, an NHS number) is still typed as text.
    const shortText = f && f.type === 'string' && !f.options && (f.format === undefined || namedFormat(f.format) !== undefined) && f.constraints.const === undefined && !layout.get(f.schema)?.multi;
    if (!shortText) problems.push({ pointer: `/subject/${key}`, message: `${SUBJECT_ID[key]} must come from a short text question of the form; ${pointer} is not one.` });
  }
  return problems;
}

/**
 * Changes a form's settings: compare-and-set on its revision (`expectedRevision`, or when none is
 * given the revision read here). The id never changes. The answers `subject` pre-fills are
 * checked against the form's latest version.
 */
export async function updateForm(ctx: EngineContext, actor: Actor, formId: string, expectedRevision: number | undefined, input: unknown): Promise<Form> {
  const i = checkFormUpdate(input);
  const current = await getForm(ctx, formId);
  if (i.subject) {
    const [latest] = await ctx.store.listVersions(formId);
    const problems = subjectProblems(i.subject, latest);
    if (problems.length) throw new InvalidRequestError(`The ${FORM_CHANGE} is not valid.`, problems);
  }
  const now = ctx.now();
  return ctx.store.updateForm(
    formId,
    expectedRevision ?? current.revision,
    { ...i, ...(i.title !== undefined ? { title: i.title.trim() } : {}), updatedBy: actor.id, updatedAt: now.toISOString() },
    newEvent(now, actor.id, 'form.updated', 'form', formId, { changed: Object.keys(i).sort() }),
  );
}

/**
 * The policy's verdict on a definition of form `formId`, with the form's settings it depends on
 * (its subject: a schedule per child or per worker needs one). Every check of a stored or new
 * definition goes through here — saving, publishing, reading a draft, trying it out — so none
 * passes what another refuses.
 */
export async function checkFormDefinition(ctx: EngineContext, formId: string, definition: unknown, options: { publishing?: boolean } = {}): Promise<ReturnType<typeof checkDefinition>> {
  return checkDefinition(definition, {
    ...options,
    formId,
    subject: (await ctx.store.getForm(formId))?.subject ?? null,
    ...(ctx.uploadMaxBytes !== undefined ? { uploadMaxBytes: ctx.uploadMaxBytes } : {}),
  });
}

/**
 * Writes each shared list's options into the questions that use it (the engine is authoritative:
 * options a client embedded are replaced), then runs the policy; refuses a reference to a list
 * that does not exist and what cannot even be kept as a draft.
 */
async function judge(ctx: EngineContext, definition: FormDefinition, formId: string): Promise<ReturnType<typeof checkDefinition>> {
  const report = await checkFormDefinition(ctx, formId, await expandOptionLists(definition, listLookup(ctx)));
  if (!report.storable) throw new DefinitionRejectedError('This definition cannot be saved.', report.violations);
  return report;
}

/**
 * Starts the form's draft: a copy of the latest version, or `input`'s definition, or an empty
 * starter. A form has at most one draft.
 */
export async function createDraft(ctx: EngineContext, actor: Actor, formId: string, input: unknown = {}): Promise<DraftResult> {
  const i = checkInput('definition-input', input, 'draft');
  const form = await getForm(ctx, formId);
  const versions = await ctx.store.listVersions(formId);
  const draft = versions.find((v) => v.status === 'draft');
  if (draft) throw new ConflictError(`Form "${formId}" already has a draft (version ${draft.version}); carry on with that one.`);
  const latest = versions[0];
  const source: FormDefinition = latest ? { schema: latest.schema, uischema: latest.uischema } : starterDefinition(form.title);
  const report = await judge(ctx, { schema: i.schema ?? source.schema, uischema: i.uischema ?? source.uischema }, formId);
  const now = ctx.now().toISOString();
  const n = (latest?.version ?? 0) + 1;
  const version: FormVersion = {
    formId,
    version: n,
    status: 'draft',
    ...report.normalized,
    changeNote: i.changeNote ?? '',
    hash: contentHash(report.normalized),
    ...(latest ? { basedOn: latest.version } : {}),
    revision: 1,
    createdBy: actor.id,
    createdAt: now,
    updatedBy: actor.id,
    updatedAt: now,
  };
  await ctx.store.insertVersion(version, newEvent(ctx.now(), actor.id, 'version.created', 'version', versionKey(formId, n), { basedOn: latest?.version ?? null }));
  return { version, violations: report.violations, notices: report.notices };
}

/** Saves an edit to the draft (compare-and-set on its revision). */
export async function editDraft(ctx: EngineContext, actor: Actor, formId: string, n: number, expectedRevision: number, input: unknown): Promise<DraftResult> {
  const i = checkInput('definition-input', input, 'draft');
  const current = await getVersion(ctx, formId, n);
  if (current.status !== 'draft') {
    throw new InvalidStateError(`Version ${n} of "${formId}" is ${current.status}; published versions never change. Start a new draft to make changes.`);
  }
  const report = await judge(ctx, { schema: i.schema ?? current.schema, uischema: i.uischema ?? current.uischema }, formId);
  const now = ctx.now();
  const version = await ctx.store.updateVersion(
    formId,
    n,
    { status: 'draft', revision: expectedRevision },
    {
      ...report.normalized,
      hash: contentHash(report.normalized),
      ...(i.changeNote !== undefined ? { changeNote: i.changeNote } : {}),
      updatedBy: actor.id,
      updatedAt: now.toISOString(),
    },
    newEvent(now, actor.id, 'version.updated', 'version', versionKey(formId, n)),
  );
  return { version, violations: report.violations, notices: report.notices };
}

/** Publishes the draft if the policy finds nothing wrong; from then on it never changes. */
export async function publishVersion(
  ctx: EngineContext,
  actor: Actor,
  formId: string,
  n: number,
  options: { changeNote?: string; expectedRevision?: number } = {},
): Promise<FormVersion> {
  const current = await getVersion(ctx, formId, n);
  if (current.status !== 'draft') throw new InvalidStateError(`Version ${n} of "${formId}" is already ${current.status}.`);
  const expanded = await expandOptionLists({ schema: current.schema, uischema: current.uischema }, listLookup(ctx));
  const report = await checkFormDefinition(ctx, formId, expanded, { publishing: true });
  if (report.violations.length) {
    throw new DefinitionRejectedError(
      `Version ${n} of "${formId}" cannot be published until ${report.violations.length === 1 ? 'this problem is' : `these ${report.violations.length} problems are`} fixed.`,
      report.violations,
    );
  }
  const blockers = await ctx.publishBlockers(formId, n, report.normalized);
  if (blockers.length) {
    throw new DefinitionRejectedError(
      `Version ${n} of "${formId}" cannot be published: it would break ${blockers.length === 1 ? 'a delivery to the case recording system' : 'deliveries to the case recording system'}. An integrator can change the mapping for version ${n} first.`,
      blockers,
    );
  }
  const changeNote = options.changeNote ?? current.changeNote;
  if (!changeNote.trim()) throw new DefinitionRejectedError('Say what changed in this version before publishing it.', [{ pointer: '/changeNote', message: 'A change note is required to publish.' }]);
  const now = ctx.now();
  return ctx.store.updateVersion(
    formId,
    n,
    { status: 'draft', revision: options.expectedRevision ?? current.revision },
    {
      status: 'published',
      ...report.normalized,
      hash: contentHash(report.normalized),
      changeNote,
      publishedBy: actor.id,
      publishedAt: now.toISOString(),
      updatedBy: actor.id,
      updatedAt: now.toISOString(),
    },
    newEvent(now, actor.id, 'version.published', 'version', versionKey(formId, n), { hash: contentHash(report.normalized) }),
  );
}

/** Stops new records against a published version; existing ones stay readable against it. */
export async function retireVersion(ctx: EngineContext, actor: Actor, formId: string, n: number): Promise<FormVersion> {
  const current = await getVersion(ctx, formId, n);
  if (current.status !== 'published') throw new InvalidStateError(`Only a published version can be retired; version ${n} of "${formId}" is ${current.status}.`);
  const now = ctx.now();
  return ctx.store.updateVersion(
    formId,
    n,
    { status: 'published', revision: current.revision },
    { status: 'retired', retiredBy: actor.id, retiredAt: now.toISOString() },
    newEvent(now, actor.id, 'version.retired', 'version', versionKey(formId, n)),
  );
}

/** The change analysis from version `from` to version `to` of a form. */
export async function compareVersions(ctx: EngineContext, formId: string, from: number, to: number): Promise<Change[]> {
  const [a, b] = await Promise.all([getVersion(ctx, formId, from), getVersion(ctx, formId, to)]);
  return analyseChanges(a, b);
}
