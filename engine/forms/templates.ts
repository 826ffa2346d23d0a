/**
 * The shipped templates (schemas/templates/*.json): loaded, checked, and seeded into a fresh
 * store as published version 1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { EngineContext } from '../context.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictError, InvalidStateError, NotFoundError, StaleRevisionError } from '../errors.js';
import { checkInput } from '../validation/requests.js';
import type { FormTemplate } from '../../schemas/generated/template.js';
import { createDraft, createForm, publishVersion } from './lifecycle.js';
import type { Actor } from './model.js';

export const TEMPLATES_DIR = new URL('../../schemas/templates/', import.meta.url);

/** The account seeding acts as. */
export const SEEDER: Actor = { id: 'system' };

export function loadTemplates(dir: URL = TEMPLATES_DIR): FormTemplate[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => checkInput('template', JSON.parse(readFileSync(new URL(f, dir), 'utf8')), `template ${f}`));
}

/**
 * Seeds the templates while the store is fresh (holds nothing but seeded forms), finishing any
 * template a crashed earlier start left half-done. Safe to run from several processes at once.
 * Returns the ids of forms it published.
 */
export async function seedTemplates(ctx: EngineContext, templates: FormTemplate[] = loadTemplates()): Promise<string[]> {
  const forms = await ctx.store.listForms();
  if (forms.some((f) => f.createdBy !== SEEDER.id)) return [];
  const seeded: string[] = [];
  for (const t of templates) {
    if (await seedTemplate(ctx, t, forms.some((f) => f.id === t.form.id))) seeded.push(t.form.id);
  }
  return seeded;
}

/**
 * What another process seeding the same template at the same moment makes a step here meet: the
 * form or draft already there, the draft already published, or (on MongoDB, where a form's
 * creation is claimed before it can be read) a form claimed but not yet readable.
 */
const lostRace = (err: unknown) =>
  err instanceof ConflictError ||
  err instanceof StaleRevisionError ||
  err instanceof InvalidStateError ||
  err instanceof NotFoundError ||
  Boolean((err as { type?: string }).type?.startsWith('stale'));

/**
 * Takes one template the rest of the way to a published version 1, step by step from what the
 * store holds now. A step that loses a race to another process (the form or draft is already
 * there, the draft already published) is followed by a fresh look; true if this call published it.
 */
async function seedTemplate(ctx: EngineContext, t: FormTemplate, formExists: boolean): Promise<boolean> {
  let lastRace: unknown = null;
  for (let look = 0; look < 10; look++) {
    // After a lost race, give the other process a moment to finish its step.
    if (look > 0) await sleep(25 * look);
    try {
      if (!formExists) {
        formExists = true;
        await createForm(ctx, SEEDER, t.form);
      }
      const versions = await ctx.store.listVersions(t.form.id);
      if (versions.some((v) => v.status !== 'draft')) return false;
      const draft = versions[0] ?? (await createDraft(ctx, SEEDER, t.form.id, { schema: t.schema, uischema: t.uischema, changeNote: t.changeNote })).version;
      await publishVersion(ctx, SEEDER, t.form.id, draft.version, { changeNote: t.changeNote });
      return true;
    } catch (err) {
      if (!lostRace(err)) throw err;
      lastRace = err;
    }
  }
  throw lastRace;
}
