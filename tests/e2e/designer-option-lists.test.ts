/**
 * Issue 10, item 10: shared option lists in the designer. An analyst creates "Reasons for
 * absence" (each option with its ICS code), uses it in two questions of a new form (one choice,
 * choose several), publishes the form; saves version 2 of the list without one option (the check
 * says it is breaking and names the form); updates the form's draft to version 2, and the
 * form's publish check shows the option removed. Someone else saving a list first is said, with
 * a way to reload. Keyboard only where an analyst works; axe on every new state.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import * as M from '../../designer/model/index.js';
import { useE2E } from '../support/e2e.js';
import { choose, openView, selectItem, signInToDesigner, waitForNoLoading, waitSaved } from '../support/designer.js';
import { button, press, tabTo, typeInto, waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();

beforeEach(async () => {
  await e2e.browser.context.clearCookies();
});

const TEAM = 'business-systems';

/** The text of the team's option in a team select (its name and id). */
async function teamText(page: Page, css: string): Promise<string> {
  const option = page.locator(`${css} option[value="${TEAM}"]`);
  await option.waitFor({ state: 'attached' });
  return ((await option.textContent()) ?? '').trim();
}

/** Adds options to the options table `id` by keyboard: "Add an option", the label (its made-up one is selected), Tab, the code. */
async function addOptions(page: Page, id: string, options: Array<[string, string]>): Promise<void> {
  for (const [label, code] of options) {
    await press(page, 'keyboard', { css: `#${id}-add` });
    await page.waitForFunction((prefix) => document.activeElement?.id.startsWith(prefix) === true, `${id}-label-`);
    await page.keyboard.type(label);
    await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(code);
    await page.keyboard.press('Tab');
  }
}

/** The focused element's text, once focus is on something matching `css`. */
async function focusedText(page: Page, css: string): Promise<string> {
  await page.waitForFunction((sel) => document.activeElement?.matches(sel) === true, css, { timeout: 5000 });
  return page.evaluate(() => (document.activeElement?.textContent ?? '').replace(/\s+/g, ' ').trim());
}

/** Chooses "A shared list" for the selected question and takes the options from `list`, by keyboard. */
async function useSharedList(page: Page, panel: string, list: string): Promise<void> {
  await tabTo(page, { css: `#${panel}-options-source-own` });
  await page.keyboard.press('ArrowDown');
  await choose(page, 'keyboard', `#${panel}-options-list`, list);
  await press(page, 'keyboard', button('Use this list'));
}

