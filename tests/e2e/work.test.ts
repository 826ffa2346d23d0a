/**
 * Issue 14, tracked actions and work lists, in the browser. A record of a form whose repeating
 * group is marked as actions (x-actions), with no review stages, is submitted through the API, so
 * its actions are tracked at once: due dates relative to today, one of the practitioner's overdue.
 * The practitioner sees "Your work" with the overdue action first and said in words, completes it
 * with the keyboard only (a missing note refused first), and finds the child's open actions on a
 * new draft about the child. The manager sees the team's open and overdue actions per worker and
 * reassigns one. axe on every state.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dateOf, dayNumber, workingDaysBetween } from '../../engine/forms/calculations/dates.js';
import { DEMO_ACCOUNT_WORKERS, DEMO_CHILDREN, DEMO_TEAMS, DEMO_WORKERS } from '../../engine/directory/demo.js';
import { dayText } from '../../runtime/directory/words.js';
import { today as londonToday, workingDaysLate } from '../../runtime/work/due.js';
import { publishForm } from '../support/api.js';
import { linkWorker, loadDirectory } from '../support/directory.js';
import { useE2E } from '../support/e2e.js';
import { loadFixture, signIn, tabTo, waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();

const FORM = { id: 'home-visit-actions', title: 'Home visit', category: 'case-record', team: 'children-in-need-north', subject: { childId: '/childId' } };
const control = (scope: string, label: string) => ({ type: 'Control', scope, label });
const DEFINITION = {
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['childId'],
    properties: {
      childId: { type: 'string', maxLength: 20 },
      actions: {
        type: 'array',
        maxItems: 20,
        'x-actions': { action: 'action', owner: 'ownerId', due: 'dueDate' },
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['action', 'ownerId', 'dueDate'],
          properties: { action: { type: 'string', maxLength: 500 }, ownerId: { type: 'string', maxLength: 20 }, dueDate: { type: 'string', format: 'date', maxLength: 10 } },
        },
      },
    },
  },
  uischema: {
    type: 'VerticalLayout',
    elements: [
      control('#/properties/childId', "Child's ICS person id"),
      {
        ...control('#/properties/actions', 'Actions'),
        options: { detail: { type: 'VerticalLayout', elements: [control('#/properties/action', 'Action'), control('#/properties/ownerId', 'Owner (ICS worker id)'), control('#/properties/dueDate', 'Due by')] } },
      },
    ],
  },
};

const TODAY = londonToday();
const plusDays = (n: number) => dateOf(dayNumber(TODAY)! + n)!;
/** Pat's: overdue (10 days ago) and due in a fortnight; Chris's: overdue (3 days ago). */
const OVERDUE = plusDays(-10);
const LATER = plusDays(14);
const CHRIS_DUE = plusDays(-3);
const CHILD = 'C9990001';
const PAT = DEMO_ACCOUNT_WORKERS['pat.practitioner']!;
const MO = DEMO_ACCOUNT_WORKERS['mo.manager']!;

let recordId = '';

beforeAll(async () => {
  const store = e2e.server.running.ctx.store;
  await loadDirectory(store, { teams: DEMO_TEAMS as never, workers: DEMO_WORKERS as never, children: DEMO_CHILDREN as never });
  await linkWorker(store, e2e.server.demo.practitioner.username, PAT);
  await linkWorker(store, e2e.server.demo.manager.username, MO);
  await publishForm(e2e.server, FORM, DEFINITION);
  const data = {
    childId: CHILD,
    actions: [
      { action: 'Visit Jordan at school', ownerId: PAT, dueDate: LATER },
      { action: 'Update the safety plan', ownerId: PAT, dueDate: OVERDUE },
      { action: 'Call the GP about the referral', ownerId: 'W20003', dueDate: CHRIS_DUE },
    ],
  };
  const res = await e2e.server.as('practitioner').post('/api/submissions', { formId: FORM.id, subject: { childId: CHILD }, data, status: 'submitted' }, { headers: { 'idempotency-key': '"work-record"' } });
  expect(res.status, res.text).toBe(201);
  recordId = (res.body as { id: string }).id;
});

const actionId = (n: number) => `${recordId}.${n}`;

/** The rows of a table as their cells' text, tabs and line breaks made single spaces. */
async function rows(page: Page, caption: string | RegExp): Promise<string[][]> {
  const table = page.getByRole('table', { name: caption });
  await table.waitFor();
  return (await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((td) => (td as HTMLElement).innerText.replace(/\s+/g, ' ').trim()))));
}

