/**
 * The home page for those who do not fill in forms. Found walking as each role: a designer who
 * signed in was told "Forms are built in the designer" with no way there but knowing its address;
 * an administrator was told "You can read the forms here" above nothing; an integrator with no
 * connector was told there was none, and not how one is set up.
 */
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { signIn, tabTo, waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();

describe('the home page for roles that do not fill in forms', () => {
  it('a designer goes from it to the designer by keyboard; an administrator is told where accounts are looked after; an integrator how connectors are set up', async () => {
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: '/api/forms/no-such-form', status: 404 }] });
    await signIn(page, e2e.url, e2e.server.demo.designer, 'keyboard');
    expect(await page.locator('main .govuk-inset-text').innerText()).toBe('This is where social workers and managers fill in forms. Forms are built and published in the designer.');
    await e2e.axe(page, 'home, a designer');
    await tabTo(page, { css: 'a', text: 'Open the designer' });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${e2e.url}/designer/`);
    await waitForHeading(page, 'Forms');
    await page.getByRole('link', { name: 'Case supervision' }).first().waitFor();
    // A form that is not there: a page with its heading, why, and no "Try again" that could never work.
    await page.goto(`${e2e.url}/designer/forms/no-such-form`);
    await waitForHeading(page, 'The form could not be opened');
    expect(await page.locator('main .govuk-error-summary').innerText()).toContain('There is no form "no-such-form".');
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await e2e.axe(page, 'designer, a form that is not there');

    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.admin);
    const words = await page.locator('main .govuk-inset-text').innerText();
    expect(words).toContain('Administrators look after accounts, roles and API tokens through the API');
    expect(words).not.toContain('You can read the forms here');
    expect(await page.locator('main a[href="/designer/"]').count()).toBe(0);
    await e2e.axe(page, 'home, an administrator');

    // An integrator with no connector yet is told how one is set up, not only that there is none.
    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.integrator, 'keyboard');
    expect(await page.locator('main .govuk-inset-text').innerText()).toBe('This is where social workers and managers fill in forms. You can read the records they submitted below.');
    await tabTo(page, { css: 'a', text: 'Deliveries to the ICS' });
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Deliveries to the ICS');
    const none = page.getByText('There are no connectors yet', { exact: false });
    await none.waitFor();
    expect(await none.innerText()).toContain('IT sets one up through the API — a connector (POST /api/sync/connectors), then a mapping for each form it takes');
    await e2e.axe(page, 'deliveries, no connector yet');
  });
});
