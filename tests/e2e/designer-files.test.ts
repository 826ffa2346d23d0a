/**
 * Issue 16: an analyst adds a File upload question by keyboard, chooses the types of file it
 * takes, the most files and the most size per file (the server's largest refused above), makes
 * it required with a hint, undoes and redoes a change, previews and publishes; the published
 * version holds exactly that, and the policy accepts it. axe on every state looked at.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as M from '../../designer/model/index.js';
import { FILE_REF_SCHEMA } from '../../engine/files/model.js';
import { useE2E } from '../support/e2e.js';
import { addLabelled, openView, outlineText, panelControl, setPanelCheck, setPanelText, signInToDesigner, waitForNoLoading, waitSaved } from '../support/designer.js';

const e2e = useE2E();
const FORM = 'files-designed';
const K = 'keyboard' as const;
const MB = 1024 * 1024;

async function fitNote(): Promise<Record<string, unknown>> {
  const v = (await e2e.server.as('designer').get(`/api/forms/${FORM}/versions/1`)).body as M.Definition;
  return (v.schema.properties as Record<string, Record<string, unknown>>).fitNote!;
}

const typesChecked = (page: Page) =>
  page.locator('section[aria-labelledby^="prop-"] fieldset', { hasText: 'Types of file people can upload' }).locator('input[type=checkbox]:checked').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));

describe('a File upload question in the designer', () => {
  it('is added and set up by keyboard, refuses a size over the server’s largest and no types at all, and publishes as written', { timeout: 120_000 }, async () => {
    const designer = e2e.server.as('designer');
    expect((await designer.post('/api/forms', { id: FORM, title: 'Return to work', category: 'other', team: 'business-systems' })).status).toBe(201);
    const start = M.addField(M.emptyDefinition(), '', 0, 'short-text', 'Reason for absence').definition;
    expect((await designer.post(`/api/forms/${FORM}/versions`, { ...start, changeNote: 'First version' })).status).toBe(201);

    const { page } = await e2e.open();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer, K);
    await page.goto(`${e2e.url}/designer/forms/${FORM}`);
    await waitForNoLoading(page);

    await addLabelled(page, K, 'File upload', 'Fit note');
    expect(await outlineText(page)).toEqual(['Reason for absence (Short text)', 'Fit note (File upload)']);
    expect(await typesChecked(page)).toEqual(['pdf', 'image']);
    await e2e.axe(page, 'designer: a new File upload question');

    await setPanelCheck(page, K, 'Word documents (DOCX, DOC, ODT, RTF)', true);
    await setPanelCheck(page, K, 'Images (JPEG, PNG, GIF, WebP, TIFF, HEIC)', false);
    await expect.poll(() => typesChecked(page)).toEqual(['pdf', 'word']);
    await setPanelText(page, K, 'Most files', '3');
    await setPanelText(page, K, 'Most size per file, in MB (optional)', '25');
    const sizeError = page.locator('#' + (await panelControl(page, 'Most size per file, in MB (optional)').getAttribute('id')) + '-error');
    await sizeError.waitFor();
    expect((await sizeError.innerText()).replace(/\s+/g, ' ').trim()).toBe('Error: The most size per file (in MB; this server takes files up to 20 MB) must be a whole number from 1 to 20.');
    expect(await panelControl(page, 'Most size per file, in MB (optional)').getAttribute('aria-invalid')).toBe('true');
    await e2e.axe(page, 'designer: a size over the server’s largest refused at its box');
    await setPanelText(page, K, 'Most size per file, in MB (optional)', '10');
    await sizeError.waitFor({ state: 'detached' });
    await setPanelCheck(page, K, 'Required', true);
    await setPanelText(page, K, 'Hint (optional)', 'A photo or scan of the fit note');
    await waitSaved(page);
    expect(await fitNote()).toEqual({ type: 'array', 'x-files': { types: ['pdf', 'word'], maxFileSize: 10 * MB }, maxItems: 3, minItems: 1, description: 'A photo or scan of the fit note', items: FILE_REF_SCHEMA });

    // No types at all is refused where it is; the last one stays ticked.
    await setPanelCheck(page, K, 'Word documents (DOCX, DOC, ODT, RTF)', false);
    await expect.poll(() => typesChecked(page)).toEqual(['pdf']);
    await setPanelCheck(page, K, 'PDF documents', false);
    await page.getByText('Choose at least one type of file “Fit note” accepts.').waitFor();
    expect(await typesChecked(page)).toEqual(['pdf']);
    await e2e.axe(page, 'designer: no types of file refused');

    // Undo brings Word documents back; redo takes them away again.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => typesChecked(page)).toEqual(['pdf', 'word']);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => typesChecked(page)).toEqual(['pdf']);
    await setPanelCheck(page, K, 'Word documents (DOCX, DOC, ODT, RTF)', true);
    await expect.poll(() => typesChecked(page)).toEqual(['pdf', 'word']);
    await waitSaved(page);

    await openView(page, K, 'Preview and try it');
    await e2e.axe(page, 'designer: preview with a File upload question');

    await openView(page, K, 'Versions and publishing');
    await page.getByLabel('What changed in this version').fill('First version: reason and fit note.');
    await page.getByRole('button', { name: 'Check what publishing changes' }).click();
    await page.getByRole('heading', { name: 'What publishing version 1 changes' }).waitFor();
    await page.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByRole('heading', { name: 'Version 1 (published)' }).waitFor();
    await e2e.axe(page, 'designer: version 1 with a File upload question published');

    const v1 = (await designer.get(`/api/forms/${FORM}/versions/1`)).body as M.Definition & { status: string };
    expect(v1.status).toBe('published');
    expect(await fitNote()).toEqual({ type: 'array', 'x-files': { types: ['pdf', 'word'], maxFileSize: 10 * MB }, maxItems: 3, minItems: 1, description: 'A photo or scan of the fit note', items: FILE_REF_SCHEMA });
    expect(v1.schema.required).toEqual(['fitNote']);
    expect((v1.uischema.elements as Array<Record<string, unknown>>).some((e) => e.type === 'Control' && e.scope === '#/properties/fitNote' && e.label === 'Fit note')).toBe(true);
  });
});
