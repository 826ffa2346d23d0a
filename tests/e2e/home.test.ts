/**
 * The home page with a real number of records: newest first, a page at a time, searchable by
 * child, form and date; a draft someone else started is there to view, not to continue; and a
 * draft's author can delete it, after confirming.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { loadFixture, signIn, waitForHeading, waitForLoaded } from '../support/form-filler.js';

const e2e = useE2E();

/** Submitted case supervisions, one per child C9000…, made in this order (oldest first). */
const SUBMITTED = 55;
const submittedIds: string[] = [];

beforeAll(async () => {
  const fixture = loadFixture('case-supervision', 'valid-ad-hoc-with-disagreement');
  const practitioner = e2e.server.as('practitioner');
  for (let i = 0; i < SUBMITTED; i++) {
    const childId = `C9${String(i).padStart(3, '0')}`;
    const data = structuredClone(fixture) as Record<string, Record<string, unknown>>;
    data.meeting!.childId = childId;
    const res = await practitioner.post('/api/submissions', { formId: 'case-supervision', subject: { childId }, data, status: 'submitted' }, { headers: { 'idempotency-key': `"home-${i}"` } });
    if (res.status !== 201) throw new Error(`creating record ${i}: ${res.status} ${res.text}`);
    submittedIds.push((res.body as { id: string }).id);
  }
});

/** The "About" cells of a table (after Reference and Form), top to bottom. */
async function aboutColumn(page: Page, caption: string): Promise<string[]> {
  return page.getByRole('table', { name: caption }).locator('tbody tr td:nth-child(3)').allInnerTexts();
}

