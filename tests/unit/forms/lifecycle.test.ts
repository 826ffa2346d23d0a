import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../engine/engine.js';
import type { EngineContext } from '../../../engine/context.js';
import { ConflictError, DefinitionRejectedError, InvalidRequestError, InvalidStateError, StaleRevisionError } from '../../../engine/errors.js';
import { compareVersions, createDraft, createForm, editDraft, publishVersion, retireVersion } from '../../../engine/forms/lifecycle.js';
import { loadTemplates, seedTemplates } from '../../../engine/forms/templates.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { STORE_KINDS, newLocation } from '../../support/stores.js';
import { sampleDefinition, varied } from '../../support/definitions.js';

const analyst = { id: 'u-analyst', team: 'qa' };
const formInput = { id: 'case-file-audit', title: 'Case-file audit', category: 'audit', description: 'QA of a child’s file.', team: 'quality-assurance' };

describe.each(STORE_KINDS)('form lifecycle (%s store)', (kind) => {
  let ctx: EngineContext;
  beforeEach(async () => {
    ctx = createEngine({ store: await newLocation(kind).open(), now: () => new Date('2026-11-26T10:00:00Z') });
  });
  afterEach(async () => ctx.store.close());

  it('creates a form and refuses bad input with a pointer for each problem', async () => {
    const form = await createForm(ctx, analyst, formInput);
    expect(form).toMatchObject({ ...formInput, createdBy: 'u-analyst', createdAt: '2026-11-26T10:00:00.000Z' });
    const bad = createForm(ctx, analyst, { id: 'Case File', title: '', category: 'misc', team: 'qa', colour: 'red' });
    await expect(bad).rejects.toBeInstanceOf(InvalidRequestError);
    const err = (await bad.catch((e) => e)) as InvalidRequestError;
    expect(err.errors.map((e) => e.pointer).sort()).toEqual(['/category', '/colour', '/id', '/title']);
    await expect(createForm(ctx, analyst, formInput)).rejects.toBeInstanceOf(ConflictError);
  });

  it('drafts, edits, publishes, then refuses any change to the published version', async () => {
    await createForm(ctx, analyst, formInput);
    const first = await createDraft(ctx, analyst, formInput.id, { ...sampleDefinition(), changeNote: 'First version' });
    expect(first.version).toMatchObject({ version: 1, status: 'draft', revision: 1 });
    expect(first.version.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(first.violations).toEqual([]);

    const edited = await editDraft(ctx, analyst, formInput.id, 1, 1, { schema: varied(sampleDefinition().schema, (s) => ((s.properties as Record<string, JsonObject>).score!.maximum = 5)) });
    expect(edited.version.revision).toBe(2);
    expect(edited.version.hash).not.toBe(first.version.hash);
    await expect(editDraft(ctx, analyst, formInput.id, 1, 1, { changeNote: 'stale tab' })).rejects.toBeInstanceOf(StaleRevisionError);

    const published = await publishVersion(ctx, analyst, formInput.id, 1);
    expect(published).toMatchObject({ status: 'published', publishedBy: 'u-analyst', changeNote: 'First version' });
    await expect(editDraft(ctx, analyst, formInput.id, 1, published.revision, { changeNote: 'sneaky' })).rejects.toBeInstanceOf(InvalidStateError);
    await expect(publishVersion(ctx, analyst, formInput.id, 1)).rejects.toBeInstanceOf(InvalidStateError);
    expect(await ctx.store.getVersion(formInput.id, 1)).toEqual(published);
    const events = (await ctx.store.listEvents({ entityId: `${formInput.id}@1` })).map((e) => e.action);
    expect(events).toEqual(['version.created', 'version.updated', 'version.published']);
  });

  it('a new draft starts as a copy of the latest version, and there is only ever one draft', async () => {
    await createForm(ctx, analyst, formInput);
    await createDraft(ctx, analyst, formInput.id, { ...sampleDefinition(), changeNote: 'v1' });
    const v1 = await publishVersion(ctx, analyst, formInput.id, 1);
    const { version: v2 } = await createDraft(ctx, analyst, formInput.id);
    expect(v2).toMatchObject({ version: 2, status: 'draft', basedOn: 1, schema: v1.schema, uischema: v1.uischema, hash: v1.hash });
    await expect(createDraft(ctx, analyst, formInput.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it('saves a draft with policy violations but refuses to publish it, pointing at each problem', async () => {
    await createForm(ctx, analyst, formInput);
    const bad = varied(sampleDefinition(), (d) => {
      (d.schema.properties as Record<string, JsonObject>)['first-name'] = { type: 'string', maxLength: 5 };
      (d.schema.properties as Record<string, JsonObject>).childId!.pattern = '(?=x)';
    });
    const draft = await createDraft(ctx, analyst, formInput.id, { ...bad, changeNote: 'wip' });
    expect(draft.violations.map((v) => v.pointer)).toEqual(['/schema/properties/childId/pattern', '/schema/properties/first-name']);
    const refusal = await publishVersion(ctx, analyst, formInput.id, 1).catch((e) => e);
    expect(refusal).toBeInstanceOf(DefinitionRejectedError);
    expect(refusal.message).toBe('Version 1 of "case-file-audit" cannot be published until these 2 problems are fixed.');
    expect(refusal.errors).toEqual(draft.violations);
    expect((await ctx.store.getVersion(formInput.id, 1))?.status).toBe('draft');
  });

  it('refuses to keep a definition too big to store at all', async () => {
    await createForm(ctx, analyst, formInput);
    const huge = varied(sampleDefinition(), (d) => ((d.schema.properties as Record<string, JsonObject>).summary!.description = 'x'.repeat(600 * 1024)));
    await expect(createDraft(ctx, analyst, formInput.id, huge)).rejects.toBeInstanceOf(DefinitionRejectedError);
    expect(await ctx.store.listVersions(formInput.id)).toEqual([]);
  });

  it('retires only published versions', async () => {
    await createForm(ctx, analyst, formInput);
    await createDraft(ctx, analyst, formInput.id, { ...sampleDefinition(), changeNote: 'v1' });
    await expect(retireVersion(ctx, analyst, formInput.id, 1)).rejects.toBeInstanceOf(InvalidStateError);
    await publishVersion(ctx, analyst, formInput.id, 1);
    expect(await retireVersion(ctx, analyst, formInput.id, 1)).toMatchObject({ status: 'retired', retiredBy: 'u-analyst' });
  });

  it('compares two stored versions', async () => {
    await createForm(ctx, analyst, formInput);
    await createDraft(ctx, analyst, formInput.id, { ...sampleDefinition(), changeNote: 'v1' });
    await publishVersion(ctx, analyst, formInput.id, 1);
    await createDraft(ctx, analyst, formInput.id);
    await editDraft(ctx, analyst, formInput.id, 2, 1, { schema: varied(sampleDefinition().schema, (s) => delete (s.properties as Record<string, JsonObject>).summary) });
    const changes = await compareVersions(ctx, formInput.id, 1, 2);
    expect(changes.map((c) => [c.kind, c.path, c.breaking])).toContainEqual(['field-removed', '/summary', true]);
  });

  it('seeds every template into an empty store as published version 1, once', async () => {
    const templates = loadTemplates();
    expect(templates.length).toBeGreaterThanOrEqual(3);
    const seeded = await seedTemplates(ctx);
    expect(seeded.sort()).toEqual(templates.map((t) => t.form.id).sort());
    for (const t of templates) {
      const versions = await ctx.store.listVersions(t.form.id);
      expect(versions.map((v) => [v.version, v.status])).toEqual([[1, 'published']]);
    }
    expect(await seedTemplates(ctx)).toEqual([]);
  });

  it('does not seed into a store an analyst has already used', async () => {
    await createForm(ctx, analyst, formInput);
    expect(await seedTemplates(ctx)).toEqual([]);
    expect((await ctx.store.listForms()).map((f) => f.id)).toEqual([formInput.id]);
  });
});
