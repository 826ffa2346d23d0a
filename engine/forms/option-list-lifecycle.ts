/**
 * A shared option list's life: create it (version 1), save a change as the next version
 * (compare-and-set on the newest version), see what a change would do before saving it, and
 * which forms use the list. Each write is one store write with its event.
 */
import type { EngineContext } from '../context.js';
import { InvalidRequestError, NotFoundError, StaleRevisionError } from '../errors.js';
import { newEvent } from '../store/events.js';
import { checkInput } from '../validation/requests.js';
import type { Actor } from './model.js';
import {
  cleanListContent,
  compareListOptions,
  listRefsIn,
  optionsHash,
  usesOfList,
  type ListVersionLookup,
  type OptionListChange,
  type OptionListUse,
  type OptionListVersion,
} from './option-lists.js';

const NEW_LIST = 'new shared list';
const LIST_CHANGE = 'change to the shared list';

/** The store's lookup of a list version, for expanding references in a definition. */
export const listLookup = (ctx: EngineContext): ListVersionLookup => (id, version) => ctx.store.getOptionList(id, version);

export async function createOptionList(ctx: EngineContext, actor: Actor, input: unknown): Promise<OptionListVersion> {
  const i = checkInput('option-list-input', input, NEW_LIST);
  const content = cleanListContent(i, NEW_LIST);
  const now = ctx.now();
  const v: OptionListVersion = {
    listId: i.id,
    version: 1,
    ...content,
    hash: optionsHash(content.options),
    createdBy: actor.id,
    createdAt: now.toISOString(),
  };
  await ctx.store.insertOptionListVersion(v, newEvent(now, actor.id, 'option-list.created', 'option-list', v.listId, { version: 1, name: v.name, options: v.options.length }));
  return v;
}

/** The newest version of a list (or the one asked for). */
export async function getOptionList(ctx: EngineContext, id: string, version?: number): Promise<OptionListVersion> {
  const v = await ctx.store.getOptionList(id, version);
  if (v) return v;
  if (version !== undefined && (await ctx.store.getOptionList(id))) throw new NotFoundError(`The shared list "${id}" has no version ${version}.`);
  throw new NotFoundError(`There is no shared list "${id}".`);
}

export async function optionListVersions(ctx: EngineContext, id: string): Promise<OptionListVersion[]> {
  const versions = await ctx.store.listOptionListVersions(id);
  if (!versions.length) throw new NotFoundError(`There is no shared list "${id}".`);
  return versions;
}

/** The content of a change, checked, and the version it would follow. */
async function proposedChange(ctx: EngineContext, id: string, input: unknown) {
  const i = checkInput('option-list-change', input, LIST_CHANGE);
  const content = cleanListContent(i, LIST_CHANGE);
  const current = await getOptionList(ctx, id);
  return { content, current };
}

/** What saving `input` as the next version of list `id` would change, and which forms use the list now. Nothing is written. */
export async function checkOptionListChange(ctx: EngineContext, id: string, input: unknown): Promise<{ changes: OptionListChange[]; usage: OptionListUse[] }> {
  const { content, current } = await proposedChange(ctx, id, input);
  return { changes: compareListOptions(current.options, content.options, content.name), usage: await optionListUsage(ctx, id) };
}

/**
 * Saves `input` as the next version of list `id`, if `expectedVersion` is still its newest
 * (StaleRevision otherwise, as when another writer saves the same version first). No form
 * changes: each form keeps the version it pins until its draft moves on.
 */
export async function saveOptionListVersion(ctx: EngineContext, actor: Actor, id: string, expectedVersion: number, input: unknown): Promise<OptionListVersion> {
  const { content, current } = await proposedChange(ctx, id, input);
  if (current.version !== expectedVersion) {
    throw new StaleRevisionError(
      `The shared list "${id}" has a newer version (${current.version}) than the one you changed (${expectedVersion}): someone else saved it. Reload the list and make your change again.`,
      current.version,
    );
  }
  if (!content.changeNote) throw new InvalidRequestError(`The ${LIST_CHANGE} is not valid.`, [{ pointer: '/changeNote', message: 'Say what changed in this version, like “Added the option Gypsy/Roma”.' }]);
  const hash = optionsHash(content.options);
  if (hash === current.hash && content.name === current.name && content.description === current.description && content.team === current.team) {
    throw new InvalidRequestError(`Nothing in the list differs from version ${current.version}, so there is no new version to save.`, [
      { pointer: '/options', message: `The name, description, owning team and options are all as in version ${current.version}.` },
    ]);
  }
  const changes = compareListOptions(current.options, content.options, content.name);
  const count = (kind: OptionListChange['kind']) => changes.filter((c) => c.kind === kind).length;
  const now = ctx.now();
  const v: OptionListVersion = { listId: id, version: current.version + 1, ...content, hash, createdBy: actor.id, createdAt: now.toISOString() };
  await ctx.store.insertOptionListVersion(
    v,
    newEvent(now, actor.id, 'option-list.changed', 'option-list', id, { version: v.version, added: count('option-added'), removed: count('option-removed'), relabelled: count('option-label-changed') }),
  );
  return v;
}

/** Every question of every form version that uses list `id`, by form and version (newest first). */
export async function optionListUsage(ctx: EngineContext, id: string): Promise<OptionListUse[]> {
  const out: OptionListUse[] = [];
  for (const form of await ctx.store.listForms()) {
    for (const v of await ctx.store.listVersions(form.id)) out.push(...usesOfList(id, form.title, v));
  }
  return out;
}

/** How many forms use each list (any version of the form, any version of the list). */
export async function optionListFormCounts(ctx: EngineContext): Promise<Map<string, number>> {
  const forms = new Map<string, Set<string>>();
  for (const form of await ctx.store.listForms()) {
    for (const v of await ctx.store.listVersions(form.id)) {
      for (const ref of listRefsIn(v.schema)) {
        const set = forms.get(ref.id) ?? new Set<string>();
        set.add(form.id);
        forms.set(ref.id, set);
      }
    }
  }
  return new Map([...forms].map(([id, set]) => [id, set.size]));
}