describe('records on the home page', () => {
  it('lists submitted records newest first, 20 to a page, with next and previous pages reaching every record', async () => {
    const { page } = await e2e.open();
    // Signed out first, so a retry of this test (signed in by its first try) starts the same way.
    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    const newest = Array.from({ length: SUBMITTED }, (_, i) => `Child C9${String(SUBMITTED - 1 - i).padStart(3, '0')}`);
    expect(await aboutColumn(page, 'Submitted')).toEqual(newest.slice(0, 20));
    // Where each is: waiting for the stage the form sends it to, not only "Submitted" (found walking).
    expect(new Set(await page.getByRole('table', { name: 'Submitted' }).locator('tbody tr td:nth-child(5)').allInnerTexts())).toEqual(new Set(['Waiting for Manager sign-off']));
    await e2e.axe(page, 'home with a page of records');
    const pages = page.getByRole('navigation', { name: /^Submitted records: page/ });
    // By keyboard: the new page takes the focus, to be read from its first row (found walking: it
    // was left on the page's body, so the next Tab started again from the top of the page).
    const focused = () => page.evaluate(() => ({ label: document.activeElement?.getAttribute('aria-label') ?? null, text: (document.activeElement as HTMLElement | null)?.innerText.slice(0, 40) ?? '' }));
    await pages.getByRole('link', { name: /Next/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Submitted records: page 2' }).waitFor();
    expect(await aboutColumn(page, 'Submitted')).toEqual(newest.slice(20, 40));
    expect((await focused()).label).toBe('Submitted');
    await page.keyboard.press('Tab');
    expect((await focused()).text).toMatch(/^View/);
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.querySelector('td:nth-child(3)')?.textContent)).toBe(newest[20]);
    await page.getByRole('navigation', { name: 'Submitted records: page 2' }).getByRole('link', { name: /Next/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Submitted records: page 3' }).waitFor();
    expect(await aboutColumn(page, 'Submitted')).toEqual(newest.slice(40));
    // The last page has no "Next", the link that was pressed: the focus is on the list all the same.
    expect((await focused()).label).toBe('Submitted');
    expect(await page.getByRole('navigation', { name: 'Submitted records: page 3' }).getByRole('link', { name: /Next/ }).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Submitted records: page 3' }).getByRole('link', { name: /Previous/ }).click();
    await page.getByRole('navigation', { name: 'Submitted records: page 2' }).waitFor();
    expect(await aboutColumn(page, 'Submitted')).toEqual(newest.slice(20, 40));
    // A reload, or Back from a record opened on page 2, shows page 2 again (found walking: page 1).
    await page.reload();
    await page.getByRole('navigation', { name: 'Submitted records: page 2' }).waitFor();
    expect(await aboutColumn(page, 'Submitted')).toEqual(newest.slice(20, 40));
    await page.getByRole('table', { name: 'Submitted' }).getByRole('link', { name: /^View/ }).first().click();
    await page.waitForURL(/\/records\//);
    await page.locator('main h1').waitFor();
    await page.goBack();
    await page.getByRole('navigation', { name: 'Submitted records: page 2' }).waitFor();
    expect(await aboutColumn(page, 'Submitted')).toEqual(newest.slice(20, 40));
    // Coming to the page anew (its link in the navigation, from another page) starts at page 1.
    await page.getByRole('navigation', { name: 'Caseforms' }).getByRole('link', { name: 'Your actions' }).click();
    await page.waitForURL(/\/actions$/);
    await page.getByRole('navigation', { name: 'Caseforms' }).getByRole('link', { name: 'Your forms' }).click();
    await page.getByRole('navigation', { name: 'Submitted records: page 1' }).waitFor();
    expect(await aboutColumn(page, 'Submitted')).toEqual(newest.slice(0, 20));
  });

  it('finds records by child, by form and by date, and says when nothing matches', async () => {
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/`);
    await waitForLoaded(page);
    const search = page.getByRole('search', { name: 'Your submitted records' });
    await search.getByLabel('Child’s ICS person ID').fill('C9007');
    await search.getByRole('button', { name: 'Find records' }).click();
    await page.waitForURL(/child=C9007/);
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length > 0);
    expect(await aboutColumn(page, 'Submitted')).toEqual(['Child C9007']);
    await e2e.axe(page, 'home searched by child');

    await search.getByLabel('Child’s ICS person ID').fill('');
    await search.getByLabel('Form').selectOption({ label: 'Return-to-work interview' });
    await search.getByRole('button', { name: 'Find records' }).click();
    await page.getByText('No submitted records match your search.').waitFor();

    const today = new Date().toISOString().slice(0, 10);
    await search.getByRole('link', { name: 'Clear the search' }).click();
    // The cleared search is drawn again: fill it once that has happened, or the typing is drawn over.
    await page.waitForURL((u) => !u.search.includes('form='));
    await page.waitForFunction(() => (document.querySelector('select') as HTMLSelectElement | null)?.selectedIndex === 0);
    // Dates in Day, Month and Year boxes (the browser's own date box orders them by its locale).
    const fillDate = async (id: string, iso: string) => {
      const [y, m, d] = iso ? iso.split('-').map((n) => String(Number(n))) : ['', '', ''];
      await search.locator(`#${id}`).fill(d!);
      await search.locator(`#${id}-month`).fill(m!);
      await search.locator(`#${id}-year`).fill(y!);
    };
    await fillDate('filter-from', today);
    await fillDate('filter-to', today);
    await search.getByRole('button', { name: 'Find records' }).click();
    await page.waitForURL(/from=/);
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 20);
    // A date without its month is refused in GOV.UK's words, linked from a summary, and searches nothing.
    await search.locator('#filter-to-month').fill('');
    await search.getByRole('button', { name: 'Find records' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('link').allInnerTexts()).toEqual(['The “started on or before” date must include a month']);
    expect(await search.locator('#filter-to-month').getAttribute('aria-invalid')).toBe('true');
    await e2e.axe(page, 'home search, a date without its month');
    await fillDate('filter-to', '2020-01-01');
    await fillDate('filter-from', '');
    await search.getByRole('button', { name: 'Find records' }).click();
    await page.getByText('No submitted records match your search.').waitFor();
    expect(page.url()).toContain('to=2020-01-01');
  });

  // Found walking: the search box was emptied when the list below it finished loading.
  it('keeps what is typed in the search while the records are still loading', async () => {
    const { page } = await e2e.open();
    // Signed in afresh, whatever ran before in this browser.
    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/submissions?status=submitted*', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${e2e.url}/`);
    const box = page.locator('#filter-child');
    await box.waitFor();
    await box.pressSequentially('C9007');
    await page.locator('#filter-from').pressSequentially('1');
    release();
    await page.getByRole('table', { name: 'Submitted' }).waitFor();
    await waitForLoaded(page);
    expect(await box.inputValue()).toBe('C9007');
    expect(await page.locator('#filter-from').inputValue()).toBe('1');
    await page.unroute('**/api/submissions?status=submitted*');
  });

  it('shows a manager the team\'s drafts to "View", and their own to "Continue"', async () => {
    const pats = await e2e.createDraft('case-supervision', {}, { childId: 'C7001' });
    const own = await e2e.server.as('manager').post('/api/submissions', { formId: 'case-supervision', subject: { childId: 'C7002' }, data: {}, status: 'draft' }, { headers: { 'idempotency-key': '"manager-own"' } });
    expect(own.status).toBe(201);
    const { page } = await e2e.open();
    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.manager);
    const drafts = page.getByRole('table', { name: 'Drafts in progress' });
    expect(await drafts.getByRole('row', { name: /Child C7002/ }).getByRole('link').innerText()).toMatch(/^Continue/);
    const row = drafts.getByRole('row', { name: /Child C7001/ });
    expect(await row.getByRole('link').innerText()).toMatch(/^View/);
    // Whose each draft is, said: the worker's by their name, the manager's own as "You".
    expect(await drafts.getByRole('columnheader').allInnerTexts()).toContain('Started by');
    expect(await row.getByRole('cell', { name: 'Pat (social worker)', exact: true }).count()).toBe(1);
    expect(await drafts.getByRole('row', { name: /Child C7002/ }).getByRole('cell', { name: 'You', exact: true }).count()).toBe(1);
    await e2e.axe(page, 'a manager’s home: drafts with who started them');
    await row.getByRole('link').click();
    await waitForHeading(page, 'Draft answers');
    expect(await page.locator('main input, main textarea').count(), 'a manager reading a worker\'s draft has nothing to type in').toBe(0);
    const startedBy = page.locator('.govuk-summary-list__row', { has: page.locator('.govuk-summary-list__key', { hasText: 'Started by' }) });
    expect(await startedBy.locator('.govuk-summary-list__value').innerText()).toBe('Pat (social worker)');
    expect(page.url()).toContain(pats);
    await e2e.browser.context.clearCookies();
  });
});

describe('deleting a draft', () => {
  it('asks first, deletes it on the server and from this device, says so, and another tab with it open is told', async () => {
    const { page } = await e2e.open();
    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    const id = await e2e.createDraft('return-to-work', { employee: { jobTitle: 'To be deleted' } });
    const other = (await e2e.open({ expectedHttpErrors: [{ path: `/api/submissions/${id}`, status: 404 }] })).page;
    await other.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(other, 'Employee');

    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');
    await page.getByRole('link', { name: 'Delete this draft' }).click();
    await waitForHeading(page, 'Are you sure you want to delete this draft?');
    await e2e.axe(page, 'delete a draft: confirm');
    // "No, keep it" goes back and deletes nothing.
    await page.getByRole('link', { name: 'No, keep it' }).click();
    await waitForHeading(page, 'Employee');
    await page.getByRole('link', { name: 'Delete this draft' }).click();
    await page.getByRole('button', { name: 'Yes, delete this draft' }).click();
    await page.getByText('The draft has been deleted').waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-notification-banner'))).toBe(true);
    await e2e.axe(page, 'home after deleting a draft');
    expect(await e2e.server.running.ctx.store.getSubmission(id)).toBeNull();
    const events = await e2e.server.running.ctx.store.listEvents({ entityId: id, action: 'submission.deleted' });
    expect(events.length).toBe(1);
    expect(JSON.stringify(events[0])).not.toContain('To be deleted');

    // The other tab finds out on its next save, and says so plainly.
    await other.locator('#f-employee--teamId').fill('typed after it was deleted');
    await other.getByRole('heading', { name: 'This draft has been deleted' }).waitFor();
  });
});

describe('starting a form', () => {
  it('each form\'s start page has a title of its own', async () => {
    const { page } = await e2e.open();
    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    const titles: string[] = [];
    for (const formId of ['case-file-audit', 'case-supervision', 'reflective-supervision', 'return-to-work']) {
      await page.goto(`${e2e.url}/forms/${formId}/start`);
      await page.getByRole('button', { name: 'Start now' }).waitFor();
      titles.push(await page.title());
    }
    expect(titles).toEqual([
      'Case-file audit: start a form – Caseforms',
      'Case supervision: start a form – Caseforms',
      'Reflective supervision: start a form – Caseforms',
      'Return-to-work interview: start a form – Caseforms',
    ]);
  });
});