const focused = (page: Page) => page.evaluate(() => ({ tag: document.activeElement?.tagName.toLowerCase() ?? '', id: document.activeElement?.id ?? '', text: document.activeElement?.textContent?.trim() ?? '' }));

describe('tracked actions and work lists', () => {
  it('the owner sees the overdue action first, in words, and marks it done with the keyboard only', { timeout: 40_000 }, async () => {
    const { page } = await e2e.open();
    await signIn(page, e2e.url, e2e.server.demo.practitioner, 'keyboard');
    // Chris has no account here, so the record's author (Pat) holds Chris's action too.
    const mine = await rows(page, /^Your open actions: 3/);
    expect(mine.map((r) => [r[0], r[2]])).toEqual([
      ['Update the safety plan', `${dayText(OVERDUE)} Overdue by ${workingDaysLate(OVERDUE, TODAY)} working days`],
      ['Call the GP about the referral', expect.stringMatching(new RegExp(`^${dayText(CHRIS_DUE)} Overdue (by \\d working days?|since)`))],
      ['Visit Jordan at school', `${dayText(LATER)} Due in ${workingDaysBetween(dayNumber(TODAY)! + 1, dayNumber(LATER)!)} working days`],
    ]);
    expect(workingDaysLate(OVERDUE, TODAY)).toBeGreaterThan(1);
    expect(mine[0]![1]).toBe(`Jordan Smith (${CHILD})`);
    await e2e.axe(page, 'work: your work on the home page');

    await tabTo(page, { css: 'a', text: 'Open the action: Update the safety plan' });
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Update the safety plan');
    await e2e.axe(page, 'work: an overdue action');
    await tabTo(page, { css: 'button', text: 'Mark as done' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'action-change-title');
    // Today, in Day, Month and Year boxes (the browser's own date box took "5 12 2026" typed in
    // the wrong order for its locale, and stored the year 12, shown as "6 May 1912").
    const [year, month, day] = TODAY.split('-') as [string, string, string];
    expect(await page.locator('#action-done-on').inputValue()).toBe(String(Number(day)));
    expect(await page.locator('#action-done-on-month').inputValue()).toBe(String(Number(month)));
    expect(await page.locator('#action-done-on-year').inputValue()).toBe(year);
    // A year of two numbers, and no note: refused, the summary says both and takes focus.
    await tabTo(page, { css: '#action-done-on-year' });
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(year.slice(2));
    await tabTo(page, { css: 'form button[type="submit"]', text: 'Mark as done' });
    await page.keyboard.press('Enter');
    await page.locator('.govuk-error-summary').getByText('Enter what was done').waitFor();
    expect(await page.locator('.govuk-error-summary').getByRole('link').allInnerTexts()).toEqual(['The year of the date it was done must include 4 numbers', 'Enter what was done']);
    expect((await focused(page)).text).toMatch(/^There is a problem/);
    expect(await page.locator('#action-done-on-year').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#action-done-on').getAttribute('aria-invalid')).toBeNull();
    await e2e.axe(page, 'work: marking done without a note, the year cut short');
    // The summary's first link takes focus to the year; the second to the note.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'action-done-on-year');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(year);
    await tabTo(page, { css: '#action-note' });
    await page.keyboard.type('Plan updated with the school and the family.');
    await tabTo(page, { css: 'form button[type="submit"]', text: 'Mark as done' });
    await page.keyboard.press('Enter');
    await page.getByText('The action is marked as done').waitFor();
    // The banner takes focus on the frame after it is drawn.
    await expect.poll(async () => (await focused(page)).id, { timeout: 5000 }).toBe('action-changed');
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Plan updated with the school and the family.');
    await e2e.axe(page, 'work: the action done');
    const stored = await e2e.server.running.ctx.store.getAction(actionId(2));
    expect(stored).toMatchObject({ status: 'done', doneOn: TODAY, note: 'Plan updated with the school and the family.' });

    // A new draft about the child lists the child's open actions, to update rather than retype.
    const draft = await e2e.createDraft(FORM.id, { childId: CHILD }, { childId: CHILD });
    await page.goto(`${e2e.url}/records/${draft}`);
    const panel = page.getByRole('region', { name: 'Open actions for Jordan Smith (C9990001)' });
    await panel.waitFor();
    expect(await panel.locator('li p.govuk-\\!-font-weight-bold').allInnerTexts()).toEqual(['Call the GP about the referral', 'Visit Jordan at school']);
    await e2e.axe(page, 'work: open actions on a new draft');
    await panel.getByRole('link', { name: /Visit Jordan at school/ }).click();
    await waitForHeading(page, 'Visit Jordan at school');
    await page.getByRole('link', { name: 'Back to the form' }).click();
    await page.waitForURL(new RegExp(`/records/${draft}$`));
  });

  it("the manager sees the team's open and overdue actions per worker, and reassigns one", { timeout: 40_000 }, async () => {
    const { page } = await e2e.open();
    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.manager);
    await page.getByRole('navigation', { name: 'Caseforms' }).getByRole('link', { name: 'Team' }).click();
    await waitForHeading(page, 'Your team’s work');
    await e2e.axe(page, 'work: the team’s records waiting');
    await page.getByRole('link', { name: 'Actions by worker' }).click();
    // Most overdue first.
    expect(await rows(page, 'Open actions by worker')).toEqual([
      ['Chris Doyle (W20003)', '1', '1', 'See actions of Chris Doyle'],
      ['Pat Singh (W20002)', '1', '0', 'See actions of Pat Singh'],
    ]);
    await e2e.axe(page, 'work: open actions by worker');
    await page.getByRole('link', { name: 'See actions of Chris Doyle' }).click();
    const theirs = await rows(page, 'Open actions of Chris Doyle (W20003)');
    expect(theirs.map((r) => r[0])).toEqual(['Call the GP about the referral']);
    await e2e.axe(page, 'work: one worker’s actions');

    await page.getByRole('link', { name: 'Open the action: Call the GP about the referral' }).click();
    await waitForHeading(page, 'Call the GP about the referral');
    await page.getByRole('button', { name: 'Reassign' }).click();
    await page.getByLabel('New owner’s ICS worker ID').fill(PAT);
    await page.getByLabel('Why is the action being reassigned?').fill('Chris is on leave');
    await e2e.axe(page, 'work: reassigning an action');
    await page.locator('form').getByRole('button', { name: 'Reassign' }).click();
    await page.getByText('The action is reassigned').waitFor();
    // The owner's name comes from the directory, read again after the change.
    await expect.poll(() => page.locator('.govuk-summary-list').innerText(), { timeout: 5000 }).toContain(`Pat Singh (${PAT})`);
    await expect.poll(() => page.getByRole('table', { name: 'History' }).innerText(), { timeout: 5000 }).toContain('Reassigned from W20003 to W20002: Chris is on leave');
    await e2e.axe(page, 'work: the action reassigned');
    expect(await e2e.server.running.ctx.store.getAction(actionId(3))).toMatchObject({ ownerWorkerId: PAT, status: 'open' });
  });
  // Found walking with a backlog: "Waiting for you: 36 (20 of 36 shown)", and no way to the rest.
  it('a manager with more records waiting than "Your work" shows reaches every one of them, a page at a time', { timeout: 60_000 }, async () => {
    const fixture = loadFixture('case-supervision', 'valid-ad-hoc-with-disagreement') as Record<string, Record<string, unknown>>;
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      const data = structuredClone(fixture);
      data.meeting!.childId = CHILD;
      const res = await e2e.server.as('practitioner').post('/api/submissions', { formId: 'case-supervision', subject: { childId: CHILD }, data, status: 'submitted' }, { headers: { 'idempotency-key': `"backlog-${i}"` } });
      expect(res.status, res.text).toBe(201);
      made.push((res.body as { reference: string }).reference);
    }
    const { page } = await e2e.open();
    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.manager);
    await page.getByRole('table', { name: 'Waiting for you: 23 (20 of 23 shown)' }).waitFor();
    await page.getByRole('link', { name: 'All 23 records waiting for you' }).click();
    await waitForHeading(page, 'Records waiting for you');
    const first = await rows(page, 'Records waiting for you, page 1');
    expect(first).toHaveLength(20);
    expect(first[0]!.slice(1, 4)).toEqual(['Case supervision', expect.stringContaining(CHILD), 'Manager sign-off']);
    await e2e.axe(page, 'work: all records waiting for you');
    // By keyboard, to the next page: the focus is on the new page's table.
    await page.getByRole('navigation', { name: 'Records waiting for you: page 1' }).getByRole('link', { name: /Next/ }).focus();
    await page.keyboard.press('Enter');
    const second = await rows(page, 'Records waiting for you, page 2');
    expect(second).toHaveLength(3);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Records waiting for you, page 2');
    expect(new Set([...first, ...second].map((r) => r[0]))).toEqual(new Set(made));
    await e2e.axe(page, 'work: the last page of records waiting for you');
  });
});
