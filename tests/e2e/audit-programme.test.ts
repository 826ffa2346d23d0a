/**
 * Issue 15, the audit programme in the browser, over the demo directory: the manager (Mo, children
 * in need north) opens the Audit programme from the service navigation, draws a sample of two
 * children for Pat to audit on the case-file audit — previewed first, with who would be chosen and
 * why the others were left out, then assigned — all with the keyboard; Pat sees the two audits in
 * Your work and starts one, which opens a new draft of the case-file audit about that child. axe on
 * every state. Email is on (a real SMTP server the test starts): Pat is emailed once per audit,
 * with the due date and a link to that audit, never the child's name or id; signed out, she follows
 * the other email's link, signs in, lands on that audit and starts it from there.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../engine/forms/calculations/dates.js';
import { today as londonToday } from '../../runtime/work/due.js';
import { useE2E } from '../support/e2e.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { eventually } from '../support/sync.js';
import { signIn, tabTo, waitForHeading, waitForLoaded } from '../support/form-filler.js';

let smtp: TestSmtp;
const PUBLIC = 'https://caseforms.council.example';
const e2e = useE2E({
  demoDirectory: true,
  server: async () => {
    smtp = await startSmtp();
    return { mail: { smtpUrl: smtp.url, from: 'Caseforms <caseforms@council.example>', publicUrl: PUBLIC, digestHour: 7, dueSoonDays: 3, pollMs: 50, settleMs: 0 } };
  },
});
afterAll(() => smtp?.close());
const DUE = addWorkingDays(londonToday(), 15);

describe('the audit programme', () => {
  it('a manager draws a sample with the keyboard; the auditor finds it in Your work and starts it, and starts the other from her email', { timeout: 90_000 }, async () => {
    const { page } = await e2e.open();
    await signIn(page, e2e.url, e2e.server.demo.manager);
    await tabTo(page, { css: 'nav a', text: 'Audit programme' });
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Audit programme');
    await page.getByText('No audits match.').waitFor();
    await e2e.axe(page, 'audits: the programme page');

    // The rule: two children per team (the default), Pat as auditor, a due date. Nothing ticked: refused first.
    await tabTo(page, { css: 'button', text: 'Preview the sample' });
    await page.keyboard.press('Enter');
    await page.locator('.govuk-error-summary').getByText('Choose at least one auditor').waitFor();
    await e2e.axe(page, 'audits: the sample refused');
    // Each auditor once, by name and team name (not "Mo (team manager) (manager, children-in-need-north)").
    expect(await page.getByRole('group', { name: 'Auditors' }).locator('label').allInnerTexts()).toEqual(['Mo (team manager), Children in need north', 'Pat (social worker), Children in need north']);
    expect(await page.locator('#assign-auditor option').allInnerTexts()).toEqual(['Choose the auditor', 'Mo (team manager), Children in need north', 'Pat (social worker), Children in need north']);
    const pat = page.getByRole('group', { name: 'Auditors' }).getByLabel(/^Pat/);
    await pat.focus();
    await page.keyboard.press('Space');
    // The due date as people write it: day, month and year boxes (not "YYYY-MM-DD" in a text box).
    const [dy, dm, dd] = DUE.split('-');
    await page.locator('#sample-due').focus();
    await page.keyboard.type(String(Number(dd)));
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(Number(dm)));
    await page.keyboard.press('Tab');
    await page.keyboard.type(dy!);
    await tabTo(page, { css: 'button', text: 'Preview the sample' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'sample-preview-title');
    expect(await page.locator('#sample-preview-title').innerText()).toMatch(/^Preview: 2 children would be audited/);
    const chosen = await page.getByRole('table', { name: 'Children chosen' }).locator('tbody tr').allInnerTexts();
    expect(chosen).toHaveLength(2);
    // Pat's own cases are left out; the rest are Chris Doyle's, each by name and ICS id.
    for (const row of chosen) expect(row).toMatch(/^(Oscar Brown|Ruby Clarke|Tyler Evans|Zara Ali|Ethan Scott) \(C99900(06|07|08|09|18)\)\t/);
    expect(await page.locator('.govuk-summary-list').first().innerText()).toContain('The auditors’ own cases: 6');
    await e2e.axe(page, 'audits: the sample previewed');
    await tabTo(page, { css: 'button', text: 'Assign these audits' });
    // Confirming names the children previewed, so another tab's audits meanwhile cannot swap in children never seen.
    const confirmed = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/audits/samples'));
    await page.keyboard.press('Enter');
    expect((await confirmed).postDataJSON().previewed).toEqual(chosen.map((r) => /C999\d+/.exec(r)![0]));
    await page.getByText('2 audits assigned from the sample').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'audit-done');
    await page.getByRole('table', { name: '2 audits' }).waitFor();
    await e2e.axe(page, 'audits: the sample assigned');
    const store = e2e.server.running.ctx.store;
    const assigned = (await store.listAssignments({ status: 'open' }, { limit: 10 })).items;
    expect(assigned.map((a) => a.childId).sort()).toEqual(chosen.map((r) => /C999\d+/.exec(r)![0]).sort());
    expect((await store.listSamples({ limit: 5 })).items).toHaveLength(1);

    // Pat is emailed about each audit, once: the due date and a link, never the child's name or id.
    const mails = await eventually(() => Promise.resolve(smtp.to('pat.singh@council.example')), (m) => m.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to('pat.singh@council.example')).toHaveLength(2);
    const [y, m, d] = DUE.split('-').map(Number);
    const dueWords = new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
    const names = await store.getChildren(assigned.map((a) => a.childId));
    expect(names).toHaveLength(2);
    const links = new Map<string, string>();
    for (const mail of mails) {
      expect(mail.subject).toBe(`A case file audit is assigned to you, due ${dueWords}`);
      const link = new RegExp(`${PUBLIC}(/audits/[^\\s/]+)`).exec(mail.text ?? '')?.[1];
      expect(link, mail.text).toBeDefined();
      links.set(decodeURIComponent(link!.slice('/audits/'.length)), link!);
      for (const a of assigned) expect(mail.text).not.toContain(a.childId);
      for (const child of names) expect(mail.text).not.toContain(child.name);
    }
    // One email for each audit, each linking to its own.
    expect([...links.keys()].sort()).toEqual(assigned.map((a) => a.id).sort());

    // Pat, the auditor.
    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    const table = page.getByRole('table', { name: 'Audits assigned to you: 2' });
    await table.waitFor();
    await e2e.axe(page, 'audits: in the auditor’s work');
    // All of them, a page at a time: the home page shows the first 20 and links here when there are more.
    await page.goto(`${e2e.url}/work/audits`);
    await waitForHeading(page, 'Audits assigned to you');
    const all = page.getByRole('table', { name: 'Audits assigned to you' });
    await all.waitFor();
    expect(await all.locator('tbody tr').count()).toBe(2);
    expect(await all.getByRole('button', { name: /^Start audit of / }).count()).toBe(2);
    await e2e.axe(page, 'audits: all assigned to you');
    await page.goto(`${e2e.url}/`);
    await table.waitFor();
    const first = [...assigned].sort((a, b) => (a.dueOn === b.dueOn ? (a.id < b.id ? -1 : 1) : a.dueOn < b.dueOn ? -1 : 1))[0]!;
    await tabTo(page, { css: 'button', text: /^Start audit of / });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/records\/[^/]+$/);
    const id = /\/records\/([^/?#]+)/.exec(page.url())![1]!;
    const draft = await e2e.stored(id);
    expect(draft).toMatchObject({ formId: 'case-file-audit', status: 'draft', subject: { childId: first.childId }, createdBy: (await store.getAssignment(first.id))!.auditorAccountId });
    expect((draft.data as { header?: { childId?: string } }).header?.childId).toBe(first.childId);

    // The draft's page has what it asked the server for (signing out under it would refuse those reads).
    await page.locator('main h1').first().waitFor();
    await waitForLoaded(page);

    // Signed out, Pat follows the other email's link: she signs in and lands on that audit, and starts it there.
    const other = assigned.find((a) => a.id !== first.id)!;
    await e2e.browser.context.clearCookies();
    await page.goto(`${e2e.url}${links.get(other.id)}`);
    await page.waitForURL(/\/sign-in/);
    await waitForHeading(page, 'Sign in');
    await page.locator('#username').fill(e2e.server.demo.practitioner.username);
    await page.locator('#password').fill(e2e.server.demo.practitioner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const formTitle = (await store.getForm('case-file-audit'))!.title;
    await waitForHeading(page, formTitle);
    await waitForLoaded(page);
    expect(new URL(page.url()).pathname).toBe(links.get(other.id));
    const summary = await page.locator('main .govuk-summary-list').innerText();
    expect(summary).toContain(other.childId);
    expect(summary).toContain('Open');
    await e2e.axe(page, 'audits: one audit, from the email');
    await tabTo(page, { css: 'button', text: 'Start audit' });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/records\/[^/]+$/);
    const second = await e2e.stored(/\/records\/([^/?#]+)/.exec(page.url())![1]!);
    expect(second).toMatchObject({ formId: 'case-file-audit', status: 'draft', subject: { childId: other.childId } });

    // Pat opens the planners' pages by their address: she is told whose they are, not offered "Try again".
    for (const [path, words] of [
      ['/audits', 'Managers, heads of service and quality assurance plan audits here.'],
      ['/dashboards/supervision/drill?list=overdue-children&form=case-supervision', 'Only managers, heads of service and quality assurance see the dashboards.'],
    ] as const) {
      await page.goto(`${e2e.url}${path}`);
      await page.getByText(words).waitFor();
      expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    }
    await e2e.axe(page, 'audits: the programme refused to an auditor');
  });
});
