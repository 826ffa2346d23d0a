/**
 * Signing out on a shared council PC: nothing about children stays in the browser, and nothing
 * typed is lost without the person choosing to lose it. Changes this device holds are sent
 * first; those that cannot be are named, and the person tries again or discards them.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { SAVE_RACED_BY_RELOAD, useE2E } from '../support/e2e.js';
import { signIn, waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();

beforeEach(async () => {
  // Each test starts signed out (one before may have failed signed in).
  await e2e.browser.context.clearCookies();
  await e2e.signInPractitioner();
});

/** What this browser keeps about drafts: IndexedDB drafts and localStorage journal entries. */
async function kept(page: Page): Promise<{ drafts: number; journal: number }> {
  return page.evaluate(
    () =>
      new Promise<{ drafts: number; journal: number }>((resolve) => {
        const journal = Object.keys(localStorage).filter((k) => k.startsWith('caseforms.journal.')).length;
        const req = indexedDB.open('caseforms');
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('drafts')) return resolve({ drafts: 0, journal });
          const count = db.transaction('drafts').objectStore('drafts').count();
          count.onsuccess = () => {
            resolve({ drafts: count.result, journal });
            db.close();
          };
        };
        req.onerror = () => resolve({ drafts: -1, journal });
      }),
  );
}

async function openDraft(page: Page, id: string): Promise<void> {
  await page.goto(`${e2e.url}/records/${id}`);
  await waitForHeading(page, 'Employee');
}

const employee = (s: { data: Record<string, unknown> }) => (s.data.employee ?? {}) as Record<string, unknown>;

