/**
 * Issue 15 in the designer: an analyst says, by keyboard only, that each return-to-work record is
 * due within 3 working days of its return date and is done on its interview date, and charts
 * whether a trigger point was met. Saved, it is kept after the page is reloaded. axe on each state added.
 */
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { choose, openEditor, openView, retypeAt, waitSaved } from '../support/designer.js';
import { tabTo, type Json } from '../support/form-filler.js';
import { absenceSection } from '../support/timeliness-form.js';

const e2e = useE2E();
const K = 'keyboard' as const;
const FORM = { id: 'rtw-schedule', title: 'Return to work, scheduled', category: 'return-to-work', team: 'children-in-need' };
const DEFINITION = {
  schema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      absence: absenceSection(),
    },
  },
  uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/absence' }] },
};

describe('designer: timeliness', () => {
  it('an analyst sets a per-record schedule and a measure by keyboard; saved, it is kept after a reload', { timeout: 60_000 }, async () => {
    const designer = e2e.server.as('designer');
    expect((await designer.post('/api/forms', FORM)).status).toBe(201);
    expect((await designer.post(`/api/forms/${FORM.id}/versions`, { ...DEFINITION, changeNote: 'First version' })).status).toBe(201);
    const stored = async (): Promise<Json> => ((await designer.get(`/api/forms/${FORM.id}/versions/1`)).body as { schema: Json }).schema;

    const { page } = await e2e.open();
    await openEditor(page, e2e.url, e2e.server.demo.designer, FORM.id, K);
    await openView(page, K, 'Timeliness');
    await page.locator('#schedule-per-none:checked').waitFor();
    await e2e.axe(page, 'designer: timeliness, not scheduled');

    // The checked radio is the tab stop; from the first, the arrow up goes round to the last: each record.
    await tabTo(page, { css: '#schedule-per-none' });
    await page.keyboard.press('ArrowUp');
    await page.locator('#schedule-per-record:checked').waitFor();
    // The date it counts from is the form's first date question until another is chosen.
    expect(await page.locator('#schedule-from').inputValue()).toBe('/absence/returnDate');
    await choose(page, K, '#schedule-date', 'Interview date');
    await retypeAt(page, '#schedule-n', '300');
    await page.locator('#schedule-n-error').getByText('Enter the number of working days as a whole number from 1 to 250.').waitFor();
    await e2e.axe(page, 'designer: timeliness, a refused number');
    await retypeAt(page, '#schedule-n', '3');
    await page.locator('#schedule-n-error').waitFor({ state: 'detached' });
    await tabTo(page, { css: '#measure-0' });
    await page.keyboard.press('Space');
    await page.locator('#measure-0:checked').waitFor();
    await waitSaved(page);
    expect(await page.locator('#schedule-summary').textContent()).toBe('Each record is due within 3 working days of the answer to "Return date", done on the answer to "Interview date".');
    await e2e.axe(page, 'designer: timeliness, per record with a measure');

    const schema = await stored();
    expect(schema['x-schedule']).toEqual({ per: 'record', within: { workingDays: 3 }, from: '/absence/returnDate', date: '/absence/interviewDate' });
    expect(schema['x-measures']).toEqual({ answers: [{ field: '/absence/triggerMet' }] });

    await page.reload();
    await openView(page, K, 'Timeliness');
    await page.locator('#schedule-per-record:checked').waitFor();
    expect(await page.locator('#schedule-n').inputValue()).toBe('3');
    expect(await page.locator('#schedule-date').inputValue()).toBe('/absence/interviewDate');
    expect(await page.locator('#measure-0').isChecked()).toBe(true);
  });
});
