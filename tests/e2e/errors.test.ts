/**
 * Telling people what to fix, the GOV.UK way: "Save and continue" on a step with required
 * questions unanswered, and "Submit" with problems on other steps. The error summary takes focus,
 * lists each problem in the order the questions come, and each link takes focus to its field
 * (opening its step first); each field shows its own message, tied to it for screen readers.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAVE_RACED_BY_RELOAD, useE2E } from '../support/e2e.js';
import { fieldId, heading, loadFixture, waitForHeading, withoutPaths } from '../support/form-filler.js';

const e2e = useE2E();

beforeAll(async () => {
  await e2e.signInPractitioner();
});

interface Listed {
  href: string;
  text: string;
}

async function summaryLinks(page: Page): Promise<Listed[]> {
  return page.locator('.govuk-error-summary__list a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href') ?? '', text: (a.textContent ?? '').trim() })));
}

async function activeId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.id ?? null);
}

/** Waits for the error summary and says whether it has focus. */
async function summaryFocused(page: Page): Promise<boolean> {
  await page.locator('.govuk-error-summary').waitFor();
  return page
    .waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'), null, { timeout: 2000 })
    .then(
      () => true,
      () => false,
    );
}

/**
 * The field `id` shows `message` under its label, and the input (or, for a question answered in a
 * fieldset — date, radios, yes/no — the fieldset) is described by it; a text box is also invalid.
 */
async function expectInlineError(page: Page, id: string, message: string): Promise<void> {
  const error = page.locator(`#${id}-error`);
  expect(await error.count(), `#${id}-error`).toBe(1);
  expect((await error.innerText()).replace(/\s+/g, ' ').trim()).toBe(`Error: ${message}`);
  const fieldset = page.locator(`#${id}-fieldset`);
  const described = (await fieldset.count()) ? fieldset : page.locator(`#${id}`);
  expect((await described.getAttribute('aria-describedby'))?.split(' '), `aria-describedby of the field ${id}`).toContain(`${id}-error`);
  const tag = await page.locator(`#${id}`).evaluate((el) => `${el.tagName.toLowerCase()}:${(el as HTMLInputElement).type}`);
  if (/^(textarea|select|input:text|input:email)/.test(tag) && !(await fieldset.count())) {
    expect(await page.locator(`#${id}`).getAttribute('aria-invalid'), `aria-invalid of ${id}`).toBe('true');
  }
}

describe('"Save and continue" with required questions unanswered', () => {
  it('keeps the step, focuses the error summary, lists each missing answer in page order, shows each on its field, and each link focuses its field', async () => {
    // As the start page makes it: the child's id is in, nothing else.
    const id = await e2e.createDraft('case-supervision', { meeting: { childId: 'P2210457' } }, { childId: 'P2210457' });
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'The supervision');
    await e2e.axe(page, 'case supervision, first step, empty');

    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await summaryFocused(page), 'the error summary has focus').toBe(true);
    expect(await heading(page)).toBe('The supervision');
    const links = await summaryLinks(page);
    expect(links).toEqual([
      { href: '#f-meeting--caseType', text: 'Select the case type.' },
      { href: '#f-meeting--meetingAt', text: 'Enter the date and time of the supervision.' },
      { href: '#f-meeting--supervisorId', text: 'Enter the supervisor.' },
      { href: '#f-meeting--superviseeId', text: 'Enter the supervisee.' },
      { href: '#f-meeting--supervisionType', text: 'Select the type of supervision.' },
    ]);
    for (const l of links) await expectInlineError(page, l.href.slice(1), l.text);
    await e2e.axe(page, 'case supervision, first step, with errors');

    for (const l of links) {
      await page.locator('.govuk-error-summary__list a', { hasText: l.text }).click();
      await page.waitForFunction((id) => document.activeElement?.id === id, l.href.slice(1));
      expect(await activeId(page)).toBe(l.href.slice(1));
    }
  });

  it('on a step none of whose section is answered yet, lists that step\'s required questions, not the section as a whole, and stays on the step', async () => {
    // A draft made through the API without the ids the start page asks for is empty.
    const id = await e2e.createDraft('return-to-work', {});
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');

    await page.getByRole('button', { name: 'Save and continue' }).click();
    // Whatever happens next: the step stays, or the app moves on.
    await page.waitForFunction(() => document.querySelector('.govuk-error-summary') || document.querySelector('main h1')?.textContent?.trim() !== 'Employee');
    expect(await heading(page), 'the step after pressing "Save and continue" with its required questions empty').toBe('Employee');
    expect(await summaryFocused(page)).toBe(true);
    expect((await summaryLinks(page)).map((l) => l.href)).toEqual(['#f-employee--employeeNumber', '#f-employee--workerId', '#f-employee--lineManagerId', '#f-employee--interviewerId']);
  });
});

