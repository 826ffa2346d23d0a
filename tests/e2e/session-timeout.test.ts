/**
 * Before a session ends for want of use, people are warned and can stay signed in (WCAG 2.2.1).
 * This file's server ends sessions after one minute without activity, so the warning comes 20
 * seconds before the end (a third of the idle time; two minutes with the usual 30). The session
 * starts 35 seconds into its idle minute (its end moved that much nearer in the store, as if the
 * person had been away), so the warning comes a few seconds after the page opens, not after 40.
 */
import { describe, expect, it } from 'vitest';
import { hashSecret } from '../../engine/accounts/secrets.js';
import { SESSION_COOKIE } from '../../engine/http/auth.js';
import { useE2E } from '../support/e2e.js';
import { waitForHeading } from '../support/form-filler.js';

const e2e = useE2E({ sessions: { idleMinutes: 1, absoluteHours: 12 } });

/** Moves the end of the browser's session to `endsAt` (ms since the epoch). */
async function sessionEndsAt(endsAt: number): Promise<void> {
  const cookie = (await e2e.browser.context.cookies(e2e.url)).find((c) => c.name === SESSION_COOKIE);
  expect(cookie, 'the session cookie').toBeDefined();
  const store = e2e.server.running.ctx.store;
  const hash = hashSecret(cookie!.value);
  const session = (await store.getSession(hash))!;
  // Written again, since use only ever moves a session's end later.
  await store.deleteSession(hash);
  await store.insertSession({ ...session, expiresAt: new Date(endsAt).toISOString() });
  expect((await store.getSession(hash))?.expiresAt).toBe(new Date(endsAt).toISOString());
}

describe('the timeout warning', () => {
  it('comes before the session ends, takes focus, and "Stay signed in" keeps the person signed in', { timeout: 120_000 }, async () => {
    await e2e.signInPractitioner();
    const { page } = await e2e.open();
    const id = await e2e.createDraft('return-to-work', {});
    const endsAt = Date.now() + 25_000;
    await sessionEndsAt(endsAt);
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');
    const dialog = page.getByRole('dialog', { name: 'You will be signed out soon' });
    await dialog.waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('You will be signed out soon');
    expect(await dialog.innerText()).toMatch(/we will sign you out in \d+ seconds?/);
    await e2e.axe(page, 'the timeout warning');
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Still signed in after the moment the session would have ended: it was renewed.
    await page.waitForTimeout(Math.max(0, endsAt + 3000 - Date.now()));
    await page.locator('#f-employee--jobTitle').fill('Still signed in');
    await e2e.waitForStored(id, (s) => (s.data.employee as Record<string, unknown> | undefined)?.jobTitle === 'Still signed in');
  });
});
