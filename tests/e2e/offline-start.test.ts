/**
 * Opening the app with the connection gone (a social worker at home reloads when the Wi-Fi drops):
 * the app comes up from this device (its service worker keeps the release), the record opens from
 * this device's copy with everything typed, more can be typed, and it all reaches the server when
 * the connection is back. Without someone signed in on this device, or once their session would
 * have ended, nothing opens: the page says the service cannot be reached, not "sign in".
 *
 * The connection is cut for real (tests/support/link.ts), so the page and its service worker both
 * lose it, as on a laptop.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { waitForHeading } from '../support/form-filler.js';
import { startLink, type Link } from '../support/link.js';

const e2e = useE2E({ serviceWorkers: 'allow' });
let link: Link;

beforeAll(async () => {
  link = await startLink(e2e.url);
});
afterAll(async () => {
  await link?.close();
});

/** What Chromium logs while the service cannot be reached (requests refused), which the app expects. */
const UNREACHABLE = [/Failed to load resource: net::ERR_CONNECTION_(REFUSED|RESET|CLOSED)/, /Failed to load resource: net::ERR_FAILED/, /FetchEvent .* resulted in a network error/];
const SAVED = /^All changes saved at \d{1,2}:\d{2}$/;
const employee = (s: { data: Record<string, unknown> }) => (s.data.employee ?? {}) as Record<string, unknown>;

async function waitForStatus(page: Page, status: RegExp): Promise<void> {
  await page.waitForFunction((p) => new RegExp(p.source, p.flags).test(document.querySelector('.app-save-status')?.textContent?.trim() ?? ''), { source: status.source, flags: status.flags });
}

/** The page is looked after by this release's service worker (it took over once installed). */
async function waitForWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
}

const banner = (page: Page) => page.getByRole('region', { name: 'Offline' });

/**
 * The record opened through the link (so the link's cut reaches it), looked after by the worker,
 * with a job title typed and saved — its reply in too (a reply lost to the cut is
 * tests/e2e/autosave.test.ts's case).
 */
async function openSaved(page: Page, id: string, jobTitle: string): Promise<void> {
  await page.goto(`${link.url}/records/${id}`);
  await waitForHeading(page, 'Employee');
  await waitForWorker(page);
  await page.locator('#f-employee--jobTitle').fill(jobTitle);
  await e2e.waitForStored(id, (s) => employee(s).jobTitle === jobTitle);
  await waitForStatus(page, SAVED);
}

