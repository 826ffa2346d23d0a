/**
 * Record references in the browser: a practitioner submits and is given the reference on the
 * confirmation, sees it on the record, and finds the record again by typing it on the home page
 * (another's reference finds nothing); a designer sets the form's prefix, with an example of what
 * references will look like and specific refusals.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { referenceYear } from '../../engine/submissions/reference.js';
import { useE2E } from '../support/e2e.js';
import { openView, signInToDesigner, waitForNoLoading } from '../support/designer.js';
import { signIn, waitForHeading, waitForLoaded } from '../support/form-filler.js';
import { FORM_ID, publishVisitForm, visitData } from '../support/sync.js';

const e2e = useE2E();
const year = referenceYear(new Date());

beforeAll(async () => {
  await publishVisitForm(e2e.server);
});
beforeEach(async () => {
  await e2e.browser.context.clearCookies();
});

describe('record references', () => {
  it('a practitioner sees the reference on the confirmation and the record, and finds the record by it from the home page', async () => {
    const { page } = await e2e.open();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    const id = await e2e.createDraft(FORM_ID, visitData(1), { childId: 'C-REF1' });
    const reference = ((await e2e.server.as('practitioner').get(`/api/submissions/${id}`)).body as { reference: string }).reference;
    expect(reference).toMatch(new RegExp(`^HV-${year}-\\d{6}$`));

    // The draft shows its reference while it is filled in.
    await page.goto(`${e2e.url}/records/${id}`);
    await page.locator('.app-save-status').waitFor();
    expect(await page.locator('main').innerText()).toContain(`Reference ${reference}`);
    await page.getByRole('button', { name: 'Save and check your answers' }).click();
    await waitForHeading(page, 'Check your answers');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.locator('.govuk-panel--confirmation').waitFor();
    expect(await page.locator('.govuk-panel--confirmation').innerText()).toContain(`Your reference\n${reference}`);
    await e2e.axe(page, 'references: the confirmation');

    // The record, read back (and printed), carries it.
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Submitted answers');
    const row = page.locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: /^Reference$/ }) }).locator('dd');
    expect(await row.innerText()).toBe(reference);
    await page.emulateMedia({ media: 'print' });
    expect(await row.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // Home: the lists show it, and typing it (in lower case) opens the record.
    await page.goto(`${e2e.url}/`);
    await waitForLoaded(page);
    expect(await page.getByRole('table', { name: 'Submitted' }).innerText()).toContain(reference);
    const box = page.getByRole('textbox', { name: 'Find a record by reference' });
    await box.fill('HV-12');
    await page.getByRole('button', { name: 'Find the record' }).click();
    await page.getByText('Enter the reference as it is shown on the record, like SUP-2026-000123').first().waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('reference');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    await e2e.axe(page, 'references: a search for something that is not a reference');

    // Another practitioner's record is simply not found.
    const theirs = await e2e.server.as('manager').post('/api/submissions', { formId: FORM_ID, data: { childName: 'x' }, status: 'draft' }, { headers: { 'idempotency-key': '"refs-manager"' } });
    expect(theirs.status, theirs.text).toBe(201);
    await box.fill(theirs.body.reference);
    await page.getByRole('button', { name: 'Find the record' }).click();
    await page.getByText(`No record you can see has the reference ${theirs.body.reference}.`).waitFor();
    await e2e.axe(page, 'references: nothing found');

    await box.fill(` ${reference.toLowerCase()} `);
    await box.press('Enter');
    await page.waitForURL(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Submitted answers');
  });

  it('a designer sets the form’s reference prefix, with an example and specific refusals', async () => {
    // The settings are edited beside a draft (a published version alone is shown read only).
    expect((await e2e.server.as('designer').post(`/api/forms/${FORM_ID}/versions`, {})).status).toBe(201);
    const { page } = await e2e.open();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer);
    await page.goto(`${e2e.url}/designer/forms/${FORM_ID}`);
    await waitForNoLoading(page);
    await openView(page, 'pointer', 'Form settings');
    const box = page.getByLabel('Reference prefix');
    expect(await box.inputValue()).toBe('HV');
    const hint = page.locator('#settings-referencePrefix-hint');
    expect(await hint.innerText()).toContain(`Records will be numbered like HV-${year}-000123`);
    await box.fill('VISIT');
    expect(await hint.innerText()).toContain(`Records will be numbered like VISIT-${year}-000123`);

    await box.fill('visit');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await page.locator('#settings-referencePrefix-error').waitFor();
    expect(await page.locator('#settings-referencePrefix-error').innerText()).toContain('The reference prefix must be in capital letters, like SUP.');
    await e2e.axe(page, 'references: a refused prefix in the form settings');
    await box.fill('9V');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await page.getByText('The reference prefix must start with a letter.').first().waitFor();

    await box.fill('VISIT');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await page.getByText('The settings are saved.').waitFor();
    expect(((await e2e.server.as('designer').get(`/api/forms/${FORM_ID}`)).body as { referencePrefix: string }).referencePrefix).toBe('VISIT');
    const made = await e2e.server.as('practitioner').post('/api/submissions', { formId: FORM_ID, data: {}, status: 'draft' }, { headers: { 'idempotency-key': '"refs-after-prefix"' } });
    expect(made.body.reference).toBe(`VISIT-${year}-000001`);
  });
});
