/**
 * The runtime app's first page, in a real browser against the real server (SQLite store): it
 * loads, it is a proper HTML document, it logs no errors, it reaches nothing outside the
 * machine, and axe finds no WCAG 2.2 AA or best-practice violation on it.
 */
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api.js';
import { collectConsoleErrors, expectNoAxeViolations, launchBrowser, type TestBrowser } from '../support/browser.js';
import { buildWebApps } from '../support/web.js';

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let page: Page;
let response: Response | null;
let errors: string[];

beforeAll(async () => {
  const { webDir } = await buildWebApps();
  server = await startTestServer('sqlite', { webDir });
  browser = await launchBrowser();
  page = await browser.newPage();
  errors = collectConsoleErrors(page);
  response = await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
  // The app renders on the client: give it time to. Whether it did is the first test's to say;
  // failing here would hide the console errors that tell why it did not.
  await page
    .locator('main h1')
    .first()
    .waitFor()
    .catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the runtime app at /', () => {
  it('is served as an HTML document with a language, a title, one main landmark and a top-level heading', async () => {
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/);
    expect((await page.title()).trim()).not.toBe('');
    expect(await page.getByRole('main').count(), `one main landmark; console errors: ${JSON.stringify(errors)}`).toBe(1);
    const heading = page.locator('main h1').first();
    expect(await heading.isVisible(), `an h1 in main; console errors: ${JSON.stringify(errors)}`).toBe(true);
    expect((await heading.innerText()).trim()).not.toBe('');
  });

  it('logs no console error or uncaught exception while loading', () => {
    expect(errors).toEqual([]);
  });

  it('requests nothing outside 127.0.0.1', () => {
    expect(browser!.outsideRequests).toEqual([]);
  });

  it('has no WCAG 2.2 AA or best-practice violation that axe can find on the first page', async () => {
    await expectNoAxeViolations(page, 'the first page (anonymous)');
  });
});
