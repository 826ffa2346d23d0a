/**
 * Email settings (issue 15): reached from the service navigation, the person's choice shown as
 * radios with the address emails go to, changed by keyboard and saved with a success banner that
 * takes focus; kept after a reload. axe at zero violations in each state.
 */
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { signIn, waitForHeading, waitForLoaded } from '../support/form-filler.js';

const e2e = useE2E({ demoDirectory: true });

describe('email settings', () => {
  it('shows where emails go, and saves the choice made by keyboard', async () => {
    const { page } = await e2e.open();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await page.getByRole('navigation', { name: 'Caseforms' }).getByRole('link', { name: 'Email settings' }).click();
    await waitForHeading(page, 'Email settings');
    await waitForLoaded(page);
    await expect.poll(() => page.getByText('Emails go to pat.singh@council.example').count()).toBe(1);
    expect(await page.getByRole('radio', { name: 'Each email as it happens' }).isChecked()).toBe(true);
    await e2e.axe(page, 'email settings');
    await page.getByRole('radio', { name: 'Each email as it happens' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: 'One summary a day' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const banner = page.getByRole('alert').filter({ hasText: 'Saved: one summary a day.' });
    await banner.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('email-saved');
    await e2e.axe(page, 'email settings saved');
    await page.reload();
    await waitForHeading(page, 'Email settings');
    await waitForLoaded(page);
    expect(await page.getByRole('radio', { name: 'One summary a day' }).isChecked()).toBe(true);

    // An administrator has no work to be emailed about: told so, not shown a refusal to "Try again".
    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.admin);
    await page.goto(`${e2e.url}/settings/email`);
    await page.getByText('Your role has no work in this app to be told about', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await e2e.axe(page, 'email settings, an administrator');
  });
});
