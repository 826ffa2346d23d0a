/**
 * Single sign-on in the browser, against a real OpenID provider started here: a worker presses
 * "Sign in with your council account", signs in at the provider, lands in the app as themselves,
 * and signs out through the provider; someone the directory does not know gets a clear page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/api.js';
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

  it('a manager signs in through the council account, finds a child by name, starts a supervision with the directory filled in, cannot open a restricted child’s record, and an import moving a child into their team lets them', { timeout: 60_000 }, async () => {
    const srv = e2e.server;
    op!.people.set('maria', { email: 'maria.manager@council.example', email_verified: true, name: 'Maria M' });
    // Kim (W6, children looked after south) writes about C5, theirs, and C8, restricted to them.
    const password = 'correct horse battery staple';
    const made = await srv.as('admin').post('/api/accounts', { username: 'kim', displayName: 'Kim Carer-Worker', role: 'practitioner', team: 'cla-south', password, workerId: 'W6' });
    expect(made.status, made.text).toBe(201);
    const signedIn = await new Client(srv.url, null).post('/api/session', { username: 'kim', password });
    const token = await new Client(srv.url, null, { cookie: signedIn.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': signedIn.body.csrfToken }).post('/api/me/tokens', { name: 'tests' });
    const kim = new Client(srv.url, token.body.token);
    const integrator = srv.as('integrator');
    const delta = (key: string, rows: object[]) =>
      integrator.request('POST', '/api/directory/batches/children?mode=delta', { raw: rows.map((r) => JSON.stringify(r)).join('\n') + '\n', contentType: 'application/x-ndjson', headers: { 'idempotency-key': `"${key}"` } });
    expect((await delta('restricted-c8', [{ id: 'C8', name: 'Taylor Private', dateOfBirth: '2011-09-09', allocatedWorkerId: 'W6', team: 'cla-south', legalStatus: 'CLA', restricted: true }])).status).toBe(201);
    const draftAbout = async (childId: string) => {
      const r = await kim.post('/api/submissions', { formId: 'case-supervision', status: 'draft', subject: { childId }, data: {} }, { headers: { 'idempotency-key': `"kim-${childId}"` } });
      expect(r.status, r.text).toBe(201);
      return r.body.id as string;
    };
    const aboutC5 = await draftAbout('C5');
    const aboutC8 = await draftAbout('C8');

    // Maria Manager (W1) signs in at the provider: a manager, since the directory has her managing W2 and W3.
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: `/api/submissions/${aboutC5}`, status: 404 }, { path: `/api/submissions/${aboutC8}`, status: 404 }] });
    await page.context().clearCookies(); // nobody signed in, here or at the provider
    await page.goto(`${e2e.url}/forms/case-supervision/start`);
    await page.getByRole('button', { name: 'Sign in with your council account' }).click();
    await page.waitForURL(`${op!.issuer}/interaction/**`);
    await page.getByLabel('Username').fill('maria');
    await page.getByLabel('Password').fill('whatever the council uses');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${e2e.url}/forms/case-supervision/start`);
    await expect.poll(() => page.locator('.app-header__account').textContent()).toContain('Maria Manager');

    // Finds Jordan Smith by name and sees who it is before starting.
    const box = page.getByRole('combobox', { name: 'Find the child' });
    await box.fill('jordan smi');
    const options = page.getByRole('listbox', { name: 'Find the child' }).getByRole('option');
    await expect.poll(() => options.allTextContents()).toContain('Jordan Smith, Born 2 March 2015, ICS person ID C1, allocated to Priya Practitioner');
    await options.filter({ hasText: 'C1,' }).click();
    const card = page.locator('#child-chosen');
    expect(await card.innerText()).toMatch(/Date of birth\s+2 March 2015/);
    await page.getByRole('button', { name: 'Start the form' }).click();
    await page.waitForURL(/\/records\//);
    // The allocated worker (the supervisee) and the legal status, from the directory. The supervisor is
    // the line manager of whoever records it (who signs it off): Maria has none in the directory.
    await expect.poll(() => page.getByLabel('Supervisee').inputValue()).toBe('W2');
    expect(await page.getByLabel('Supervisor').inputValue()).toBe('');
    expect(await page.getByRole('radio', { name: 'Child in Need' }).isChecked()).toBe(true);
    await e2e.axe(page, 'case supervision started through single sign-on, filled in from the directory');

    // C8 is restricted to Kim and her manager: Maria neither finds it nor opens Kim's record about it.
    await page.goto(`${e2e.url}/forms/case-supervision/start`);
    await box.fill('C8');
    await page.getByText('No child found for “C8”.', { exact: false }).waitFor();
    const refused = page.getByRole('heading', { name: 'There is a problem' });
    await page.goto(`${e2e.url}/records/${aboutC8}`);
    await refused.waitFor();
    const said = await page.locator('main').innerText();
    expect(said).toContain('that you can open. Check the link, or find the record from your forms.');
    expect(said).not.toContain('Taylor');
    // C5 is Kim's, in another team: not Maria's to read, until the ICS moves it to Sam (W3), whom she manages.
    await page.goto(`${e2e.url}/records/${aboutC5}`);
    await refused.waitFor();
    expect(await page.locator('main').innerText()).not.toContain('Morgan');
    expect((await delta('c5-to-sam', [{ id: 'C5', name: 'Morgan Taylor', dateOfBirth: '2009-05-30', allocatedWorkerId: 'W3', team: 'cin-north', legalStatus: 'CLA' }])).status).toBe(201);
    await page.goto(`${e2e.url}/records/${aboutC5}`);
    await page.getByText('Morgan Taylor').first().waitFor();
    expect(await refused.count()).toBe(0);
    await e2e.axe(page, 'a record readable after the ICS moved the child into the manager’s team');
  });
});
