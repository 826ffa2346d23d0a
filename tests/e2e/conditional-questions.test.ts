/**
 * Questions a display rule reveals: they stay on screen when the step is refused (the rules are
 * always evaluated on the answers as they are now), they are never labelled "(optional)" when
 * the form needs them whenever they are shown, and an answer to a question that is hidden again
 * is kept in the draft, so showing the question again brings it back.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { loadFixture, waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();

beforeAll(async () => {
  await e2e.signInPractitioner();
});

async function openStep(page: Page, formId: string, step: string, subject?: Record<string, string>): Promise<string> {
  const id = await e2e.createDraft(formId, {}, subject);
  await page.goto(`${e2e.url}/records/${id}`);
  await page.locator('.app-save-status').waitFor();
  await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: step, exact: true }).click();
  await waitForHeading(page, step);
  return id;
}

const CASES = [
  { formId: 'case-file-audit', subject: { childId: 'C2001' }, step: 'Overall judgement', question: 'Safeguarding concern found?', answer: 'Yes', revealed: 'Details of the safeguarding concern', id: 'f-overall--concernDetails' },
  { formId: 'case-supervision', subject: { childId: 'C2001' }, step: "Supervisee's comments", question: 'Supervisee disagrees with the decision?', answer: 'Yes', revealed: 'Reason for disagreeing', id: 'f-superviseeView--disagreementReason' },
  { formId: 'return-to-work', subject: undefined, step: 'The absence', question: 'Was the absence reporting procedure followed?', answer: 'No', revealed: 'How the procedure was not followed', id: 'f-absence--reportingDetails' },
];

describe('a question revealed by another answer', () => {
  for (const c of CASES) {
    it(`${c.formId}: "${c.revealed}" stays on screen after "Save and continue" refuses the step, is listed, and its link takes focus to it`, async () => {
      const { page } = await e2e.open();
      await openStep(page, c.formId, c.step, c.subject);
      const group = page.getByRole('group', { name: new RegExp(`^${c.question.replace(/[?()]/g, '\\$&')}`) });
      await group.getByLabel(c.answer, { exact: true }).check();
      const revealed = page.locator(`#${c.id}`);
      await revealed.waitFor();
      // Required whenever it is shown, so never "(optional)".
      expect((await page.locator(`label[for="${c.id}"]`).innerText()).trim()).toBe(c.revealed);

      await page.getByRole('button', { name: /^Save and (continue|check your answers)$/ }).click();
      await page.locator('.govuk-error-summary').waitFor();
      await waitForHeading(page, c.step);
      expect(await revealed.isVisible(), 'the revealed question after the step was refused').toBe(true);
      const link = page.locator(`.govuk-error-summary a[href="#${c.id}"]`);
      expect(await link.count(), 'the error summary links to the revealed question').toBe(1);
      await link.click();
      await page.waitForFunction((id) => document.activeElement?.id === id, c.id);
      expect(await page.locator(`#${c.id}-error`).isVisible()).toBe(true);
      await e2e.axe(page, `${c.formId} ${c.step} refused with a revealed question`);
    });
  }

  it('an answer to a question hidden again stays in the draft, so showing the question again brings it back', async () => {
    const { page } = await e2e.open();
    const id = await openStep(page, 'case-supervision', "Supervisee's comments", { childId: 'C2001' });
    const disagrees = page.getByRole('group', { name: /^Supervisee disagrees with the decision\?/ });
    await disagrees.getByLabel('Yes', { exact: true }).check();
    await page.locator('#f-superviseeView--disagreementReason').fill('The plan moves too slowly for the children.');
    await disagrees.getByLabel('No', { exact: true }).check();
    await page.locator('#f-superviseeView--disagreementReason').waitFor({ state: 'detached' });
    await e2e.waitForStored(id, (s) => (s.data.superviseeView as Record<string, unknown> | undefined)?.superviseeDisagrees === false);
    await disagrees.getByLabel('Yes', { exact: true }).check();
    expect(await page.locator('#f-superviseeView--disagreementReason').inputValue()).toBe('The plan moves too slowly for the children.');
  });
});

describe('an answer to a question hidden when the form is submitted', () => {
  it('is not on "Check your answers", not in the submitted record, and not on the record page', async () => {
    const fixture = loadFixture('case-supervision', 'valid-planned-child-protection');
    const view = fixture.superviseeView as Record<string, unknown>;
    const data = { ...fixture, superviseeView: { ...view, superviseeDisagrees: false, disagreementReason: 'Written while disagreeing was Yes' } };
    const id = await e2e.createDraft('case-supervision', data, { childId: String((fixture.meeting as Record<string, unknown>).childId) });
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/records/${id}`);
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Check your answers' }).click();
    await waitForHeading(page, 'Check your answers');
    expect(await page.locator('main').innerText()).not.toContain('Written while disagreeing was Yes');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.locator('.govuk-panel--confirmation').waitFor();
    const stored = await e2e.stored(id);
    expect(stored.status).toBe('submitted');
    expect(stored.data.superviseeView).toEqual({ ...view, superviseeDisagrees: false });
    expect(await page.locator('main').innerText()).not.toContain('Written while disagreeing was Yes');
  });
});
