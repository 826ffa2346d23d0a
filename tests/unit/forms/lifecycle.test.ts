import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../engine/engine.js';
import type { EngineContext } from '../../../engine/context.js';
import { ConflictError, DefinitionRejectedError, InvalidRequestError, InvalidStateError, NotFoundError, StaleRevisionError } from '../../../engine/errors.js';
import { compareVersions, createDraft, createForm, editDraft, publishVersion, retireVersion, subjectProblems, updateForm } from '../../../engine/forms/lifecycle.js';
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

  it("changes a form's settings, never its id, with an event naming what changed", async () => {
    const created = await createForm(ctx, analyst, formInput);
    expect(created.revision).toBe(1);
    const designer = { id: 'u-designer' };
    const changed = await updateForm(ctx, designer, formInput.id, 1, { title: '  Case-file audit (2026)  ', category: 'other' });
    expect(changed).toStrictEqual({ ...created, title: 'Case-file audit (2026)', category: 'other', revision: 2, updatedBy: 'u-designer', updatedAt: '2026-11-26T10:00:00.000Z' });
    expect(await ctx.store.getForm(formInput.id)).toStrictEqual(changed);
    const [e] = await ctx.store.listEvents({ entityId: formInput.id, action: 'form.updated' });
    expect(e).toMatchObject({ actor: 'u-designer', entity: { kind: 'form', id: formInput.id }, details: { changed: ['category', 'title'] } });

    // Without an expected revision, the one read is used; with a stale one, nothing changes.
    expect((await updateForm(ctx, designer, formInput.id, undefined, { description: '' })).revision).toBe(3);
    await expect(updateForm(ctx, designer, formInput.id, 2, { team: 'qa' })).rejects.toBeInstanceOf(StaleRevisionError);
    await expect(updateForm(ctx, designer, 'no-such-form', undefined, { team: 'qa' })).rejects.toBeInstanceOf(NotFoundError);

    const bad = (await updateForm(ctx, designer, formInput.id, undefined, { id: 'renamed', category: 'misc', colour: 'red' }).catch((x) => x)) as InvalidRequestError;
    expect(bad).toBeInstanceOf(InvalidRequestError);
    expect(bad.errors.map((x) => x.pointer).sort()).toEqual(['/category', '/colour', '/id']);
    expect(bad.errors.find((x) => x.pointer === '/id')?.message).toMatch(/id never changes/);
    await expect(updateForm(ctx, designer, formInput.id, undefined, {})).rejects.toBeInstanceOf(InvalidRequestError);
    expect((await ctx.store.getForm(formInput.id))?.revision).toBe(3);
  });

  it('takes the ids asked at start only from short text questions of the latest version', async () => {
    await createForm(ctx, analyst, formInput);
    const set = (subject: Record<string, string>) => updateForm(ctx, analyst, formInput.id, undefined, { subject });
    const pointers = async (subject: Record<string, string>) => ((await set(subject).catch((x) => x)) as InvalidRequestError).errors;
    // No version yet: there is no question to take an id from.
    expect(await pointers({ childId: '/childId' })).toEqual([
      { pointer: '/subject/childId', message: "The child's id must come from a short text question of the form; /childId is not one." },
    ]);
    await createDraft(ctx, analyst, formInput.id, { ...sampleDefinition(), changeNote: 'v1' });
    // Text questions, and '' (ask but fill in nothing), are fine.
    expect((await set({ childId: '/childId', episodeId: '', workerId: '/escalatedTo' })).subject).toEqual({ childId: '/childId', episodeId: '', workerId: '/escalatedTo' });
    // A choice, a date, long text, a number, a question inside a list, a section, or nothing at all are not.
    for (const pointer of ['/caseType', '/periodFrom', '/summary', '/score', '/actions/action', '/actions', '/x/y']) {
      const problems = await pointers({ childId: pointer });
      expect(problems, pointer).toEqual([{ pointer: '/subject/childId', message: `The child's id must come from a short text question of the form; ${pointer} is not one.` }]);
    }
    expect((await pointers({ episodeId: '/x', workerId: '/score' })).map((x) => x.message)).toEqual([
      'The episode id must come from a short text question of the form; /x is not one.',
      "The worker's id must come from a short text question of the form; /score is not one.",
    ]);
    // {} asks for no ids at all.
    expect((await set({})).subject).toEqual({});
  });

  it('takes the child’s id from a question with a named format (an ICS person id is typed as text)', async () => {
    await createForm(ctx, analyst, formInput);
    const def = sampleDefinition();
    const childId = (def.schema.properties as Record<string, Record<string, unknown>>).childId!;
    delete childId.pattern;
    childId.format = 'ics-person-id';
    await createDraft(ctx, analyst, formInput.id, { ...def, changeNote: 'v1' });
    expect((await updateForm(ctx, analyst, formInput.id, undefined, { subject: { childId: '/childId' } })).subject).toEqual({ childId: '/childId' });
  });

  it("every shipped template's ids asked at start come from short text questions", async () => {
    const asking = loadTemplates().filter((t) => t.form.subject);
    expect(asking.length).toBeGreaterThanOrEqual(3);
    for (const t of asking) {
      await createForm(ctx, analyst, t.form);
      const { version } = await createDraft(ctx, analyst, t.form.id, { schema: t.schema, uischema: t.uischema, changeNote: t.changeNote });
      expect(subjectProblems(t.form.subject!, version), t.form.id).toEqual([]);
    }
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

  it('several processes seeding one empty store at once leave each template published once, and none fails', async () => {
    const loc = newLocation(kind);
    // Each its own connection to the same store, as each web node has.
    const nodes = await Promise.all(Array.from({ length: 4 }, async () => createEngine({ store: await loc.open() })));
    try {
      const seeded = await Promise.all(nodes.map((n) => seedTemplates(n)));
      const templates = loadTemplates();
      // Each template was published by exactly one of them.
      expect(seeded.flat().sort()).toEqual(templates.map((t) => t.form.id).sort());
      for (const t of templates) expect((await nodes[0]!.store.listVersions(t.form.id)).map((v) => [v.version, v.status])).toEqual([[1, 'published']]);
    } finally {
      await Promise.all(nodes.map((n) => n.store.close()));
    }
  });

  it('does not seed into a store an analyst has already used', async () => {
    await createForm(ctx, analyst, formInput);
    expect(await seedTemplates(ctx)).toEqual([]);
    expect((await ctx.store.listForms()).map((f) => f.id)).toEqual([formInput.id]);
  });
});
