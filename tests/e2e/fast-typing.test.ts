/**
 * Fast typists lose nothing: keys typed a few milliseconds apart, across several fields (a long
 * answer, boxes inside repeatable rows added on the way), moving on with Tab at once — every
 * character reaches the stored draft, exactly, in order.
 */
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();

beforeAll(async () => {
  await e2e.signInPractitioner();
});

describe('typing fast', () => {
  it('stores every character typed 5 ms apart into a long answer and into the boxes of two repeatable rows, moving between them with Tab', { timeout: 90_000 }, async () => {
    const id = await e2e.createDraft('return-to-work', {});
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Support' }).click();
    await waitForHeading(page, 'Support', { focused: true });

    const adjustments =
      'No new court work for 6 weeks; caseload reduced to 12 children.\nWeekly check-in with the team manager — “protected time”, £0 cost, café-style debrief.';
    const week1Days = 'Monday, Wednesday, Friday, 9:00 to 13:00 (no lone visits at all)';
    const week1Duties = 'Catch-up, supervision, office-based work only; shadowing on Thursday afternoons if she wants to.';
    const week2Days = 'Monday to Thursday, 9:00 to 14:00, then review with occupational health';

    await page.locator('#f-support--reasonableAdjustments').click();
    await page.keyboard.type(adjustments, { delay: 5 });
    // "Add a week…": focus moves into the new row's first box.
    await page.locator('button#f-support--phasedReturnPlan').click();
    await page.waitForFunction(() => document.activeElement?.id === 'f-support--phasedReturnPlan--0--week');
    await page.keyboard.type('1', { delay: 5 });
    await page.keyboard.press('Tab');
    await page.keyboard.type(week1Days, { delay: 5 });
    await page.keyboard.press('Tab');
    // As fast as keys can be sent.
    await page.keyboard.type(week1Duties);
    await page.locator('button#f-support--phasedReturnPlan').click();
    await page.waitForFunction(() => document.activeElement?.id === 'f-support--phasedReturnPlan--1--week');
    await page.keyboard.type('2', { delay: 5 });
    await page.keyboard.press('Tab');
    await page.keyboard.type(week2Days, { delay: 5 });

    const expected = {
      support: {
        reasonableAdjustments: adjustments,
        phasedReturnPlan: [
          { week: 1, daysHours: week1Days, duties: week1Duties },
          { week: 2, daysHours: week2Days },
        ],
      },
    };
    // What is on screen is what was typed…
    expect(await page.locator('#f-support--reasonableAdjustments').inputValue()).toBe(adjustments);
    expect(await page.locator('#f-support--phasedReturnPlan--0--daysHours').inputValue()).toBe(week1Days);
    expect(await page.locator('#f-support--phasedReturnPlan--0--duties').inputValue()).toBe(week1Duties);
    expect(await page.locator('#f-support--phasedReturnPlan--1--daysHours').inputValue()).toBe(week2Days);
    // …and, with nothing pressed, the server gets all of it.
    const { submission } = await e2e.waitForStored(id, (s) => isDeepStrictEqual(s.data, expected), { timeoutMs: 5000 }).catch(async (err: Error) => {
      throw new Error(`${err.message}\nexpected: ${JSON.stringify(expected)}`);
    });
    expect(submission.data).toEqual(expected);
    await page.locator('.app-save-status', { hasText: /^All changes saved at/ }).waitFor();
    await e2e.axe(page, 'support step with two rows typed into');
  });

  it('stores every character when the person types fast and presses Enter at once to save and continue', async () => {
    const id = await e2e.createDraft('return-to-work', {});
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');
    await page.locator('#f-employee--employeeNumber').click();
    await page.keyboard.type('0048213', { delay: 5 });
    await page.keyboard.press('Tab');
    await page.keyboard.type('Senior social worker, child protection (north) — court team', { delay: 5 });
    await page.keyboard.press('Tab');
    await page.keyboard.type('W20931', { delay: 5 });
    await page.keyboard.press('Tab');
    await page.keyboard.type('CP-NORTH-2', { delay: 5 });
    await page.keyboard.press('Tab');
    await page.keyboard.type('W11805', { delay: 5 });
    await page.keyboard.press('Tab');
    await page.keyboard.type('W11806');
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'The absence', { focused: true });
    expect((await e2e.stored(id)).data).toEqual({
      employee: {
        employeeNumber: '0048213',
        jobTitle: 'Senior social worker, child protection (north) — court team',
        workerId: 'W20931',
        teamId: 'CP-NORTH-2',
        lineManagerId: 'W11805',
        interviewerId: 'W11806',
      },
    });
  });

  it('after typing into three rows and removing the middle one, the other two keep their own answers, on screen and in the stored draft', async () => {
    const id = await e2e.createDraft('return-to-work', {});
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Support' }).click();
    await waitForHeading(page, 'Support', { focused: true });
    const rows = [
      { week: 1, daysHours: 'Mon, Wed, Fri mornings', duties: 'Office-based work only' },
      { week: 2, daysHours: 'Mon to Thu, 9 to 2', duties: 'Visits to existing children' },
      { week: 3, daysHours: 'Mon to Fri, 9 to 3', duties: 'Everything but court and duty' },
    ];
    for (const [i, row] of rows.entries()) {
      await page.locator('button#f-support--phasedReturnPlan').click();
      await page.waitForFunction((id) => document.activeElement?.id === id, `f-support--phasedReturnPlan--${i}--week`);
      await page.keyboard.type(String(row.week), { delay: 5 });
      await page.keyboard.press('Tab');
      await page.keyboard.type(row.daysHours, { delay: 5 });
      await page.keyboard.press('Tab');
      await page.keyboard.type(row.duties, { delay: 5 });
    }
    await page.getByRole('button', { name: 'Remove week of the phased return 2' }).click();
    // Focus goes to the row that took its place, and the removal is announced.
    await page.waitForFunction(() => document.activeElement?.id === 'f-support--phasedReturnPlan--1--week');
    await page.getByText('Week of the phased return 2 removed').waitFor();
    const kept = [rows[0]!, rows[2]!];
    for (const [i, row] of kept.entries()) {
      expect(await page.locator(`#f-support--phasedReturnPlan--${i}--week`).inputValue()).toBe(String(row.week));
      expect(await page.locator(`#f-support--phasedReturnPlan--${i}--daysHours`).inputValue()).toBe(row.daysHours);
      expect(await page.locator(`#f-support--phasedReturnPlan--${i}--duties`).inputValue()).toBe(row.duties);
    }
    expect(await page.locator('#f-support--phasedReturnPlan--2').count()).toBe(0);
    // (Saves made while the rows were being typed hold two rows too: wait for the final answers.)
    const expected = { support: { phasedReturnPlan: kept } };
    const { submission } = await e2e.waitForStored(id, (s) => isDeepStrictEqual(s.data, expected), { timeoutMs: 5000 });
    expect(submission.data).toEqual(expected);
    await e2e.axe(page, 'support step after removing a row');
  });
});
