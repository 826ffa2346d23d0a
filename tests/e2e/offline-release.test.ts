/**
 * A new release and the app kept on the device (runtime/build/service-worker.ts): online, a reload
 * shows the new release at once (pages come from the network first); its worker takes over and
 * drops the last release's files; offline, the release that opens is the new one. The classic
 * failure of an app kept on the device is to go on serving the old release: this is the test of it.
 *
 * The server gets a copy of the run's web build of its own, which the test turns into "release B".
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_PREFIX, keptFiles, serviceWorkerSource } from '../../runtime/build/service-worker.js';
import { startTestServer, type TestServer } from '../support/api.js';
import { collectConsoleErrors, expectNoAxeViolations, launchBrowser, type TestBrowser } from '../support/browser.js';
import { signIn } from '../support/form-filler.js';
import { startLink, type Link } from '../support/link.js';
import { buildWebApps } from '../support/web.js';

let server: TestServer;
let browser: TestBrowser;
let link: Link;
let web: string;

beforeAll(async () => {
  const { webDir } = await buildWebApps();
  web = mkdtempSync(join(tmpdir(), 'caseforms-release-'));
  cpSync(webDir, web, { recursive: true });
  [server, browser] = await Promise.all([startTestServer('sqlite', { webDir: web }), launchBrowser()]);
  link = await startLink(server.url);
});

afterAll(async () => {
  await link?.close();
  await browser?.close();
  await server?.close();
  if (web) rmSync(web, { recursive: true, force: true });
});

/** The app's caches on this device (one per release kept). */
const releasesKept = (page: Page) => page.evaluate(async (prefix) => (await caches.keys()).filter((k) => k.startsWith(prefix)).sort(), CACHE_PREFIX);
const releaseShown = (page: Page) => page.locator('meta[name="caseforms-test-release"]').getAttribute('content', { timeout: 1000 }).catch(() => null);

/** Release B: a page that says so, one file more, and a worker naming the new release. */
function publishReleaseB(): void {
  const app = join(web, 'runtime');
  writeFileSync(join(app, 'assets', 'release-b-0000.js'), '/* release B */\n');
  const page = readFileSync(join(app, 'index.html'), 'utf8').replace('<title>', '<meta name="caseforms-test-release" content="B"><title>');
  writeFileSync(join(app, 'index.html'), page);
  // The server would otherwise send release A's compressed copies of the page.
  for (const copy of ['index.html.br', 'index.html.gz']) rmSync(join(app, copy), { force: true });
  const files = keptFiles(readdirSync(join(app, 'assets')).map((f) => `assets/${f}`));
  writeFileSync(join(app, 'sw.js'), serviceWorkerSource(files, 'release-b'));
}

describe('a new release', () => {
  it('is shown at once online, takes over the device (the last release dropped), and is what opens offline', async () => {
    const page = await browser.newPage();
    const logged = collectConsoleErrors(page, { expectedHttpErrors: [{ path: '/api/session', status: 401 }] });
    // While the link is cut, Chromium logs each request refused: the app expects those.
    const errors = () => logged.filter((e) => !/Failed to load resource: net::ERR_(CONNECTION_(REFUSED|RESET|CLOSED)|FAILED)/.test(e));
    await signIn(page, link.url, server.demo.practitioner);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
    const [releaseA] = await releasesKept(page);
    expect(releaseA, 'release A kept on the device').toMatch(new RegExp(`^${CACHE_PREFIX}[0-9a-f]{16}$`));
    expect(await releaseShown(page)).toBeNull();

    publishReleaseB();
    await page.reload();
    await page.getByRole('heading', { name: 'Your forms' }).waitFor();
    expect(await releaseShown(page), 'online, the new release at once').toBe('B');
    // The browser finds the new worker as the page loads; it takes over and drops release A.
    await expect.poll(() => releasesKept(page), { timeout: 15_000 }).toEqual([`${CACHE_PREFIX}release-b`]);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state), { timeout: 15_000 }).toBe('activated');
    expect(await page.evaluate(async () => (await caches.open('caseforms-app-release-b')).match('/assets/release-b-0000.js').then((r) => r?.text())), "release B's own file kept").toBe('/* release B */\n');

    await link.cut();
    try {
      await page.reload();
      await page.getByRole('heading', { name: 'Your forms' }).waitFor();
      expect(await releaseShown(page), 'offline, the new release').toBe('B');
      await page.getByRole('region', { name: 'Offline' }).waitFor();
      await expectNoAxeViolations(page, 'release B, offline');
    } finally {
      await link.restore();
    }
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.getByRole('region', { name: 'Offline' }).waitFor({ state: 'detached' });
    expect(errors(), 'console errors').toEqual([]);
  });
});
