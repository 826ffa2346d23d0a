/**
 * Issue 10, item 8: an analyst never writes a regular expression and a social worker never sees
 * "in the correct format" for an id they can get right. By keyboard, the analyst tries custom
 * patterns (a browser's fault and RE2's, each told in plain words), then picks "NHS number" from the Format choice, reads
 * the message people would see by default, writes their own, and publishes. A practitioner who
 * types an NHS number with a wrong check digit sees the analyst's message, in the error summary
 * and at the field; the right number goes through. axe runs on every state.
 */
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { choose, openView, panelControl, selectItem, setPanelText, signInToDesigner, waitForNoLoading, waitSaved } from '../support/designer.js';
import { button, fieldId, press, signIn, startForm, waitForHeading, type Template } from '../support/form-filler.js';

const e2e = useE2E();

const LABEL = "Child's NHS number";
const MESSAGE = "Enter the child's NHS number, like 943 476 5919";

describe('named formats and their messages', () => {
  it('an analyst picks "NHS number" and a message by keyboard and publishes; a practitioner sees that message for a wrong number', { timeout: 120_000 }, async () => {
    const designer = e2e.server.as('designer');
    expect((await designer.post('/api/forms', { id: 'child-health', title: 'Child health check', category: 'other', team: 'business-systems' })).status).toBe(201);
    const draft = {
      changeNote: 'First draft',
      schema: { type: 'object', properties: { nhsNumber: { type: 'string', maxLength: 200 } } },
      uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/nhsNumber', label: LABEL }] },
    };
    expect((await designer.post('/api/forms/child-health/versions', draft)).status).toBe(201);

    const { page } = await e2e.open();
    await page.setViewportSize({ width: 1280, height: 900 });
    const K = 'keyboard' as const;
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer, K);
    await page.goto(`${e2e.url}/designer/forms/child-health`);
    await waitForNoLoading(page);
    await selectItem(page, K, LABEL);

    // A custom pattern first: its fault is told in plain words at its box.
    await choose(page, K, '[id$="-format"]', 'Custom pattern');
    await setPanelText(page, K, 'Pattern', '([0-9]{10}');
    const patternBox = panelControl(page, 'Pattern');
    await expect.poll(() => patternBox.getAttribute('aria-invalid')).toBe('true');
    const patternError = page.locator(`#${await patternBox.getAttribute('id')}-error`);
    expect((await patternError.innerText()).replace(/\s+/g, ' ')).toBe('Error: A bracket "(" is opened but never closed with ")".');
    await e2e.axe(page, 'designer: a custom pattern refused in plain words');
    // One only the server refuses (it would make RE2 slow): its tester says why, in the same plain words.
    await setPanelText(page, K, 'Pattern', '^[0-9]{1001}$');
    await expect.poll(() => patternBox.getAttribute('aria-invalid')).not.toBe('true');
    await press(page, K, button('Try it'));
    await page.locator('[role="status"] .govuk-error-message', { hasText: 'The pattern is too complex to check quickly: with its counted repeats written out it has 1,003 parts (at most 100).' }).waitFor();
    await e2e.axe(page, 'designer: the pattern tester says what the server refuses in plain words');

    // Then the named format: no pattern box, and the message people would see by default.
    await choose(page, K, '[id$="-format"]', 'NHS number');
    await patternBox.waitFor({ state: 'detached' });
    const messageBox = panelControl(page, 'Message if the answer does not match (optional)');
    const hint = page.locator(`#${await messageBox.getAttribute('id')}-hint`);
    await expect.poll(() => hint.innerText()).toBe(`Say what a right answer looks like, with an example. If you leave it empty, people see: “${LABEL} must be a real NHS number, like 943 476 5919.”`);
    await setPanelText(page, K, 'Message if the answer does not match (optional)', MESSAGE);
    await waitSaved(page);
    await e2e.axe(page, 'designer: NHS number chosen, with a message of its own');
    // The arrow keys choose each format on the way: the message is for the NHS number only, and comes back with it.
    await choose(page, K, '[id$="-format"]', 'UK phone number');
    await expect.poll(() => messageBox.inputValue()).toBe('');
    await choose(page, K, '[id$="-format"]', 'NHS number');
    await expect.poll(() => messageBox.inputValue()).toBe(MESSAGE);
    await waitSaved(page);
    const saved = (await designer.get('/api/forms/child-health/versions/1')).body as { schema: { properties: Record<string, unknown> } };
    expect(saved.schema.properties.nhsNumber).toEqual({ type: 'string', maxLength: 200, format: 'nhs-number', 'x-format-message': MESSAGE });

    await openView(page, K, 'Versions and publishing');
    await page.getByLabel('What changed in this version').fill('NHS number checked.');
    await page.getByRole('button', { name: 'Check what publishing changes' }).click();
    await page.getByRole('heading', { name: 'What publishing version 1 changes' }).waitFor();
    await page.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByRole('heading', { name: 'Version 1 (published)' }).waitFor();

    // A practitioner types a number with a wrong check digit.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForHeading(page, 'Sign in');
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    const template: Template = { form: { id: 'child-health', title: 'Child health check' }, schema: saved.schema, uischema: draft.uischema };
    const recordId = await startForm(page, template, {});
    const box = page.getByLabel(`${LABEL} (optional)`, { exact: true });
    // Digits on a phone's keyboard, and no spelling marks under a number.
    expect([await box.getAttribute('inputmode'), await box.getAttribute('spellcheck')]).toEqual(['numeric', 'false']);
    await box.fill('943 476 5918');
    await press(page, 'pointer', button(/^Save and (continue|check your answers)$/));
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect((await summary.locator('.govuk-error-summary__list a').allTextContents()).map((t) => t.trim())).toEqual([MESSAGE]);
    const id = fieldId('nhsNumber');
    expect((await page.locator(`#${id}-error`).innerText()).replace(/\s+/g, ' ').trim()).toBe(`Error: ${MESSAGE}`);
    expect(await page.locator(`#${id}`).getAttribute('aria-invalid')).toBe('true');
    await e2e.axe(page, 'runtime: an NHS number with a wrong check digit');

    // The right number goes through.
    await box.fill('943 476 5919');
    await press(page, 'pointer', button(/^Save and (continue|check your answers)$/));
    await waitForHeading(page, 'Check your answers');
    await press(page, 'pointer', button('Submit'));
    await page.locator('.govuk-panel--confirmation h1', { hasText: 'Form submitted' }).waitFor();
    expect((await e2e.stored(recordId)).data).toEqual({ nhsNumber: '943 476 5919' });
  });
});
