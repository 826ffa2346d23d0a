/**
 * Dragging in the outline shows where the item will land (a line before or after a row, a frame
 * round a section it goes into) and lands it there: before, after, into, and at a section's end.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { outlineText, signInToDesigner, waitForNoLoading, waitSaved } from '../support/designer.js';
import { useE2E } from '../support/e2e.js';
import { waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();
const FORM = 'drag-form';

const control = (name: string) => ({ type: 'Control', scope: `#/properties/${name}` });
const definition = {
  schema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(['one', 'two', 'three', 'four'].map((k) => [k, { type: 'string', title: k.replace(/^./, (c) => c.toUpperCase()), maxLength: 50 }])),
  },
  uischema: { type: 'VerticalLayout', elements: [control('one'), control('two'), { type: 'Group', label: 'A section', elements: [control('three')] }, control('four')] },
};

const rowOf = (page: Page, label: string) => page.locator('.app-outline__row', { has: page.locator('.app-outline__select', { hasText: new RegExp(`^${label}`) }) }).first();

/**
 * Drags the row of `from` over the row of `to` at `fraction` of its height (the browser's own drag
 * events, as a mouse makes them); returns the drop indicator shown there, then drops.
 */
async function drag(page: Page, from: string, to: string, fraction: number): Promise<string | null> {
  const source = rowOf(page, from);
  const target = rowOf(page, to);
  const box = (await target.boundingBox())!;
  const at = { clientX: box.x + 40, clientY: box.y + box.height * fraction };
  const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
  await source.dispatchEvent('dragstart', { dataTransfer });
  await target.dispatchEvent('dragenter', { dataTransfer, ...at });
  await target.dispatchEvent('dragover', { dataTransfer, ...at });
  const shown = await target.evaluate((e) => Array.from(e.classList).find((c) => c.startsWith('app-outline__row--drop-')) ?? null);
  await target.dispatchEvent('drop', { dataTransfer, ...at });
  await source.dispatchEvent('dragend', { dataTransfer }).catch(() => {});
  await waitSaved(page);
  return shown;
}

const labels = async (page: Page) => (await outlineText(page)).map((l) => l.replace(/ \(.*$/, ''));

describe('dragging in the outline', () => {
  beforeAll(async () => {
    const d = e2e.server.as('designer');
    expect((await d.post('/api/forms', { id: FORM, title: 'Drag', category: 'other', team: 'qa' })).status).toBe(201);
    expect((await d.post(`/api/forms/${FORM}/versions`, { ...definition, changeNote: 'v1' })).status).toBe(201);
  });

  it('shows where the item will land and lands it there', async () => {
    const { page } = await e2e.open();
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer);
    await page.goto(`${e2e.url}/designer/forms/${FORM}`);
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    expect(await labels(page)).toEqual(['One', 'Two', 'A section', '  Three', 'Four']);

    expect(await drag(page, 'One', 'Two', 0.9)).toBe('app-outline__row--drop-after');
    expect(await labels(page)).toEqual(['Two', 'One', 'A section', '  Three', 'Four']);

    expect(await drag(page, 'Four', 'Two', 0.1)).toBe('app-outline__row--drop-before');
    expect(await labels(page)).toEqual(['Four', 'Two', 'One', 'A section', '  Three']);

    // Into a section that has something in it: at its end.
    expect(await drag(page, 'Two', 'A section', 0.5)).toBe('app-outline__row--drop-into');
    expect(await labels(page)).toEqual(['Four', 'One', 'A section', '  Three', '  Two']);

    // After the last item of a section: still in it, at its end.
    expect(await drag(page, 'Four', 'Two', 0.9)).toBe('app-outline__row--drop-after');
    expect(await labels(page)).toEqual(['One', 'A section', '  Three', '  Two', '  Four']);
    await e2e.axe(page, 'designer: the outline after dragging');
  });
});
