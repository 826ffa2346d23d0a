/**
 * Single sign-on in the browser, against a real OpenID provider started here: a worker presses
 * "Sign in with your council account", signs in at the provider, lands in the app as themselves,
 * and signs out through the provider; someone the directory does not know gets a clear page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { waitForHeading, waitForLoaded } from '../support/form-filler.js';
import { loadDirectory } from '../support/directory.js';
import { startOidcProvider, type TestProvider } from '../support/oidc-provider.js';
import { freePort } from '../support/ports.js';

let op: TestProvider | undefined;

const e2e = useE2E({
  server: async () => {
    const port = await freePort();
    op = await startOidcProvider(`http://127.0.0.1:${port}`);
    op.people.set('priya', { email: 'priya.practitioner@council.example', email_verified: true, name: 'Priya P' });
    op.people.set('stranger', { email: 'stranger@council.example', email_verified: true, name: 'Stranger' });
    return { port, signIn: { local: true, sso: op.settings() } };
  },
});

beforeAll(async () => {
  await loadDirectory(e2e.server.running.ctx.store);
});

afterAll(async () => {
  await op?.close();
});

describe('single sign-on', () => {
  it('signs a worker in through the council account, as themselves, and signs them out there too', async () => {
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/`);
    await waitForHeading(page, 'Sign in');
    const sso = page.getByRole('button', { name: 'Sign in with your council account' });
    await sso.waitFor();
    expect(await page.getByRole('heading', { name: 'Sign in with a Caseforms account' }).isVisible()).toBe(true);
    await e2e.axe(page, 'sign-in page with single sign-on');
    await sso.click();
    await page.waitForURL(`${op!.issuer}/interaction/**`);
    await page.getByLabel('Username').fill('priya');
    await page.getByLabel('Password').fill('whatever the council uses');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForHeading(page, 'Your forms');
    await waitForLoaded(page);
    expect(new URL(page.url()).origin).toBe(e2e.url);
    await expect.poll(() => page.locator('.app-header__account').textContent()).toContain('Priya Practitioner');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${op!.issuer}/session/end**`);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${e2e.url}/signed-out`);
    await page.getByText('You have signed out').waitFor();
    await waitForHeading(page, 'Sign in');
    // Signed out at the provider too: the council account asks who you are again.
    await page.getByRole('button', { name: 'Sign in with your council account' }).click();
    await page.waitForURL(`${op!.issuer}/interaction/**`);
    await page.getByLabel('Username').waitFor();
  });

  it('tells someone the directory does not know what happened and what to do, on an accessible page', async () => {
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: '/api/sso/callback', status: 403 }] });
    await page.goto(`${e2e.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with your council account' }).click();
    await page.waitForURL(`${op!.issuer}/interaction/**`);
    await page.getByLabel('Username').fill('stranger');
    await page.getByLabel('Password').fill('whatever the council uses');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForHeading(page, 'You cannot use Caseforms yet');
    expect(await page.locator('main').textContent()).toContain('Ask your system administrator to add you');
    expect(await page.getByRole('button', { name: 'Try signing in again' }).getAttribute('href')).toBe('/api/sso/start?returnTo=%2F');
    await e2e.axe(page, 'single sign-on refused');
  });
});