describe('the browser tab while problems are listed', () => {
  it('its title starts with "Error: " (as on the sign-in page), so a screen reader says so first', async () => {
    const id = await e2e.createDraft('case-supervision', { meeting: { childId: 'P2210457' } }, { childId: 'P2210457' });
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'The supervision');
    const before = await page.title();
    expect(before).not.toMatch(/^Error: /);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.title(), `the title with the error summary shown (it was "${before}")`).toMatch(/^Error: /);
  });
});

describe('"Submit" with problems on other steps', () => {
  it('lists every problem in form order, and each link opens the step it is on with focus on the field and its message shown', async () => {
    // A complete record but for three answers on three different steps.
    const fixture = loadFixture('case-supervision', 'valid-ad-hoc-with-disagreement');
    const data = withoutPaths(fixture, ['discussion.childVoice', 'nextSteps.actions.0.dueDate', 'superviseeView.disagreementReason']);
    const id = await e2e.createDraft('case-supervision', data, { childId: 'P2210457' });
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: `/api/submissions/${id}/submit`, status: 422 }] });
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'The supervision');

    const expected = [
      { href: '#f-discussion--childVoice', text: "Enter the child's voice and lived experience.", step: 'Discussion' },
      { href: '#f-nextSteps--actions--0--dueDate', text: 'Actions, row 1: Enter the action due date.', step: 'Actions and next supervision' },
      { href: '#f-superviseeView--disagreementReason', text: 'Enter the reason for disagreeing.', step: "Supervisee's comments" },
    ];
    for (const target of expected) {
      await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Check your answers' }).click();
      await waitForHeading(page, 'Check your answers', { focused: true });
      await page.getByRole('button', { name: 'Submit' }).click();
      expect(await summaryFocused(page), 'the error summary has focus').toBe(true);
      const links = await summaryLinks(page);
      expect(links).toEqual(expected.map(({ href, text }) => ({ href, text })));
      await e2e.axe(page, 'check your answers, with errors from submitting');

      const text = target.text;
      await page.locator('.govuk-error-summary__list a', { hasText: text }).click();
      await waitForHeading(page, target.step);
      await page.waitForFunction((id) => document.activeElement?.id === id, target.href.slice(1));
      await expectInlineError(page, target.href.slice(1), text);
      await e2e.axe(page, `${target.step}, opened from the error summary`);
    }
    expect((await e2e.stored(id)).status).toBe('draft');
  });

  it('links a problem with a whole section that has no answers yet to the first question of that section', async () => {
    const fixture = loadFixture('return-to-work', 'valid-self-certified-late-report');
    // Everything but the health section, which the person skipped.
    const data = withoutPaths(fixture, ['health']);
    const id = await e2e.createDraft('return-to-work', data);
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: `/api/submissions/${id}/submit`, status: 422 }] });
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Check your answers' }).click();
    await waitForHeading(page, 'Check your answers', { focused: true });
    await page.getByRole('button', { name: 'Submit' }).click();
    expect(await summaryFocused(page)).toBe(true);
    const links = await summaryLinks(page);
    expect(links.length, 'problems listed').toBeGreaterThan(0);
    const first = fieldId('health.fitToReturn');
    expect(links.map((l) => l.href), 'the problem links to the section\'s first (required) question').toEqual([`#${first}`]);
    await page.locator('.govuk-error-summary__list a').first().click();
    await waitForHeading(page, 'Health');
    await page.waitForFunction((id) => document.activeElement?.id === id, first, { timeout: 2000 });
  });
});

