/**
 * A real browser for the end-to-end tests: Debian's chromium (`/usr/bin/chromium`, installed by
 * `.ci/run`), driven by playwright-core, which never downloads a browser of its own.
 *
 * - `launchBrowser()`: a headless persistent context in a fresh profile directory (deleted on
 *   close). Every request to anything but 127.0.0.1/localhost is aborted and recorded in
 *   `outsideRequests`, so a test can assert the app reaches nothing outside the machine.
 * - `collectConsoleErrors(page)`: the page's console errors and uncaught exceptions.
 * - `expectNoAxeViolations(page, label)`: axe-core with the WCAG 2.2 AA tags plus best practice;
 *   fails listing every violation with its nodes.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Nothing but the machine itself resolves, so even what request routing cannot see
  // (preconnects, DNS prefetch, Chromium's own services) stays on the machine.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
  // …and an address given as a number goes to a proxy that is not there (port 9, discard).
  '--proxy-server=http://127.0.0.1:9',
  '--proxy-bypass-list=127.0.0.1;localhost;[::1]',
];

export interface OutsideRequest {
  url: string;
  method: string;
  /** Playwright's resource type (`document`, `script`, `fetch`, `image`, `websocket`…). */
  resourceType: string;
  /** The page that made it, when known. */
  pageUrl: string | null;
}

export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  /** Requests to anything but 127.0.0.1/localhost (which fail: no name resolves, and the proxy is not there), in order. */
  outsideRequests: OutsideRequest[];
  /** Closes the browser and deletes its profile directory. */
  close(): Promise<void>;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const NETWORK_PROTOCOLS = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

/** Whether a URL leaves the machine (`data:`, `blob:`, `about:` and the like never do). */
export function isOutside(url: URL | string): boolean {
  const u = typeof url === 'string' ? new URL(url) : url;
  return NETWORK_PROTOCOLS.has(u.protocol) && !LOCAL_HOSTS.has(u.hostname);
}

/**
 * The app's service worker (runtime/build/service-worker.ts) runs, as in a person's browser, unless
 * `serviceWorkers: 'block'` (a test that must see every request a page makes go to the network).
 * Note that `context.setOffline` does not reach the worker's own requests: tests/support/link.ts
 * cuts the connection for both.
 */
export async function launchBrowser(options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<TestBrowser> {
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, and the browser tests need it (they are never skipped). ` +
        `Install Debian's package: sudo apt-get install -y --no-install-recommends chromium (.ci/run does this). ` +
        `Do not let playwright download a browser.`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'caseforms-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      viewport: { width: 1280, height: 900 },
      serviceWorkers: options.serviceWorkers ?? 'allow',
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`Chromium (${CHROMIUM}) did not start: ${(err as Error).message}`);
  }
  // Fail a missing element well before the test's own timeout, with playwright's clearer message.
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);

  // Watched, not routed: routing a request turns Chromium's HTTP cache off for the whole context,
  // and the apps must be tested with the cache a real browser has (a stale 304 went unseen once).
  // The proxy and resolver flags above already make every outside request fail.
  const outsideRequests: OutsideRequest[] = [];
  context.on('request', (request) => {
    if (!isOutside(request.url())) return;
    let pageUrl: string | null = null;
    try {
      pageUrl = request.frame().page().url();
    } catch {
      // a service worker's request has no frame
    }
    outsideRequests.push({ url: request.url(), method: request.method(), resourceType: request.resourceType(), pageUrl });
  });
  await context.routeWebSocket(
    (url) => isOutside(url),
    async (ws) => {
      outsideRequests.push({ url: ws.url(), method: 'GET', resourceType: 'websocket', pageUrl: null });
      await ws.close({ code: 1008, reason: 'Outside connections are blocked in the browser tests' });
    },
  );

  let closed = false;
  return {
    context,
    newPage: () => context.newPage(),
    outsideRequests,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
      }
    },
  };
}

/** A failed load the app expects and handles, e.g. the anonymous session probe's 401. */
export interface ExpectedHttpError {
  /** The URL's path (exact) or a pattern tested against the whole URL. */
  path: string | RegExp;
  status: number;
}

