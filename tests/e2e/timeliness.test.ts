/**
 * Issue 15's "done means" for supervision and actions, in the browser with the shipped templates,
 * the demo ICS directory (Pat = W20002 with Jordan Smith C9990001 and Alex Jones C9990002 allocated;
 * Mo = W20001, Pat's line manager) and the server's clock set at the start:
 * - Mo's supervision dashboard counts Jordan among the children overdue for case supervision and
 *   lists him behind the figure; Mo signs off Pat's case supervision about Jordan on the record
 *   page; the dashboard then counts one child fewer and no longer lists him;
 * - an action of an earlier supervision, overdue, is on the "Open actions per team" chart's table
 *   for Pat's team and in the list behind the "Overdue actions" figure.
 * (The audit sample reaching the auditor and her email is tests/e2e/audit-programme.test.ts.)
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dateOf, dayNumber } from '../../engine/forms/calculations/dates.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';
import type { Dashboard, DrillPage } from '../../engine/dashboards/model.js';
import { useE2E, tableRows } from '../support/e2e.js';
import { loadFixture, signIn, waitForHeading, waitForLoaded, type Json } from '../support/form-filler.js';

const e2e = useE2E({ demoDirectory: true });

const PAT = 'W20002';
const MO = 'W20001';
const JORDAN = 'C9990001';
const ALEX = 'C9990002';
const TEAM = 'Children in need north';
/** The server's clock: set once at the start and ticking from there (sessions stay valid). */
const NOW = new Date();
const TODAY = londonToday(NOW);
const day = (n: number) => dateOf(dayNumber(TODAY)! + n)!;
const OVERDUE_ACTION = 'Book the family group conference';

/** A case supervision about `childId`, held on `meetingOn`, its actions Pat's and due on `actionsDue`, submitted by Pat. */
async function submitted(childId: string, meetingOn: string, actionsDue: string, key: string): Promise<string> {
  const data = structuredClone(loadFixture('case-supervision', 'valid-planned-child-protection')) as Record<string, any>;
  data.meeting = { ...data.meeting, childId, supervisorId: MO, superviseeId: PAT, meetingAt: `${meetingOn}T10:00:00+00:00` };
  delete data.meeting.siblings;
  data.meeting.attendees = data.meeting.attendees.filter((a: Json & { workerId?: string }) => a.workerId === PAT || a.workerId === MO);
  data.nextSteps.actions = data.nextSteps.actions.slice(0, 1).map((a: Json & object) => ({ ...a, action: OVERDUE_ACTION, ownerId: PAT, dueDate: actionsDue }));
  if (data.nextSteps.nextSupervisionDue) data.nextSteps.nextSupervisionDue = day(20);
  const made = await e2e.server.as('practitioner').post('/api/submissions', { formId: 'case-supervision', subject: { childId }, data, status: 'submitted' }, { headers: { 'idempotency-key': `"timeliness-${key}"` } });
  expect(made.status, made.text).toBe(201);
  return (made.body as { id: string }).id;
}

