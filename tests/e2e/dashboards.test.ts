/**
 * Issue 15's dashboards in the browser, on the real API and the demo ICS directory (Pat = W20002,
 * allocated Jordan Smith C9990001 and Alex Jones C9990002; Mo = W20001, Pat's line manager), with
 * the server's clock fixed. Two case supervisions are made and signed off through the API: Jordan's
 * 50 days ago (overdue: due 20 working days after), Alex's 3 days ago (not overdue). Mo opens the
 * supervision dashboard: the figures and every chart's table show the API's numbers, the overdue
 * figure leads to the list with Jordan in it (last done, next due, days overdue) and without Alex.
 * Each dashboard is axe-clean on screen and in print; every chart's table is reached by keyboard
 * alone; the filters are checked, kept in the address and survive a reload.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, dateOf, dayNumber } from '../../engine/forms/calculations/dates.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';
import { DASHBOARD_IDS, type Dashboard, type DrillPage } from '../../engine/dashboards/model.js';
import { chartTable, formatNumber } from '../../runtime/dashboards/chart-table.js';
import { drillPageHref } from '../../runtime/dashboards/filters.js';
import { figureValue } from '../../runtime/dashboards/DashboardPage.js';
import { dayText } from '../../runtime/directory/words.js';
import { useE2E, tableRows } from '../support/e2e.js';
import { newAccount } from '../support/api.js';
import { loadFixture, signIn, tabTo, waitForHeading, waitForLoaded, type Json } from '../support/form-filler.js';

const e2e = useE2E({ demoDirectory: true });

const PAT = 'W20002';
const MO = 'W20001';
const OVERDUE_CHILD = 'C9990001';
const RECENT_CHILD = 'C9990002';
const QA_PASSWORD = 'correct horse battery staple';
/** The server's clock for the whole file: set at the start (so sessions and cookies stay valid). */
const NOW = new Date();
const TODAY = londonToday(NOW);
const daysBefore = (n: number) => dateOf(dayNumber(TODAY)! - n)!;
const OVERDUE_MEETING = daysBefore(50);
const RECENT_MEETING = daysBefore(3);

/** Every `YYYY-MM-DD…` date in the fixture moved by `days` (its dates keep their order and gaps). */
function shifted(value: unknown, days: number): unknown {
  if (typeof value === 'string') {
    const m = /^(\d{4}-\d{2}-\d{2})(.*)$/.exec(value);
    return m && dayNumber(m[1]) !== undefined ? `${dateOf(dayNumber(m[1])! + days)}${m[2]}` : value;
  }
  if (Array.isArray(value)) return value.map((v) => shifted(v, days));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shifted(v, days)]));
  return value;
}

/** A case supervision about `childId` held on `meetingOn`, submitted by Pat and signed off by Mo through the API. */
async function supervised(childId: string, meetingOn: string): Promise<string> {
  const fixture = loadFixture('case-supervision', 'valid-planned-child-protection') as Record<string, any>;
  const data = shifted(fixture, dayNumber(meetingOn)! - dayNumber(fixture.meeting.meetingAt.slice(0, 10))!) as Record<string, any>;
  data.meeting = { ...data.meeting, childId, supervisorId: MO, superviseeId: PAT, meetingAt: `${meetingOn}T10:00:00+00:00` };
  delete data.meeting.siblings;
  data.meeting.attendees = data.meeting.attendees.filter((a: Json & { workerId?: string }) => a.workerId === PAT || a.workerId === MO);
  data.nextSteps.actions = data.nextSteps.actions.map((a: Json & object) => ({ ...a, ownerId: PAT }));
  const made = await e2e.server.as('practitioner').post('/api/submissions', { formId: 'case-supervision', subject: { childId }, data, status: 'submitted' }, { headers: { 'idempotency-key': `"dashboards-${childId}"` } });
  expect(made.status, made.text).toBe(201);
  const id = (made.body as { id: string }).id;
  const manager = e2e.server.as('manager');
  const record = (await manager.get(`/api/submissions/${id}`)).body as { revision: number };
  const decision = (loadFixture('case-supervision', 'valid-after-sign-off') as Record<string, any>).decision;
  const signed = await manager.post(`/api/submissions/${id}/review/sign`, { stage: 'manager-sign-off', data: decision }, { headers: { 'if-match': `"${record.revision}"` } });
  expect(signed.status, signed.text).toBe(200);
  return id;
}

