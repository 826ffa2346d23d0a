/**
 * After Submit, the confirmation says truthfully where the record goes: "added to the case
 * record" only when a connector delivers the form to the ICS; a staff or HR record says where it
 * is kept instead. Focus moves to the confirmation. The record itself shows whether it reached
 * the ICS, with the ICS's own record id once it has.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { SECRET, FORM_ID, connectHttp, publishVisitForm, visitData } from '../support/sync.js';
import { loadFixture, waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();
let sim: IcsSimulator;

beforeAll(async () => {
  sim = await startIcsSimulator({ secret: SECRET });
  await publishVisitForm(e2e.server);
  await connectHttp(e2e.server, sim);
  await e2e.signInPractitioner();
});

afterAll(async () => {
  await sim?.close();
});

/** Opens a complete draft, goes to "Check your answers" and submits it; returns the confirmation's text. */
async function submit(page: Page, id: string): Promise<string> {
  await page.goto(`${e2e.url}/records/${id}`);
  await page.locator('.app-save-status').waitFor();
  const check = page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Check your answers' });
  if (await check.count()) await check.click();
  else await page.getByRole('button', { name: 'Save and check your answers' }).click();
  await waitForHeading(page, 'Check your answers');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.locator('.govuk-panel--confirmation').waitFor();
  await page.waitForFunction(() => document.activeElement?.textContent === 'Form submitted');
  return page.locator('main').innerText();
}

function ics(page: Page) {
  return page.locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: 'Case record (ICS)' }) }).locator('dd');
}

describe('the confirmation and the record say where it went', () => {
  it('a form delivered to the ICS: "added to the case record", its reference, and later the ICS record id', async () => {
    const { page } = await e2e.open();
    const id = await e2e.createDraft(FORM_ID, visitData(1), { childId: 'C-E2E1' });
    const text = await submit(page, id);
    expect(text).toContain('It will be added to the case record of child C-E2E1 in the ICS.');
    const reference = ((await e2e.server.as('practitioner').get(`/api/submissions/${id}`)).body as { reference: string }).reference;
    expect(reference).toMatch(/^HV-\d{4}-\d{6}$/);
    expect(text).toContain(`Your reference\n${reference}`);
    await e2e.axe(page, 'confirmation: delivered to the ICS');
    // The record, read later, says it reached the ICS and under which id there.
    await expect.poll(async () => sim.records.length, { timeout: 15_000 }).toBe(1);
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Submitted answers');
    expect(await ics(page).innerText()).toMatch(new RegExp(`^Added on .+ \\(ICS record ${sim.records[0]!.recordId}\\)$`));
  });

  it('a staff record and an HR record say where they are kept, never "added to the case record"', async () => {
    const { page } = await e2e.open();
    const reflective = await e2e.createDraft('reflective-supervision', loadFixture('reflective-supervision', 'valid-held-newly-qualified'));
    let text = await submit(page, reflective);
    expect(text).toContain('This is a staff record: it is kept in Caseforms for you and your manager. It is not added to any child’s case record.');
    expect(text).not.toContain('added to the case record');
    await e2e.axe(page, 'confirmation: a staff record');
    expect(await ics(page).innerText()).toBe('Not sent to the ICS: this form is kept in Caseforms only');

    const rtw = await e2e.createDraft('return-to-work', loadFixture('return-to-work', 'valid-self-certified-late-report'));
    text = await submit(page, rtw);
    expect(text).toContain('This is an HR record: it is kept in Caseforms, where you and your team’s managers can read it. It is not added to any child’s case record.');
  });

  it('a record about a child on a form not sent to the ICS says so', async () => {
    const { page } = await e2e.open();
    const fixture = loadFixture('case-supervision', 'valid-planned-child-protection');
    const id = await e2e.createDraft('case-supervision', fixture, { childId: String((fixture.meeting as Record<string, unknown>).childId) });
    const text = await submit(page, id);
    expect(text).toContain('This form is not sent to the ICS, so it will not appear on the child’s case record there.');
  });
});
