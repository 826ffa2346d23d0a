/**
 * Adding questions by keyboard takes a few keys, not twenty Tabs: Alt+A comes back to the add
 * buttons from anywhere in the editor, and the selected item's "Add after" button goes there too,
 * with new items placed after it; Alt+V goes to the views at the top.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { outlineText, signInToDesigner, waitForNoLoading, waitSaved } from '../support/designer.js';
import { useE2E } from '../support/e2e.js';
import { waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();
const FORM = 'keyboard-form';

const focused = (page: Page) => page.evaluate(() => (document.activeElement?.textContent ?? '').trim() || document.activeElement?.id || '');
const labelBoxFocused = (page: Page) => page.waitForFunction(() => /^prop-.*-label$/.test(document.activeElement?.id ?? ''));

describe('adding questions by keyboard', () => {
  beforeAll(async () => {
    const d = e2e.server.as('designer');
    expect((await d.post('/api/forms', { id: FORM, title: 'Keyboard', category: 'other', team: 'qa' })).status).toBe(201);
    const definition = {
      schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false, properties: { worker: { type: 'string', title: 'Worker', maxLength: 100 } } },
      uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/worker' }] },
    };
    expect((await d.post(`/api/forms/${FORM}/versions`, { ...definition, changeNote: 'v1' })).status).toBe(201);
  });

  it('takes a few keys per question: Alt+A, a Tab or three, Enter, the label', async () => {
    const { page } = await e2e.open();
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer, 'keyboard');
    await page.goto(`${e2e.url}/designer/forms/${FORM}`);
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);

    let keys = 0;
    const press = async (key: string) => {
      keys++;
      await page.keyboard.press(key);
    };
    const add = async (tabs: number, label: string) => {
      await press('Alt+A');
      await page.waitForFunction(() => document.activeElement?.closest('.app-palette') !== null);
      for (let i = 0; i < tabs; i++) await press('Tab');
      await press('Enter');
      await labelBoxFocused(page);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(label);
      await press('Tab');
      await page.locator('.app-outline__select', { hasText: label }).waitFor();
    };
    await add(0, 'Where the oversight took place');
    expect(await page.locator('#palette-where').evaluate((e) => (e instanceof HTMLSelectElement ? e.selectedOptions[0]!.text : e.textContent))).toMatch(/Where the oversight took place/);
    await add(3, 'Date of the oversight');
    await add(1, 'What was decided');
    await waitSaved(page);
    // Each question after the one added before it, and about five keys each besides the words.
    expect((await outlineText(page)).map((l) => l.replace(/ \(.*$/, ''))).toEqual(['Worker', 'Where the oversight took place', 'Date of the oversight', 'What was decided']);
    expect(keys).toBeLessThanOrEqual(3 * 3 + 4 + 3);
    await e2e.axe(page, 'designer: the add buttons with their keyboard help');

    // Alt+V goes to the views at the top from the properties panel (it took some 38 Shift+Tabs).
    await page.locator('section[aria-labelledby^="prop-"] input').first().focus();
    await page.keyboard.press('Alt+V');
    expect(await focused(page)).toBe('Build');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Preview and try it');
    await page.keyboard.press('Alt+V');
    expect(await focused(page)).toBe('Preview and try it');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Build');

    // The selected item's "Add after" button goes to the add buttons, new items going after it.
    await page.locator('.app-outline__select', { hasText: 'Worker' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Add after Worker' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.closest('.app-palette') !== null);
    expect(await focused(page)).toBe('Short text');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await labelBoxFocused(page);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Worker’s notes');
    await page.keyboard.press('Tab');
    await waitSaved(page);
    expect((await outlineText(page)).map((l) => l.replace(/ \(.*$/, ''))).toEqual(['Worker', 'Worker’s notes', 'Where the oversight took place', 'Date of the oversight', 'What was decided']);
  });
});
