/**
 * Files questions in the practitioners' app, in a real browser against the real server (issue 16):
 * the return-to-work interview's fit note uploaded with the keyboard, submitted, downloaded by the
 * manager byte for byte as an attachment and refused to a practitioner in another team; a Windows
 * program renamed `.pdf` refused in the server's words, at the question and in the error summary;
 * a file removed; a connection dropped mid-upload, then "Try again", with every other answer kept;
 * offline, the question says uploads wait, and a file chosen then goes up when the connection
 * returns; a large file's progress shown and said; a reload mid-upload asks first and, reloaded,
 * sends the file again; a tab closed mid-upload has its upload taken over by another tab on the
 * draft, once. axe on each state, with files listed and with an error.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { newPractitioner, publishForm } from '../support/api.js';
import { filesDefinition } from '../support/files-form.js';
import { SAVE_RACED_BY_RELOAD, useE2E } from '../support/e2e.js';
import { button, fillForm, loadFixture, loadTemplate, press, signIn, startForm, tabTo, waitForHeading, waitForLoaded } from '../support/form-filler.js';

const e2e = useE2E();

const FIELD = '#f-certification--fitNoteCopy';

/** A small, well-formed PDF (one empty page), made by hand: what a scanned fit note starts as. */
function pdf(padding = 0): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  // A comment as long as asked for: a bigger file with the same content.
  if (padding) out += `%${'x'.repeat(padding)}\n`;
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** The start of a Windows program (the MZ header and a PE signature): what a renamed .exe holds. */
function windowsProgram(): Buffer {
  const b = Buffer.alloc(1024);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface StoredRef {
  id: string;
  name: string;
  size: number;
  mediaType: string;
  sha256: string;
}

function refsIn(data: Record<string, unknown>): StoredRef[] {
  return (((data.certification as Record<string, unknown> | undefined)?.fitNoteCopy as StoredRef[] | undefined) ?? []);
}

/** A return-to-work draft made earlier, up to the certification: a fit note was received. */
async function draftWithFitNote(extra: Record<string, unknown> = {}): Promise<string> {
  const fixture = loadFixture('return-to-work', 'valid-fit-note-phased-return') as Record<string, Record<string, unknown>>;
  return e2e.createDraft(
    'return-to-work',
    { employee: fixture.employee, certification: { certificationType: 'FIT-NOTE', fitNoteReceived: true, ...extra } },
    { workerId: fixture.employee!.workerId as string },
  );
}

async function openStep(page: Page, id: string, step: string): Promise<void> {
  await page.goto(`${e2e.url}/records/${id}`);
  await page.locator('.app-save-status').waitFor();
  await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: step, exact: true }).click();
  await waitForHeading(page, step);
  await page.locator(FIELD).waitFor();
}

/** The row of the files list naming `name`. */
const fileRow = (page: Page, name: string, field = FIELD) => page.locator(`${field} ~ .app-file-list .govuk-summary-list__row`, { has: page.locator('.app-file-name', { hasText: name }) });

/** Uploads from `page` at 1 MB/s, so a few MB take a few seconds. */
async function slowUploads(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
  return cdp;
}

async function fastUploads(cdp: CDPSession): Promise<void> {
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }).catch(() => {});
  await cdp.detach().catch(() => {});
}

/** The question's polite announcements. */
const said = (page: Page) => page.locator(`.app-files:has(${FIELD}) [role="status"]`);

/** A file stored for the draft `id` as uploaded earlier and still waiting for its virus scan, named in its fit note answer. */
async function heldForScan(id: string, bytes: Buffer): Promise<StoredRef> {
  const store = e2e.server.running.ctx.store;
  const held = await store.files.put(
    { id: `f_heldscan${Date.now()}`, name: 'held-note.pdf', submissionId: id, formId: 'return-to-work', pointer: '/certification/fitNoteCopy', uploadedBy: 'u-earlier', uploadedAt: new Date().toISOString(), scan: 'unscanned' },
    (async function* () {
      yield bytes;
    })(),
    () => ({ size: bytes.length, sha256: sha256(bytes), mediaType: 'application/pdf' }),
    (f) => ({ id: `e-${f.id}`, at: new Date().toISOString(), actor: 'u-earlier', action: 'file.uploaded', entity: { kind: 'file', id: f.id } }),
  );
  const p = e2e.server.as('practitioner');
  const draft = await p.get(`/api/submissions/${id}`);
  const data = draft.body.data as Record<string, Record<string, unknown>>;
  const ref = { id: held.id, name: held.name, size: held.size, mediaType: held.mediaType, sha256: held.sha256 };
  expect((await p.put(`/api/submissions/${id}`, { data: { ...data, certification: { ...data.certification, fitNoteCopy: [ref] } } }, { headers: { 'if-match': draft.headers.get('etag')! } })).status).toBe(200);
  return ref;
}

