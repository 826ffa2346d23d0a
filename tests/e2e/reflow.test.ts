/**
 * WCAG 1.4.10 Reflow beyond the form steps (tests/e2e/accessibility.test.ts has those): at 320 CSS
 * pixels wide (1280 at 400% zoom), every section a manager and an analyst reach from the service
 * navigation reads without scrolling the page sideways — tables scroll in their own focusable
 * region — and axe finds nothing. Found walking at 320 px: a manager's long work email pushed the
 * email settings page sideways; the designer's outline (a field's kind on one line) and its
 * version history table pushed the form's page to 454 px; a reference in a table broke a
 * character a line.
 */
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { loadFixture, signIn, waitForLoaded } from '../support/form-filler.js';
import { sideways } from '../support/reflow.js';

const e2e = useE2E({ demoDirectory: true });
/** The demo directory (engine/directory/demo.ts): Pat is W20002, allocated Maya Patel (C9990005); Mo, W20001, her line manager. */
const [PAT, MO, MAYA] = ['W20002', 'W20001', 'C9990005'];

describe('at 320 CSS pixels wide, beyond the form', () => {
  it("a manager's sections and an analyst's form page read without scrolling sideways; a reference in a table stays whole between its dashes", { timeout: 120_000 }, async () => {
    // A record waiting for Mo's sign-off, so the team's table has a row.
    const data = loadFixture('case-supervision', 'valid-planned-child-protection') as Record<string, any>;
    data.meeting = { ...data.meeting, childId: MAYA, supervisorId: MO, superviseeId: PAT };
    delete data.meeting.siblings;
    data.meeting.attendees = data.meeting.attendees.filter((a: { workerId?: string }) => a.workerId === PAT || a.workerId === MO);
    const made = await e2e.server.as('practitioner').post('/api/submissions', { formId: 'case-supervision', subject: { childId: MAYA }, data, status: 'submitted' }, { headers: { 'idempotency-key': '"reflow-1"' } });
    expect(made.status, made.text).toBe(201);
    const reference = (made.body as { reference: string }).reference;

    const { page } = await e2e.open();
    await page.setViewportSize({ width: 320, height: 640 });
    const failures: string[] = [];
    const visit = async (path: string, ready: () => Promise<unknown>) => {
      await page.goto(`${e2e.url}${path}`);
      await ready();
      await waitForLoaded(page);
      const s = await sideways(page);
      if (s.scrollWidth > s.clientWidth) failures.push(`${path}: ${s.scrollWidth}px wide; sticking out: ${s.wide.join(', ')}`);
      await e2e.axe(page, `${path} at 320px`);
    };

    await signIn(page, e2e.url, e2e.server.demo.manager);
    for (const path of ['/', '/team', '/team?view=workers', '/team?view=actions', '/actions', '/dashboards', '/audits']) await visit(path, () => page.locator('main h1').waitFor());
    await visit('/settings/email', () => page.getByText('Emails go to', { exact: false }).waitFor());
    // The reference in the team's table: broken only after its dashes (three lines), not a character a line.
    await page.goto(`${e2e.url}/team`);
    const cell = page.getByRole('cell', { name: reference }).or(page.getByRole('rowheader', { name: reference })).first();
    await cell.waitFor();
    const lines = await cell.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines, `${reference} in the team's table`).toBeLessThanOrEqual(reference.split('-').length);

    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.designer);
    await visit('/designer/', () => page.getByRole('heading', { name: 'Forms', level: 1 }).waitFor());
    await visit('/designer/forms/case-supervision', () => page.getByRole('table', { name: 'History' }).waitFor());
    await visit('/designer/option-lists', () => page.locator('main h1').waitFor());
    expect(failures, 'pages that scroll sideways at 320px').toEqual([]);
  });
});