async function dashboardJson(id: string, query = ''): Promise<Dashboard> {
  const res = await e2e.server.as('manager').get(`/api/dashboards/${id}${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body as Dashboard;
}

async function openDashboard(page: Page, id: string, query = ''): Promise<void> {
  await page.goto(`${e2e.url}/dashboards/${id}${query}`);
  await waitForLoaded(page);
  await page.locator('main h2', { hasText: 'Summary' }).waitFor();
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A table's cells as seen (hidden words for screen readers left out), with where each cell's link goes. */
async function cellsShown(page: Page, caption: string): Promise<Array<Array<{ text: string; href: string | null }>>> {
  const table = page.getByRole('table', { name: caption, exact: true });
  await table.waitFor();
  return table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) =>
      Array.from(tr.children).map((cell) => {
        const copy = cell.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.govuk-visually-hidden').forEach((e) => e.remove());
        return { text: (copy.textContent ?? '').replace(/\s+/g, ' ').trim(), href: cell.querySelector('a')?.getAttribute('href') ?? null };
      }),
    ),
  );
}

/** How many elements in main show exactly this text on screen (a visually hidden one is 1px wide and not counted). */
const shownTimes = (page: Page, text: string) =>
  page.locator('main').evaluate((main, t) => Array.from(main.querySelectorAll('*')).filter((e) => (e.textContent ?? '').trim() === t && e.getBoundingClientRect().width > 1 && !Array.from(e.children).some((c) => (c.textContent ?? '').trim() === t)).length, text);

/** The big numbers as the page shows them: "<value> <label>". */
const figuresShown = (page: Page) => page.locator('main .app-figure').evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));

beforeAll(async () => {
  // Set once and ticking from there: a clock that never moves stalls the server's timed work.
  const started = Date.now();
  e2e.server.running.ctx.now = () => new Date(NOW.getTime() + (Date.now() - started));
  await supervised(OVERDUE_CHILD, OVERDUE_MEETING);
  await supervised(RECENT_CHILD, RECENT_MEETING);
  // Mo signs in once; the file's tabs share the browser's cookies.
  const { page } = await e2e.open();
  await signIn(page, e2e.url, e2e.server.demo.manager);
  await page.close();
});

describe('dashboards', () => {
  it('shows the manager a child overdue for supervision: the figure, each chart’s table, and the list behind the number', { timeout: 60_000 }, async () => {
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/`);
    await waitForHeading(page, 'Your forms');
    await page.getByRole('navigation', { name: 'Caseforms' }).getByRole('link', { name: 'Dashboards' }).click();
    await page.waitForURL(/\/dashboards\/supervision$/);
    await waitForHeading(page, 'Supervision');
    await waitForLoaded(page);
    // The page shows the API's numbers: every figure, and every chart's table cell for cell.
    const api = await dashboardJson('supervision');
    expect(await figuresShown(page)).toEqual(api.figures.map((f) => `${figureValue(f)} ${f.label}`));
    expect(await page.locator('main p').allInnerTexts()).toContain(api.summary);
    for (const chart of api.charts) {
      const t = chartTable(chart);
      await page.locator('details.app-chart__table > summary').filter({ hasText: new RegExp(`^Show as a table: ${escaped(chart.title)}$`) }).click();
      expect(await cellsShown(page, chart.title)).toEqual(t.rows.map((r) => [{ text: r.x, href: null }, ...r.cells.map((c) => ({ text: formatNumber(c.value), href: c.drill ? drillPageHref(c.drill.href) : null }))]));
    }
    await e2e.axe(page, 'supervision dashboard, tables open');

    // The overdue figure counts Jordan (supervised 50 days ago) and not Alex (3 days ago).
    const overdue = api.figures.find((f) => /overdue/i.test(f.label) && f.unit === 'children');
    expect(overdue, `a figure of children overdue among ${JSON.stringify(api.figures.map((f) => f.label))}`).toBeDefined();
    expect(overdue!.value).toBeGreaterThanOrEqual(1);
    await page.locator('main .app-figure a', { hasText: overdue!.label }).click();
    await page.waitForURL(/\/dashboards\/supervision\/drill\?/);
    await waitForLoaded(page);
    const list = (await e2e.server.as('manager').get(overdue!.drill.href)).body as DrillPage;
    await waitForHeading(page, list.title);
    const rows = await tableRows(page, new RegExp(`^${escaped(list.title)}`));
    const due = addWorkingDays(OVERDUE_MEETING, 20);
    const jordan = rows.find((r) => r[0] === `Jordan Smith (${OVERDUE_CHILD})`);
    expect(jordan, JSON.stringify(rows)).toEqual([`Jordan Smith (${OVERDUE_CHILD})`, `Pat Singh (${PAT})`, dayText(OVERDUE_MEETING), dayText(due), String(dayNumber(TODAY)! - dayNumber(due)!)]);
    expect(rows.some((r) => r[0]!.includes(RECENT_CHILD))).toBe(false);
    await e2e.axe(page, 'supervision: children overdue');
    await page.getByRole('link', { name: 'Back to the supervision dashboard' }).click();
    await waitForHeading(page, 'Supervision');
  });

  it('every dashboard is axe-clean on screen and in print, and each chart’s table is reached by keyboard alone', { timeout: 90_000 }, async () => {
    const { page } = await e2e.open();
    for (const id of DASHBOARD_IDS) {
      await openDashboard(page, id);
      await e2e.axe(page, `${id} dashboard`);
      const api = await dashboardJson(id);
      for (const chart of api.charts.filter((c) => c.rows.length && c.series.length)) {
        await tabTo(page, { css: 'details.app-chart__table summary', text: `Show as a table: ${chart.title}` });
        await page.keyboard.press('Enter');
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => (document.activeElement?.matches('.app-table-scroll') ? document.activeElement.getAttribute('aria-label') : (document.activeElement?.outerHTML.slice(0, 80) ?? 'nothing')));
        expect(focused, `${id}: Tab after opening "${chart.title}"`).toBe(chart.title);
      }
      // Each table's title is shown once (its heading; the caption names it for screen readers), and
      // a chart with nothing to draw (no series) shows no empty drawing or table.
      for (const t of api.tables ?? []) expect(await shownTimes(page, t.title), `${id}: "${t.title}" shown`).toBe(1);
      for (const c of api.charts.filter((c) => !c.series.length)) {
        const fig = page.locator('figure.app-chart').filter({ has: page.locator('figcaption', { hasText: new RegExp(`^${escaped(c.title)}$`) }) });
        expect(await fig.innerText(), `${id}: ${c.title}`).toContain('There is nothing to draw for these filters.');
        expect(await fig.locator('details').count()).toBe(0);
      }
      await page.emulateMedia({ media: 'print' });
      // Printed: no navigation or filters, the summary and the tables.
      expect(await page.locator('.app-service-nav').isVisible()).toBe(false);
      expect(await page.locator('.app-filters').isVisible()).toBe(false);
      await e2e.axe(page, `${id} dashboard, print`);
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('checks the filters, keeps them in the address and across a reload', { timeout: 60_000 }, async () => {
    const { page } = await e2e.open();
    await openDashboard(page, 'actions');
    await page.locator('#from').fill('');
    await page.locator('#to-month').fill('13');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const summary = page.locator('.govuk-error-summary');
    await expect.poll(() => summary.locator('li').allInnerTexts()).toEqual(['The start date must include a day', 'The end date must be a real date, for example 1 4 2026']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    await e2e.axe(page, 'actions dashboard, filter errors');
    await summary.getByRole('link', { name: 'The start date must include a day' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('from');

    const from = daysBefore(30);
    const [y, m, d] = from.split('-');
    await page.locator('#from').fill(String(Number(d)));
    await page.locator('#from-month').fill(String(Number(m)));
    await page.locator('#from-year').fill(y!);
    const [ty, tm, td] = TODAY.split('-');
    await page.locator('#to').fill(td!);
    await page.locator('#to-month').fill(tm!);
    await page.locator('#to-year').fill(ty!);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(new RegExp(`/dashboards/actions\\?from=${from}&to=${TODAY}$`));
    await waitForLoaded(page);
    await expect.poll(() => page.locator('.app-dashboard__showing').innerText()).toContain(`from ${dayText(from)} to ${dayText(TODAY)}`);
    await page.reload();
    await waitForLoaded(page);
    await page.locator('.app-dashboard__showing').waitFor();
    expect(await page.locator('#from-month').inputValue()).toBe(m);
    expect(await page.locator('.app-dashboard__showing').innerText()).toContain(`from ${dayText(from)} to ${dayText(TODAY)}`);
    // The CSV link carries the same filters.
    expect(await page.getByRole('link', { name: /Download as CSV/ }).getAttribute('href')).toBe(`/api/dashboards/actions.csv?from=${from}&to=${TODAY}`);
  });

  it('QA: teams by name, a team with no actions said once, and a session that ends is picked up again in place', { timeout: 60_000 }, async () => {
    await newAccount(e2e.server, 'quinn.qa', 'quality-assurance', 'manager', { groups: ['qa'] });
    await e2e.browser.context.clearCookies();
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: /\/api\//, status: 401 }] });
    await signIn(page, e2e.url, { username: 'quinn.qa', password: QA_PASSWORD });
    await openDashboard(page, 'actions', '?team=children-looked-after');
    expect(await page.locator('#team option').allInnerTexts()).toEqual(['Every team', 'Children in need north', 'Children looked after', 'Quality assurance']);
    expect(await page.locator('.app-dashboard__showing').innerText()).toMatch(/^Team Children looked after, from /);
    expect(await shownTimes(page, 'Actions per team')).toBe(1);
    expect(await page.getByRole('table', { name: 'Actions per team' }).count()).toBe(0);
    await e2e.axe(page, 'actions dashboard, a team with no actions');

    // The session ends (elsewhere) while she reads; signing in again where she is shows the next dashboard, not an error.
    const qa = await e2e.server.running.ctx.store.getAccountByUsername('quinn.qa');
    await e2e.server.running.ctx.store.deleteSessionsOf(qa!.id);
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Supervision' }).click();
    const dialog = page.getByRole('dialog', { name: 'You have been signed out' });
    await dialog.getByLabel('Password').fill(QA_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('main h2', { hasText: 'Summary' }).waitFor();
    expect(await page.locator('main').innerText()).not.toContain('There is a problem');
  });
});
