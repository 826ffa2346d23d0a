/**
 * Issue 13, "the right child every time", in the browser. With the ICS directory loaded, starting
 * a form about a child is a search (by keyboard only): the practitioner finds the child by name,
 * sees their name, date of birth and allocated worker before starting, starts the form, and finds
 * the child's date of birth, legal status and allocated worker filled in from the directory, each
 * saying so; the child's name is on the form and in their list. A child the directory no longer
 * knows is refused at the field. In the designer, an analyst picks what a question is filled in
 * from by keyboard. axe on the search (list open), the card, the form and the designer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newEvent } from '../../engine/store/events.js';
import { batchOf, loadDirectory } from '../support/directory.js';
import { useE2E } from '../support/e2e.js';
import { choose, selectItem, signInToDesigner, waitForNoLoading, waitSaved } from '../support/designer.js';
import { tabTo, waitForHeading, type Json } from '../support/form-filler.js';

const e2e = useE2E();
const K = 'keyboard' as const;

const control = (k: string) => ({ type: 'Control', scope: `#/properties/${k}` });
const FORM = { id: 'home-visit-dir', title: 'Home visit', category: 'case-record', team: 'children-in-need', subject: { childId: '/childId' } };
const DEFINITION = {
  schema: {
    type: 'object',
    properties: {
      childId: { type: 'string', title: "Child's ICS person id", maxLength: 20 },
      dateOfBirth: { type: 'string', title: 'Date of birth', format: 'date', 'x-prefill': 'child.dateOfBirth' },
      legalStatus: { type: 'string', title: 'Legal status', oneOf: [{ const: 'CIN', title: 'Child in need' }, { const: 'CP', title: 'Child protection plan' }, { const: 'CLA', title: 'Looked after' }], 'x-prefill': 'child.legalStatus' },
      allocatedWorker: { type: 'string', title: 'Allocated worker', maxLength: 100, 'x-prefill': 'child.allocatedWorkerName' },
      visitedBy: { type: 'string', title: 'Your ICS worker id', maxLength: 20, 'x-prefill': 'me.workerId' },
      visitOn: { type: 'string', title: 'Date of the visit', format: 'date' },
    },
    required: ['childId'],
  },
  uischema: { type: 'VerticalLayout', elements: ['childId', 'dateOfBirth', 'legalStatus', 'allocatedWorker', 'visitedBy', 'visitOn'].map(control) },
};

beforeAll(async () => {
  const store = e2e.server.running.ctx.store;
  await loadDirectory(store);
  // The demo practitioner is Priya Practitioner (W2), allocated C1–C3.
  const me = (await store.getAccountByUsername(e2e.server.demo.practitioner.username))!;
  const at = new Date();
  await store.updateAccount(me.id, me.revision, { workerId: 'W2', updatedBy: 'tests', updatedAt: at.toISOString() }, newEvent(at, 'tests', 'account.updated', 'account', me.id, { changed: ['workerId'] }));
  const designer = e2e.server.as('designer');
  expect((await designer.post('/api/forms', FORM)).status).toBe(201);
  const created = await designer.post(`/api/forms/${FORM.id}/versions`, { ...DEFINITION, changeNote: 'First version' });
  expect(created.status, created.text).toBe(201);
  const published = await designer.post(`/api/forms/${FORM.id}/versions/1/publish`, { changeNote: 'First version' });
  expect(published.status, published.text).toBe(200);
  await e2e.signInPractitioner();
});

const active = (page: Page) => page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent?.trim() ?? '' }));
const statusText = async (page: Page) => ((await page.locator('.app-combobox [role="status"]').textContent()) ?? '').trim();

/** Keyboard: Tab to the child search and type into it; waits for the list of children found. */
async function search(page: Page, words: string, results: number): Promise<void> {
  await tabTo(page, { css: '#subject-childId' });
  await page.keyboard.type(words);
  await page.waitForFunction((n) => document.querySelectorAll('#subject-childId-listbox:not([hidden]) [role="option"]').length === n, results);
}