describe('shared option lists', () => {
  it('a list made once, used by two questions, changed as version 2 (breaking, naming the form), taken up by the form\'s draft and shown by its publish check', { timeout: 120_000 }, async () => {
    const { page } = await e2e.open();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer, 'keyboard');

    // The list, created by keyboard from the designer's navigation.
    await press(page, 'keyboard', { css: 'nav[aria-label="Designer"] a', text: 'Shared option lists' });
    await waitForHeading(page, 'Shared option lists');
    await waitForNoLoading(page);
    await page.getByText('There are no shared lists yet.').waitFor();
    await e2e.axe(page, 'designer: no shared lists yet');
    // Refused without a name, team or option, each said at its box.
    await press(page, 'keyboard', button('Create the list'));
    await page.locator('.govuk-error-summary').getByText('Enter a name for the list').waitFor();
    expect(await page.locator('.govuk-error-summary li').allTextContents()).toEqual(['Enter a name for the list', 'Choose the team that owns the list', 'Add at least one option']);
    await e2e.axe(page, 'designer: a list refused');
    await typeInto(page, 'keyboard', '#new-list-name', 'Reasons for absence');
    await typeInto(page, 'keyboard', '#new-list-description', 'Why a child was absent from school, with the ICS absence codes.');
    await choose(page, 'keyboard', '#new-list-team', await teamText(page, '#new-list-team'));
    await addOptions(page, 'new-list-options', [
      ['Illness', 'ILL'],
      ['Holiday', 'HOL'],
      ['Exclusion', 'EXC'],
    ]);
    await press(page, 'keyboard', button('Create the list'));
    await page.waitForURL(/\/designer\/option-lists\/reasons-for-absence/);
    await waitForHeading(page, 'Reasons for absence');
    expect(await focusedText(page, '.govuk-notification-banner')).toContain('The list is created as version 1.');
    const v1 = (await e2e.server.as('designer').get('/api/option-lists/reasons-for-absence')).body as { version: number; options: unknown };
    expect(v1).toMatchObject({ version: 1, options: [{ label: 'Illness', code: 'ILL' }, { label: 'Holiday', code: 'HOL' }, { label: 'Exclusion', code: 'EXC' }] });
    await page.getByText('No form uses this list yet.').first().waitFor();
    await e2e.axe(page, 'designer: a list just created');

    // A new form with two choice questions takes its options from the list.
    let def = M.addField(M.emptyDefinition(), '', 0, 'single-choice', 'Main reason').definition;
    def = M.addField(def, '', 1, 'multiple-choice', 'Other reasons').definition;
    const designer = e2e.server.as('designer');
    expect((await designer.post('/api/forms', { id: 'absence-record', title: 'Absence record', category: 'other', team: TEAM })).status).toBe(201);
    expect((await designer.post('/api/forms/absence-record/versions', { changeNote: 'First version', ...def })).status).toBe(201);
    await page.goto(`${e2e.url}/designer/forms/absence-record`);
    await waitForNoLoading(page);
    await selectItem(page, 'keyboard', 'Main reason');
    await useSharedList(page, 'prop-0', 'Reasons for absence (version 1, 3 options)');
    expect(await focusedText(page, '#prop-0-options-shared')).toBe('Options from the shared list “Reasons for absence”, version 1');
    expect(await page.locator('.app-shared-list tbody tr').allInnerTexts()).toEqual(['Illness\tILL', 'Holiday\tHOL', 'Exclusion\tEXC']);
    await page.getByText('“Main reason” now takes its options from the shared list “Reasons for absence”, version 1.').waitFor();
    await e2e.axe(page, 'designer: a question using a shared list');
    await selectItem(page, 'keyboard', 'Other reasons');
    await useSharedList(page, 'prop-1', 'Reasons for absence (version 1, 3 options)');
    await page.locator('#prop-1-options-shared').waitFor();
    await waitSaved(page);
    const draft = (await designer.get('/api/forms/absence-record/versions/1')).body as M.Definition;
    const props = draft.schema.properties as Record<string, Record<string, unknown>>;
    expect(props.mainReason!['x-option-list']).toEqual({ id: 'reasons-for-absence', version: 1 });
    expect((props.otherReasons!.items as Record<string, unknown>)['x-option-list']).toEqual({ id: 'reasons-for-absence', version: 1 });
    expect(props.mainReason!.oneOf).toEqual([
      { const: 'ILL', title: 'Illness' },
      { const: 'HOL', title: 'Holiday' },
      { const: 'EXC', title: 'Exclusion' },
    ]);
    // The preview shows the list's options at once.
    await openView(page, 'keyboard', 'Preview and try it');
    await page.locator('.app-panel').getByRole('radio', { name: 'Holiday' }).waitFor();
    expect((await designer.post('/api/forms/absence-record/versions/1/publish', {})).status).toBe(200);

    // Version 2 of the list, without "Holiday": the check says it breaks and names the form.
    await page.goto(`${e2e.url}/designer/option-lists`);
    await waitForNoLoading(page);
    expect(await page.locator('tbody tr').first().innerText()).toMatch(/Reasons for absence\s+reasons-for-absence\s+Version 1\s+3\s+1 form/);
    await e2e.axe(page, 'designer: the shared lists');
    await press(page, 'keyboard', { css: 'a', text: 'Reasons for absence' });
    await waitForHeading(page, 'Reasons for absence');
    await waitForNoLoading(page);
    await press(page, 'keyboard', button('Remove option 2, Holiday'));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('list-options-label-1');
    await typeInto(page, 'keyboard', '#list-change-note', 'Holiday is no longer recorded as a reason.');
    await press(page, 'keyboard', button('Check this change'));
    expect(await focusedText(page, '#list-check-title')).toBe('What version 2 changes');
    const found = page.locator('[role="status"]').filter({ has: page.locator('#list-check-title') });
    expect((await found.locator('li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
      'Breaking The option “Holiday” (code "HOL") is removed from “Reasons for absence”: a form that moves to this version will no longer accept it, so records that chose it would need another answer.',
    ]);
    await found.getByText('This form uses the list: “Absence record”.', { exact: false }).waitFor();
    await e2e.axe(page, 'designer: what a list change does');
    // The banner is said once, on the list as saved: it took focus on the old list too, then lost it when that went.
    await page.evaluate(() => {
      (window as unknown as { bannerFocus: number }).bannerFocus = 0;
      document.addEventListener('focusin', (e) => {
        if ((e.target as Element).matches('.govuk-notification-banner')) (window as unknown as { bannerFocus: number }).bannerFocus++;
      });
    });
    await press(page, 'keyboard', button('Save as version 2'));
    await page.locator('.govuk-caption-l', { hasText: 'Shared option list, version 2' }).waitFor();
    expect(await focusedText(page, '.govuk-notification-banner')).toContain('Version 2 of “Reasons for absence” is saved.');
    expect(await page.evaluate(() => (window as unknown as { bannerFocus: number }).bannerFocus)).toBe(1);
    await waitForHeading(page, 'Reasons for absence');
    expect(await page.locator('table[aria-labelledby="used-by"] tbody tr').first().innerText()).toMatch(/Absence record[\s\S]*1 \(published\)\s+Main reason\s+Version 1/);
    expect(await page.locator('table[aria-labelledby="used-by"] a').first().getAttribute('href')).toBe('/designer/forms/absence-record');
    await e2e.axe(page, 'designer: a list saved as version 2');

    // The form's new draft takes up version 2; its publish check shows the option removed.
    expect((await designer.post('/api/forms/absence-record/versions', {})).status).toBe(201);
    await press(page, 'keyboard', { css: 'table[aria-labelledby="used-by"] a', text: /^Absence record/ });
    await page.waitForURL(/\/designer\/forms\/absence-record$/);
    await waitForNoLoading(page);
    await selectItem(page, 'keyboard', 'Main reason');
    await page.getByText('Version 2 of this list is available.').waitFor();
    await e2e.axe(page, 'designer: a newer version of a shared list');
    await press(page, 'keyboard', button('Update to version 2'));
    expect(await focusedText(page, '#prop-0-options-shared')).toBe('Options from the shared list “Reasons for absence”, version 2');
    await page.getByText('Removing the option “Holiday” (“HOL”) is a breaking change', { exact: false }).waitFor();
    await selectItem(page, 'keyboard', 'Other reasons');
    await press(page, 'keyboard', button('Update to version 2'));
    await page.locator('#prop-1-options-shared', { hasText: 'version 2' }).waitFor();
    await waitSaved(page);
    await openView(page, 'keyboard', 'Versions and publishing');
    await typeInto(page, 'keyboard', '#change-note', 'Reasons for absence version 2.');
    await press(page, 'keyboard', button('Check what publishing changes'));
    expect(await focusedText(page, 'h4')).toBe('What publishing version 2 changes');
    const changes = (await page.locator('h4 + ul li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(changes).toContain('Breaking The option “Holiday” (code "HOL") was removed from “Main reason”.');
    expect(changes).toContain('“Main reason” now uses version 2 of the shared list “reasons-for-absence” (was version 1).');
    await e2e.axe(page, 'designer: publishing a form update to a list version');
  });

  it('a list saved by someone else first is not overwritten: the page says so and reloads theirs', { timeout: 60_000 }, async () => {
    const designer = e2e.server.as('designer');
    const options = [
      { label: 'White British', code: 'WBRI' },
      { label: 'Any other White background', code: 'WOTH' },
    ];
    expect((await designer.post('/api/option-lists', { id: 'ethnicity', name: 'Ethnicity', team: TEAM, options })).status).toBe(201);
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: '/api/option-lists/ethnicity/versions', status: 412 }] });
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer);
    await page.goto(`${e2e.url}/designer/option-lists/ethnicity`);
    await waitForHeading(page, 'Ethnicity');
    await waitForNoLoading(page);
    // Meanwhile another analyst saves version 2.
    const theirs = await designer.post('/api/option-lists/ethnicity/versions', { name: 'Ethnicity', team: TEAM, options: [...options, { label: 'Irish', code: 'WIRI' }], changeNote: 'Irish added.' }, { headers: { 'if-match': '"1"' } });
    expect(theirs.status, theirs.text).toBe(201);

    // Nothing changed yet: said before asking the server.
    await press(page, 'keyboard', button('Check this change'));
    expect(await page.locator('.govuk-error-summary li').allTextContents()).toEqual(['Nothing is changed from version 1 yet: change the name, description, team or options first', 'Write what changed in version 2, for the analysts whose forms use the list']);
    await addOptions(page, 'list-options', [['Traveller of Irish heritage', 'WIRT']]);
    await typeInto(page, 'keyboard', '#list-change-note', 'Traveller of Irish heritage added.');
    await press(page, 'keyboard', button('Check this change'));
    await press(page, 'keyboard', button('Save as version 2'));
    expect(await focusedText(page, '#list-stale-title')).toBe('Someone else saved a newer version of this list');
    await e2e.axe(page, 'designer: a list saved elsewhere first');
    await press(page, 'keyboard', button('Reload the list'));
    await page.getByText('Shared option list, version 2').waitFor();
    expect(await page.locator('#list-options-label-2').inputValue()).toBe('Irish');
  });
});