describe('signing out', () => {
  it('with everything saved: signs out at once, says so, and leaves no draft in the browser', async () => {
    const { page } = await e2e.open();
    const id = await e2e.createDraft('return-to-work', {});
    await openDraft(page, id);
    await page.locator('#f-employee--jobTitle').fill('Social worker');
    await e2e.waitForStored(id, (s) => employee(s).jobTitle === 'Social worker');
    expect((await kept(page)).drafts).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out').waitFor();
    await waitForHeading(page, 'Sign in');
    expect(await kept(page)).toEqual({ drafts: 0, journal: 0 });
    await e2e.axe(page, 'signed out');
  });

  it('with changes not yet sent: sends them first, then signs out', async () => {
    const { page } = await e2e.open({ expectedConsole: [/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/] });
    const id = await e2e.createDraft('return-to-work', {});
    await openDraft(page, id);
    await e2e.browser.context.setOffline(true);
    try {
      await page.locator('#f-employee--teamId').fill('TYPED-OFFLINE');
      await page.getByText('You are offline').first().waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Your changes have not all been saved' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Your changes have not all been saved');
      expect(await page.locator('main li').allTextContents()).toEqual(['Return-to-work interview: not saved because you are offline.']);
      await e2e.axe(page, 'sign out with changes not sent');
    } finally {
      await e2e.browser.context.setOffline(false);
    }
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('You have signed out').waitFor();
    expect(employee(await e2e.stored(id)).teamId).toBe('TYPED-OFFLINE');
    expect(await kept(page)).toEqual({ drafts: 0, journal: 0 });
  });

  it('with changes the server will not take: the person may discard them, and then nothing is left', async () => {
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: /\/api\/submissions\//, status: 503 }] });
    const id = await e2e.createDraft('return-to-work', {});
    await openDraft(page, id);
    await page.route(`**/api/submissions/${id}`, (route) =>
      route.request().method() === 'PUT' ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'The service is busy.' }) }) : route.continue(),
    );
    await page.locator('#f-employee--teamId').fill('NOT-TAKEN');
    await page.getByText('Not saved: The service is busy.').first().waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Your changes have not all been saved' }).waitFor();
    await page.getByRole('button', { name: 'Sign out and discard these changes' }).click();
    await page.getByText('You have signed out').waitFor();
    expect(await kept(page)).toEqual({ drafts: 0, journal: 0 });
    expect(employee(await e2e.stored(id)).teamId).toBeUndefined();
  });

  it('right after a change, while its save is still on its way: that save is the person\'s own, not a change made elsewhere — the rest is sent and they are signed out', async () => {
    // (Sign-out's own send meets the save it overtook: a 412 it then deals with.)
    const { page } = await e2e.open({ expectedHttpErrors: [SAVE_RACED_BY_RELOAD] });
    const id = await e2e.createDraft('return-to-work', {});
    await openDraft(page, id);
    // The server takes the first save at once; its reply is held until the person has signed out
    // (the page they leave never hears of it, so the copy on this device still names the old revision).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first = true;
    await page.route(`**/api/submissions/${id}`, async (route) => {
      if (route.request().method() !== 'PUT' || !first) return route.continue();
      first = false;
      const response = await route.fetch();
      await held;
      await route.fulfill({ response }).catch(() => {});
    });
    try {
      await page.locator('#f-employee--jobTitle').fill('Social worker');
      await e2e.waitForStored(id, (s) => employee(s).jobTitle === 'Social worker');
      await page.getByText('Saving').first().waitFor();
      // More typed after that save left: only on this device.
      await page.locator('#f-employee--teamId').fill('T-42');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('You have signed out').waitFor();
    } finally {
      release();
    }
    expect(employee(await e2e.stored(id))).toMatchObject({ jobTitle: 'Social worker', teamId: 'T-42' });
    expect(await kept(page)).toEqual({ drafts: 0, journal: 0 });
  });

  it('changes also saved elsewhere meanwhile: merged as autosave merges them; an answer changed on both sides is the person\'s to choose', async () => {
    const { page } = await e2e.open({ expectedConsole: [/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/], expectedHttpErrors: [SAVE_RACED_BY_RELOAD] });
    const p = e2e.server.as('practitioner');
    const id = await e2e.createDraft('return-to-work', {});
    /** The team typed offline, sign-out tried (it cannot send), and meanwhile another device saves `elsewhere`; then back online, "Try again". */
    const typedOfflineWhileSavedElsewhere = async (team: string, elsewhere: Record<string, unknown>) => {
      await openDraft(page, id);
      await e2e.browser.context.setOffline(true);
      try {
        await page.locator('#f-employee--teamId').fill(team);
        await page.getByText('You are offline').first().waitFor();
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByRole('heading', { name: 'Your changes have not all been saved' }).waitFor();
        const before = await p.get(`/api/submissions/${id}`);
        expect((await p.put(`/api/submissions/${id}`, { data: { employee: elsewhere } }, { headers: { 'if-match': before.headers.get('etag')! } })).status).toBe(200);
      } finally {
        await e2e.browser.context.setOffline(false);
      }
      await page.getByRole('button', { name: 'Try again' }).click();
    };

    // Another device changed a different answer: both kept, and the person is signed out.
    await typedOfflineWhileSavedElsewhere('MINE', { jobTitle: 'Changed elsewhere' });
    await page.getByText('You have signed out').waitFor();
    expect(employee(await e2e.stored(id))).toMatchObject({ jobTitle: 'Changed elsewhere', teamId: 'MINE' });

    // Again, and this time the other device changed the same answer: the person chooses.
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await typedOfflineWhileSavedElsewhere('MINE AGAIN', { jobTitle: 'Changed elsewhere', teamId: 'THEIRS' });
    await expect.poll(() => page.locator('main li').allTextContents()).toEqual([
      'Return-to-work interview: not saved because it was also changed somewhere else: open it to choose which answers to keep.',
    ]);
    expect(employee(await e2e.stored(id)).teamId).toBe('THEIRS');
    await page.getByRole('button', { name: 'Sign out and discard these changes' }).click();
    await page.getByText('You have signed out').waitFor();
    expect(await kept(page)).toEqual({ drafts: 0, journal: 0 });
  });

  it('another person signing in on the same browser never gets the first person\'s kept drafts', async () => {
    const { page } = await e2e.open();
    const id = await e2e.createDraft('return-to-work', {});
    await openDraft(page, id);
    await page.locator('#f-employee--jobTitle').fill('Kept on this device');
    await e2e.waitForStored(id, (s) => employee(s).jobTitle === 'Kept on this device');
    expect((await kept(page)).drafts).toBe(1);
    // The session is gone without anyone signing out (a shared PC left as it was, the cookie lost).
    await page.context().clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.manager);
    await page.waitForFunction(() => Object.keys(localStorage).every((k) => !k.startsWith('caseforms.journal.')));
    await page.waitForFunction(
      () =>
        new Promise<boolean>((resolve) => {
          const req = indexedDB.open('caseforms');
          req.onsuccess = () => {
            const c = req.result.transaction('drafts').objectStore('drafts').count();
            c.onsuccess = () => resolve(c.result === 0);
          };
        }),
    );
  });
});
