/**
 * The designer's preview evaluates display rules on the sample answers as they are now: a
 * question revealed by an answer stays on screen after "Try these answers" lists its problems;
 * and it shows the form at a phone's width when asked.
 */
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { openView, signInToDesigner, waitForNoLoading } from '../support/designer.js';
import { loadTemplate } from '../support/form-filler.js';

const e2e = useE2E();

describe('the designer\'s preview', () => {
  it('keeps a question revealed by a sample answer on screen after "Try these answers"', async () => {
    const template = loadTemplate('case-supervision');
    const designer = e2e.server.as('designer');
    expect((await designer.post('/api/forms', { id: 'preview-rules', title: 'Preview rules', category: 'supervision', team: 'business-systems', subject: template.form.subject })).status).toBe(201);
    expect((await designer.post('/api/forms/preview-rules/versions', { changeNote: 'From the template', schema: template.schema, uischema: template.uischema })).status).toBe(201);

    const { page } = await e2e.open({ expectedHttpErrors: [{ path: '/api/forms/preview-rules/versions/1/try', status: 422 }] });
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer);
    await page.goto(`${e2e.url}/designer/forms/preview-rules`);
    await waitForNoLoading(page);
    await openView(page, 'pointer', 'Preview and try it');
    await page.getByRole('navigation', { name: 'Preview pages' }).getByRole('button', { name: 'Management decision (manager only)', exact: true }).click();
    await page.getByRole('group', { name: /^Escalation needed\?/ }).getByLabel('Yes', { exact: true }).check();
    const details = page.getByLabel('Escalation: to whom and why', { exact: true });
    await details.waitFor();
    await page.getByRole('button', { name: 'Try these answers' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await details.isVisible(), 'the revealed question after trying the answers').toBe(true);
    await e2e.axe(page, 'designer preview: answers tried with a revealed question');
  });

  it("shows the form at a phone's width, one page at a time, with nothing wider than the phone", async () => {
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/designer/forms/preview-rules`);
    await waitForNoLoading(page);
    await openView(page, 'pointer', 'Preview and try it');
    await page.getByLabel('A phone (360 pixels wide)').check();
    const frame = page.locator('[data-preview-width="phone"]');
    await frame.waitFor();
    const sizes = await frame.evaluate((e) => ({ width: e.getBoundingClientRect().width, widest: Math.max(...Array.from(e.querySelectorAll('*')).map((c) => c.getBoundingClientRect().right)) - e.getBoundingClientRect().left }));
    expect(sizes.width).toBeLessThanOrEqual(360 + 2 * 10 + 4);
    expect(sizes.widest).toBeLessThanOrEqual(sizes.width + 1);
    // One page at a time, as the runtime shows it.
    expect(await frame.getByRole('navigation', { name: 'Preview pages' }).count()).toBe(1);
    await e2e.axe(page, 'designer preview at a phone width');
    await page.getByLabel('A laptop (as wide as this page)').check();
    await page.locator('[data-preview-width="laptop"]').waitFor();
  });
});
