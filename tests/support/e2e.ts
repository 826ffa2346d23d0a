/**
 * What every end-to-end file of the practitioners' app shares: one real server (SQLite store) and
 * one real browser for the file, a tab per test that records console errors (any it logs fails
 * the test), axe on every page state a test looks at, and ways to see what the server stored.
 *
 *   const e2e = useE2E();            // registers the file's hooks
 *   const tab = await e2e.open();    // a tab whose console errors fail the test
 *   await e2e.axe(tab.page, 'step 1');
 */
import type { MailConfig } from '../../engine/notifications/mailer.js';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Submission } from '../../engine/submissions/model.js';
import type { SessionPolicy } from '../../engine/accounts/sessions.js';
import type { SignInSettings } from '../../engine/accounts/sso-settings.js';
import { startTestServer, type TestServer } from './api.js';
import { collectConsoleErrors, expectNoAxeViolations, launchBrowser, type ExpectedHttpError, type TestBrowser } from './browser.js';
import { signIn, type Json, type Mode } from './form-filler.js';
import { buildWebApps } from './web.js';

export interface Tab {
  page: Page;
  /** Console errors and uncaught exceptions so far (expected ones left out). */
  errors: string[];
}

export interface OpenOptions {
  /** Failed loads the test provokes on purpose (412 after a change elsewhere, 422 on submit…). */
  expectedHttpErrors?: ExpectedHttpError[];
  /** Console lines the test provokes on purpose, e.g. failed requests while offline. */
  expectedConsole?: RegExp[];
}

export interface E2E {
  readonly server: TestServer;
  readonly browser: TestBrowser;
  readonly url: string;
  /** A new tab in the file's browser (same cookies and IndexedDB as the others, like a real tab). */
  open(options?: OpenOptions): Promise<Tab>;
  /** Signs the demo practitioner in through the sign-in page, in a tab of its own. */
  signInPractitioner(mode?: Mode): Promise<void>;
  /**
   * Ends every session in the browser as a test switching people should: each open tab is first
   * taken off its page (its reads still on their way are dropped, not answered 401 once the
   * cookies are gone), then the cookies are cleared.
   */
  signOutEverywhere(): Promise<void>;
  /** axe with zero violations on the page as it is now. */
  axe(page: Page, label: string): Promise<void>;
  /** A draft made by the demo practitioner through the API (as if started earlier). */
  createDraft(formId: string, data: Json, subject?: Record<string, string>): Promise<string>;
  /** What the store holds for a record right now. */
  stored(id: string): Promise<Submission>;
  /**
   * Reads the stored record until `ok` says yes or `timeoutMs` passes; resolves with the record
   * and how long it took from `since` (default: now), or rejects saying what was stored last.
   */
  waitForStored(id: string, ok: (s: Submission) => boolean, options?: { timeoutMs?: number; since?: number }): Promise<{ submission: Submission; ms: number }>;
}

/**
 * A page reloaded or closed while a save is on its way: that save may land after the new page has
 * read the draft, so the new page's first save is refused (412) and merged with it (the app's
 * normal path, asserted by the tests that provoke it). Chromium logs the refusal all the same.
 */
export const SAVE_RACED_BY_RELOAD: ExpectedHttpError = { path: /\/api\/submissions\/[^/?]+$/, status: 412 };

/** The anonymous session probe answers 401 before anyone signs in: the app expects it. */
const ALWAYS_EXPECTED: ExpectedHttpError[] = [{ path: '/api/session', status: 401 }];

/**
 * `sessions`: how long browser sessions last on this file's server (short, to see them end).
 * `server`: more settings for it, worked out before it starts (e.g. an OpenID provider's, which
 * must know the server's port first; an SMTP server's for email). `demoDirectory`: load the demo ICS directory as `npm start`
 * does (engine/directory/demo.ts: Pat is worker W20002, Mo W20001 her line manager).
 */
