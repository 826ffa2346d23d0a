/**
 * What the browser shows is what the server holds now, never a copy its cache kept: the designer's
 * form page after a draft is started or published, and forms, versions, records and lists read
 * twice through Chromium's own HTTP cache (the fetches use the default cache mode, as the apps do).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleDefinition } from '../support/definitions.js';
import { signInToDesigner, waitForNoLoading } from '../support/designer.js';
import { useE2E } from '../support/e2e.js';
import { signIn, waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();
const FORM = 'fresh-reads';

/** A GET from inside the page, through the browser's cache, as the apps make them. */
async function read(page: Page, path: string): Promise<{ status: number; body: any; etag: string | null; cacheControl: string | null }> {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { accept: 'application/json' } });
    return { status: res.status, body: await res.json(), etag: res.headers.get('etag'), cacheControl: res.headers.get('cache-control') };
  }, path);
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await waitForHeading(page, 'Sign in');
}

describe('reads are never stale', () => {
  beforeAll(async () => {
    const d = e2e.server.as('designer');
    expect((await d.post('/api/forms', { id: FORM, title: 'Fresh reads', category: 'other', team: 'qa' })).status).toBe(201);
    expect((await d.post(`/api/forms/${FORM}/versions`, { ...sampleDefinition(), changeNote: 'v1' })).status).toBe(201);
    expect((await d.post(`/api/forms/${FORM}/versions/1/publish`)).status).toBe(200);
  });

  it('the designer shows a draft just started, on the forms list and after a reload, and then its publication', async () => {
    const { page } = await e2e.open();
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer);
    await page.getByRole('link', { name: /Open\s+Fresh reads/ }).click();
    await page.getByRole('heading', { name: 'Version 1 (published)' }).waitFor();
    await page.getByRole('button', { name: 'Start a new draft' }).click();
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    expect(await page.locator('main .govuk-caption-l').innerText()).toBe('Fresh reads, version 2 (draft)');

    // Back to the list (the form was read before the draft existed): the draft is there.
    await page.goto(`${e2e.url}/designer/`);
    await waitForHeading(page, 'Forms');
    await waitForNoLoading(page);
    await page.getByRole('link', { name: /Edit draft\s+Fresh reads/ }).click();
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    expect(await page.locator('main .govuk-caption-l').innerText()).toBe('Fresh reads, version 2 (draft)');
    await page.reload();
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    expect(await page.locator('main .govuk-caption-l').innerText()).toBe('Fresh reads, version 2 (draft)');

    // Published elsewhere (another analyst, a script): a reload shows it published.
    const d = e2e.server.as('designer');
    const v2 = await d.get(`/api/forms/${FORM}/versions/2`);
    expect((await d.put(`/api/forms/${FORM}/versions/2`, { changeNote: 'Nothing but a new version' }, { headers: { 'if-match': v2.headers.get('etag')! } })).status).toBe(200);
    expect((await d.post(`/api/forms/${FORM}/versions/2/publish`)).status).toBe(200);
    await page.reload();
    await page.getByRole('heading', { name: 'Version 2 (published)' }).waitFor();
  });

  it('forms, versions, records and lists read twice through the browser cache show every change between', async () => {
    await e2e.browser.context.clearCookies();
    const { page } = await e2e.open();
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer);
    const d = e2e.server.as('designer');

    const form1 = await read(page, `/api/forms/${FORM}`);
    const versions1 = await read(page, `/api/forms/${FORM}/versions`);
    const forms1 = await read(page, '/api/forms');
    expect(form1.cacheControl).toBe('no-store');
    expect(versions1.cacheControl).toBe('no-store');
    expect(forms1.cacheControl).toBe('no-store');
    const draft = await d.post(`/api/forms/${FORM}/versions`, { ...sampleDefinition(), changeNote: 'v3' });
    expect(draft.status).toBe(201);
    const n = draft.body.version.version as number;
    const form2 = await read(page, `/api/forms/${FORM}`);
    expect(form2.body.draftVersion).toBe(n);
    expect(form2.etag).not.toBe(form1.etag);
    expect((await read(page, `/api/forms/${FORM}/versions`)).body.items.map((v: { version: number }) => v.version)).toContain(n);
    expect((await read(page, '/api/forms')).body.items.find((f: { id: string }) => f.id === FORM).draftVersion).toBe(n);
    // One version, edited: its read follows.
    const v1 = await read(page, `/api/forms/${FORM}/versions/${n}`);
    expect((await d.put(`/api/forms/${FORM}/versions/${n}`, { changeNote: 'v3, renamed' }, { headers: { 'if-match': v1.etag! } })).status).toBe(200);
    const v2 = await read(page, `/api/forms/${FORM}/versions/${n}`);
    expect(v2.body.changeNote).toBe('v3, renamed');
    expect(v2.etag).not.toBe(v1.etag);
    await signOut(page);

    // A practitioner's record and list.
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    const id = await e2e.createDraft(FORM, {});
    const record1 = await read(page, `/api/submissions/${id}`);
    const list1 = await read(page, `/api/submissions?formId=${FORM}`);
    expect(record1.cacheControl).toBe('no-store');
    expect(list1.cacheControl).toBe('no-store');
    const p = e2e.server.as('practitioner');
    expect((await p.put(`/api/submissions/${id}`, { data: { summary: 'Changed elsewhere' } }, { headers: { 'if-match': record1.etag! } })).status).toBe(200);
    const record2 = await read(page, `/api/submissions/${id}`);
    expect(record2.body.data).toEqual({ summary: 'Changed elsewhere' });
    expect(record2.etag).not.toBe(record1.etag);
    const other = await e2e.createDraft(FORM, {});
    expect((await read(page, `/api/submissions?formId=${FORM}`)).body.items.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([id, other]));
    expect(list1.body.items.map((s: { id: string }) => s.id)).not.toContain(other);
  });
});
