/**
 * Saving as you go: what is typed reaches the server within two seconds with nothing pressed, the
 * status line says what is happening, a reload comes back to the same place, a change made in
 * another tab is never overwritten without the person choosing to, and nothing typed while offline
 * is lost.
 */
import type { Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordStatusHistory, saveStatus, statusHistory, useE2E } from '../support/e2e.js';
import { heading, waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();

beforeAll(async () => {
  await e2e.signInPractitioner();
});

const SAVED = /^All changes saved at \d{1,2}:\d{2}$/;
const OFFLINE = 'You are offline: your answers are kept on this device and will be saved when the connection returns';
const CONFLICT = 'Not saved: this draft was changed somewhere else';

/** Opens a new, empty return-to-work draft on its first step ("Employee"). */
async function openNewDraft(page: Page, id?: string): Promise<string> {
  const draft = id ?? (await e2e.createDraft('return-to-work', {}));
  await page.goto(`${e2e.url}/records/${draft}`);
  await waitForHeading(page, 'Employee');
  await page.locator('.app-save-status').waitFor();
  return draft;
}

async function waitForStatus(page: Page, status: string | RegExp): Promise<void> {
  const pattern = typeof status === 'string' ? { source: `^${status.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, flags: '' } : { source: status.source, flags: status.flags };
  await page.waitForFunction((p) => new RegExp(p.source, p.flags).test(document.querySelector('.app-save-status')?.textContent?.trim() ?? ''), pattern);
}

const employee = (s: { data: Record<string, unknown> }) => (s.data.employee ?? {}) as Record<string, unknown>;

describe('saving as you go', () => {
  it('saves what is typed to the server within 2 seconds of the last key, with nothing pressed, and says "Saving…" then "All changes saved"', async () => {
    const { page } = await e2e.open();
    const id = await openNewDraft(page);
    await recordStatusHistory(page);
    await page.locator('#f-employee--jobTitle').click();
    await page.keyboard.type('Senior social worker', { delay: 20 });
    const typed = Date.now();
    const { ms } = await e2e.waitForStored(id, (s) => employee(s).jobTitle === 'Senior social worker', { since: typed, timeoutMs: 5000 });
    expect(ms, 'milliseconds from the last key to the answer being in the store').toBeLessThan(2000);
    await waitForStatus(page, SAVED);
    const history = await statusHistory(page);
    expect(history).toContain('Changes not saved yet');
    expect(history).toContain('Saving…');
    expect(history.indexOf('Saving…')).toBeLessThan(history.length - 1);
    expect(history[history.length - 1]).toMatch(SAVED);
    // Focus never left the box: saving does not interrupt typing.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-employee--jobTitle');
    await e2e.axe(page, 'a step with a saved answer');
  });

  it('saves while the person is still typing, within 2 seconds of their first key, without waiting for a pause', async () => {
    const { page } = await e2e.open();
    const id = await openNewDraft(page);
    const puts: number[] = [];
    page.on('request', (r: Request) => {
      if (r.method() === 'PUT' && r.url().endsWith(`/api/submissions/${id}`)) puts.push(Date.now());
    });
    await page.locator('#f-employee--jobTitle').click();
    // 35 keys, one every 100 ms: never the 0.7 s pause that starts a save.
    const text = 'Advanced practitioner, north locality';
    const first = Date.now();
    await page.keyboard.type(text, { delay: 100 });
    const last = Date.now();
    expect(last - first, 'typing took longer than 2 s').toBeGreaterThan(2500);
    expect(puts.length, 'saves sent while typing').toBeGreaterThan(0);
    expect(puts[0]!, 'the first save was sent before typing ended').toBeLessThan(last);
    // Two seconds, and a little for timers on a busy machine.
    expect(puts[0]! - first, 'milliseconds from the first key to the first save being sent').toBeLessThanOrEqual(2300);
    await e2e.waitForStored(id, (s) => employee(s).jobTitle === text, { timeoutMs: 5000 });
    await waitForStatus(page, SAVED);
  });

  it('after a reload, opens on the same step with the answers in and focus back in the field the person was in', async () => {
    const { page } = await e2e.open();
    const id = await openNewDraft(page);
    await page.locator('#f-employee--employeeNumber').fill('0048213');
    await page.locator('#f-employee--lineManagerId').fill('W11805');
    await page.locator('#f-employee--interviewerId').fill('W11805');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await waitForHeading(page, 'The absence', { focused: true });
    await page.locator('#f-absence--reasonDetail').click();
    await page.keyboard.type('Seen by GP; now receiving talking therapy.');
    await e2e.waitForStored(id, (s) => (s.data.absence as Record<string, unknown> | undefined)?.reasonDetail === 'Seen by GP; now receiving talking therapy.');
    await waitForStatus(page, SAVED);

    await page.reload();
    await page.locator('.app-save-status').waitFor();
    expect(await heading(page)).toBe('The absence');
    expect(await page.locator('#f-absence--reasonDetail').inputValue()).toBe('Seen by GP; now receiving talking therapy.');
    await page.waitForFunction(() => document.activeElement?.id === 'f-absence--reasonDetail', null, { timeout: 2000 }).catch(() => {});
    expect(await page.evaluate(() => document.activeElement?.id), 'the focused element after the reload').toBe('f-absence--reasonDetail');
    // The answers on the step before are there too.
    await page.getByRole('button', { name: 'Back' }).click();
    await waitForHeading(page, 'Employee');
    expect(await page.locator('#f-employee--employeeNumber').inputValue()).toBe('0048213');
    await e2e.axe(page, 'a draft reopened after a reload');
  });
});

describe('the same draft open in two tabs', () => {
  it('a save in tab A, then an edit in tab B: B says it was changed somewhere else and overwrites nothing; "Use the other version" shows A\'s answers; "Keep my version" saves B\'s over A\'s', async () => {
    const id = await e2e.createDraft('return-to-work', {});
    const stale = [{ path: `/api/submissions/${id}`, status: 412 }];
    const a = (await e2e.open({ expectedHttpErrors: stale })).page;
    const b = (await e2e.open({ expectedHttpErrors: stale })).page;
    await openNewDraft(a, id);
    await openNewDraft(b, id);

    // A saves.
    await a.locator('#f-employee--employeeNumber').fill('0048213');
    await e2e.waitForStored(id, (s) => employee(s).employeeNumber === '0048213');
    await waitForStatus(a, SAVED);

    // B, which opened the draft before A's save, edits: refused, and says so.
    const refused = b.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/api/submissions/${id}`));
    await b.locator('#f-employee--jobTitle').fill('Written in tab B');
    expect((await refused).status()).toBe(412);
    await b.getByRole('alert').filter({ hasText: 'This draft was changed somewhere else' }).waitFor();
    await waitForStatus(b, CONFLICT);
    await e2e.axe(b, 'the "changed somewhere else" banner');
    expect((await e2e.stored(id)).data).toEqual({ employee: { employeeNumber: '0048213' } });
    // Further typing in B while it is in conflict is not sent either.
    await b.locator('#f-employee--teamId').fill('B-TEAM');
    await b.waitForTimeout(2200); // the longest autosave wait, to prove nothing is sent
    expect((await e2e.stored(id)).data).toEqual({ employee: { employeeNumber: '0048213' } });

    // "Use the other version": B now shows A's answers, and B's are gone from the page.
    await b.getByRole('button', { name: 'Use the other version' }).click();
    await b.getByText('You are now working on the version saved elsewhere.').waitFor();
    await b.getByRole('alert').filter({ hasText: 'This draft was changed somewhere else' }).waitFor({ state: 'detached' });
    expect(await b.locator('#f-employee--employeeNumber').inputValue()).toBe('0048213');
    expect(await b.locator('#f-employee--jobTitle').inputValue()).toBe('');
    expect(await b.locator('#f-employee--teamId').inputValue()).toBe('');
    expect((await e2e.stored(id)).data).toEqual({ employee: { employeeNumber: '0048213' } });
    await e2e.axe(b, 'after "Use the other version"');

    // A saves again; B edits again: a conflict again. This time B keeps its own version.
    await a.locator('#f-employee--lineManagerId').fill('W11805');
    await e2e.waitForStored(id, (s) => employee(s).lineManagerId === 'W11805');
    await waitForStatus(a, SAVED);
    const refusedAgain = b.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/api/submissions/${id}`));
    await b.locator('#f-employee--interviewerId').fill('W14498');
    expect((await refusedAgain).status()).toBe(412);
    await waitForStatus(b, CONFLICT);
    expect(employee(await e2e.stored(id)).interviewerId).toBeUndefined();

    await b.getByRole('button', { name: 'Keep my version' }).click();
    await b.getByText('Your version has been saved over the other one.').waitFor();
    const { submission } = await e2e.waitForStored(id, (s) => employee(s).interviewerId === 'W14498');
    // Exactly B's answers: A's second save (the line manager) is replaced, as chosen.
    expect(submission.data).toEqual({ employee: { employeeNumber: '0048213', interviewerId: 'W14498' } });
    await waitForStatus(b, SAVED);
    await e2e.axe(b, 'after "Keep my version"');
  });
});

describe('offline', () => {
  it('keeps typing while offline, says so, loses nothing, and saves every character when the connection returns', async () => {
    const { page } = await e2e.open({ expectedConsole: [/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/] });
    const id = await openNewDraft(page);
    await page.locator('#f-employee--employeeNumber').fill('0051977');
    await e2e.waitForStored(id, (s) => employee(s).employeeNumber === '0051977');
    await waitForStatus(page, SAVED);

    await e2e.browser.context.setOffline(true);
    try {
      const job = 'Family support worker — “early help”, south';
      await page.locator('#f-employee--jobTitle').click();
      await page.keyboard.type(job, { delay: 10 });
      await waitForStatus(page, OFFLINE);
      await e2e.axe(page, 'offline');
      // A second answer while still offline: its save is tried, fails, and the line still says so.
      const tried = page.waitForEvent('requestfailed', (r) => r.method() === 'PUT' && r.url().endsWith(`/api/submissions/${id}`));
      await page.locator('#f-employee--teamId').click();
      await page.keyboard.type('EH-SOUTH');
      await tried;
      await waitForStatus(page, OFFLINE);
      // Nothing reached the server, and nothing is lost: on screen, and in this device's copy.
      expect((await e2e.stored(id)).data).toEqual({ employee: { employeeNumber: '0051977' } });
      expect(await page.locator('#f-employee--jobTitle').inputValue()).toBe(job);
      const local = await page.waitForFunction(
        ({ id, job }) =>
          new Promise<boolean>((resolve) => {
            const req = indexedDB.open('caseforms');
            req.onsuccess = () => {
              const get = req.result.transaction('drafts').objectStore('drafts').get(id);
              get.onsuccess = () => {
                const e = (get.result?.data?.employee ?? {}) as Record<string, unknown>;
                resolve(e.jobTitle === job && e.teamId === 'EH-SOUTH' && get.result?.dirty === true);
                req.result.close();
              };
            };
            req.onerror = () => resolve(false);
          }),
        { id, job },
      );
      expect(await local.jsonValue(), "this device's copy holds every answer").toBe(true);
    } finally {
      await e2e.browser.context.setOffline(false);
    }
    const { submission } = await e2e.waitForStored(id, (s) => employee(s).teamId === 'EH-SOUTH', { timeoutMs: 8000 });
    expect(submission.data).toEqual({ employee: { employeeNumber: '0051977', jobTitle: 'Family support worker — “early help”, south', teamId: 'EH-SOUTH' } });
    await waitForStatus(page, SAVED);
    expect(await saveStatus(page)).toMatch(SAVED);
    await e2e.axe(page, 'back online, saved');
  });
});
