/**
 * Issue 12: a calculated answer built without code, by keyboard only. The analyst adds two dates
 * and "Working days lost", picks "Working days between two dates" and the two dates from lists,
 * reads the formula that makes, tries it with sample dates across Christmas's bank holidays and
 * sees the right count, breaks the formula by typing and reads the specific problem at the box,
 * puts it right, sees the formula follow a renamed date, and publishes: the server accepts it.
 * axe runs on every state.
 */
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { addLabelled, choose, openView, panelControl, signInToDesigner, setPanelText, waitForNoLoading, waitSaved } from '../support/designer.js';
import { press, typeInto } from '../support/form-filler.js';

const e2e = useE2E();
const FORM = 'absence-calc';
const RIGHT = 'workingDays(firstDayOfAbsence, lastDayOfAbsence)';
const WRONG = 'workingDays(firstDayOfAbsence, lastDayOfAbsense)';

describe('a calculated answer in the designer', () => {
  it('an analyst builds "Working days lost" by keyboard, tries it across bank holidays, fixes a typed formula and publishes', { timeout: 120_000 }, async () => {
    const designer = e2e.server.as('designer');
    expect((await designer.post('/api/forms', { id: FORM, title: 'Absence', category: 'return-to-work', team: 'business-systems' })).status).toBe(201);
    const draft = {
      changeNote: 'First draft',
      schema: { type: 'object', properties: { employee: { type: 'string', maxLength: 200 } } },
      uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/employee', label: 'Employee' }] },
    };
    expect((await designer.post(`/api/forms/${FORM}/versions`, draft)).status).toBe(201);

    const { page } = await e2e.open();
    await page.setViewportSize({ width: 1280, height: 900 });
    const K = 'keyboard' as const;
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer, K);
    await page.goto(`${e2e.url}/designer/forms/${FORM}`);
    await waitForNoLoading(page);

    await addLabelled(page, K, 'Date', 'First day of absence');
    await addLabelled(page, K, 'Date', 'Last day of absence');
    await addLabelled(page, K, 'Calculated answer', 'Working days lost');
    await page.locator('.app-outline__select', { hasText: /^Working days lost\s*Calculated answer/ }).waitFor();
    // Nothing chosen yet: the lists say what to do, and the formula box is empty.
    const formula = panelControl(page, 'Formula');
    expect(await formula.inputValue()).toBe('');
    await e2e.axe(page, 'designer: a new calculated answer');

    // The function by its plain label, then its inputs from the dates the form has.
    await choose(page, K, '[id$="-calc-function"]', 'Working days between two dates');
    const inputs = page.locator('select[id*="-calc-input-"]');
    await expect.poll(() => inputs.count()).toBe(2);
    expect(await inputs.nth(0).locator('option').allTextContents()).toEqual(['Choose a question', 'First day of absence', 'Last day of absence']);
    await choose(page, K, '[id$="-calc-input-0"]', 'First day of absence');
    await choose(page, K, '[id$="-calc-input-1"]', 'Last day of absence');
    await expect.poll(() => formula.inputValue()).toBe(RIGHT);
    await page.locator('[id$="-calc-result-kind"]', { hasText: 'The answer is a whole number.' }).waitFor();
    await waitSaved(page);
    await e2e.axe(page, 'designer: working days between two dates picked');

    // Try it: Monday 21 December 2026 to Friday 1 January 2027 is ten weekdays, less Christmas
    // Day, Boxing Day (moved to Monday 28th) and New Year's Day.
    const tryIt = page.getByRole('group', { name: 'Try it' });
    const sample = async (label: string, value: string) => typeInto(page, K, `#${await tryIt.getByLabel(label, { exact: true }).getAttribute('id')}`, value);
    await sample('First day of absence', '2026-12-21');
    await sample('Last day of absence', '2027-01-01');
    const result = tryIt.getByRole('status');
    await expect.poll(() => result.innerText()).toBe('Result: 7');
    await sample('Last day of absence', '2026-12-24');
    await expect.poll(() => result.innerText()).toBe('Result: 4');
    await e2e.axe(page, 'designer: the calculation tried with sample dates');

    // A typo in the formula: the problem is said at the box as it is typed, in words.
    await setPanelText(page, K, 'Formula', WRONG);
    await expect.poll(() => formula.getAttribute('aria-invalid')).toBe('true');
    const problem = page.locator('[id*="-calc-formula-error-"]');
    await expect.poll(() => problem.allTextContents()).toEqual(['Error: There is no question called “lastDayOfAbsense” in this form.']);
    await page.locator('[id$="-calc-result-kind"]', { hasText: 'The formula has a problem to put right.' }).waitFor();
    // The lists show the formula as typed: the misspelt name is not a question of the form.
    await expect.poll(() => page.locator('[id$="-calc-input-1"] option:checked').innerText()).toBe('“lastDayOfAbsense” (not a question in this form)');
    expect(await tryIt.count()).toBe(0);
    await e2e.axe(page, 'designer: a formula with a problem');

    // Put right, the picker shows it again.
    await setPanelText(page, K, 'Formula', RIGHT);
    await expect.poll(() => formula.getAttribute('aria-invalid')).toBeNull();
    await expect.poll(() => page.locator('[id$="-calc-input-1"]').inputValue()).toBe('f:lastDayOfAbsence');
    await waitSaved(page);

    // Renaming a date (its name follows its label until published): the formula follows.
    await press(page, K, { css: '.app-outline__select', text: /^Last day of absence/ });
    await setPanelText(page, K, 'Question', 'Back at work');
    await waitSaved(page);
    await press(page, K, { css: '.app-outline__select', text: /^Working days lost/ });
    await expect.poll(() => panelControl(page, 'Formula').inputValue()).toBe('workingDays(firstDayOfAbsence, backAtWork)');
    expect(await page.locator('[id$="-calc-input-1"] option:checked').innerText()).toBe('Back at work');
    await e2e.axe(page, 'designer: the formula follows a renamed question');

    const saved = (await designer.get(`/api/forms/${FORM}/versions/1`)).body as { schema: { properties: Record<string, unknown> } };
    expect(saved.schema.properties.workingDaysLost).toEqual({ type: 'integer', readOnly: true, 'x-calculate': 'workingDays(firstDayOfAbsence, backAtWork)' });

    await openView(page, K, 'Versions and publishing');
    await typeInto(page, K, '#' + (await page.getByLabel('What changed in this version').getAttribute('id')), 'Working days lost worked out.');
    await press(page, K, { css: 'button', text: 'Check what publishing changes' });
    await page.getByRole('heading', { name: 'What publishing version 1 changes' }).waitFor();
    await press(page, K, { css: 'button', text: 'Publish version 1' });
    await page.getByRole('heading', { name: 'Version 1 (published)' }).waitFor();
    await e2e.axe(page, 'designer: published with a calculated answer');
    const published = (await designer.get(`/api/forms/${FORM}/versions/1`)).body as { status: string };
    expect(published.status).toBe('published');
  });
});