export function useE2E(options: { sessions?: SessionPolicy; server?: () => Promise<{ port?: number; signIn?: SignInSettings; mail?: MailConfig }>; demoDirectory?: boolean; serviceWorkers?: 'allow' | 'block' } = {}): E2E {
  let server: TestServer | undefined;
  let browser: TestBrowser | undefined;
  let tabs: Tab[] = [];
  let key = 0;

  beforeAll(async () => {
    const { webDir } = await buildWebApps();
    const extra = options.server ? await options.server() : {};
    [server, browser] = await Promise.all([startTestServer('sqlite', { webDir, ...(options.sessions ? { sessions: options.sessions } : {}), ...(options.demoDirectory ? { demoDirectory: true } : {}), ...extra }), launchBrowser({ serviceWorkers: options.serviceWorkers ?? 'allow' })]);
  });

  afterEach(async () => {
    const open = tabs;
    tabs = [];
    const errors = open.flatMap((t) => t.errors);
    await Promise.all(open.map((t) => t.page.close().catch(() => {})));
    expect(errors, 'console errors or uncaught exceptions in the pages this test opened').toEqual([]);
    expect(browser!.outsideRequests, 'requests to anything outside 127.0.0.1').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const e2e: E2E = {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
    get url() {
      return server!.url;
    },
    async open(options = {}) {
      const page = await browser!.newPage();
      const raw = collectConsoleErrors(page, { expectedHttpErrors: [...ALWAYS_EXPECTED, ...(options.expectedHttpErrors ?? [])] });
      const allowed = options.expectedConsole ?? [];
      const tab: Tab = {
        page,
        get errors() {
          return raw.filter((e) => !allowed.some((re) => re.test(e)));
        },
      };
      tabs.push(tab);
      return tab;
    },
    async signInPractitioner(mode = 'pointer') {
      const tab = await e2e.open();
      await signIn(tab.page, server!.url, server!.demo.practitioner, mode);
      // Done with this tab: close it now (a hook's tab would otherwise stay open into the first test).
      tabs = tabs.filter((t) => t !== tab);
      const errors = tab.errors;
      await tab.page.close();
      expect(errors, 'console errors while signing in').toEqual([]);
    },
    async signOutEverywhere() {
      await Promise.all(tabs.map((t) => t.page.goto('about:blank')));
      await browser!.context.clearCookies();
    },
    async axe(page, label) {
      // E2E_SCREENSHOTS=<dir>: a picture of every state axe looks at, for reviewing the look.
      const dir = process.env.E2E_SCREENSHOTS;
      if (dir) await page.screenshot({ path: `${dir}/${label.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80)}.png`, fullPage: true });
      await expectNoAxeViolations(page, label);
    },
    async createDraft(formId, data, subject) {
      const res = await server!
        .as('practitioner')
        .post('/api/submissions', { formId, data, status: 'draft', ...(subject ? { subject } : {}) }, { headers: { 'idempotency-key': `"e2e-${process.pid}-${++key}-${Date.now()}"` } });
      if (res.status !== 201) throw new Error(`Creating a ${formId} draft: ${res.status} ${res.text}`);
      return (res.body as { id: string }).id;
    },
    async stored(id) {
      const s = await server!.running.ctx.store.getSubmission(id);
      if (!s) throw new Error(`No submission ${id} in the store`);
      return s;
    },
    async waitForStored(id, ok, options = {}) {
      const since = options.since ?? Date.now();
      const deadline = Date.now() + (options.timeoutMs ?? 10_000);
      let last: Submission | null = null;
      for (;;) {
        last = await server!.running.ctx.store.getSubmission(id);
        if (last && ok(last)) return { submission: last, ms: Date.now() - since };
        if (Date.now() > deadline) throw new Error(`The store did not get there in time; it holds: ${JSON.stringify(last, null, 1)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
  return e2e;
}

/** The rows of the table captioned `caption`, as their cells' text (tabs and line breaks made single spaces). */
export async function tableRows(page: Page, caption: string | RegExp): Promise<string[][]> {
  const table = page.getByRole('table', { name: caption });
  await table.waitFor();
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((td) => (td as HTMLElement).innerText.replace(/\s+/g, ' ').trim())));
}

/** The text of the save status line ("All changes saved at…", "Saving…", "You are offline…"). */
export async function saveStatus(page: Page): Promise<string> {
  return ((await page.locator('.app-save-status').textContent()) ?? '').trim();
}

/**
 * Records every text the save status line shows from now on (a MutationObserver in the page), so
 * a short-lived "Saving…" is seen too. Read with `statusHistory(page)`.
 */
export async function recordStatusHistory(page: Page): Promise<void> {
  await page.evaluate(() => {
    const el = document.querySelector('.app-save-status')!;
    const w = window as unknown as { __statuses: string[] };
    w.__statuses = [el.textContent?.trim() ?? ''];
    new MutationObserver(() => {
      const t = el.textContent?.trim() ?? '';
      if (w.__statuses[w.__statuses.length - 1] !== t) w.__statuses.push(t);
    }).observe(el, { childList: true, characterData: true, subtree: true });
  });
}

export async function statusHistory(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
}