describe('opening the app with the connection gone', () => {
  it('opens the record from this device with everything typed, takes more, and sends it all when the connection is back', async () => {
    // Signed out first, so a retry of a test (signed in by its first try) starts the same way.
    await e2e.browser.context.clearCookies();
    await e2e.signInPractitioner();
    const id = await e2e.createDraft('return-to-work', {});
    const { page } = await e2e.open({ expectedConsole: UNREACHABLE });
    await openSaved(page, id, 'Social worker');

    await link.cut();
    try {
      await page.locator('#f-employee--teamId').click();
      await page.keyboard.type('EH-SOUTH');
      await waitForStatus(page, /^You are offline/);
      // The habit when something seems stuck: reload. The app comes back, not the browser's error page.
      await page.reload();
      await waitForHeading(page, 'Employee');
      await banner(page).waitFor();
      expect(await banner(page).innerText()).toContain('Caseforms cannot be reached just now.');
      expect(await page.locator('#f-employee--jobTitle').inputValue()).toBe('Social worker');
      expect(await page.locator('#f-employee--teamId').inputValue(), 'typed offline before the reload').toBe('EH-SOUTH');
      await page.locator('#f-employee--employeeNumber').click();
      await page.keyboard.type('0051977');
      await waitForStatus(page, /^You are offline/);
      await e2e.axe(page, 'opened offline');
      await page.screenshot({ path: `${process.env.CASEFORMS_SCREENSHOTS ?? '/tmp'}/offline-start-record.png`, fullPage: false });
      expect(employee(await e2e.stored(id)), 'nothing reached the server meanwhile').toEqual({ jobTitle: 'Social worker' });
      // Home, offline: the drafts this device can open, to carry on with (not the errors of lists it cannot read).
      await page.getByRole('navigation', { name: 'Caseforms' }).getByRole('link', { name: 'Your forms' }).click();
      const kept = page.getByRole('table', { name: 'Drafts on this device' });
      await kept.waitFor();
      expect(await kept.locator('tbody tr').count()).toBe(1);
      expect(await kept.locator('tbody tr').innerText()).toMatch(/Return-to-work interview[\s\S]*Not sent yet/);
      expect(await page.getByText('There is a problem').count(), 'no lists failing to load').toBe(0);
      await e2e.axe(page, 'home, offline');
      await kept.getByRole('link', { name: /^Continue/ }).click();
      await waitForHeading(page, 'Employee');
      expect(await page.locator('#f-employee--employeeNumber').inputValue()).toBe('0051977');
    } finally {
      await link.restore();
    }
    // The browser says it is online again (here: the link is back): the app asks, and carries on.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await banner(page).waitFor({ state: 'detached' });
    const { submission } = await e2e.waitForStored(id, (s) => employee(s).employeeNumber === '0051977' && employee(s).teamId === 'EH-SOUTH', { timeoutMs: 10_000 });
    expect(employee(submission)).toEqual({ jobTitle: 'Social worker', teamId: 'EH-SOUTH', employeeNumber: '0051977' });
    await waitForStatus(page, SAVED);
    await e2e.axe(page, 'back online');
  });

  it('when the session ended meanwhile, asks for the password in place once the service is back, then sends what was typed offline', async () => {
    await e2e.browser.context.clearCookies();
    await e2e.signInPractitioner();
    const id = await e2e.createDraft('return-to-work', {});
    const { page } = await e2e.open({
      expectedConsole: UNREACHABLE,
      // Asking who is signed in answers 401 once the session is gone, and so may a save tried before the dialog is answered.
      expectedHttpErrors: [{ path: '/api/session', status: 401 }, { path: `/api/submissions/${id}`, status: 401 }],
    });
    await openSaved(page, id, 'Team manager');

    await link.cut();
    try {
      await page.reload();
      await waitForHeading(page, 'Employee');
      await banner(page).waitFor();
      await page.locator('#f-employee--teamId').click();
      await page.keyboard.type('FRONT-DOOR');
      await waitForStatus(page, /^You are offline/);
      // Meanwhile the session ends (here: the browser loses its cookie).
      await e2e.browser.context.clearCookies();
    } finally {
      await link.restore();
    }
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const dialog = page.getByRole('dialog', { name: 'You have been signed out' });
    await dialog.waitFor();
    expect(await page.locator('#f-employee--teamId').inputValue(), 'still on the page, as typed').toBe('FRONT-DOOR');
    expect(employee(await e2e.stored(id)), 'nothing sent without a session').toEqual({ jobTitle: 'Team manager' });
    await e2e.axe(page, 'back online, session ended: the dialog');
    await dialog.getByLabel('Password').fill(e2e.server.demo.practitioner.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    const { submission } = await e2e.waitForStored(id, (s) => employee(s).teamId === 'FRONT-DOOR', { timeoutMs: 10_000 });
    expect(employee(submission)).toEqual({ jobTitle: 'Team manager', teamId: 'FRONT-DOOR' });
    await banner(page).waitFor({ state: 'detached' });
  });

  it('with nobody signed in on this device, says the service cannot be reached (not "sign in"), and signs in once it is back', async () => {
    const { page } = await e2e.open({ expectedConsole: UNREACHABLE, expectedHttpErrors: [{ path: '/api/session', status: 401 }] });
    // Signed out here: this device forgets who was signed in.
    await page.goto(`${link.url}/sign-out`);
    await page.waitForURL(/\/sign-in\?signedOut=1/);
    await waitForWorker(page);
    await link.cut();
    try {
      await page.goto(`${link.url}/records/00000000-0000-4000-8000-000000000000`);
      await waitForHeading(page, 'Caseforms cannot be reached');
      expect(await page.getByRole('textbox').count(), 'no sign-in form that cannot work').toBe(0);
      await e2e.axe(page, 'unreachable, nobody signed in');
      await page.screenshot({ path: `${process.env.CASEFORMS_SCREENSHOTS ?? '/tmp'}/offline-start-unreachable.png` });
      // Trying again while still cut off changes nothing.
      await page.getByRole('button', { name: 'Try again' }).click();
      await waitForHeading(page, 'Caseforms cannot be reached');
    } finally {
      await link.restore();
    }
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.waitForURL(/\/sign-in\?next=/);
    await waitForHeading(page, 'Sign in');
  });
});
