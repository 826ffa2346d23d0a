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
import { addLabelled, choose, openView, outlineText, panelControl, saveState, selectItem, setPanelText, signInToDesigner, waitForNoLoading, waitSaved } from '../support/designer.js';
import { press, signIn, waitForHeading } from '../support/form-filler.js';

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
    await panelControl(page, 'Format').selectOption({ label: 'Custom pattern' });
    await setPanelText(page, 'pointer', 'Pattern', '^P[0-9]{7}$');
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

/** The id of the element that has focus (after the page has drawn what an action changed). */
async function focusedId(page: Page, matching: RegExp): Promise<string> {
  await page.waitForFunction((source) => new RegExp(source).test(document.activeElement?.id ?? ''), matching.source, { timeout: 5000 }).catch(() => {});
  return page.evaluate(() => document.activeElement?.id ?? '');
}

describe('small things that surprised an analyst', () => {
  it('refusals show at their box and in the save status; focus follows "Remove" and "Add the check"; a first page follows the content; no breaking-change talk before anything is published; the publish check says why it cannot be pressed', { timeout: 90_000 }, async () => {
    let def = M.emptyDefinition();
    for (const [kind, label] of [['single-choice', 'Colour'], ['short-text', 'Name'], ['date', 'Start'], ['date', 'End']] as Array<[M.PaletteKind, string]>) {
      def = M.addField(def, '', 99, kind, label).definition;
    }
    await draftForm('small-things', 'Small things', def);
    const { page } = await e2e.open();
    await openEditor(page, 'small-things');
    const message = page.locator('.govuk-inset-text[role="status"], .govuk-error-summary[role="alert"]');

    // An option's code is refused at the code box, not the label box; the status says it is not saved.
    await selectItem(page, 'pointer', 'Colour');
    const code = page.locator('[id$="-options-code-0"]');
    await code.fill('R E D');
    await code.blur();
    await expect.poll(() => code.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[id$="-options-label-0"]').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator(`#${await code.getAttribute('aria-describedby')}`).innerText()).toMatch(/A code is 1 to 40 letters, digits, hyphens or underscores/);
    await expect.poll(() => saveState(page)).toBe('Draft saved, except Options of “Colour”: refused (the box says why), so not saved.');
    await e2e.axe(page, 'designer: a refused option code');
    // Put right: saved, and no talk of breaking answers on a form never published.
    await code.fill('RED');
    await code.blur();
    await waitSaved(page);
    expect(await message.allInnerTexts()).not.toContain(expect.stringMatching(/breaking/));
    // Removing an option puts focus on the one that took its place.
    await page.getByRole('button', { name: 'Remove option 1, Option 1' }).click();
    expect(await focusedId(page, /-options-label-0$/)).toMatch(/-options-label-0$/);
    await waitSaved(page);

    // A refused length stays in its box, and the status says so.
    await selectItem(page, 'pointer', 'Name');
    await setPanelText(page, 'pointer', 'Most characters', '0');
    await expect.poll(() => saveState(page)).toBe('Draft saved, except Most characters of “Name”: refused (the box says why), so not saved.');
    await setPanelText(page, 'pointer', 'Most characters', '100');
    await waitSaved(page);

    // "Add the check" puts focus on the new check; removing it, on "Compare with".
    await selectItem(page, 'pointer', 'End');
    await page.locator('[id$="-checks-other"]').selectOption({ label: 'Start' });
    await page.getByRole('button', { name: 'Add the check' }).click();
    expect(await focusedId(page, /-checks-check-0$/)).toMatch(/-checks-check-0$/);
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^Must be on or after “Start”/);
    await e2e.axe(page, 'designer: a check just added, with focus');
    await page.getByRole('button', { name: /^Remove the check: Must be on or after “Start”/ }).click();
    expect(await focusedId(page, /-checks-other$/)).toMatch(/-checks-other$/);
    await waitSaved(page);

    // Removing a question: focus and selection go to the question that took its place.
    await selectItem(page, 'pointer', 'Name');
    await page.getByRole('button', { name: 'Remove this question' }).click();
    await page.waitForFunction(() => document.activeElement?.classList.contains('app-outline__select'));
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^Start/);
    await page.locator('section[aria-labelledby^="prop-"] h2').filter({ hasText: 'Start' }).waitFor();
    await waitSaved(page);

    // Versions, before anything is published: nothing to break; the check button says why it waits.
    await openView(page, 'pointer', 'Versions and publishing');
    const check = page.getByRole('button', { name: 'Check what publishing changes' });
    await page.getByLabel('What changed in this version').fill('');
    expect(await check.isDisabled()).toBe(true);
    expect(await page.locator('#publish-why').innerText()).toBe('Write what changed in this version first.');
    await e2e.axe(page, 'designer: the publish check waiting for a change note');
    await page.getByLabel('What changed in this version').fill('First version');
    await check.click();
    await page.getByText('Nothing has been published yet, so there is nothing this could break').waitFor();
    expect(await page.getByText('Breaking', { exact: true }).count()).toBe(0);

    // The first page follows what the form held ("Page 1"); while it is empty it cannot be published.
    await openView(page, 'pointer', 'Build');
    await selectItem(page, 'pointer', 'Colour');
    await press(page, 'pointer', { css: '.app-palette button', text: 'Page' });
    await page.locator('section[aria-labelledby^="prop-"] h2').filter({ hasText: 'New page' }).waitFor();
    await waitSaved(page);
    expect(await outlineText(page)).toEqual(['Page 1 (Page)', '  Colour (Single choice)', '  Start (Date)', '  End (Date)', 'New page (Page)']);
    await openView(page, 'pointer', 'Versions and publishing');
    expect(await page.getByRole('button', { name: 'Check what publishing changes' }).isDisabled()).toBe(true);
    expect(await page.locator('#publish-why').innerText()).toBe('The page “New page” has nothing on it: add questions or guidance to it in Build, or remove it.');
    const refused = await e2e.server.as('designer').post('/api/forms/small-things/versions/1/publish', { changeNote: 'First version' });
    expect(refused.status).toBe(422);
    expect((refused.body as { errors: Array<{ message: string }> }).errors.map((e) => e.message)).toEqual(['The page “New page” has nothing on it: add questions or guidance to it, or remove it, before publishing.']);
  });

  it('a published version reads as read only: nothing to press in its outline, and a line saying why and how to change it', { timeout: 60_000 }, async () => {
    await draftForm('published-view', 'Published view', M.addField(M.emptyDefinition(), '', 0, 'short-text', 'Name').definition);
    expect((await e2e.server.as('designer').post('/api/forms/published-view/versions/1/publish', {})).status).toBe(200);
    const { page } = await e2e.open();
    await openEditor(page, 'published-view');
    await page.getByRole('heading', { name: 'Version 1 (published) Read only', exact: true }).waitFor();
    expect(await page.locator('.app-outline button, .app-outline [draggable="true"]').count()).toBe(0);
    expect(await page.locator('.app-outline').innerText()).toMatch(/^Name\s+Short text$/);
    expect(await page.locator('#read-only-why').innerText()).toMatch(/Version 1 is published, so it cannot be changed[\s\S]*“Start a new draft”/);
    await e2e.axe(page, 'designer: a published version, read only');
  });
});

