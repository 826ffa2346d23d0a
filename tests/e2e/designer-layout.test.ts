/**
 * Nothing an edit says moves a control under the pointer: after a note, a refused edit and a new
 * problem, the add buttons, the outline and the toolbar are where they were, so the next click
 * lands where the analyst aimed.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleDefinition } from '../support/definitions.js';
import { panelControl, selectItem, setPanelText, signInToDesigner, waitForNoLoading, waitSaved } from '../support/designer.js';
import { useE2E } from '../support/e2e.js';
import { waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();
const FORM = 'layout-form';
const P = 'pointer' as const;

/** Where every control outside the properties panel is (the panel itself shows each edit's own errors in place). */
async function controlPlaces(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.app-toolbar button, .app-palette button, .app-palette input, .app-outline button, .app-problems summary'))
      .filter((e) => !e.closest('section[aria-labelledby^="prop-"]'))
      .map((e) => {
        const r = e.getBoundingClientRect();
        return `${(e.textContent ?? '').trim().slice(0, 30)} @ ${Math.round(r.left + window.scrollX)},${Math.round(r.top + window.scrollY)}`;
      }),
  );
}

describe('the designer keeps its controls still', () => {
  beforeAll(async () => {
    const d = e2e.server.as('designer');
    expect((await d.post('/api/forms', { id: FORM, title: 'Layout', category: 'other', team: 'qa' })).status).toBe(201);
    // A draft with one problem to fix: its first question allows more characters than any may.
    const def = sampleDefinition();
    (def.schema.properties as Record<string, { maxLength?: number }>).childId!.maxLength = 60_000;
    const made = await d.post(`/api/forms/${FORM}/versions`, { ...def, changeNote: 'v1' });
    expect(made.status).toBe(201);
    expect(made.body.violations).toHaveLength(1);
  });

  it('a refused edit, a note and a new problem appear without moving the add buttons, the outline or the toolbar', async () => {
    const { page } = await e2e.open();
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer);
    await page.goto(`${e2e.url}/designer/forms/${FORM}`);
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    expect(await page.locator('.app-problems summary').innerText()).toBe('1 problem to fix before publishing');

    // "Fewest rows: 1" on a repeating group: a note says it is now required.
    await selectItem(page, P, 'Actions');
    const before = await controlPlaces(page);
    expect(before.length).toBeGreaterThan(10);
    await setPanelText(page, P, 'Fewest rows (optional)', '1');
    await page.locator('.app-edit-message p').waitFor();
    const where = (places: string[]) => places.map((p) => p.replace(/^.* @ /, ''));
    expect(where(await controlPlaces(page))).toEqual(where(before));
    await e2e.axe(page, 'designer: a note in the message area');

    await selectItem(page, P, 'Case type');
    const beforeCode = await controlPlaces(page);
    // Two options with one code: refused at the box, nothing else moves.
    const second = panelControl(page, 'Option 2 code');
    await second.fill('CIN');
    await second.blur();
    await page.getByText('Another option has this code').waitFor();
    expect(await controlPlaces(page)).toEqual(beforeCode);
    await second.fill('CP');
    await second.blur();

    // The problem put right: the problems line says so, and still nothing moves.
    await selectItem(page, P, "Child's ICS person ID");
    const placesThere = await controlPlaces(page);
    await setPanelText(page, P, 'Most characters', '20');
    await page.locator('.app-problems summary', { hasText: 'No problems to fix before publishing' }).waitFor();
    // (Only where they are: the outline's words change with the edit.)
    expect(where(await controlPlaces(page))).toEqual(where(placesThere));
    await waitSaved(page);

    // The message can be dismissed.
    if (await page.locator('.app-edit-message button').count()) await page.locator('.app-edit-message button').click();
    expect(await page.locator('.app-edit-message').innerText()).toBe('');
    await e2e.axe(page, 'designer: a problem to fix, listed on one line');
  });
});
