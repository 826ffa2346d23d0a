/**
 * axe (WCAG 2.2 AA and best practice) finds nothing on any page a practitioner meets, in each of
 * its states — and at 320 CSS pixels wide (a 1280 px screen at 400% zoom, WCAG 1.4.10 Reflow)
 * nothing on the form scrolls sideways.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { sideways } from '../support/reflow.js';
import { heading, loadFixture, waitForHeading, waitForLoaded } from '../support/form-filler.js';

const e2e = useE2E();

let submittedId: string;

beforeAll(async () => {
  // Something in each table of the home page: a draft in progress and a submitted record.
  await e2e.createDraft('case-supervision', { meeting: { childId: 'P2210457' } }, { childId: 'P2210457' });
  const submitted = await e2e.server
    .as('practitioner')
    .post(
      '/api/submissions',
      { formId: 'case-supervision', subject: { childId: 'P2210457' }, data: loadFixture('case-supervision', 'valid-ad-hoc-with-disagreement'), status: 'submitted' },
      { headers: { 'idempotency-key': '"e2e-a11y-submitted"' } },
    );
  expect(submitted.status, submitted.text).toBe(201);
  submittedId = (submitted.body as { id: string }).id;
  await e2e.signInPractitioner();
});

describe('axe finds no violation', () => {
  it('on the sign-in page, empty and with its errors shown, and on the home page once signed in', async () => {
    await e2e.browser.context.clearCookies();
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/`);
    await waitForHeading(page, 'Sign in');
    await e2e.axe(page, 'sign-in page');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await e2e.axe(page, 'sign-in page with errors');
    await page.locator('#username').fill(e2e.server.demo.practitioner.username);
    await page.locator('#password').fill(e2e.server.demo.practitioner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForHeading(page, 'Your forms');
    await page.getByRole('table', { name: 'Drafts in progress' }).waitFor();
    await page.getByRole('table', { name: 'Submitted' }).waitFor();
    await e2e.axe(page, 'home page with drafts and submitted records');
  });

  it('on the start page, empty and with its errors shown', async () => {
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/forms/case-file-audit/start`);
    await waitForHeading(page, 'Case-file audit');
    await e2e.axe(page, 'start page');
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await e2e.axe(page, 'start page with errors');
  });

  it('on an empty step, the same step with its errors shown, and with repeatable rows added', async () => {
    const id = await e2e.createDraft('case-supervision', { meeting: { childId: 'P2210457' } }, { childId: 'P2210457' });
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'The supervision');
    await e2e.axe(page, 'an empty step');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await e2e.axe(page, 'a step with errors shown');
    // Two groups of rows: siblings (one box) and attendees (four questions, one of them yes/no).
    await page.locator('button#f-meeting--siblings').click();
    await page.locator('#f-meeting--siblings--0--childId').fill('P2210458');
    await page.locator('button#f-meeting--attendees').click();
    await page.locator('button#f-meeting--attendees').click();
    await page.locator('#f-meeting--attendees--1--name').fill('Amira Khan');
    await page.locator('#f-meeting--attendees--1--present').check();
    expect(await page.locator('button#f-meeting--attendees').innerText()).toMatch(/^Add another /);
    await e2e.axe(page, 'a step with repeatable rows added (and errors shown)');
  });

  it('on "Check your answers" and on the read-only record', async () => {
    const id = await e2e.createDraft('return-to-work', loadFixture('return-to-work', 'valid-self-certified-late-report'));
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Check your answers' }).click();
    await waitForHeading(page, 'Check your answers', { focused: true });
    await e2e.axe(page, 'check your answers');
    await page.goto(`${e2e.url}/records/${submittedId}`);
    await waitForHeading(page, 'Submitted answers');
    await e2e.axe(page, 'a submitted record, read-only');
  });
});

describe('at 320 CSS pixels wide (400% zoom)', () => {
  for (const [formId, fixture] of [
    ['case-supervision', 'valid-ad-hoc-with-disagreement'],
    ['return-to-work', 'valid-self-certified-late-report'],
  ] as const) {
    it(`${formId}: every step and "Check your answers" read without scrolling sideways, and axe finds nothing there`, async () => {
      const data = loadFixture(formId, fixture);
      // A child with no earlier record here: for P2210457 (submitted above) the last supervision's
      // actions are carried forward, and each waits for its progress before the step can be left.
      if (formId === 'case-supervision') (data as { meeting: { childId: string } }).meeting.childId = 'P2210458';
      const id = await e2e.createDraft(formId, data, formId === 'case-supervision' ? { childId: 'P2210458' } : undefined);
      const { page } = await e2e.open();
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(`${e2e.url}/records/${id}`);
      await page.locator('.app-save-status').waitFor();
      const failures: string[] = [];
      for (let step = 0; step < 20; step++) {
        const title = await heading(page);
        const s = await sideways(page);
        if (s.scrollWidth > s.clientWidth) failures.push(`"${title}": ${s.scrollWidth}px wide; sticking out: ${s.wide.join(', ')}`);
        await e2e.axe(page, `${formId}: "${title}" at 320px`);
        if (title === 'Check your answers') break;
        await page.getByRole('button', { name: /^Save and (continue|check your answers)$/ }).click();
        await page.waitForFunction((prev) => document.querySelector('main h1')?.textContent?.trim() !== prev && document.activeElement === document.querySelector('main h1'), title);
      }
      expect(failures, 'steps that scroll sideways at 320px').toEqual([]);
    });
  }

  it('the sign-in, home (with its tables of drafts and submitted records), start and record pages read without scrolling sideways', async () => {
    const { page } = await e2e.open();
    await page.setViewportSize({ width: 320, height: 640 });
    const failures: string[] = [];
    const reflows = async (label: string) => {
      const s = await sideways(page);
      if (s.scrollWidth > s.clientWidth) failures.push(`${label}: ${s.scrollWidth}px wide; sticking out: ${s.wide.join(', ')}`);
      await e2e.axe(page, `${label} at 320px`);
    };
    await page.goto(`${e2e.url}/`);
    await waitForHeading(page, 'Your forms');
    await page.getByRole('table', { name: 'Drafts in progress' }).waitFor();
    await page.getByRole('table', { name: 'Submitted' }).waitFor();
    await reflows('home');
    await page.goto(`${e2e.url}/forms/case-file-audit/start`);
    await waitForHeading(page, 'Case-file audit');
    await reflows('start page');
    await page.goto(`${e2e.url}/records/${submittedId}`);
    await waitForHeading(page, 'Submitted answers');
    await reflows('submitted record');
    await e2e.browser.context.clearCookies();
    await page.goto(`${e2e.url}/`);
    await waitForHeading(page, 'Sign in');
    await reflows('sign-in');
    // Signed in again for whatever runs next.
    await page.locator('#username').fill(e2e.server.demo.practitioner.username);
    await page.locator('#password').fill(e2e.server.demo.practitioner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForHeading(page, 'Your forms');
    await waitForLoaded(page);
    expect(failures, 'pages that scroll sideways at 320px').toEqual([]);
  });
});