describe('the owning team', () => {
  it('is chosen from the teams that exist, when creating a form and in its settings', { timeout: 60_000 }, async () => {
    const { page } = await e2e.open();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer);
    const team = page.locator('#new-team');
    expect(await team.evaluate((el) => el.tagName)).toBe('SELECT');
    await team.locator('option', { hasText: 'children-in-need-north' }).waitFor({ state: 'attached' });
    const offered = await team.locator('option').allTextContents();
    expect(offered).toEqual(expect.arrayContaining(['Choose a team', 'Business systems (business-systems)', 'Children in need north (children-in-need-north)']));
    await e2e.axe(page, 'designer: creating a form, teams to choose from');
    // Not choosing one is refused in words.
    await page.locator('#new-title').fill('Team test');
    await page.getByRole('button', { name: 'Create form' }).click();
    await page.locator('#new-team-error').waitFor();
    expect(await page.locator('#new-team-error').innerText()).toMatch(/Choose the team that owns the form/);
    await choose(page, 'keyboard', '#new-team', 'Children in need north (children-in-need-north)');
    await page.getByRole('button', { name: 'Create form' }).click();
    await waitForHeading(page, 'Build');
    expect(((await e2e.server.as('designer').get('/api/forms/team-test')).body as { team: string }).team).toBe('children-in-need-north');

    await openView(page, 'pointer', 'Form settings');
    const settingsTeam = page.locator('#settings-team');
    await expect.poll(() => settingsTeam.inputValue()).toBe('children-in-need-north');
    await e2e.axe(page, 'designer: form settings with the owning team');
  });

  it('GET /api/accounts/teams lists the teams of accounts and forms, to designers and administrators only', async () => {
    const teams = await e2e.server.as('designer').get('/api/accounts/teams');
    expect(teams.status).toBe(200);
    expect((teams.body as { items: Array<{ id: string }> }).items.map((t) => t.id)).toEqual(expect.arrayContaining(['business-systems', 'children-in-need-north', 'it-integration']));
    expect((await e2e.server.as('admin').get('/api/accounts/teams')).status).toBe(200);
    expect((await e2e.server.as('practitioner').get('/api/accounts/teams')).status).toBe(403);
  });
});
