/**
 * The export's audit trail (issue 17): every record is logged as `submission.exported` once,
 * before it leaves (in batches read ahead across pages, at most 1,000 records); an export stopped
 * half-way has logged every page it handed out, and at most the rest of the batch read ahead with them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineContext } from '../../../engine/context.js';
import { createEngine } from '../../../engine/engine.js';
import { createDraft, createForm, publishVersion } from '../../../engine/forms/lifecycle.js';
import { exportPages } from '../../../engine/submissions/export.js';
import { createSubmission } from '../../../engine/submissions/lifecycle.js';
import { STORE_KINDS, newLocation } from '../../support/stores.js';

const designer = { id: 'u-designer' };
const worker = { id: 'u-worker', team: 'team-north' };
const FORM = 'export-log';
// Pages of 200, read ahead and logged two pages (400 records) at a time here (1,000 in the server): three batches.
const RECORDS = 430;
const AHEAD = 400;

describe.each(STORE_KINDS)('export audit trail (%s store)', (kind) => {
  let ctx: EngineContext;
  let ids: string[];
  // One set of records for the file; each test exports as its own integrator, so reads its own events.
  beforeAll(async () => {
    ctx = createEngine({ store: await newLocation(kind).open(), now: () => new Date('2026-11-26T10:00:00Z') });
    await createForm(ctx, designer, { id: FORM, title: 'Export log', category: 'other', team: 'team-north' });
    const schema = { type: 'object', properties: { note: { type: 'string' }, urgent: { type: 'boolean' }, why: { type: 'string' } } };
    const uischema = {
      type: 'VerticalLayout',
      elements: [
        { type: 'Control', scope: '#/properties/note' },
        { type: 'Control', scope: '#/properties/urgent' },
        { type: 'Control', scope: '#/properties/why', rule: { effect: 'SHOW', condition: { scope: '#/properties/urgent', schema: { const: true } } } },
      ],
    };
    await createDraft(ctx, designer, FORM, { schema, uischema, changeNote: 'v1' });
    await publishVersion(ctx, designer, FORM, 1);
    ids = [];
    for (let n = 0; n < RECORDS; n++) {
      // Drafts keep answers their rules hide; the export leaves them out.
      const { submission } = await createSubmission(ctx, worker, { formId: FORM, subject: { childId: `C${n}` }, data: { note: `n${n}`, urgent: n % 2 === 0, why: 'w' }, status: 'draft' });
      ids.push(submission.id);
    }
    ids.sort();
  }, 120_000);
  afterAll(async () => ctx.store.close());

  const logged = async (actor: string) => (await ctx.store.listEvents({ actor, action: 'submission.exported', limit: 10_000 })).map((e) => e.entity.id);

  it('logs every record once, each before it is handed out, and hands out no hidden answer', async () => {
    const integrator = 'u-integrator-1';
    const seen: string[] = [];
    for await (const page of exportPages(ctx, integrator, FORM, undefined, undefined, AHEAD)) {
      const already = new Set(await logged(integrator));
      expect(page.filter((s) => !already.has(s.id)).map((s) => s.id), 'handed out before it was logged').toEqual([]);
      for (const s of page) {
        seen.push(s.id);
        expect('why' in s.data).toBe(s.data.urgent === true);
      }
    }
    expect(seen).toEqual(ids);
    expect((await logged(integrator)).sort()).toEqual(ids);
    const events = await ctx.store.listEvents({ actor: integrator, limit: 10_000 });
    expect(events.every((e) => e.action === 'submission.exported' && e.entity.kind === 'submission')).toBe(true);
  });

  it('stopped after its first page, has logged that page and the rest of its batch read ahead, nothing beyond', async () => {
    const integrator = 'u-integrator-2';
    const pages = exportPages(ctx, integrator, FORM, undefined, undefined, AHEAD);
    const first = await pages.next();
    expect(first.done).toBe(false);
    const handed = (first.value as Array<{ id: string }>).map((s) => s.id);
    expect(handed).toHaveLength(200);
    await pages.return(undefined);
    expect((await logged(integrator)).sort()).toEqual(ids.slice(0, AHEAD));
  });

  it('stopped by a failure of its reader after two pages, logs both pages', async () => {
    const integrator = 'u-integrator-3';
    const handed: string[] = [];
    const failing = async () => {
      for await (const page of exportPages(ctx, integrator, FORM, undefined, undefined, AHEAD)) {
        handed.push(...page.map((s) => s.id));
        if (handed.length === 400) throw new Error('the socket went away');
      }
    };
    await expect(failing()).rejects.toThrow('the socket went away');
    expect((await logged(integrator)).sort()).toEqual(ids.slice(0, AHEAD));
  });
});
