/**
 * The forms on the dashboards, on both stores: read once and kept until a form or version
 * changes (any change, read from the store's marker), and each measured form's completed records
 * given the measures their stamps lack before anything is counted, so an audit completed before
 * stamps carried measures is charted and compared like any other.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineContext } from '../../../engine/context.js';
import { buildDashboard } from '../../../engine/dashboards/index.js';
import { publishedForms } from '../../../engine/dashboards/published.js';
import { createEngine } from '../../../engine/engine.js';
import { updateForm } from '../../../engine/forms/lifecycle.js';
import { seedTemplates } from '../../../engine/forms/templates.js';
import { STORE_KINDS, newLocation } from '../../support/stores.js';
import { account, event, submission } from '../../support/records.js';

const AUDIT = 'case-file-audit';

describe.each(STORE_KINDS)('the forms on the dashboards (%s store)', (kind) => {
  let ctx: EngineContext;
  let reads = 0;
  beforeEach(async () => {
    const store = await newLocation(kind).open();
    const listVersions = store.listVersions.bind(store);
    store.listVersions = (formId) => {
      reads++;
      return listVersions(formId);
    };
    ctx = createEngine({ store, now: () => new Date('2026-07-15T09:00:00Z') });
    await seedTemplates(ctx);
  });
  afterEach(async () => ctx.store.close());

  it('are read once and kept until a form or version changes, then read again', async () => {
    reads = 0;
    const first = await publishedForms(ctx);
    expect(first.map((f) => f.form.id)).toEqual(['case-file-audit', 'case-supervision', 'reflective-supervision', 'return-to-work']);
    expect(reads).toBe(4);
    expect(await publishedForms(ctx)).toBe(first);
    expect(reads).toBe(4);
    const rtw = first.find((f) => f.form.id === 'return-to-work')!.form;
    await updateForm(ctx, { id: 'u-analyst' }, rtw.id, rtw.revision, { title: 'Return-to-work meeting' });
    const again = await publishedForms(ctx);
    expect(reads).toBe(8);
    expect(again.find((f) => f.form.id === 'return-to-work')!.form.title).toBe('Return-to-work meeting');
  });

  it('give an audit completed before stamps carried measures the grades it holds, so it is charted and compared', async () => {
    const old = submission({
      formId: AUDIT,
      status: 'submitted',
      team: 'quality-assurance',
      subject: { childId: 'C9990001' },
      data: { overall: { grade: 'GOOD' }, domains: { risk: { grade: 'RI' } }, moderation: { moderatedGrade: 'RI' } },
      submittedBy: 'u-auditor',
      submittedAt: '2026-07-02T10:00:00.000Z',
      // As an earlier release stamped it: no measures.
      timeliness: { doneOn: '2026-07-02', month: '2026-07', completedAt: '2026-07-02T10:00:00.000Z', daysToComplete: 1 },
    });
    await ctx.store.createSubmission(old, { outbox: [], event: event('submission.created', 'submission', old.id) });
    const qa = account({ role: 'manager', team: 'quality-assurance', groups: ['qa'] });
    const d = await buildDashboard(ctx, qa, 'audits', {});
    const july = (id: string) => d.charts.find((c) => c.id === id)!.rows.find((r) => r.x === '2026-07')!.values;
    expect(july(`${AUDIT}.overall.grade`)).toEqual({ v0: 1 });
    expect(d.charts.find((c) => c.id === `${AUDIT}.overall.grade`)!.series).toEqual([{ key: 'v0', label: 'GOOD' }]);
    expect(july(`${AUDIT}.domains.risk.grade`)).toEqual({ v0: 1 });
    expect(d.figures.find((f) => f.id === `${AUDIT}.agreement`)!.value).toBe(0);
    const stamp = (await ctx.store.getSubmission(old.id))!.timeliness!;
    expect(stamp.measures).toMatchObject({ overall__grade: 'GOOD', domains__risk__grade: 'RI', domains__impact__grade: null, moderation__moderatedGrade: 'RI' });
    expect(Object.keys(stamp.measures!)).toHaveLength(14);
  });
});
