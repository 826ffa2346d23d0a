/**
 * One draft open in two tabs: once a tab knows its draft was changed elsewhere it takes no more
 * edits, and offers to keep both sets of changes when they touch different things, or to take the
 * other tab's. A tab with nothing unsaved takes the newer draft when it comes back into view.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { outlineText, selectItem, setPanelText, signInToDesigner, waitForNoLoading, waitSaved } from '../support/designer.js';
import { useE2E } from '../support/e2e.js';
import { waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();
const FORM = 'two-tabs';
const P = 'pointer' as const;
const REFUSED_SAVE = { path: `/api/forms/${FORM}/versions/2`, status: 412 };

const definition = {
  schema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    properties: { first: { type: 'string', title: 'First question', maxLength: 100 }, second: { type: 'string', title: 'Second question', maxLength: 100 } },
  },
  uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/first' }, { type: 'Control', scope: '#/properties/second' }] },
};

async function openDraft(page: Page): Promise<void> {
  await page.goto(`${e2e.url}/designer/forms/${FORM}`);
  await waitForHeading(page, 'Build');
  await waitForNoLoading(page);
}

/** The questions' labels as stored (a label on the layout's control, else the answer's title). */
async function storedTitles(): Promise<string[]> {
  const v = await e2e.server.as('designer').get(`/api/forms/${FORM}/versions/2`);
  const props = (v.body.schema as { properties: Record<string, { title: string }> }).properties;
  const controls = (v.body.uischema as { elements: Array<{ scope: string; label?: string }> }).elements;
  return ['first', 'second'].map((k) => controls.find((c) => c.scope === `#/properties/${k}`)?.label ?? props[k]!.title);
}

const conflictHeading = (page: Page) => page.getByRole('heading', { name: 'This draft was changed somewhere else' });

describe('the designer in two tabs', () => {
  beforeAll(async () => {
    const d = e2e.server.as('designer');
    expect((await d.post('/api/forms', { id: FORM, title: 'Two tabs', category: 'other', team: 'qa' })).status).toBe(201);
    expect((await d.post(`/api/forms/${FORM}/versions`, { ...definition, changeNote: 'v1' })).status).toBe(201);
    expect((await d.post(`/api/forms/${FORM}/versions/1/publish`)).status).toBe(200);
    expect((await d.post(`/api/forms/${FORM}/versions`, { changeNote: 'v2' })).status).toBe(201);
  });

  it('a tab whose save was refused takes no more edits, keeps both when they differ, and takes theirs when they overlap', { timeout: 120_000 }, async () => {
    const a = (await e2e.open()).page;
    await signInToDesigner(a, e2e.url, e2e.server.demo.designer);
    const b = (await e2e.open({ expectedHttpErrors: [REFUSED_SAVE] })).page;
    await openDraft(a);
    await openDraft(b);

    await selectItem(a, P, 'First question');
    await setPanelText(a, P, 'Question', 'First, changed in A');
    await waitSaved(a);

    // B has not seen A's change: its edit is refused, and from then on B takes none.
    await selectItem(b, P, 'Second question');
    await setPanelText(b, P, 'Question', 'Second, changed in B');
    await conflictHeading(b).waitFor();
    await b.getByRole('button', { name: 'Keep both: add my changes to theirs' }).waitFor();
    expect(await b.evaluate(() => document.activeElement?.textContent)).toBe('This draft was changed somewhere else');
    expect(await b.evaluate(() => !!document.querySelector('.app-outline')?.closest('[inert]'))).toBe(true);
    await b.keyboard.type('zzz');
    expect(await b.getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);
    expect(await storedTitles()).toEqual(['First, changed in A', 'Second question']);
    await e2e.axe(b, 'designer: a draft changed in another tab, both can be kept');

    await b.getByRole('button', { name: 'Keep both: add my changes to theirs' }).click();
    await waitSaved(b);
    expect(await storedTitles()).toEqual(['First, changed in A', 'Second, changed in B']);
    expect(await conflictHeading(b).count()).toBe(0);
    expect((await outlineText(b)).join('\n')).toMatch(/First, changed in A[\s\S]*Second, changed in B/);

    // A has nothing unsaved: coming back to it shows B's change, with no conflict.
    await a.bringToFront();
    await a.evaluate(() => window.dispatchEvent(new Event('focus')));
    await a.locator('.app-outline__select', { hasText: 'Second, changed in B' }).waitFor();
    expect(await conflictHeading(a).count()).toBe(0);

    // Both change the same question: nothing is merged; B is told what overlaps and takes A's.
    await selectItem(a, P, 'First, changed in A');
    await setPanelText(a, P, 'Question', 'First, A again');
    await waitSaved(a);
    await selectItem(b, P, 'First, changed in A');
    await setPanelText(b, P, 'Question', 'First, B again');
    await conflictHeading(b).waitFor();
    await b.getByText('you both changed:').waitFor();
    expect(await b.locator('.govuk-error-summary li').allInnerTexts()).toContain('the question “First, B again”');
    expect(await b.getByRole('button', { name: 'Keep both: add my changes to theirs' }).count()).toBe(0);
    await e2e.axe(b, 'designer: a draft changed in another tab, overlapping');
    await b.getByRole('button', { name: 'Take theirs and lose my changes' }).click();
    await b.locator('.app-outline__select', { hasText: 'First, A again' }).waitFor();
    expect(await conflictHeading(b).count()).toBe(0);
    expect(await storedTitles()).toEqual(['First, A again', 'Second, changed in B']);
  });

  it('coming back to the tab while its own save is on the way is not taken for a change made elsewhere', { timeout: 60_000 }, async () => {
    // Signed in already (the browser keeps the first test's session).
    const a = (await e2e.open()).page;
    await openDraft(a);
    const before = (await e2e.server.as('designer').get(`/api/forms/${FORM}/versions/2`)).body.revision as number;
    // The save reaches the server at once; its answer is held back until the tab has looked again.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await a.route(`**/api/forms/${FORM}/versions/2`, async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      const response = await route.fetch();
      await released;
      await route.fulfill({ response });
    });
    await selectItem(a, P, 'Second, changed in B');
    await setPanelText(a, P, 'Question', 'Second, saved slowly');
    await expect.poll(async () => (await e2e.server.as('designer').get(`/api/forms/${FORM}/versions/2`)).body.revision, { timeout: 10_000 }).toBe(before + 1);
    // Back to the tab: the newer revision on the server is this tab's own save. Not even for a
    // moment may the editor stop taking edits (that drops the keyboard focus on the page).
    await a.evaluate(() => {
      const w = window as unknown as { sawBlocked: boolean };
      w.sawBlocked = false;
      new MutationObserver(() => {
        if (document.querySelector('[inert]') || document.body.innerText.includes('This draft was changed somewhere else')) w.sawBlocked = true;
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
      window.dispatchEvent(new Event('focus'));
    });
    await a.waitForTimeout(1_000);
    release();
    await waitSaved(a);
    expect(await a.evaluate(() => (window as unknown as { sawBlocked: boolean }).sawBlocked)).toBe(false);
    expect(await conflictHeading(a).count()).toBe(0);
    expect(await storedTitles()).toEqual(['First, A again', 'Second, saved slowly']);
  });
});