beforeEach(async () => {
  await e2e.browser.context.clearCookies();
  await e2e.browser.context.setOffline(false);
});

describe('files questions', () => {
  it('a return-to-work interview with its fit note uploaded by keyboard is submitted; the manager downloads the fit note as an attachment, byte for byte; a practitioner in another team is refused it', { timeout: 120_000 }, async () => {
    const template = loadTemplate('return-to-work');
    const fixture = loadFixture('return-to-work', 'valid-fit-note-phased-return');
    const note = pdf(2000);
    const { page } = await e2e.open();
    const check = (label: string) => e2e.axe(page, label);

    await signIn(page, e2e.url, e2e.server.demo.practitioner, 'keyboard');
    const id = await startForm(page, template, fixture, 'keyboard');
    await fillForm(page, template, fixture, {
      mode: 'keyboard',
      onState: async (label) => {
        if (label !== 'return-to-work: step "Certification" answered') return;
        // Tab to the file input, as a keyboard user would, and choose the file there.
        await tabTo(page, { css: FIELD });
        expect(await page.evaluate(() => document.activeElement?.id)).toBe(FIELD.slice(1));
        const [upload] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/api/submissions/${id}/files?`)),
          page.locator(':focus').setInputFiles({ name: 'fit-note.pdf', mimeType: 'application/pdf', buffer: note }),
        ]);
        expect(upload.status(), 'the answer to the upload').toBe(201);
        await fileRow(page, 'fit-note.pdf').getByRole('link', { name: 'fit-note.pdf' }).waitFor();
        await expect.poll(() => said(page).innerText()).toMatch(/^fit-note\.pdf uploaded \(\d+ KB\)\./);
        // Focus stays on the input, for another file.
        expect(await page.evaluate(() => document.activeElement?.id)).toBe(FIELD.slice(1));
        await check('return-to-work: a fit note uploaded, listed with Remove');
        await e2e.waitForStored(id, (s) => refsIn(s.data).length === 1);
      },
    });

    await waitForHeading(page, 'Check your answers');
    const onCheck = page.getByRole('link', { name: 'fit-note.pdf', exact: true });
    expect(await onCheck.getAttribute('href')).toMatch(/^\/api\/files\/f_/);
    await check('return-to-work: check your answers with the fit note');
    await press(page, 'keyboard', button('Submit'));
    await waitForHeading(page, 'Form submitted');

    const stored = await e2e.stored(id);
    expect(stored.status).toBe('submitted');
    const [ref] = refsIn(stored.data);
    expect(refsIn(stored.data)).toEqual([{ id: expect.stringMatching(/^f_/), name: 'fit-note.pdf', size: note.length, mediaType: 'application/pdf', sha256: sha256(note) }]);
    // Everything else in the record is the fixture's.
    const { fitNoteCopy: _f, ...certification } = stored.data.certification as Record<string, unknown>;
    expect(certification).toEqual((fixture as Record<string, unknown>).certification);

    // The manager reads the record and downloads the fit note. (The practitioner's record page is
    // left first: signed out under it, its next look for comments would be refused.)
    await page.goto('about:blank');
    await e2e.browser.context.clearCookies();
    await signIn(page, e2e.url, e2e.server.demo.manager);
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Submitted answers');
    await waitForLoaded(page);
    await check('return-to-work: the record, read by the manager, with the fit note and Download as PDF');
    expect(await page.getByRole('link', { name: 'Download as PDF' }).getAttribute('href')).toBe(`/api/submissions/${id}/pdf`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'fit-note.pdf', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('fit-note.pdf');
    const bytes = readFileSync((await download.path())!);
    expect(sha256(bytes)).toBe(sha256(note));
    // What the browser is told: an attachment, never shown inline from the service's origin.
    const res = await page.request.get(`${e2e.url}/api/files/${ref!.id}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers()['content-disposition']).toContain("filename*=UTF-8''fit-note.pdf");
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['content-security-policy']).toMatch(/sandbox/);
    expect(res.headers()['content-type']).toMatch(/^application\/pdf/);
    expect(Buffer.from(await res.body()).equals(note)).toBe(true);

    // A practitioner in another team may not read the record, so not its files either.
    const other = await newPractitioner(e2e.server, 'olu.other', 'children-looked-after');
    const refused = await other.get(`/api/files/${ref!.id}`);
    expect(refused.status).toBe(404);
    expect((await other.get(`/api/submissions/${id}`)).status).toBe(404);
  });

  it('a Windows program renamed .pdf is refused in the server’s words, at the question and in the error summary; a PDF then goes up, and Remove takes it out of the answer', { timeout: 60_000 }, async () => {
    const id = await draftWithFitNote();
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: new RegExp(`/api/submissions/${id}/files\\?`), status: 422 }] });
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await openStep(page, id, 'Certification');

    const [refusal] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/files?')),
      page.locator(FIELD).setInputFiles({ name: 'fit-note.pdf', mimeType: 'application/pdf', buffer: windowsProgram() }),
    ]);
    expect(refusal.status()).toBe(422);
    const problem = (await refusal.json()) as { detail: string; errors?: Array<{ pointer: string }> };
    expect(problem.detail).toContain('fit-note.pdf');

    // In the summary (focused, as a link to the question) and on the question, in the same words.
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'));
    expect(await summary.getByRole('link').allInnerTexts()).toEqual([problem.detail]);
    expect((await page.locator(`#${FIELD.slice(1)}-error`).innerText()).replace(/\s+/g, ' ')).toBe(`Error: ${problem.detail}`);
    expect(await page.locator(FIELD).getAttribute('aria-describedby')).toContain(`${FIELD.slice(1)}-error`);
    expect(await page.locator(FIELD).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.app-file-list').count(), 'nothing listed for a refused file').toBe(0);
    await e2e.axe(page, 'files: a renamed program refused, with the error');
    await summary.getByRole('link').click();
    await page.waitForFunction((id) => document.activeElement?.id === id, FIELD.slice(1));
    expect(refsIn((await e2e.stored(id)).data)).toEqual([]);

    // A real PDF: the error goes, the file is listed.
    const note = pdf();
    await page.locator(FIELD).setInputFiles({ name: 'scan 1.pdf', mimeType: 'application/pdf', buffer: note });
    await fileRow(page, 'scan 1.pdf').waitFor();
    await summary.waitFor({ state: 'detached' });
    expect(await page.locator(`#${FIELD.slice(1)}-error`).count()).toBe(0);
    await e2e.waitForStored(id, (s) => refsIn(s.data).length === 1);
    const [uploaded] = refsIn((await e2e.stored(id)).data);

    // Remove it: out of the answer (and deleted on the server), focus back on the input, and said.
    const removed = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().endsWith(`/api/files/${uploaded!.id}`));
    await fileRow(page, 'scan 1.pdf').getByRole('button', { name: 'Remove scan 1.pdf' }).click();
    expect((await removed).status()).toBe(204);
    await fileRow(page, 'scan 1.pdf').waitFor({ state: 'detached' });
    await page.waitForFunction((id) => document.activeElement?.id === id, FIELD.slice(1));
    await expect.poll(() => said(page).innerText()).toBe('scan 1.pdf removed');
    await e2e.waitForStored(id, (s) => refsIn(s.data).length === 0 && (s.data.certification as Record<string, unknown>).certificationType === 'FIT-NOTE');
  });

  it('a file over the question’s most size is refused before a byte is sent, in the words the server uses', { timeout: 60_000 }, async () => {
    const id = await draftWithFitNote();
    const { page } = await e2e.open();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await openStep(page, id, 'Certification');
    let sent = 0;
    page.on('request', (r) => void (r.url().includes('/files?') && sent++));
    // From disk, as a person's file would be (31 MB through the DevTools protocol is slow).
    const dir = mkdtempSync(join(tmpdir(), 'caseforms-fit-note-'));
    const path = join(dir, 'fit-note.pdf');
    writeFileSync(path, Buffer.concat([pdf(), Buffer.alloc(31 * 1024 * 1024 - pdf().length)]));
    try {
      await page.locator(FIELD).setInputFiles(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('link').allInnerTexts()).toEqual(['fit-note.pdf is 31 MB. Files must be 10 MB or smaller.']);
    expect((await page.locator(`#${FIELD.slice(1)}-error`).innerText()).replace(/\s+/g, ' ')).toBe('Error: fit-note.pdf is 31 MB. Files must be 10 MB or smaller.');
    expect(sent, 'upload requests sent').toBe(0);
    expect(await page.locator('.app-file-list').count()).toBe(0);
  });

  it('a connection dropped mid-upload keeps the file for "Try again" and every other answer; trying again uploads it', { timeout: 60_000 }, async () => {
    const id = await draftWithFitNote();
    const { page } = await e2e.open({ expectedConsole: [/Failed to load resource: net::ERR_CONNECTION_RESET/] });
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await openStep(page, id, 'Certification');
    // Answers typed on the same step before the upload.
    await page.locator('#f-certification--fitNoteFrom').fill('14');
    await page.locator('#f-certification--fitNoteFrom-month').fill('9');
    await page.locator('#f-certification--fitNoteFrom-year').fill('2026');

    // The connection drops once the upload is on its way.
    let dropped = 0;
    await page.route('**/api/submissions/*/files?*', async (route) => {
      dropped++;
      await route.abort('connectionreset');
    });
    const note = pdf(4000);
    await page.locator(FIELD).setInputFiles({ name: 'fit-note.pdf', mimeType: 'application/pdf', buffer: note });
    const row = fileRow(page, 'fit-note.pdf');
    await row.getByRole('button', { name: 'Try again to upload fit-note.pdf' }).waitFor();
    expect(dropped).toBe(1);
    expect((await row.locator('.govuk-summary-list__value').innerText()).trim()).toBe('Not uploaded. The upload stopped because the connection was lost.');
    await expect.poll(() => said(page).innerText()).toBe('fit-note.pdf was not uploaded. The upload stopped because the connection was lost.');
    await e2e.axe(page, 'files: an upload stopped by a dropped connection, with Try again');
    // Not to be left behind unnoticed: the step does not move on while it stands.
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').getByRole('link').allInnerTexts()).toContain('fit-note.pdf was not uploaded. Try again, or remove it.');
    expect(await page.locator('main h1').innerText()).toBe('Certification');
    // Nothing else was lost: the date typed is still there, and saved.
    expect(await page.locator('#f-certification--fitNoteFrom-year').inputValue()).toBe('2026');
    await e2e.waitForStored(id, (s) => (s.data.certification as Record<string, unknown>).fitNoteFrom === '2026-09-14');

    // The connection is back: Try again, by keyboard.
    await page.unroute('**/api/submissions/*/files?*');
    await tabTo(page, { css: 'button', text: 'Try again to upload fit-note.pdf' });
    await page.keyboard.press('Enter');
    await row.getByRole('link', { name: 'fit-note.pdf' }).waitFor();
    await e2e.waitForStored(id, (s) => refsIn(s.data).length === 1);
    const stored = await e2e.stored(id);
    expect(refsIn(stored.data)[0]!.sha256).toBe(sha256(note));
    expect(stored.data.certification).toMatchObject({ certificationType: 'FIT-NOTE', fitNoteReceived: true, fitNoteFrom: '2026-09-14' });
  });

  it('a session that ends as a file goes up: the file is kept, and goes up once the person signs in again in place', { timeout: 60_000 }, async () => {
    const id = await draftWithFitNote();
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: /\/api\//, status: 401 }] });
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    const asked = page.waitForResponse((r) => r.url().endsWith(`/api/submissions/${id}/migration`));
    await openStep(page, id, 'Certification');
    await asked;

    // Ended on the server (as an administrator or a timeout would).
    const account = await e2e.server.running.ctx.store.getAccountByUsername(e2e.server.demo.practitioner.username);
    await e2e.server.running.ctx.store.deleteSessionsOf(account!.id);
    const note = pdf();
    await page.locator(FIELD).setInputFiles({ name: 'fit-note.pdf', mimeType: 'application/pdf', buffer: note });
    const row = fileRow(page, 'fit-note.pdf');
    await row.getByRole('button', { name: 'Try again to upload fit-note.pdf' }).waitFor();
    expect((await row.locator('.govuk-summary-list__value').innerText()).trim()).toBe('Not uploaded. You have been signed out. Sign in again, then try again.');
    const dialog = page.getByRole('dialog', { name: 'You have been signed out' });
    await dialog.waitFor();
    await dialog.getByLabel('Password').fill(e2e.server.demo.practitioner.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Signed in again: the file goes up by itself, on the same step.
    await row.getByRole('link', { name: 'fit-note.pdf' }).waitFor();
    expect(await page.locator('main h1').innerText()).toBe('Certification');
    await e2e.waitForStored(id, (s) => refsIn(s.data)[0]?.sha256 === sha256(note));
  });

  it('offline, the question says uploads wait; a file chosen then goes up when the connection returns', { timeout: 60_000 }, async () => {
    const id = await draftWithFitNote();
    const { page } = await e2e.open({ expectedConsole: [/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/] });
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await openStep(page, id, 'Certification');

    await e2e.browser.context.setOffline(true);
    const words = page.locator(`.app-files:has(${FIELD}) .govuk-inset-text`);
    await words.waitFor();
    expect(await words.innerText()).toBe('You are offline. Uploads wait until you are back online.');
    expect(await page.locator(FIELD).getAttribute('aria-describedby')).toContain(`${FIELD.slice(1)}-offline`);
    await page.locator(FIELD).setInputFiles({ name: 'fit-note.pdf', mimeType: 'application/pdf', buffer: pdf() });
    const row = fileRow(page, 'fit-note.pdf');
    expect((await row.locator('.govuk-summary-list__value').innerText()).trim()).toBe('Waiting to upload until you are back online');
    await e2e.axe(page, 'files: offline, a file waiting to upload');

    await e2e.browser.context.setOffline(false);
    await row.getByRole('link', { name: 'fit-note.pdf' }).waitFor();
    await words.waitFor({ state: 'detached' });
    await e2e.waitForStored(id, (s) => refsIn(s.data).length === 1);
  });

  it('text typed while an upload finishes is all kept, character for character, with the file', { timeout: 60_000 }, async () => {
    await publishForm(e2e.server, { id: 'absence-note', title: 'Absence note', category: 'other', description: 'A fit note and the reason, for the upload test.', team: 'children-in-need-north' }, filesDefinition());
    const id = await e2e.createDraft('absence-note', {});
    const { page } = await e2e.open();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await page.goto(`${e2e.url}/records/${id}`);
    await page.locator('#f-fitNote').waitFor();
    // A slow line, so the upload finishes part way through the typing.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
    try {
      const note = pdf(1536 * 1024);
      await page.locator('#f-fitNote').setInputFiles({ name: 'fit-note.pdf', mimeType: 'application/pdf', buffer: note });
      await page.getByRole('progressbar', { name: 'Uploading fit-note.pdf' }).waitFor();
      const text = 'Flu, then a chest infection; GP signed off for two weeks, phased return agreed with the manager on 3 November. '.repeat(2).slice(0, 190);
      await page.locator('#f-reason').focus();
      await page.keyboard.type(text, { delay: 20 });
      // The upload (1.5 MB at 1 MB/s) finished while the typing (190 keys, 20 ms apart) went on.
      expect(await fileRow(page, 'fit-note.pdf', '#f-fitNote').getByRole('link', { name: 'fit-note.pdf' }).count(), 'the file listed by the time the typing ended').toBe(1);
      expect(await page.locator('#f-reason').inputValue()).toBe(text);
      const { submission } = await e2e.waitForStored(id, (s) => s.data.reason === text && Array.isArray(s.data.fitNote) && s.data.fitNote.length === 1);
      expect((submission.data.fitNote as StoredRef[])[0]!.sha256).toBe(sha256(note));
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }).catch(() => {});
      await cdp.detach().catch(() => {});
    }
  });

  it('a reload mid-upload asks first; once reloaded, the file goes up again by itself, with every other answer kept', { timeout: 90_000 }, async () => {
    const id = await draftWithFitNote();
    const { page } = await e2e.open({ expectedHttpErrors: [SAVE_RACED_BY_RELOAD] });
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await openStep(page, id, 'Certification');
    await page.locator('#f-certification--fitNoteFrom').fill('14');
    await page.locator('#f-certification--fitNoteFrom-month').fill('9');
    await page.locator('#f-certification--fitNoteFrom-year').fill('2026');
    const cdp = await slowUploads(page);
    try {
      const note = pdf(4 * 1024 * 1024);
      await page.locator(FIELD).setInputFiles({ name: 'fit-note.pdf', mimeType: 'application/pdf', buffer: note });
      await page.getByRole('progressbar', { name: 'Uploading fit-note.pdf' }).waitFor();
      await page.waitForFunction(() => Number(document.querySelector('progress')?.getAttribute('value')) > 0);

      // Leaving while it goes up asks first; staying keeps it going.
      const asked = page.waitForEvent('dialog');
      void page.evaluate(() => location.reload()).catch(() => {});
      const dialog = await asked;
      expect(dialog.type()).toBe('beforeunload');
      await dialog.dismiss();
      expect(await page.getByRole('progressbar', { name: 'Uploading fit-note.pdf' }).count(), 'still uploading after choosing to stay').toBe(1);

      // Reloaded all the same, part way through: the file was kept on this device and goes up again.
      page.once('dialog', (d) => void d.accept());
      await page.reload();
      await page.locator(FIELD).waitFor();
      await page.getByRole('progressbar', { name: 'Uploading fit-note.pdf' }).waitFor();
      await expect.poll(() => said(page).innerText()).toMatch(/^Uploading fit-note\.pdf again|fit-note\.pdf: \d+% uploaded/);
      await e2e.axe(page, 'files: after a reload, the file going up again');
      await fileRow(page, 'fit-note.pdf').getByRole('link', { name: 'fit-note.pdf' }).waitFor({ timeout: 30_000 });
      const { submission } = await e2e.waitForStored(id, (s) => refsIn(s.data).length === 1);
      expect(refsIn(submission.data)[0]!.sha256).toBe(sha256(note));
      expect(submission.data.certification).toMatchObject({ fitNoteFrom: '2026-09-14' });
      // Nothing left kept on the device, so nothing goes up a second time on the next visit.
      await page.reload();
      await page.locator(FIELD).waitFor();
      await page.waitForTimeout(500);
      expect(await page.getByRole('progressbar').count()).toBe(0);
      expect(refsIn((await e2e.stored(id)).data)).toHaveLength(1);
    } finally {
      await fastUploads(cdp);
    }
  });

  it('a tab closed mid-upload: another tab open on the draft takes the upload over, once, and never while the first is still on it', { timeout: 90_000 }, async () => {
    const id = await draftWithFitNote();
    const first = (await e2e.open()).page;
    await signIn(first, e2e.url, e2e.server.demo.practitioner);
    await openStep(first, id, 'Certification');
    const cdp = await slowUploads(first);
    const note = pdf(4 * 1024 * 1024);
    await first.locator(FIELD).setInputFiles({ name: 'fit-note.pdf', mimeType: 'application/pdf', buffer: note });
    await first.getByRole('progressbar', { name: 'Uploading fit-note.pdf' }).waitFor();
    await first.waitForFunction(() => Number(document.querySelector('progress')?.getAttribute('value')) > 0);

    // A second tab on the same step: it leaves the file to the first tab while that is on it.
    const second = (await e2e.open({ expectedHttpErrors: [SAVE_RACED_BY_RELOAD] })).page;
    let sentBySecond = 0;
    second.on('request', (r) => {
      if (r.method() === 'POST' && /\/files\?/.test(r.url())) sentBySecond++;
    });
    await openStep(second, id, 'Certification');
    await second.waitForTimeout(500);
    expect(await fileRow(second, 'fit-note.pdf').count(), 'not taken up while the first tab is uploading it').toBe(0);
    expect(sentBySecond).toBe(0);

    // The first tab goes (closed without a word, as a crash would): the second takes it over.
    await cdp.detach().catch(() => {});
    await first.close({ runBeforeUnload: false });
    await fileRow(second, 'fit-note.pdf').getByRole('link', { name: 'fit-note.pdf' }).waitFor({ timeout: 30_000 });
    expect(sentBySecond).toBe(1);
    const { submission } = await e2e.waitForStored(id, (s) => refsIn(s.data).length > 0);
    expect(refsIn(submission.data).map((r) => r.sha256)).toEqual([sha256(note)]);
    await e2e.axe(second, 'files: the upload taken over by another tab');
  });

  it('signing out while a file is still to upload says so, with a link back to its form, rather than dropping it', { timeout: 90_000 }, async () => {
    const id = await draftWithFitNote();
    const { page } = await e2e.open({ expectedHttpErrors: [SAVE_RACED_BY_RELOAD] });
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await openStep(page, id, 'Certification');
    // Every answer saved first: only the file is left on the device.
    await page.locator('.app-save-status', { hasText: 'All changes saved' }).waitFor();
    const cdp = await slowUploads(page);
    try {
      const note = pdf(4 * 1024 * 1024);
      await page.locator(FIELD).setInputFiles({ name: 'fit-note.pdf', mimeType: 'application/pdf', buffer: note });
      await page.waitForFunction(() => Number(document.querySelector('progress')?.getAttribute('value')) > 0);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await waitForHeading(page, 'Your changes have not all been saved');
      expect(await page.locator('main li').allInnerTexts()).toEqual(['fit-note.pdf: not uploaded yet. Open its form to upload it.']);
      await e2e.axe(page, 'sign out: a file not uploaded yet');
      // Back to its form: it goes up from there.
      await fastUploads(cdp);
      await page.getByRole('link', { name: 'fit-note.pdf' }).click();
      const { submission } = await e2e.waitForStored(id, (s) => refsIn(s.data).length === 1);
      expect(refsIn(submission.data)[0]!.sha256).toBe(sha256(note));
      // Nothing left on the device: signing out now goes straight through.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await waitForHeading(page, 'Sign in');
    } finally {
      await fastUploads(cdp);
    }
  });

  it('a draft opened again shows a file still waiting for its virus scan as such, not as a link that cannot download (and says when no scanner is set up)', { timeout: 60_000 }, async () => {
    const id = await draftWithFitNote();
    const store = e2e.server.running.ctx.store;
    const bytes = pdf(2048);
    // Uploaded earlier, while a scanner was set up on the server; this one has none now.
    const held = await heldForScan(id, bytes);

    const { page } = await e2e.open();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await openStep(page, id, 'Certification');
    const row = fileRow(page, 'held-note.pdf');
    await expect.poll(() => row.innerText()).toContain('no virus scanner is set up to check it: tell your IT service desk');
    expect(await row.getByRole('link', { name: 'held-note.pdf' }).count(), 'not offered as a download').toBe(0);
    await e2e.axe(page, 'files: a file waiting for a virus scan with no scanner set up');

    // Checked (a scanner set up again, say): opened again, it is a link that downloads.
    await store.files.setScan(held.id, 'clean', { id: `e-scan-${held.id}`, at: new Date().toISOString(), actor: 'system', action: 'file.scanned', entity: { kind: 'file', id: held.id } });
    await openStep(page, id, 'Certification');
    const link = fileRow(page, 'held-note.pdf').getByRole('link', { name: 'held-note.pdf' });
    await link.waitFor();
    const download = page.waitForEvent('download');
    await link.focus();
    await page.keyboard.press('Enter');
    expect(readFileSync(await (await download).path()).equals(bytes)).toBe(true);
  });

  it('"Check your answers" and the submitted record name a file still waiting for its virus scan, with why, not as a link; once clean it is a link', { timeout: 90_000 }, async () => {
    const fixture = loadFixture('return-to-work', 'valid-fit-note-phased-return') as Record<string, Record<string, unknown>>;
    const id = await e2e.createDraft('return-to-work', fixture, { workerId: fixture.employee!.workerId as string });
    const bytes = pdf(1024);
    const held = await heldForScan(id, bytes);
    const store = e2e.server.running.ctx.store;
    const { page } = await e2e.open();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await page.goto(`${e2e.url}/records/${id}`);
    await page.locator('.app-save-status').waitFor();
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Check your answers' }).click();
    await waitForHeading(page, 'Check your answers');
    const answer = page.locator('.govuk-summary-list__row', { has: page.locator('.govuk-summary-list__key', { hasText: /fit note/i }) }).filter({ hasText: 'held-note.pdf' });
    await expect.poll(() => answer.innerText()).toContain('no virus scanner is set up to check it: tell your IT service desk');
    expect(await answer.getByRole('link', { name: 'held-note.pdf' }).count(), 'not offered as a download on "Check your answers"').toBe(0);
    await e2e.axe(page, 'files: check your answers with a file waiting for a virus scan');

    // Submitted as it is (the scan is not the person's to wait for): the record says the same.
    const p = e2e.server.as('practitioner');
    const draft = await p.get(`/api/submissions/${id}`);
    expect((await p.post(`/api/submissions/${id}/submit`, undefined, { headers: { 'if-match': draft.headers.get('etag')! } })).status).toBe(200);
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Submitted answers');
    await expect.poll(() => answer.innerText()).toContain('no virus scanner is set up to check it');
    expect(await answer.getByRole('link', { name: 'held-note.pdf' }).count(), 'not offered as a download on the record').toBe(0);
    await e2e.axe(page, 'files: a submitted record with a file waiting for a virus scan');

    // Checked: the record, opened again, offers it, and it downloads by keyboard.
    await store.files.setScan(held.id, 'clean', { id: `e-scan-${held.id}`, at: new Date().toISOString(), actor: 'system', action: 'file.scanned', entity: { kind: 'file', id: held.id } });
    await page.reload();
    await waitForHeading(page, 'Submitted answers');
    const link = answer.getByRole('link', { name: 'held-note.pdf' });
    await link.waitFor();
    expect(await answer.innerText()).not.toContain('virus');
    const download = page.waitForEvent('download');
    await link.focus();
    await page.keyboard.press('Enter');
    expect(readFileSync(await (await download).path()).equals(bytes)).toBe(true);
  });

  it('a large file shows its progress while it goes up, and says it at each quarter', { timeout: 60_000 }, async () => {
    const id = await draftWithFitNote();
    const { page } = await e2e.open();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await openStep(page, id, 'Certification');

    // A slow line (1 MB/s up), so the upload of 4 MB takes a few seconds.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
    try {
      const announcements: string[] = [];
      await page.exposeFunction('noteSaid', (text: string) => announcements.push(text));
      await page.evaluate((css) => {
        const region = document.querySelector(css)!;
        new MutationObserver(() => (window as unknown as { noteSaid(t: string): void }).noteSaid(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
      }, `.app-files:has(${FIELD}) [role="status"]`);
      const big = pdf(4 * 1024 * 1024);
      await page.locator(FIELD).setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: big });
      const progress = page.getByRole('progressbar', { name: 'Uploading scan.pdf' });
      await progress.waitFor();
      await page.waitForFunction(() => Number(document.querySelector('progress')?.getAttribute('value')) > 0);
      await e2e.axe(page, 'files: a large file uploading, with its progress');
      await fileRow(page, 'scan.pdf').getByRole('link', { name: 'scan.pdf' }).waitFor({ timeout: 30_000 });
      expect(announcements.map((a) => a.trim())).toEqual(expect.arrayContaining(['scan.pdf: 25% uploaded', 'scan.pdf: 50% uploaded', 'scan.pdf: 75% uploaded', 'scan.pdf uploaded (4.1 MB).']));
      await e2e.waitForStored(id, (s) => refsIn(s.data)[0]?.sha256 === sha256(big));
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }).catch(() => {});
      await cdp.detach().catch(() => {});
    }
  });
});
