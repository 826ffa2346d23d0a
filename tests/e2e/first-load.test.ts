/**
 * Opening a record's address (a link in an email, a bookmark, a reload) asks the server for who is
 * signed in and for the record at the same moment, and for the record's form as soon as the record
 * is in, rather than one after another (issue 17 §8: a long form on the screen sooner). The early
 * answers are only a head start: signed out at the time, the person signs in and the record opens.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();

beforeEach(async () => {
  await e2e.browser.context.clearCookies();
});

describe('the first load of a record', () => {
  it('asks for the session and the record together; the form’s title comes with the record, its version as soon as the record is in', async () => {
    await e2e.signInPractitioner();
    const { page } = await e2e.open();
    const id = await e2e.createDraft('return-to-work', {});
    // This device keeps no form versions yet: the record's must be asked for.
    await page.goto(`${e2e.url}/`);
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const q = indexedDB.deleteDatabase('caseforms');
          q.onsuccess = q.onerror = q.onblocked = () => resolve(null);
        }),
    );
    const asked: string[] = [];
    let sessionHeld = true;
    const recordWhileHeld: boolean[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (!path.startsWith('/api/')) return;
      asked.push(path);
      if (path === `/api/submissions/${id}`) recordWhileHeld.push(sessionHeld);
    });
    // Who is signed in is answered only once the record has been asked for (or after 5 seconds):
    // asked one after the other, the record would wait for it.
    await page.route('**/api/session', async (route) => {
      for (let waited = 0; waited < 5000 && !asked.includes(`/api/submissions/${id}`); waited += 20) await new Promise((r) => setTimeout(r, 20));
      sessionHeld = false;
      await route.continue();
    });
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');
    expect(recordWhileHeld).toEqual([true]);
    // The form's title came with the record: not asked for. Its version (unless this device
    // keeps it) asked once, after the record; the record not asked again.
    expect(asked).not.toContain('/api/forms/return-to-work');
    const version = '/api/forms/return-to-work/versions/1';
    expect(asked.filter((p) => p === version)).toHaveLength(1);
    expect(asked.indexOf(version)).toBeGreaterThan(asked.indexOf(`/api/submissions/${id}`));
    expect(asked.filter((p) => p === `/api/submissions/${id}`)).toHaveLength(1);
    await page.unroute('**/api/session');
    // Opened again, the version this device now keeps is not asked for.
    asked.length = 0;
    await page.reload();
    await waitForHeading(page, 'Employee');
    expect(asked).toContain(`/api/submissions/${id}`);
    expect(asked).not.toContain(version);
  });

  it('the browser fetches the session and the record as the page loads, and the app takes those answers rather than asking again', async () => {
    await e2e.signInPractitioner();
    const id = await e2e.createDraft('return-to-work', {});
    const { page } = await e2e.open();
    const asked: Array<{ path: string; byApp: boolean }> = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      // The app's own requests say they accept JSON; the browser's preloads do not.
      if (path.startsWith('/api/')) asked.push({ path, byApp: r.headers()['accept'] === 'application/json' });
    });
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');
    // Each asked once, by the browser as it read the page's Link header: the app took those answers.
    expect(asked.filter((a) => a.path === '/api/session')).toEqual([{ path: '/api/session', byApp: false }]);
    expect(asked.filter((a) => a.path === `/api/submissions/${id}`)).toEqual([{ path: `/api/submissions/${id}`, byApp: false }]);
    expect(asked.filter((a) => a.path === '/api/forms/return-to-work')).toEqual([]);
  });

  it('a record that is not there is asked for once, and the page says it cannot be opened', async () => {
    await e2e.signInPractitioner();
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: /\/api\/submissions\//, status: 404 }] });
    for (const id of ['01a24b4c-d706-7573-a655-2ef67656f5ff', 'not-a-record']) {
      const asked: string[] = [];
      const count = (r: { url(): string }) => void (new URL(r.url()).pathname === `/api/submissions/${id}` && asked.push(id));
      page.on('request', count);
      await page.goto(`${e2e.url}/records/${id}`);
      await waitForHeading(page, 'The record could not be opened');
      // The early answer, a 404, is the answer: not asked a second time.
      expect(asked, id).toHaveLength(1);
      page.off('request', count);
    }
  });

  it('signed out when the address is opened: sign-in, then the record, asked again', async () => {
    await e2e.signInPractitioner();
    const id = await e2e.createDraft('return-to-work', {});
    await e2e.browser.context.clearCookies();
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: /\/api\/(session|submissions\/)/, status: 401 }] });
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Sign in');
    await page.getByLabel('Username').fill(e2e.server.demo.practitioner.username);
    await page.getByLabel('Password').fill(e2e.server.demo.practitioner.password);
    // Within seconds of the first load: the refused early answer must not be used.
    const again = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/submissions/${id}` && r.status() === 200);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await again;
    await waitForHeading(page, 'Employee');
    expect(await page.locator('main').innerText()).not.toMatch(/could not be opened|signed out/i);
  });
});
