/**
 * Issue 10, item 7: checks across the repeating group boundary, in a real browser. An analyst
 * opens a "Management oversight record" (the date of the oversight, then a repeatable group of
 * actions), and by keyboard only adds to the action's "Due by" the check "must be after Date of
 * the oversight", chosen among the answers outside the group; publishes. A practitioner's record
 * with one action due before the oversight is refused at that row's "Due by" — on "Save and
 * continue" as on Submit — and goes through once that date is put right. axe on every state.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { choose, openView, selectItem, signInToDesigner, waitForNoLoading, waitSaved } from '../support/designer.js';
import { button, press, signIn, tabTo, typeInto, waitForHeading, type Json } from '../support/form-filler.js';
import { DUE_AFTER_OVERSIGHT, OVERSIGHT_FORM, oversightDefinition, oversightRecord } from '../support/oversight.js';

const e2e = useE2E();
const K = 'keyboard' as const;
const MESSAGE = 'Actions, row 2: Due by must be after the date of the oversight.';
const ROW_FIELD = 'f-actions--1--dueBy';

/** The error summary's links, as the person reads them. */
async function summaryLinks(page: Page): Promise<Array<{ href: string; text: string }>> {
  await page.locator('.govuk-error-summary').waitFor();
  return page.locator('.govuk-error-summary__list a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href') ?? '', text: (a.textContent ?? '').trim() })));
}

/** The row's date question shows the message, tied to its fieldset; no other row's does. */
async function expectRowError(page: Page): Promise<void> {
  expect((await page.locator(`#${ROW_FIELD}-error`).innerText()).replace(/\s+/g, ' ').trim()).toBe(`Error: ${MESSAGE}`);
  expect((await page.locator(`#${ROW_FIELD}-fieldset`).getAttribute('aria-describedby'))?.split(' ')).toContain(`${ROW_FIELD}-error`);
  for (const other of ['f-actions--0--dueBy', 'f-actions--2--dueBy']) expect(await page.locator(`#${other}-error`).count(), other).toBe(0);
}

describe('checks across a repeating group', () => {
  it('an analyst adds "Due by must be after Date of the oversight" by keyboard and publishes; a record with an action due too early is refused on that row', { timeout: 120_000 }, async () => {
    const designer = e2e.server.as('designer');
    expect((await designer.post('/api/forms', OVERSIGHT_FORM)).status).toBe(201);
    expect((await designer.post(`/api/forms/${OVERSIGHT_FORM.id}/versions`, { ...oversightDefinition(false), changeNote: 'First version' })).status).toBe(201);

    const { page } = await e2e.open({ expectedHttpErrors: [{ path: /\/api\/submissions\/[^/]+\/submit$/, status: 422 }] });
    await page.setViewportSize({ width: 1280, height: 900 });

    // --- The analyst, by keyboard only. ---
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer, K);
    await page.goto(`${e2e.url}/designer/forms/${OVERSIGHT_FORM.id}`);
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    await selectItem(page, K, 'Due by');
    // The answers outside the group are offered apart from the row's own.
    const other = page.locator('[id$="-checks-other"]');
    expect(await other.locator('optgroup').evaluateAll((gs) => gs.map((g) => [g.getAttribute('label'), Array.from(g.querySelectorAll('option')).map((o) => o.textContent)]))).toEqual([
      ['Outside “Actions” (every row is checked)', ['Date of the oversight']],
    ]);
    await e2e.axe(page, 'designer: checks of a question in a repeating group');
    await choose(page, K, '[id$="-checks-other"]', 'Date of the oversight');
    await choose(page, K, '[id$="-checks-op"]', 'after');
    await tabTo(page, { css: 'button', text: 'Add the check' });
    await page.keyboard.press('Enter');
    await page.getByText('Must be after “Date of the oversight” (outside “Actions”, checked in every row)').waitFor();
    await waitSaved(page);
    await e2e.axe(page, 'designer: a row question checked against an answer outside its group');
    const draft = (await designer.get(`/api/forms/${OVERSIGHT_FORM.id}/versions/1`)).body as { schema: Json };
    expect(draft.schema['x-compare']).toEqual([DUE_AFTER_OVERSIGHT]);

    await openView(page, K, 'Versions and publishing');
    await typeInto(page, K, '#change-note', 'First version: actions are due after the oversight.');
    await press(page, K, button('Check what publishing changes'));
    await page.getByRole('heading', { name: 'What publishing version 1 changes' }).waitFor();
    await press(page, K, button('Publish version 1'));
    await page.getByRole('heading', { name: 'Version 1 (published)' }).waitFor();
    await e2e.axe(page, 'designer: the form with the row check published');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForHeading(page, 'Sign in');

    // --- A practitioner's record: the second of three actions is due before the oversight. ---
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    const id = await e2e.createDraft(OVERSIGHT_FORM.id, oversightRecord('2026-11-01'));
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'The oversight');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await waitForHeading(page, 'Actions', { focused: true });
    // Leaving the actions step says so at once, on that row.
    await page.getByRole('button', { name: 'Save and check your answers' }).click();
    expect(await summaryLinks(page)).toEqual([{ href: `#${ROW_FIELD}`, text: MESSAGE }]);
    await expectRowError(page);
    await e2e.axe(page, 'runtime: an action due before the oversight, on its row');

    // Submit is refused with the same problem; its link lands on the row's date.
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Check your answers' }).click();
    await waitForHeading(page, 'Check your answers', { focused: true });
    await page.getByRole('button', { name: 'Submit' }).click();
    expect(await summaryLinks(page)).toEqual([{ href: `#${ROW_FIELD}`, text: MESSAGE }]);
    expect((await e2e.stored(id)).status).toBe('draft');
    await page.locator('.govuk-error-summary__list a', { hasText: MESSAGE }).click();
    await page.waitForFunction((f) => document.activeElement?.id === f, ROW_FIELD);
    await expectRowError(page);
    await e2e.axe(page, 'runtime: submit refused at the row of the early action');

    // Put right (the 12th, after the 10th), it goes through.
    await page.locator(`#${ROW_FIELD}`).fill('12');
    await page.locator(`#${ROW_FIELD}`).blur();
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Check your answers' }).click();
    await waitForHeading(page, 'Check your answers', { focused: true });
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.locator('.govuk-panel--confirmation h1', { hasText: 'Form submitted' }).waitFor();
    const stored = await e2e.stored(id);
    expect(stored.status).toBe('submitted');
    expect((stored.data.actions as Json[]).map((a) => a.dueBy)).toEqual(['2026-11-20', '2026-11-12', '2026-12-10']);
  });
});