/**
 * Records the page's console errors and uncaught exceptions from now on, each as one readable
 * line (with where it came from), in the returned array: `expect(errors).toEqual([])`.
 * A failed load of an outside URL is left out (`outsideRequests` reports those), and so is a
 * failed load listed in `expectedHttpErrors` (Chromium logs every 4xx/5xx answer as a console
 * error, even to a `fetch` the app handles); any other failed load counts.
 */
export function collectConsoleErrors(page: Page, options: { expectedHttpErrors?: ExpectedHttpError[] } = {}): string[] {
  const expected = options.expectedHttpErrors ?? [];
  const errors: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const { url, lineNumber, columnNumber } = msg.location();
    if (url && /^Failed to load resource: net::ERR_/.test(text) && safeIsOutside(url)) return;
    const status = /^Failed to load resource: the server responded with a status of (\d+)/.exec(text)?.[1];
    if (url && status && expected.some((e) => e.status === Number(status) && matchesPath(e.path, url))) return;
    errors.push(`console.error: ${text}${url ? ` (at ${url}${lineNumber || columnNumber ? `:${lineNumber + 1}:${columnNumber + 1}` : ''})` : ''}`);
  });
  page.on('pageerror', (err) => {
    const head = `${err.name || 'Error'}: ${err.message}`;
    errors.push(`uncaught ${err.stack?.startsWith(head) ? err.stack : err.stack ? `${head}\n${err.stack}` : head}`);
  });
  return errors;
}

function matchesPath(path: string | RegExp, url: string): boolean {
  if (typeof path !== 'string') return path.test(url);
  try {
    return new URL(url).pathname === path;
  } catch {
    return false;
  }
}

function safeIsOutside(url: string): boolean {
  try {
    return isOutside(url);
  } catch {
    return false;
  }
}

/** The tags axe runs: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeOptions {
  /** CSS selector of the part of the page to check (default: the whole document). */
  include?: string;
  /** CSS selectors of parts to leave out. */
  exclude?: string[];
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string; html: string; summary: string }>;
}

/**
 * Runs axe-core on the page as it is now and fails unless it finds no violation. The message
 * names each rule (id, impact, help and its explanation's URL) and every offending node (its
 * selector, HTML and what to fix), so it can be acted on without rerunning anything.
 */
export async function expectNoAxeViolations(page: Page, label: string, options: AxeOptions = {}): Promise<void> {
  // Evaluated through the DevTools protocol, so the app's Content-Security-Policy (script-src
  // 'self') does not block it, as it would an injected <script>. Once per document: a page the
  // app changes without loading a new one keeps it (evaluating it again took 150 ms a check).
  for (const frame of page.frames()) {
    try {
      if (await frame.evaluate(() => !('axe' in window))) await frame.evaluate(axe.source);
    } catch (err) {
      if (frame === page.mainFrame()) throw err;
      // a frame that went away meanwhile
    }
  }
  const violations = await page.evaluate(
    async ({ include, exclude, tags }) => {
      const run = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const context = {
        ...(include ? { include: [include] } : {}),
        ...(exclude.length ? { exclude: exclude.map((s) => [s]) } : {}),
      } as import('axe-core').ElementContext;
      const results = await run.run(Object.keys(context as object).length ? context : document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' → '),
          html: n.html,
          summary: n.failureSummary ?? '',
        })),
      }));
    },
    { include: options.include ?? null, exclude: options.exclude ?? [], tags: AXE_TAGS },
  );
  if (violations.length === 0) return;
  throw new Error(formatViolations(label, page.url(), violations));
}

function formatViolations(label: string, url: string, violations: Violation[]): string {
  const nodeCount = violations.reduce((n, v) => n + v.nodes.length, 0);
  const lines = [`axe found ${violations.length} accessibility violation${violations.length === 1 ? '' : 's'} (${nodeCount} node${nodeCount === 1 ? '' : 's'}) on ${label} (${url}):`];
  violations.forEach((v, i) => {
    lines.push('', `${i + 1}. ${v.id} [${v.impact ?? 'impact unknown'}]: ${v.help}`, `   ${v.helpUrl}`);
    for (const n of v.nodes) {
      lines.push(`   - ${n.target}`, `     ${clip(n.html.replace(/\s+/g, ' '), 300)}`);
      for (const s of n.summary.split('\n').filter(Boolean)) lines.push(`       ${s.trim()}`);
    }
  });
  return lines.join('\n');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