async function dashboard(id: string): Promise<Dashboard> {
  const res = await e2e.server.as('manager').get(`/api/dashboards/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body as Dashboard;
}

async function openDashboard(page: Page, id: string): Promise<void> {
  await page.goto(`${e2e.url}/dashboards/${id}`);
  await waitForLoaded(page);
  await page.locator('main h2', { hasText: 'Summary' }).waitFor();
}

/** The big number shown for the figure labelled `label`. */
async function figureShown(page: Page, label: string): Promise<string> {
  const figure = page.locator('main .app-figure', { hasText: label });
  await figure.waitFor();
  return (await figure.innerText()).replace(/\s+/g, ' ').trim();
}

/** Opens the list behind the figure labelled `label` and returns its rows. */
async function listBehind(page: Page, label: string): Promise<string[][]> {
  await page.locator('main .app-figure a', { hasText: label }).click();
  await page.waitForURL(/\/drill\?/);
  await waitForLoaded(page);
  const caption = page.locator('main table caption').first();
  await caption.waitFor();
  return tableRows(page, new RegExp(`^${(await caption.innerText()).slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}

let waitingId: string;

beforeAll(async () => {
  const started = Date.now();
  e2e.server.running.ctx.now = () => new Date(NOW.getTime() + (Date.now() - started));
  // Alex's supervision, 50 days ago, signed off: its action fell due 40 days ago and is still open.
  const earlier = await submitted(ALEX, day(-50), day(-40), 'alex');
  const manager = e2e.server.as('manager');
  const rev = ((await manager.get(`/api/submissions/${earlier}`)).body as { revision: number }).revision;
  const decision = (loadFixture('case-supervision', 'valid-after-sign-off') as Record<string, any>).decision;
  const signed = await manager.post(`/api/submissions/${earlier}/review/sign`, { stage: 'manager-sign-off', data: decision }, { headers: { 'if-match': `"${rev}"` } });
  expect(signed.status, signed.text).toBe(200);
  // Jordan's, held 2 days ago, waits for Mo's sign-off (its action due in 30 days).
  waitingId = await submitted(JORDAN, day(-2), day(30), 'jordan');
  const { page } = await e2e.open();
  await signIn(page, e2e.url, e2e.server.demo.manager);
  await page.close();
});

describe('timeliness on the manager’s dashboards', () => {
  it('shows a child overdue for case supervision until the manager signs a supervision off', { timeout: 90_000 }, async () => {
    const before = await dashboard('supervision');
    const overdue = before.figures.find((f) => f.id === 'case-supervision.overdue')!;
    expect(overdue, JSON.stringify(before.figures.map((f) => f.id))).toBeDefined();
    expect(overdue.value).toBeGreaterThanOrEqual(1);
    if (overdue.value === null) throw new Error('no overdue count');

    const { page } = await e2e.open();
    await openDashboard(page, 'supervision');
    expect(await figureShown(page, overdue.label)).toBe(`${overdue.value} ${overdue.label}`);
    const listed = await listBehind(page, overdue.label);
    expect(listed.some((r) => r[0] === `Jordan Smith (${JORDAN})`), JSON.stringify(listed)).toBe(true);
    // Alex was supervised 50 days ago: overdue too (20 working days is about 28 calendar days).
    expect(listed.some((r) => r[0] === `Alex Jones (${ALEX})`)).toBe(true);
    await e2e.axe(page, 'timeliness: children overdue for case supervision');

    // Mo signs off the supervision waiting for her: the decision and its rationale, then "Sign off".
    await page.goto(`${e2e.url}/records/${waitingId}`);
    await waitForLoaded(page);
    await page.locator('#review-panel').getByRole('heading', { name: 'Manager sign-off', level: 2 }).waitFor();
    await page.locator('#f-decision--decision').fill('Contact stays supervised; offer the programme again.');
    await page.locator('#f-decision--rationale').fill('The plan is working and the child says she feels safe.');
    await e2e.waitForStored(waitingId, (s) => typeof (s.data.decision as Record<string, unknown> | undefined)?.rationale === 'string');
    await page.locator('#review-panel').getByRole('button', { name: 'Sign off', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'You signed this off at Manager sign-off' }).waitFor();
    expect((await e2e.stored(waitingId)).timeliness).toMatchObject({ doneOn: day(-2) });

    // The dashboard now counts one child fewer, and Jordan is not in the list behind it.
    await openDashboard(page, 'supervision');
    expect(await figureShown(page, overdue.label)).toBe(`${overdue.value! - 1} ${overdue.label}`);
    const after = await listBehind(page, overdue.label);
    expect(after.some((r) => r[0]!.includes(JORDAN)), JSON.stringify(after)).toBe(false);
    expect(after.some((r) => r[0] === `Alex Jones (${ALEX})`)).toBe(true);
    await e2e.axe(page, 'timeliness: after the sign-off');
  });

  it('shows an overdue action on the team’s chart and in its table, and in the list behind the figure', { timeout: 60_000 }, async () => {
    const api = await dashboard('actions');
    const chart = api.charts.find((c) => c.title === 'Open actions per team')!;
    expect(chart, JSON.stringify(api.charts.map((c) => c.title))).toBeDefined();
    const teamRow = chart.rows.find((r) => r.x === TEAM)!;
    expect(teamRow, JSON.stringify(chart.rows)).toBeDefined();
    expect(teamRow.values.overdue).toBe(1);

    const { page } = await e2e.open();
    await openDashboard(page, 'actions');
    // The chart is drawn (its bars are in the SVG) and its table, opened by keyboard, says the same.
    const figure = page.locator('figure', { hasText: 'Open actions per team' });
    await expect.poll(() => figure.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    const summary = figure.locator('details.app-chart__table > summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    const rows = await tableRows(page, /^Open actions per team$/);
    const shown = rows.find((r) => r[0] === TEAM);
    expect(shown, JSON.stringify(rows)).toBeDefined();
    // The cell is a link to the list behind it (its words for screen readers follow the number).
    expect(shown![chart.series.findIndex((s) => s.key === 'overdue') + 1]).toMatch(/^1\b/);
    await e2e.axe(page, 'timeliness: actions dashboard, the chart’s table open');

    const overdue = api.figures.find((f) => f.id === 'overdue')!;
    expect(overdue.value).toBe(1);
    const listed = await listBehind(page, overdue.label);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.join(' ')).toContain(OVERDUE_ACTION);
    const drill = (await e2e.server.as('manager').get(overdue.drill.href)).body as DrillPage;
    expect(drill.items).toHaveLength(1);
  });
});
