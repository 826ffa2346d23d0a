/**
 * Before a session ends for want of use, people are warned and can stay signed in (WCAG 2.2.1).
 * This file's server ends sessions after one minute without activity, so the warning comes
 * after 40 seconds (a third of the idle time before the end; two minutes with the usual 30).
 */
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { waitForHeading } from '../support/form-filler.js';

const e2e = useE2E({ sessions: { idleMinutes: 1, absoluteHours: 12 } });

describe('the timeout warning', () => {
  it('comes before the session ends, takes focus, and "Stay signed in" keeps the person signed in', { timeout: 120_000 }, async () => {
    await e2e.signInPractitioner();
    const { page } = await e2e.open();
    const id = await e2e.createDraft('return-to-work', {});
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');
    const dialog = page.getByRole('dialog', { name: 'You will be signed out soon' });
    await dialog.waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('You will be signed out soon');
    expect(await dialog.innerText()).toMatch(/we will sign you out in \d+ seconds?/);
    await e2e.axe(page, 'the timeout warning');
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Still signed in well after the first minute: the session was renewed.
    await page.waitForTimeout(25_000);
    await page.locator('#f-employee--jobTitle').fill('Still signed in');
    await e2e.waitForStored(id, (s) => (s.data.employee as Record<string, unknown> | undefined)?.jobTitle === 'Still signed in');
  });
});
