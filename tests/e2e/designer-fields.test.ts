/**
 * Issue 10: what an analyst sets on a question is what the form does, and nothing changes behind
 * their back. Fewest rows of a repeatable group refuses a record with no rows; a question keeps
 * the kind the analyst chose while its settings change; date-and-time and time-only questions
 * come from the palette; refusals are shown where they are, the status says what was not saved,
 * focus lands somewhere sensible; a published version reads as read only; the owning team is
 * chosen from the teams that exist. axe runs on every designer state looked at.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import * as M from '../../designer/model/index.js';
import { useE2E } from '../support/e2e.js';
import { addLabelled, openView, outlineText, panelControl, saveState, selectItem, setPanelText, signInToDesigner, waitForNoLoading, waitSaved } from '../support/designer.js';
import { signIn, waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();

beforeEach(async () => {
  await e2e.browser.context.clearCookies();
});

/** A form with a draft version 1 holding `def`, made through the API as the demo designer. */
async function draftForm(id: string, title: string, def: M.Definition): Promise<void> {
  const designer = e2e.server.as('designer');
  const made = await designer.post('/api/forms', { id, title, category: 'supervision', team: 'business-systems' });
  expect(made.status, made.text).toBe(201);
  const version = await designer.post(`/api/forms/${id}/versions`, { changeNote: 'First version', ...def });
  expect(version.status, version.text).toBe(201);
}

/** Signs the demo designer in and opens the form's editor. */
async function openEditor(page: Page, formId: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInToDesigner(page, e2e.url, e2e.server.demo.designer);
  await page.goto(`${e2e.url}/designer/forms/${formId}`);
  await waitForNoLoading(page);
}

/** What the server holds for a version, read as the designer. */
async function versionOf(formId: string, n: number): Promise<M.Definition & { status: string }> {
  return (await e2e.server.as('designer').get(`/api/forms/${formId}/versions/${n}`)).body as M.Definition & { status: string };
}

describe('fewest rows of a repeatable group', () => {
  it('"Fewest rows: 1" alone makes the group required: a practitioner\'s record with no rows is refused, with the message on the group', { timeout: 60_000 }, async () => {
    let def = M.addField(M.emptyDefinition(), '', 0, 'short-text', 'Summary').definition;
    def = M.addRepeatableGroup(def, '', 1, 'Actions').definition;
    await draftForm('rows-needed', 'Rows needed', def);

    const { page } = await e2e.open();
    await openEditor(page, 'rows-needed');
    await selectItem(page, 'pointer', 'Actions');
    await setPanelText(page, 'pointer', 'Fewest rows (optional)', '1');
    await expect.poll(() => panelControl(page, 'Required').isChecked()).toBe(true);
    await page.getByText('“Actions” now needs at least 1 row, so it is now required.').waitFor();
    await waitSaved(page);
    await e2e.axe(page, 'designer: fewest rows makes a group required');
    expect((await e2e.server.as('designer').post('/api/forms/rows-needed/versions/1/publish', {})).status).toBe(200);

    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    const id = await e2e.createDraft('rows-needed', { summary: 'Nothing to do' });
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Rows needed');
    await page.getByRole('button', { name: /^Save and (continue|check your answers)$/ }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect((await page.locator('.govuk-error-summary__list a').allTextContents()).map((t) => t.trim())).toEqual(['Add at least one action.']);
    const group = page.getByRole('group', { name: 'Actions' });
    expect((await group.locator('.govuk-error-message').innerText()).replace(/\s+/g, ' ').trim()).toBe('Error: Add at least one action.');
  });
});

describe('the kind of a question', () => {
  it('is what the analyst chose: a person id whose pattern is edited stays a person id, a short text allowed 1,000 characters stays one line in the preview', { timeout: 60_000 }, async () => {
    await draftForm('kinds-kept', 'Kinds kept', M.emptyDefinition());
    const { page } = await e2e.open();
    await openEditor(page, 'kinds-kept');
    await addLabelled(page, 'pointer', 'Person or child id', 'Child');
    await setPanelText(page, 'pointer', 'Pattern (optional)', '^P[0-9]{7}$');
    await addLabelled(page, 'pointer', 'Short text', 'Reason');
    await setPanelText(page, 'pointer', 'Most characters', '1000');
    await waitSaved(page);
    expect(await outlineText(page)).toEqual(['Child (Person or child id)', 'Reason (Short text)']);
    expect(await page.locator('section[aria-labelledby^="prop-"] h2 .govuk-caption-m').innerText()).toBe('Short text');
    await e2e.axe(page, 'designer: a short text allowed 1,000 characters');

    await openView(page, 'pointer', 'Preview and try it');
    const reason = page.locator('.app-panel').getByLabel(/^Reason/);
    expect(await reason.evaluate((el) => el.tagName)).toBe('INPUT');
    const stored = await versionOf('kinds-kept', 1);
    expect(JSON.stringify(stored.uischema)).toContain('"kind":"person-id"');
  });
});

describe('date and time, and time only', () => {
  it('come from the palette, with their own settings, and preview as the runtime shows them', { timeout: 60_000 }, async () => {
    await draftForm('times', 'Times', M.emptyDefinition());
    const { page } = await e2e.open();
    await openEditor(page, 'times');
    await addLabelled(page, 'pointer', 'Date and time', 'Visit started');
    expect(await panelControl(page, 'Earliest date (optional)').count()).toBe(0);
    await page.getByRole('group', { name: 'Checks against other answers' }).waitFor();
    await addLabelled(page, 'pointer', 'Time only', 'Call at');
    await waitSaved(page);
    expect(await outlineText(page)).toEqual(['Visit started (Date and time)', 'Call at (Time only)']);
    await e2e.axe(page, 'designer: a time-only question');

    await openView(page, 'pointer', 'Preview and try it');
    const preview = page.locator('.app-panel');
    await preview.getByRole('group', { name: /^Visit started/ }).getByLabel('Day').waitFor();
    await preview.getByLabel('Time', { exact: true }).waitFor();
    await preview.getByLabel(/^Call at/).waitFor();
    const stored = await versionOf('times', 1);
    expect((stored.schema as { properties: Record<string, unknown> }).properties).toEqual({
      visitStarted: { type: 'string', format: 'date-time', maxLength: 40 },
      callAt: { type: 'string', format: 'time', maxLength: 8 },
    });
  });
});
