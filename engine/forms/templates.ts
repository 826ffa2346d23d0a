/**
 * The shipped templates (schemas/templates/*.json): loaded, checked, and seeded into a fresh
 * store as published version 1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { EngineContext } from '../context.js';
import { ConflictError } from '../errors.js';
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
    try {
      if (!forms.some((f) => f.id === t.form.id)) await createForm(ctx, SEEDER, t.form);
      const versions = await ctx.store.listVersions(t.form.id);
      if (versions.some((v) => v.status !== 'draft')) continue;
      const draft = versions[0] ?? (await createDraft(ctx, SEEDER, t.form.id, { schema: t.schema, uischema: t.uischema, changeNote: t.changeNote })).version;
      await publishVersion(ctx, SEEDER, t.form.id, draft.version, { changeNote: t.changeNote });
      seeded.push(t.form.id);
    } catch (err) {
      // Another process is seeding the same template right now; it will finish it.
      if (!(err instanceof ConflictError) && !(err as { type?: string }).type?.startsWith('stale')) throw err;
    }
  }
  return seeded;
}