describe('the child search when starting a form', () => {
  it('a practitioner finds a child by name with the keyboard, confirms them on a card, and gets their details filled in from the directory', { timeout: 30_000 }, async () => {
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/forms/${FORM.id}/start`);
    await waitForHeading(page, 'Home visit');
    const box = page.getByRole('combobox', { name: 'Find the child' });
    expect(await box.getAttribute('aria-expanded')).toBe('false');

    // "jor smi": Jordan Smith (C1), and the record the ICS merged into C1 (C7).
    await search(page, 'jor smi', 2);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    await page.waitForFunction(() => document.querySelector('.app-combobox [role="status"]')?.textContent?.startsWith('2 results available'));
    const options = page.getByRole('listbox', { name: 'Find the child' }).getByRole('option');
    expect(await options.allTextContents()).toEqual([
      'Jordan Smith, Born 2 March 2015, ICS person ID C1, allocated to Priya Practitioner',
      'Jordan Smith, Born 2 March 2015, ICS person ID C7, not allocated, merged into C1',
    ]);
    await page.keyboard.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).toBe('subject-childId-option-0');
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).toBe('subject-childId-option-0');
    expect((await active(page)).id).toBe('subject-childId');
    await e2e.axe(page, 'directory: the child search with its list open');

    // Escape closes the list; Down opens it again; Enter chooses.
    await page.keyboard.press('Escape');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const card = page.locator('#child-chosen');
    await card.waitFor();
    expect(await active(page)).toEqual({ id: '', text: 'Child chosen: Jordan Smith' });
    expect((await card.locator('.govuk-summary-list').innerText()).split(/[\n\t]/).map((l) => l.trim()).filter(Boolean)).toEqual([
      'ICS person ID', 'C1', 'Date of birth', '2 March 2015', 'Allocated worker', 'Priya Practitioner (W2)', 'Team', 'Children in need north', 'Legal status', 'Child in need',
    ]);
    await e2e.axe(page, 'directory: the child chosen, to confirm');

    // "Choose a different child" goes back to the search, with what was typed, focus in the box.
    await tabTo(page, { css: 'button', text: 'Choose a different child' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'subject-childId');
    expect(await box.inputValue()).toBe('jor smi');
    await page.waitForFunction(() => document.querySelectorAll('#subject-childId-listbox [role="option"]').length === 2);
    // The person record the ICS merged into C1 says so, and offers C1 instead.
    await page.keyboard.press('ArrowUp');
    expect(await box.getAttribute('aria-activedescendant')).toBe('subject-childId-option-1');
    await page.keyboard.press('Enter');
    await card.getByText('The ICS merged this person record into C1. New records should be about C1.').waitFor();
    await tabTo(page, { css: 'button', text: 'Use C1 instead' });
    await page.keyboard.press('Enter');
    await card.getByText('Priya Practitioner (W2)').waitFor();
    expect(await active(page)).toEqual({ id: '', text: 'Child chosen: Jordan Smith' });
    expect(await card.innerText()).not.toContain('merged');

    await tabTo(page, { css: 'button', text: 'Start the form' });
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Home visit');
    await page.waitForURL(/\/records\//);
    expect(await page.locator('.app-about').innerText()).toBe('About Jordan Smith (C1)');
    const dob = page.getByRole('group', { name: /^Date of birth/ });
    expect([await dob.getByLabel('Day').inputValue(), await dob.getByLabel('Month').inputValue(), await dob.getByLabel('Year').inputValue()]).toEqual(['02', '03', '2015']);
    expect((await dob.getAttribute('aria-describedby'))?.split(' ')).toContain('f-dateOfBirth-carried');
    expect(await page.locator('#f-dateOfBirth-carried').innerText()).toBe("Filled in from the ICS directory (the child's date of birth). Check it is right; you can change it.");
    expect(await page.getByRole('radio', { name: 'Child in need' }).isChecked()).toBe(true);
    expect(await page.locator('#f-legalStatus-carried').innerText()).toBe("Filled in from the ICS directory (the child's legal status). Check it is right; you can change it.");
    expect(await page.getByLabel('Allocated worker').inputValue()).toBe('Priya Practitioner');
    expect(await page.getByLabel('Your ICS worker id').inputValue()).toBe('W2');
    expect(await page.locator('#f-visitedBy-carried').innerText()).toBe('Filled in from the ICS directory (your own ICS worker id). Check it is right; you can change it.');
    await e2e.axe(page, 'directory: the form with answers filled in from the directory');

    // The list of drafts names the child.
    await page.goto(`${e2e.url}/`);
    await waitForHeading(page, 'Your forms');
    const drafts = page.getByRole('table', { name: 'Drafts in progress' });
    // The table is drawn once the list has come: wait for it rather than count at once.
    await expect.poll(() => drafts.getByRole('cell', { name: 'Child Jordan Smith (C1)', exact: true }).count()).toBe(1);
  });

  it('a child the directory no longer knows when the form is started is refused at the search, in words', { timeout: 20_000 }, async () => {
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: '/api/submissions', status: 422 }] });
    await page.goto(`${e2e.url}/forms/${FORM.id}/start`);
    await waitForHeading(page, 'Home visit');
    await search(page, 'C4', 1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('#child-chosen').waitFor();
    // Meanwhile the ICS's extract takes Casey Brown (C4) out of the directory.
    const store = e2e.server.running.ctx.store;
    const batch = batchOf('children', [], { mode: 'delta', deletes: ['C4'] });
    await store.applyDirectoryBatch(batch, newEvent(new Date(), 'tests', 'directory.batch-applied', 'directory', 'children', { key: batch.key }));

    await tabTo(page, { css: 'button', text: 'Start the form' });
    await page.keyboard.press('Enter');
    const message = 'There is no child with ICS person id C4 in the directory. Check the id, or search by name.';
    await page.locator('#subject-childId-error').filter({ hasText: message }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Find the child' }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(message);
    await e2e.axe(page, 'directory: a child no longer in the directory, refused');
  });
});

describe('designer: fill in from the ICS directory', () => {
  it('an analyst picks, by keyboard, the directory value a question is filled in from, and sees it in the schema', { timeout: 30_000 }, async () => {
    const designer = e2e.server.as('designer');
    const form = { ...FORM, id: 'visit-prefill', title: 'Visit with pre-fill' };
    const plain = { schema: { type: 'object', properties: { childId: DEFINITION.schema.properties.childId, dateOfBirth: { type: 'string', title: 'Date of birth', format: 'date' }, note: { type: 'string', title: 'Note', maxLength: 500 } } }, uischema: { type: 'VerticalLayout', elements: ['childId', 'dateOfBirth', 'note'].map(control) } };
    expect((await designer.post('/api/forms', form)).status).toBe(201);
    expect((await designer.post(`/api/forms/${form.id}/versions`, { ...plain, changeNote: 'First version' })).status).toBe(201);
    const stored = async (): Promise<Json> => ((await designer.get(`/api/forms/${form.id}/versions/1`)).body as { schema: { properties: Record<string, Json> } }).schema.properties.dateOfBirth!;

    // The practitioner signed in for the tests above: this browser forgets them.
    await e2e.browser.context.clearCookies();
    const { page } = await e2e.open();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer, K);
    await page.goto(`${e2e.url}/designer/forms/${form.id}`);
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    await selectItem(page, K, 'Date of birth');
    const select = page.getByLabel('Fill in from the ICS directory');
    // A date takes only the child's date of birth.
    expect(await select.locator('option').allTextContents()).toEqual(['Not filled in', "The child's date of birth"]);
    await choose(page, K, '[id$="-prefill"]', "The child's date of birth");
    await waitSaved(page);
    expect((await stored())['x-prefill']).toBe('child.dateOfBirth');
    await e2e.axe(page, 'designer: a date filled in from the directory');

    await choose(page, K, '[id$="-prefill"]', 'Not filled in');
    await waitSaved(page);
    expect(await stored()).not.toHaveProperty('x-prefill');
  });
});