describe('text in a number box that is not a number', () => {
  it('keeps what was typed and the answer given before, says what the box takes, blocks the step and the submit, and survives a reload', async () => {
    const { page } = await e2e.open({ expectedHttpErrors: [SAVE_RACED_BY_RELOAD] });
    const id = await e2e.createDraft('case-supervision', {}, { childId: 'C3001' });
    await page.goto(`${e2e.url}/records/${id}`);
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Discussion', exact: true }).click();
    await waitForHeading(page, 'Discussion');
    const box = page.locator('#f-discussion--scalingScore');
    await box.fill('6');
    await e2e.waitForStored(id, (s) => (s.data.discussion as Record<string, unknown> | undefined)?.scalingScore === 6);
    const message = 'Scaling score (0 to 10) must be a whole number between 0 and 10.';
    for (const typed of ['5.5', 'five']) {
      await box.fill(typed);
      await box.blur();
      await expectInlineError(page, 'f-discussion--scalingScore', message);
      expect(await box.inputValue()).toBe(typed);
      // The earlier answer is not silently dropped.
      await page.waitForTimeout(1000);
      expect((await e2e.stored(id)).data.discussion).toEqual({ scalingScore: 6 });
    }
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await summaryFocused(page)).toBe(true);
    expect(await heading(page)).toBe('Discussion');
    expect((await summaryLinks(page)).filter((l) => l.href === '#f-discussion--scalingScore').map((l) => l.text)).toEqual([message]);
    await e2e.axe(page, 'a number box holding text');

    await page.reload();
    await waitForHeading(page, 'Discussion');
    expect(await page.locator('#f-discussion--scalingScore').inputValue()).toBe('five');
    // Submitting from "Check your answers" is refused for it too, with a link back to the box.
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Check your answers' }).click();
    await waitForHeading(page, 'Check your answers');
    await page.getByRole('button', { name: 'Submit' }).click();
    expect(await summaryFocused(page)).toBe(true);
    expect((await summaryLinks(page)).map((l) => l.text)).toEqual([message]);
    expect((await e2e.stored(id)).status).toBe('draft');
    await page.locator('.govuk-error-summary a').click();
    await waitForHeading(page, 'Discussion');
    expect(await activeId(page)).toBe('f-discussion--scalingScore');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('7');
    await e2e.waitForStored(id, (s) => (s.data.discussion as Record<string, unknown> | undefined)?.scalingScore === 7);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect((await summaryLinks(page)).some((l) => l.href === '#f-discussion--scalingScore')).toBe(false);
  });
});

describe('a date typed in part', () => {
  it('names the part that is wrong and marks only that box as invalid', async () => {
    const { page } = await e2e.open();
    const id = await e2e.createDraft('return-to-work', {});
    await page.goto(`${e2e.url}/records/${id}`);
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'The absence', exact: true }).click();
    await waitForHeading(page, 'The absence');
    const field = 'f-absence--firstDayAbsent';
    await page.locator(`#${field}`).fill('3');
    await page.locator(`#${field}-month`).fill('11');
    await e2e.waitForStored(id, (s) => (s.data.absence as Record<string, unknown> | undefined)?.firstDayAbsent === '-11-03');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await summaryFocused(page)).toBe(true);
    const message = (await summaryLinks(page)).find((l) => l.href === `#${field}`)?.text ?? '';
    expect(message).toBe("First day of absence must include a year.");
    const invalid = await page.locator(`#${field}-fieldset input`).evaluateAll((inputs) => inputs.map((i) => `${i.id}:${i.getAttribute('aria-invalid') ?? 'false'}`));
    expect(invalid).toEqual([`${field}:false`, `${field}-month:false`, `${field}-year:true`]);
    await e2e.axe(page, 'a date without its year');
  });
});

describe('an address that leads nowhere', () => {
  // Found walking: a record or form that is not there said so, then offered "Try again", which could never work.
  it('a record or form that is not there says so, with the way back and no "Try again"; a dropped connection still offers it', async () => {
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: '/api/submissions/01a24a10-0000-7000-8000-000000000000', status: 404 }, { path: '/api/forms/no-such-form', status: 404 }, { path: '/api/actions/no-such-action', status: 404 }], expectedConsole: [/ERR_INTERNET_DISCONNECTED/] });
    for (const [path, h1, words] of [
      ['/records/01a24a10-0000-7000-8000-000000000000', 'The record could not be opened', 'There is no record "01a24a10-0000-7000-8000-000000000000" that you can open.'],
      ['/forms/no-such-form/start', 'The form could not be started', 'There is no form "no-such-form".'],
      ['/actions/no-such-action', 'The action could not be opened', 'There is no action "no-such-action" that you can open.'],
      ['/records/01a24a10-0000-7000-8000-000000000000/delete', 'The draft could not be opened', 'There is no record "01a24a10-0000-7000-8000-000000000000" that you can open.'],
    ] as const) {
      await page.goto(`${e2e.url}${path}`);
      await waitForHeading(page, h1);
      const problem = page.locator('main .govuk-error-summary');
      await problem.waitFor();
      expect(await problem.innerText(), path).toContain(words);
      expect(await page.getByRole('button', { name: 'Try again' }).count(), path).toBe(0);
      expect(await page.getByRole('link', { name: /^Back to / }).count(), path).toBe(1);
      await e2e.axe(page, `${path}: not there`);
    }
    // Offline, asking again can work: it is offered, and works once the connection is back.
    const record = await e2e.createDraft('return-to-work', {});
    await page.route(`**/api/submissions/${record}`, (route) => route.abort('internetdisconnected'));
    await page.goto(`${e2e.url}/records/${record}`);
    await page.getByText('The service cannot be reached. Check your connection.').waitFor();
    await page.unroute(`**/api/submissions/${record}`);
    await page.getByRole('button', { name: 'Try again' }).click();
    await waitForHeading(page, 'Employee');
  });
});
