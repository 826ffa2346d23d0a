/**
 * A session that ends while someone is filling in a form: they are told in plain words, sign in
 * again where they are, and nothing they typed is lost — not on screen, and not on the server
 * once they are back, even when they reloaded the page in between.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();

beforeEach(async () => {
  await e2e.browser.context.clearCookies();
  await e2e.signInPractitioner();
});

const employee = (s: { data: Record<string, unknown> }) => (s.data.employee ?? {}) as Record<string, unknown>;
const SIGNED_OUT = 'Not saved: you have been signed out. Your answers are kept on this device; sign in again to save them.';

/** Ends every session of the demo practitioner on the server (as an administrator or a timeout would). */
async function endSessions(): Promise<void> {
  const account = await e2e.server.running.ctx.store.getAccountByUsername(e2e.server.demo.practitioner.username);
  await e2e.server.running.ctx.store.deleteSessionsOf(account!.id);
}

async function openDraft(page: Page, id: string): Promise<void> {
  // Everything the page asks for on opening (the last is whether a newer version can take the
  // draft) is answered before the session is ended, so the first request it refuses is a save.
  const asked = page.waitForResponse((r) => r.url().endsWith(`/api/submissions/${id}/migration`));
  await page.goto(`${e2e.url}/records/${id}`);
  await waitForHeading(page, 'Employee');
  await asked;
}

const ENDED = [{ path: /\/api\//, status: 401 }];

describe('when the session ends mid-form', () => {
  it('says so in plain words, keeps the answers, and signing in again in place saves them', async () => {
    const { page } = await e2e.open({ expectedHttpErrors: ENDED });
    const id = await e2e.createDraft('return-to-work', {});
    await openDraft(page, id);
    await page.locator('#f-employee--jobTitle').fill('Saved before');
    await e2e.waitForStored(id, (s) => employee(s).jobTitle === 'Saved before');

    await endSessions();
    await page.locator('#f-employee--teamId').fill('Typed after the session ended');
    const dialog = page.getByRole('dialog', { name: 'You have been signed out' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('You have been signed out: you signed out in another tab or window, or your account was changed.');
    expect(await dialog.innerText()).not.toMatch(/Authorization|Bearer|token/);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('You have been signed out');
    await e2e.axe(page, 'signed out mid-form: the dialog');
    await dialog.getByLabel('Password').fill(e2e.server.demo.practitioner.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Same page, same step, what was typed still there, and now saved.
    await waitForHeading(page, 'Employee');
    expect(await page.locator('#f-employee--teamId').inputValue()).toBe('Typed after the session ended');
    await e2e.waitForStored(id, (s) => employee(s).teamId === 'Typed after the session ended');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('closing the dialog leaves a plain status and a "Sign in again" button in the header instead of "Sign out"', async () => {
    const { page } = await e2e.open({ expectedHttpErrors: ENDED });
    const id = await e2e.createDraft('return-to-work', {});
    await openDraft(page, id);
    await endSessions();
    await page.locator('#f-employee--teamId').fill('Waiting on this device');
    const dialog = page.getByRole('dialog', { name: 'You have been signed out' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.app-save-status').innerText()).toBe(SIGNED_OUT);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await dialog.waitFor();
    await e2e.axe(page, 'signed out mid-form: the dialog opened again');
  });

  it('after a reload and signing in on the sign-in page, changes kept on this device are sent at once', async () => {
    const { page } = await e2e.open({ expectedHttpErrors: ENDED });
    const id = await e2e.createDraft('return-to-work', {});
    await openDraft(page, id);
    await endSessions();
    await page.locator('#f-employee--teamId').fill('Kept through a reload');
    await page.getByRole('dialog', { name: 'You have been signed out' }).waitFor();
    await page.reload();
    await waitForHeading(page, 'Sign in');
    expect(await page.locator('main').innerText()).toContain('You have been signed out');
    await page.getByLabel('Username').fill(e2e.server.demo.practitioner.username);
    await page.getByLabel('Password').fill(e2e.server.demo.practitioner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForHeading(page, 'Employee');
    expect(await page.locator('#f-employee--teamId').inputValue()).toBe('Kept through a reload');
    await e2e.waitForStored(id, (s) => employee(s).teamId === 'Kept through a reload');
  });
});
